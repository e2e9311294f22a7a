package pgwire

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// User is one login of the SQL endpoint: a name, a bcrypt hash of the
// password (never the password), and the schemas beyond marts it may read.
type User struct {
	Name   string
	Hash   string
	Grants []string // of GrantableSchemas
}

// GrantableSchemas are the schemas a user may be granted beyond marts,
// which every user reads.
var GrantableSchemas = []string{"core", "ops"}

// Schemas lists the schemas u may read.
func (u User) Schemas() []string { return append([]string{"marts"}, u.Grants...) }

var userName = regexp.MustCompile(`^[a-z_][a-z0-9_.-]{0,62}$`)

// ReadUsers reads a users file: one user a line, "name hash [schema,…]";
// "#" starts a comment. A missing file holds no users.
func ReadUsers(path string) ([]User, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the SQL users file: %w", err)
	}
	defer f.Close()
	var users []User
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 || len(fields) > 3 || !userName.MatchString(fields[0]) || !strings.HasPrefix(fields[1], "$2") {
			return nil, fmt.Errorf("%s line %d: want \"name bcrypt-hash [schemas]\"", path, n)
		}
		u := User{Name: fields[0], Hash: fields[1]}
		if len(fields) == 3 {
			u.Grants = strings.Split(fields[2], ",")
			for _, g := range u.Grants {
				if !slices.Contains(GrantableSchemas, g) {
					return nil, fmt.Errorf("%s line %d: %q cannot be granted (only %s)", path, n, g, strings.Join(GrantableSchemas, ", "))
				}
			}
		}
		users = append(users, u)
	}
	return users, sc.Err()
}

// WriteUsers writes the users file, readable by its owner only, replacing
// it whole.
func WriteUsers(path string, users []User) error {
	var b strings.Builder
	b.WriteString("# carewh SQL endpoint users: name, bcrypt hash, schemas beyond marts. Manage with `carewh users`.\n")
	for _, u := range users {
		fmt.Fprintf(&b, "%s %s", u.Name, u.Hash)
		if len(u.Grants) > 0 {
			fmt.Fprintf(&b, " %s", strings.Join(u.Grants, ","))
		}
		b.WriteByte('\n')
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(b.String()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// NewUser makes a user with a bcrypt hash of password.
func NewUser(name, password string, grants []string) (User, error) {
	if !userName.MatchString(name) {
		return User{}, fmt.Errorf("user name %q: use lower-case letters, digits, _ . - (starting with a letter or _)", name)
	}
	if len(password) < 12 {
		return User{}, errors.New("the password must have at least 12 characters")
	}
	for _, g := range grants {
		if !slices.Contains(GrantableSchemas, g) {
			return User{}, fmt.Errorf("%q cannot be granted (only %s)", g, strings.Join(GrantableSchemas, ", "))
		}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return User{}, err
	}
	return User{Name: name, Hash: string(hash), Grants: grants}, nil
}

// authenticate returns the user of users named name if password is theirs.
// A name with no user still costs a bcrypt comparison, so the time taken
// does not tell which names exist.
func authenticate(users []User, name, password string) (User, bool) {
	i := slices.IndexFunc(users, func(u User) bool { return u.Name == name })
	hash := dummyHash
	if i >= 0 {
		hash = users[i].Hash
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || i < 0 {
		return User{}, false
	}
	return users[i], true
}

// dummyHash is compared against when the user does not exist.
var dummyHash = func() string {
	h, _ := bcrypt.GenerateFromPassword([]byte("no such user"), bcrypt.DefaultCost)
	return string(h)
}()

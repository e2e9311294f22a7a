package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carewh/publish/pgwire"
)

// TestUsersCommand: users add reads the password from stdin and stores a
// bcrypt hash of it (never the password), in a file only its owner reads;
// add again replaces the user; list shows what each may read; remove
// removes; a bad grant or a short password is refused.
func TestUsersCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	cfg := goldenConfigIn(t, data)
	users := func(stdin string, args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
		code := run(context.Background(), append([]string{"users", "--config", cfg}, args...), e)
		return code, out.String(), errOut.String()
	}
	if code, out, errOut := users("a-long-password-1\n", "add", "analyst", "--password-stdin"); code != 0 || !strings.Contains(out, "may read marts") {
		t.Fatalf("add: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := users("another-password-2\n", "add", "auditor", "--grant", "core,ops", "--password-stdin"); code != 0 {
		t.Fatalf("add with grants: %d %s", code, errOut)
	}
	path := filepath.Join(data, "sql-users")
	text, err := os.ReadFile(path)
	if err != nil || strings.Contains(string(text), "a-long-password-1") || !strings.Contains(string(text), "analyst $2") {
		t.Errorf("users file: %q, %v", text, err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("users file mode: %v, %v", info.Mode(), err)
	}
	list, err := pgwire.ReadUsers(path)
	if err != nil || len(list) != 2 || list[1].Name != "auditor" || strings.Join(list[1].Schemas(), ",") != "marts,core,ops" {
		t.Errorf("users read back: %+v, %v", list, err)
	}
	if code, out, _ := users("", "list"); code != 0 || out != "analyst\tmarts\nauditor\tmarts,core,ops\n" {
		t.Errorf("list: %d %q", code, out)
	}
	if code, _, _ := users("", "remove", "analyst"); code != 0 {
		t.Errorf("remove: %d", code)
	}
	if code, out, _ := users("", "list"); code != 0 || out != "auditor\tmarts,core,ops\n" {
		t.Errorf("list after remove: %d %q", code, out)
	}
	for _, c := range []struct {
		stdin string
		args  []string
		says  string
	}{
		{"a-long-password-1\n", []string{"add", "x", "--grant", "raw", "--password-stdin"}, "cannot be granted"},
		{"short\n", []string{"add", "x", "--password-stdin"}, "at least 12 characters"},
		{"", []string{"remove", "nobody"}, "no user nobody"},
	} {
		if code, _, errOut := users(c.stdin, c.args...); code == 0 || !strings.Contains(errOut, c.says) {
			t.Errorf("%v: %d %s", c.args, code, errOut)
		}
	}
}

package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"carewh/publish/pgwire"
)

func newUsersCmd(e *env) *cobra.Command {
	var configPath string
	cmd := &cobra.Command{
		Use:   "users",
		Short: "Manage the SQL endpoint's users (serve.sql): add, remove, list",
		Long: `The users of carewh serve's PostgreSQL-protocol endpoint live in
serve.sql.users_file (default data_dir/sql-users), readable by its owner only:
a name, a bcrypt hash of the password (never the password) and the schemas
the user may read beyond marts (core, ops). Changes take effect at the next
login; a running serve need not restart.`,
	}
	cmd.PersistentFlags().StringVar(&configPath, "config", "", "config file (default: the built-in demo config)")
	var grants []string
	var fromStdin bool
	add := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a user, or set an existing user's password and grants; the password is read from the terminal or, with --password-stdin, the first line of stdin",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, users, err := loadUsers(configPath)
			if err != nil {
				return err
			}
			password, err := readPassword(e, fromStdin)
			if err != nil {
				return err
			}
			u, err := pgwire.NewUser(args[0], password, grants)
			if err != nil {
				return usageError{err}
			}
			users = slices.DeleteFunc(users, func(o pgwire.User) bool { return o.Name == u.Name })
			if err := pgwire.WriteUsers(path, append(users, u)); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "user %s may read %s (%s)\n", u.Name, strings.Join(u.Schemas(), ", "), path)
			return nil
		},
	}
	add.Flags().StringSliceVar(&grants, "grant", nil, "schemas beyond marts the user may read: core, ops")
	add.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of stdin")
	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a user",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, users, err := loadUsers(configPath)
			if err != nil {
				return err
			}
			kept := slices.DeleteFunc(slices.Clone(users), func(o pgwire.User) bool { return o.Name == args[0] })
			if len(kept) == len(users) {
				return fmt.Errorf("no user %s in %s", args[0], path)
			}
			return pgwire.WriteUsers(path, kept)
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the users and what each may read",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, users, err := loadUsers(configPath)
			if err != nil {
				return err
			}
			for _, u := range users {
				fmt.Fprintf(e.stdout, "%s\t%s\n", u.Name, strings.Join(u.Schemas(), ","))
			}
			return nil
		},
	}
	cmd.AddCommand(add, remove, list)
	return cmd
}

func loadUsers(configPath string) (string, []pgwire.User, error) {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return "", nil, err
	}
	users, err := pgwire.ReadUsers(cfg.Serve.SQL.UsersFile)
	return cfg.Serve.SQL.UsersFile, users, err
}

// readPassword reads a new password: from the first line of stdin, or
// twice from the terminal without echo.
func readPassword(e *env, fromStdin bool) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && !fromStdin && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Password: ")
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(e.stderr, "Again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords differ")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", usageError{errors.New("no password on stdin (give it as its first line, with --password-stdin)")}
	}
	return strings.TrimRight(line, "\r\n"), nil
}

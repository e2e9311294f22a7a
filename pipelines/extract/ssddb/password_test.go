package ssddb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPasswordFromEnv(t *testing.T) {
	file := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(file, []byte("from file \n"), 0o600)
	empty := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(empty, []byte("\n"), 0o600)
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	cases := []struct {
		env     func(string) string
		want    string
		wantErr string
	}{
		{env(), "", ""},
		{env(EnvPassword, "from env"), "from env", ""},
		{env(EnvPassword, "from env", EnvPasswordFile, file), "from env", ""},
		{env(EnvPasswordFile, file), "from file ", ""},
		{env(EnvPasswordFile, filepath.Join(t.TempDir(), "missing")), "", EnvPasswordFile},
		{env(EnvPasswordFile, empty), "", "empty"},
	}
	for i, c := range cases {
		got, err := PasswordFromEnv(c.env)
		if got != c.want || (c.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.wantErr)) {
			t.Errorf("case %d: got %q, %v; want %q, error containing %q", i, got, err, c.want, c.wantErr)
		}
	}
}

package ssddb

import (
	"fmt"
	"os"
	"strings"
)

// The source database's password never comes from the config: it comes
// from this environment variable, or the file the other one names.
const (
	EnvPassword     = "CAREWH_SOURCE_PASSWORD"
	EnvPasswordFile = "CAREWH_SOURCE_PASSWORD_FILE"
)

// PasswordFromEnv returns the source database password from EnvPassword,
// or from the file EnvPasswordFile names (its trailing line break dropped),
// or "" when neither is set (trust, certificate or .pgpass authentication).
func PasswordFromEnv(getenv func(string) string) (string, error) {
	if p := getenv(EnvPassword); p != "" {
		return p, nil
	}
	path := getenv(EnvPasswordFile)
	if path == "" {
		return "", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", EnvPasswordFile, err)
	}
	p := strings.TrimRight(string(data), "\r\n")
	if p == "" {
		return "", fmt.Errorf("%s names %s, which is empty", EnvPasswordFile, path)
	}
	return p, nil
}

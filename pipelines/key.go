package pipelines

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"carewh/config"
	"carewh/pipelines/key"
	"carewh/pipelines/lake"
	"carewh/transforms"
)

// loadKey returns the HMAC key (key.Read) once it is known to be the one
// the lake was built with (lake.CheckKey).
func loadKey(cfg *config.Config, getenv func(string) string, log *slog.Logger) ([]byte, error) {
	k, err := key.Read(cfg, getenv, log)
	if err != nil {
		return nil, err
	}
	if err := (lake.Lake{Root: cfg.LakeDir()}).CheckKey(k, log); err != nil {
		return nil, err
	}
	return k, nil
}

// Pseudonymiser is the pseudonymiser of the data folder's lake: the key from
// the environment (or the demo's key file), refused unless it is the one
// the lake was built with, so the pseudonyms it gives are the warehouse's.
// It only reads: a data folder with no lake yet is an error, not a lake to
// record this key in.
func Pseudonymiser(cfg *config.Config, getenv func(string) string, log *slog.Logger) (*transforms.Pseudonymiser, error) {
	k, err := lakeKey(cfg, getenv, log)
	if err != nil {
		return nil, err
	}
	return transforms.NewPseudonymiser(k)
}

// lakeKey is the key of the data folder's lake, read only (see
// Pseudonymiser).
func lakeKey(cfg *config.Config, getenv func(string) string, log *slog.Logger) ([]byte, error) {
	if _, err := os.Stat(filepath.Join(cfg.LakeDir(), lake.KeyFingerprintFile)); err != nil {
		return nil, fmt.Errorf("no lake with a key fingerprint in %s (%v): run carewh run first", cfg.LakeDir(), err)
	}
	return loadKey(cfg, getenv, log)
}

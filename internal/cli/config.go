package cli

import (
	"carewh/config"
)

// loadConfig reads the file --config names, or the built-in default.
func loadConfig(path string) (*config.Config, error) {
	if path == "" {
		return config.Default()
	}
	return config.Load(path)
}

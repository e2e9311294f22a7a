package config

import (
	"bytes"
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"
)

// SupportedVersion is the only config version this build reads.
const SupportedVersion = 1

// Load reads, defaults and validates a config file. Unknown keys are errors
// with their line numbers, and every problem is reported at once.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return parse(data, path)
}

func parse(data []byte, name string) (*Config, error) {
	var head struct {
		Version int `yaml:"version"`
	}
	if err := yaml.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if head.Version != SupportedVersion {
		return nil, fmt.Errorf("%s: version: must be %d, got %d", name, SupportedVersion, head.Version)
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c.applyDefaults()
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s:\n%w", name, err)
	}
	return &c, nil
}

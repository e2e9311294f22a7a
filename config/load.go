package config

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

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
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var head struct {
		Version int `yaml:"version"`
	}
	if err := doc.Decode(&head); err != nil {
		return nil, fmt.Errorf("%s: version: must be %d", name, SupportedVersion)
	}
	if head.Version != SupportedVersion {
		return nil, fmt.Errorf("%s: version: must be %d, got %d", name, SupportedVersion, head.Version)
	}
	problems := keyProblems(&doc)
	var c Config
	if err := doc.Decode(&c); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		problems = append(problems, typeProblems(te, &doc)...)
	}
	c.applyDefaults()
	var all []error
	mistyped := map[string]bool{}
	for _, p := range problems {
		all = append(all, p)
		if p.key != "" {
			mistyped[p.key] = true
		}
	}
	// A value of the wrong type was left empty: what validation says of
	// the empty value would only repeat the problem. Validation names the
	// key; the line is added where the file has it.
	lines := keyPaths(&doc)
	for _, err := range unjoin(c.Validate()) {
		key, _, _ := strings.Cut(err.Error(), ": ")
		if mistyped[key] {
			continue
		}
		if line, ok := lines[key]; ok {
			err = lineProblem{line: line, key: key, msg: err.Error(), wrapped: err}
		}
		all = append(all, err)
	}
	if len(all) > 0 {
		slices.SortStableFunc(all, func(a, b error) int { return lineOf(a) - lineOf(b) })
		return nil, fmt.Errorf("%s:\n%w", name, errors.Join(all...))
	}
	return &c, nil
}

// unjoin lists the errors errors.Join joined, or err alone.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// lineOf is the line a problem is at; problems with none sort last.
func lineOf(err error) int {
	if p, ok := err.(lineProblem); ok && p.line > 0 {
		return p.line
	}
	return math.MaxInt
}

package config

import (
	_ "embed"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed default.yaml
var defaultYAML []byte

//go:embed mappings.yaml
var mappingsYAML []byte

// BankHolidaysCSV is the built-in list of England and Wales bank holidays
// (date,name), one-off holidays included.
//
//go:embed bank-holidays-england-and-wales.csv
var BankHolidaysCSV []byte

// Default is the built-in configuration: a synthetic case system in
// ./carewh-data.
func Default() (*Config, error) {
	return parse(defaultYAML, "built-in default config")
}

func builtinMappings() CodeMappings {
	var m CodeMappings
	if err := yaml.Unmarshal(mappingsYAML, &m); err != nil {
		panic(fmt.Sprintf("built-in mappings.yaml: %v", err)) // caught by tests
	}
	return m
}

// merge returns the built-in mappings with the council's added on top.
func (m CodeMappings) merge(council CodeMappings) CodeMappings {
	out := make(CodeMappings, len(m)+len(council))
	for _, src := range []CodeMappings{m, council} {
		for list, descriptions := range src {
			if out[list] == nil {
				out[list] = make(map[string]string, len(descriptions))
			}
			for description, code := range descriptions {
				out[list][NormaliseDescription(description)] = code
			}
		}
	}
	return out
}

// NormaliseDescription is how descriptions are compared: case and
// surrounding or repeated white space do not matter.
func NormaliseDescription(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Code returns the code a description maps to in the named list.
func (m CodeMappings) Code(list, description string) (string, bool) {
	code, ok := m[list][NormaliseDescription(description)]
	return code, ok
}

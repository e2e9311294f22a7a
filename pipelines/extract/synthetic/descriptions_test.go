package synthetic

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestDescriptionsMap checks that every description the generator writes
// in place of a code maps back to that code in config/mappings.yaml.
func TestDescriptionsMap(t *testing.T) {
	b, err := os.ReadFile("../../../config/mappings.yaml")
	if err != nil {
		t.Fatalf("reading mappings: %v", err)
	}
	var mappings map[string]map[string]string
	if err := yaml.Unmarshal(b, &mappings); err != nil {
		t.Fatalf("parsing mappings: %v", err)
	}
	lookup := func(list, desc string) (string, bool) {
		for d, code := range mappings[list] {
			if strings.EqualFold(strings.TrimSpace(d), strings.TrimSpace(desc)) {
				return code, true
			}
		}
		return "", false
	}
	for list, byCode := range descriptions {
		for code, desc := range byCode {
			if got, ok := lookup(list, desc); !ok || got != code {
				t.Errorf("%s %q maps to %q, want %s", list, desc, got, code)
			}
		}
	}
	always := map[string][]string{
		"HEALTH_CHECK": {checkInitial, checkReview, checkReview2, checkDental},
		"STAFF_ROLE":   {titleIRO, titleSW, titleTM, roleIRO, roleSW},
		"ORDER_TYPE":   {orderAdoption, orderSGO, orderSGO2, orderCAO, orderCAO2},
	}
	for _, c := range abuseCategories {
		always["ABUSE"] = append(always["ABUSE"], c.v)
	}
	for list, descs := range always {
		for _, d := range descs {
			if _, ok := lookup(list, d); !ok {
				t.Errorf("%s %q is in no mapping", list, d)
			}
		}
	}
	// The unmapped descriptions the faults write must stay unmapped.
	for stem, specs := range faultSpecs {
		for _, s := range specs {
			if s.kind != FaultUnmappedDescription {
				continue
			}
			for _, v := range s.values {
				for list := range mappings {
					if code, ok := lookup(list, v); ok {
						t.Errorf("%s fault value %q maps to %s %s", stem, v, list, code)
					}
				}
			}
		}
	}
}

// TestFileStems checks the stems the generator writes to are the canonical
// tables' source files.
func TestFileStems(t *testing.T) {
	known := map[string]bool{}
	for _, s := range fileSpecs() {
		known[s.stem] = true
	}
	for stem := range faultSpecs {
		if !known[stem] {
			t.Errorf("faults for unknown file %s", stem)
		}
	}
	for stem := range extraColumns {
		if !known[stem] {
			t.Errorf("extra columns for unknown file %s", stem)
		}
	}
}

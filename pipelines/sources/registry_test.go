package sources

import (
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"carewh/config"
)

// TestSourceRegistryMatchesConfig keeps the two lists of source kinds, the
// one config validates against and the one runs open, the same.
func TestSourceRegistryMatchesConfig(t *testing.T) {
	registered := slices.Sorted(maps.Keys(kinds))
	validated := slices.Sorted(slices.Values(config.SourceKinds))
	if diff := cmp.Diff(validated, registered); diff != "" {
		t.Errorf("config.SourceKinds vs sources.kinds (-config +registry):\n%s", diff)
	}
}

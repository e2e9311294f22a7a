package sources

import (
	"encoding/json"
	"testing"

	"carewh/pipelines/extract/synthetic"
)

// TestSyntheticReuse: a council made on another day is reused; one made
// with another seed or scale, or by an older generator (a marker written
// before the generator was recorded has none), is made again.
func TestSyntheticReuse(t *testing.T) {
	want := generatedWith{Generator: synthetic.Version, Seed: 1, Scale: 1, AsOf: "2026-12-06"}
	var old generatedWith
	if err := json.Unmarshal([]byte(`{"seed":1,"scale":1,"as_of":"2026-12-01"}`), &old); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		have generatedWith
		want bool
	}{
		{"another day", generatedWith{Generator: synthetic.Version, Seed: 1, Scale: 1, AsOf: "2026-11-30"}, true},
		{"another seed", generatedWith{Generator: synthetic.Version, Seed: 2, Scale: 1, AsOf: "2026-12-06"}, false},
		{"another scale", generatedWith{Generator: synthetic.Version, Seed: 1, Scale: 2, AsOf: "2026-12-06"}, false},
		{"an older generator", generatedWith{Generator: "2026-01-01", Seed: 1, Scale: 1, AsOf: "2026-12-06"}, false},
		{"a marker from before generators were recorded", old, false},
	} {
		if got := c.have.reusableFor(want); got != c.want {
			t.Errorf("%s: reusable = %v, want %v", c.name, got, c.want)
		}
	}
}

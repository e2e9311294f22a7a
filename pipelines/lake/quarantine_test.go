package lake

import (
	"testing"

	"carewh/canonical"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestSourceRejectionsCounted: what a source sets aside counts per row of
// its table (a row rejected twice once; two rows from one line, told apart
// by key, twice), a bad value it leaves out counts as fixed, and what the
// transforms reject is not a source's.
func TestSourceRejectionsCounted(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	q, err := NewQuarantineFile(mem, Lake{Root: t.TempDir()}, "run")
	if err != nil {
		t.Fatal(err)
	}
	src := q.FromSource(func(r canonical.Rejection) canonical.Rejection { return r })
	for _, r := range []canonical.Rejection{
		{Table: "cla_episodes", Source: "a.csv", Line: 2, Rule: "malformed_row"},
		{Table: "cla_episodes", Source: "a.csv", Line: 2, Rule: "malformed_row"},
		{Table: "cla_episodes", Source: "b.csv", Line: 2, Rule: "superseded"},
		{Table: "cla_health", Source: "oc2.csv", Line: 4, Key: "H1", Rule: "malformed_row"},
		{Table: "cla_health", Source: "oc2.csv", Line: 4, Key: "H2", Rule: "malformed_row"},
		{Table: "permanence", Source: "PlacedAdoption.csv", Line: 3, Key: "P1", Rule: canonical.RuleBadValue},
		{Table: "permanence", Source: "PlacedAdoption.csv", Line: 3, Key: "P1", Rule: canonical.RuleBadValue},
	} {
		if err := src.Reject(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Reject(canonical.Rejection{Table: "cla_episodes", Source: "a.csv", Line: 9, Rule: canonical.RuleRequired}); err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string][2]int64{"cla_episodes": {2, 0}, "cla_health": {2, 0}, "permanence": {0, 1}, "person": {0, 0}} {
		rejected, fixed := q.SourceRows(table)
		if rejected != want[0] || fixed != want[1] {
			t.Errorf("%s: %d rejected, %d fixed by the source; want %d and %d", table, rejected, fixed, want[0], want[1])
		}
	}
	if _, err := q.Close(); err != nil {
		t.Fatal(err)
	}
}

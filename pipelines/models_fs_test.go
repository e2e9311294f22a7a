package pipelines

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"carewh/pipelines/models"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
)

// modelsWith is the built-in models and KPIs with extra files (path →
// text) added or replacing theirs: how a test makes a model that breaks a
// check, in place of a hook in the production code.
func modelsWith(t *testing.T, extra map[string]string) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(sqlfiles.Files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sqlfiles.Files, path)
		out[path] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for path, text := range extra {
		out[path] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
	}
	return out
}

// failingCheckModel is a mart whose blocking check fails on every period
// of care, built after core.periods_of_care.
const failingCheckModel = `-- model: marts.zz_check_fails
-- depends: core.periods_of_care
-- materialize: table
-- description: A test model: its blocking check fails on every period of care.
-- check: expect(period_start > DATE '2100-01-01')
SELECT person_id, period_id, period_start FROM core.periods_of_care
`

// TestShippedModelsSayIfIncremental: every table and view carewh ships says
// how an incremental build treats it, and one keyed by child has the key
// among its columns (checked on a built warehouse by
// TestIncrementalBuildIsAFullBuild, whose DELETE would fail without it).
func TestShippedModelsSayIfIncremental(t *testing.T) {
	all, err := models.Load(sqlfiles.Files, warehouse.ExternalRelations())
	if err != nil {
		t.Fatal(err)
	}
	keyed := 0
	for _, m := range all {
		if m.Materialize != "macro" && !m.Declared {
			t.Errorf("%s: no '-- incremental:' header", m.File)
		}
		if m.Incremental != "" {
			keyed++
		}
	}
	if keyed == 0 {
		t.Error("no model is keyed by child")
	}
}

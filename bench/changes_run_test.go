package bench

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"carewh/pipelines/warehouse"
)

// checkChangedRun runs the pipeline over the source and over its changed
// copy, each on a fresh data folder: both succeed, and the copy has no
// more rows set aside by any rule in any table than the source.
func checkChangedRun(t *testing.T, src, dst string, asOf time.Time) {
	ctx := context.Background()
	o, err := Options{Dir: t.TempDir(), Scale: 1, Runs: 1, AsOf: asOf}.normalise()
	if err != nil {
		t.Fatal(err)
	}
	quarantined := func(dir, source string) map[string]int64 {
		cfg, err := runConfig(filepath.Join(o.Dir, dir), source, o)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := runOnce(ctx, o, cfg); err != nil {
			t.Fatalf("run over %s: %v", source, err)
		}
		db, err := warehouse.Open(cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rows, err := db.QueryContext(ctx, "SELECT table_name || ' ' || rule, count(*) FROM ops.quarantine GROUP BY ALL")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int64{}
		for rows.Next() {
			var k string
			var n int64
			if err := rows.Scan(&k, &n); err != nil {
				t.Fatal(err)
			}
			out[k] = n
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	was, is := quarantined("source", src), quarantined("changed", dst)
	var wasAll, isAll int64
	for k, n := range is {
		if n > was[k] {
			t.Errorf("quarantined %s: %d rows in the changed copy, %d in the source", k, n, was[k])
		}
		isAll += n
	}
	for _, n := range was {
		wasAll += n
	}
	t.Logf("quarantined: %d rows of the source, %d of the changed copy", wasAll, isAll)
}

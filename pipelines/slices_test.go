package pipelines

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"carewh/pipelines/warehouse"
)

// TestBuildInSlicesIsTheWholeBuild builds the default demo's warehouse
// whole, then again from the same lake with every model that may be built
// in slices of children built in many (a few thousand input rows a slice,
// where a national build reads about a million and a half), and compares
// the two table by table, row for row.
func TestBuildInSlicesIsTheWholeBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo council twice")
	}
	_, cfg := demoSource(t)
	var build *warehouse.Build
	runLoggedWith(t, cfg, func(r *Runner) { r.afterBuild = func(b *warehouse.Build) { build = b } })

	sliced := *build
	slicedCfg := *cfg
	slicedCfg.DataDir = t.TempDir()
	sliced.Config = &slicedCfg
	sliced.RowsPerSlice = 4000
	var logs bytes.Buffer
	sliced.Log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if err := sliced.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	compareWarehouses(t, slicedCfg.WarehousePath(), cfg.WarehousePath())

	for _, m := range sliced.Models {
		if m.InSlices && !strings.Contains(logs.String(), `msg="building in slices of children" model=`+m.Name+" ") {
			t.Errorf("%s was not built in slices: each of its slices would read fewer than %d rows", m.Name, sliced.RowsPerSlice)
		}
	}
}

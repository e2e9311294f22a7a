package publish

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"carewh/internal/atomicfile"
)

// exportStampFile, in the marts' export folder, names the run whose build
// the exported marts come from.
const exportStampFile = ".carewh-exported-build"

// builtBy is the run that built the warehouse's models: a run that found
// no change carries the warehouse forward and refreshes only its ledger,
// so its marts are those of this run.
func builtBy(ctx context.Context, db *sql.DB) (string, error) {
	var run string
	err := db.QueryRowContext(ctx, `SELECT run_id FROM ops.run_parameters`).Scan(&run)
	return run, err
}

// exportedBuild is the build the folder's marts were exported from, or ""
// when it does not say.
func exportedBuild(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, exportStampFile))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}

// stampExport records the build a complete export came from.
func stampExport(dir, build string) error {
	return atomicfile.WriteBytes(filepath.Join(dir, exportStampFile), []byte(build+"\n"))
}

// forgetExport removes the stamp before an export starts, so an export
// that fails half way is not taken for a whole one.
func forgetExport(dir string) error {
	err := os.Remove(filepath.Join(dir, exportStampFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// allExported reports whether the folder holds a file for every mart (one
// deleted by hand since is written again).
func allExported(ctx context.Context, db *sql.DB, dir string) bool {
	marts, err := martColumns(ctx, db)
	if err != nil {
		return false
	}
	for name := range marts {
		if _, err := os.Stat(filepath.Join(dir, name+".parquet")); err != nil {
			return false
		}
	}
	return len(marts) > 0
}

package publish

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"carewh/config"
	"carewh/internal/atomicfile"
	"carewh/pipelines/warehouse"
)

// MartFile is one mart written as Parquet.
type MartFile struct {
	Mart string
	Path string
	Rows int64
}

// ExportMarts writes every table and view of the warehouse's marts schema
// to <exports.dir>/marts/<mart>.parquet (zstd), each to a temporary name
// first and renamed over the old file, and removes files of marts that no
// longer exist. It opens the warehouse read-only, able to write files
// under that folder only.
func ExportMarts(ctx context.Context, cfg *config.Config, log *slog.Logger) ([]MartFile, error) {
	db, err := warehouse.OpenWriting(cfg, cfg.MartExportDir())
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return exportMarts(ctx, db, cfg.MartExportDir(), log)
}

func exportMarts(ctx context.Context, db *sql.DB, dir string, log *slog.Logger) ([]MartFile, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	marts, err := martColumns(ctx, db)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, atomicfile.DirMode); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	// Every mart is written to its temporary name before any is renamed
	// in, so the folder holds one run's marts: a failed export leaves the
	// last export's set whole.
	var out []MartFile
	var temps []string
	defer func() {
		for _, tmp := range temps {
			os.Remove(tmp)
		}
	}()
	for _, name := range slices.Sorted(maps.Keys(marts)) {
		path := filepath.Join(dir, name+".parquet")
		tmp, rows, err := exportMart(ctx, db, name, marts[name], path)
		if err != nil {
			return nil, withCancel(ctx, fmt.Errorf("exporting mart %s to %s: %w", name, path, err))
		}
		temps = append(temps, tmp)
		log.DebugContext(ctx, "mart exported", "table", "marts."+name, "rows", rows, "file", path)
		out = append(out, MartFile{Mart: name, Path: path, Rows: rows})
	}
	for i, f := range out {
		if err := atomicfile.Commit(temps[i], f.Path); err != nil {
			return out[:i], err
		}
	}
	temps = nil
	if err := removeStale(dir, marts); err != nil {
		return out, err
	}
	log.InfoContext(ctx, "marts exported", "dir", dir, "tables", len(out), "duration_seconds", time.Since(start).Seconds())
	return out, nil
}

// martColumns lists every table and view of schema marts with its
// columns' select expressions.
func martColumns(ctx context.Context, db *sql.DB) (map[string][]string, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = 'marts' AND table_catalog = current_database()
		ORDER BY table_name, ordinal_position`)
	if err != nil {
		return nil, fmt.Errorf("listing the marts: %w", err)
	}
	defer rows.Close()
	marts := map[string][]string{}
	for rows.Next() {
		var table, column, typ string
		if err := rows.Scan(&table, &column, &typ); err != nil {
			return nil, fmt.Errorf("listing the marts: %w", err)
		}
		marts[table] = append(marts[table], selectExpr(column, typ))
	}
	return marts, rows.Err()
}

// selectExpr reads a column for export. HUGEINT (what DuckDB's sum of
// integers gives) has no Parquet type that BI tools read as a whole
// number, so it is written as BIGINT; everything else as it is.
func selectExpr(column, typ string) string {
	q := `"` + strings.ReplaceAll(column, `"`, `""`) + `"`
	if typ == "HUGEINT" || typ == "UHUGEINT" {
		return "CAST(" + q + " AS BIGINT) AS " + q
	}
	return q
}

// exportMart writes one mart to a temporary name beside path, for the
// caller to rename in, and returns that name and the mart's row count.
func exportMart(ctx context.Context, db *sql.DB, name string, cols []string, path string) (string, int64, error) {
	tmp, err := atomicfile.TempName(path)
	if err != nil {
		return "", 0, err
	}
	q := fmt.Sprintf(`COPY (SELECT %s FROM marts."%s") TO '%s' (FORMAT parquet, COMPRESSION zstd)`,
		strings.Join(cols, ", "), strings.ReplaceAll(name, `"`, `""`), strings.ReplaceAll(tmp, "'", "''"))
	res, err := db.ExecContext(ctx, q)
	if err != nil {
		os.Remove(tmp)
		return "", 0, err
	}
	rows, _ := res.RowsAffected()
	return tmp, rows, nil
}

// removeStale deletes Parquet files of marts that are gone, and
// temporary files an interrupted export left (an hour old, so as not to
// touch those of an export running now).
func removeStale(dir string, marts map[string][]string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		stale := strings.HasSuffix(name, ".parquet") && marts[strings.TrimSuffix(name, ".parquet")] == nil
		if atomicfile.IsTemp(name) {
			info, err := e.Info()
			stale = err == nil && time.Since(info.ModTime()) > time.Hour
		}
		if e.Type().IsRegular() && stale {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("removing %s: %w", name, err)
			}
		}
	}
	return nil
}

// withCancel keeps a cancellation visible through a driver's error, so
// errors.Is(err, context.Canceled) holds.
func withCancel(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return errors.Join(ctx.Err(), err)
	}
	return err
}

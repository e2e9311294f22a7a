package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"carewh/config"
	"carewh/internal/atomicfile"
	"carewh/pipelines/duck"
)

// The run ledger (ops.runs, ops.run_tables) and the disclosure log
// (ops.disclosures) are kept beside the warehouse, as Parquet files in the
// data folder's ledger/ folder, and the warehouse's ops.runs,
// ops.run_tables and ops.disclosures are views of those files by absolute
// path. A run that finds no change rewrites only those three small files,
// each to a temporary name, synced and renamed over the old one: it neither
// copies the warehouse (6 GB at national scale) nor opens it for writing.
//
// Not written in place: DuckDB cannot open a file for writing while
// readers (the SQL endpoint, a BI tool) hold it open, and a reader must
// never see a half-written state.
//
// The ledger is published after the warehouse, never before: a build
// swaps its warehouse in and only then renames the ledger's files in, the
// runs file last; a run that finds no change publishes by renaming the
// runs file in. So the ledger never records as succeeded a run whose
// warehouse is not live, and a run killed between its swap and the ledger
// is still known to have published: the warehouse's ops.build names the
// run that swapped it in. Readers opened by carewh, with external access
// off, may read exactly these three files (allowed_paths); a moved data
// folder's warehouse, whose views still name the old folder, is carried
// forward once by copy with its views pointing to the new one.

const (
	// LedgerDirName is the ledger's folder in the data folder.
	LedgerDirName = "ledger"
	// ledgerFormat numbers the layout of the ledger's files; a warehouse
	// whose views expect another is carried forward by copy.
	ledgerFormat = 1
)

// ledgerRelations are the ops relations kept beside the warehouse, in the
// order a run writes them: runs last, as a run has published once its row
// is there.
var ledgerRelations = []string{"disclosures", "run_tables", "runs"}

// ledgerOrder sorts each ledger file's rows.
var ledgerOrder = map[string]string{"disclosures": "disclosed_at, sha256", "run_tables": "run_id, table_name", "runs": "run_id"}

// ledgerComments describe the ledger's views.
var ledgerComments = map[string]string{
	"runs": "Every run carewh knows of, whatever its outcome (succeeded, failed, cancelled, held, skipped): the run ledger. " +
		"A view of ledger/runs.parquet beside the warehouse, which each successful run rewrites from the lake's run manifests.",
	"run_tables": "Each run's rows per table: read, loaded, quarantined and fixed. " +
		"A view of ledger/run_tables.parquet beside the warehouse, which each successful run rewrites from the lake's run manifests.",
	"disclosures": "Every export that re-identified children (carewh export --identify): who ran it, when, what, how many rows, " +
		"where the file went. A view of ledger/disclosures.parquet beside the warehouse, which each successful run rewrites " +
		"from the data folder's disclosures.jsonl, which exports append to.",
}

// LedgerDir is the absolute path of the ledger's folder, its symbolic
// links resolved: the warehouse's views name their files by it, since
// DuckDB with external access off refuses a relative path.
func LedgerDir(cfg *config.Config) (string, error) {
	data, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return "", fmt.Errorf("finding the data folder: %w", err)
	}
	if real, err := filepath.EvalSymlinks(data); err == nil {
		data = real
	}
	return filepath.Join(data, LedgerDirName), nil
}

// LedgerFiles are the ledger's files: the only files a reader may read
// besides the warehouse.
func LedgerFiles(cfg *config.Config) ([]string, error) {
	dir, err := LedgerDir(cfg)
	if err != nil {
		return nil, err
	}
	files := make([]string, len(ledgerRelations))
	for i, rel := range ledgerRelations {
		files[i] = ledgerFile(dir, rel)
	}
	return files, nil
}

func ledgerFile(dir, relation string) string { return filepath.Join(dir, relation+".parquet") }

// stageLedger moves the run ledger out of the warehouse being written: it
// writes ops.runs, ops.run_tables and ops.disclosures to temporary files
// in the ledger folder (swapIn renames them into place once the warehouse
// is in), replaces the tables with views of the files, and records in
// ops.build the run and the ledger folder. A ledger file that does not
// exist yet (a first build, a warehouse from before the ledger was kept
// beside it) is written now, without this run, so the views read a file
// from the moment the warehouse is swapped in.
func (b *Build) stageLedger(ctx context.Context, conn *sql.Conn) error {
	dir, err := b.stageFiles(ctx, conn)
	if err != nil {
		return err
	}
	for _, rel := range ledgerRelations {
		final := ledgerFile(dir, rel)
		if _, err := os.Stat(final); !errors.Is(err, os.ErrNotExist) {
			continue
		}
		where := ""
		if rel != "disclosures" {
			where = "WHERE run_id <> " + duck.Quote(b.Manifest.RunID)
		}
		if err := copyLedger(ctx, conn, rel, where, final); err != nil {
			return err
		}
	}
	stmts := []string{
		fmt.Sprintf(`CREATE OR REPLACE TABLE ops.build AS SELECT run_id, finished, %s AS ledger_dir, %d AS ledger_format
			FROM ops.runs WHERE run_id = %s`, duck.Quote(dir), ledgerFormat, duck.Quote(b.Manifest.RunID)),
		`COMMENT ON TABLE ops.build IS 'The run that swapped this warehouse file in, when it finished, and the folder beside it ` +
			`whose files ops.runs, ops.run_tables and ops.disclosures read.'`,
	}
	for _, rel := range ledgerRelations {
		stmts = append(stmts, "DROP TABLE ops."+rel,
			fmt.Sprintf("CREATE VIEW ops.%s AS SELECT * FROM %s", rel, duck.ReadParquet([]string{ledgerFile(dir, rel)})),
			fmt.Sprintf("COMMENT ON VIEW ops.%s IS %s", rel, duck.Quote(ledgerComments[rel])))
	}
	return inTx(ctx, conn, func(tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM ops.build").Scan(&n); err != nil || n != 1 {
			return fmt.Errorf("recording the build: ops.runs has %d rows for run %s (%v)", n, b.Manifest.RunID, err)
		}
		return nil
	})
}

// stageFiles writes the tables ops.runs, ops.run_tables and ops.disclosures
// on conn to temporary files in the ledger folder, for commitLedger, and
// returns the folder. Temporary files left there by a killed run are
// removed first: only the run holding the writer lock writes there.
func (b *Build) stageFiles(ctx context.Context, conn *sql.Conn) (string, error) {
	dir, err := LedgerDir(b.Config)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, atomicfile.DirMode); err != nil {
		return "", fmt.Errorf("creating the ledger folder: %w", err)
	}
	atomicfile.SyncDir(filepath.Dir(dir))
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if atomicfile.IsTemp(e.Name()) {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
	b.abortLedger()
	b.staged = map[string]string{}
	for _, rel := range ledgerRelations {
		tmp, err := atomicfile.TempName(ledgerFile(dir, rel))
		if err != nil {
			return "", err
		}
		b.staged[rel] = tmp
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("COPY (SELECT * FROM ops.%s ORDER BY %s) TO %s (FORMAT parquet, COMPRESSION zstd)",
			rel, ledgerOrder[rel], duck.Quote(tmp))); err != nil {
			return "", fmt.Errorf("writing the ledger's %s: %w", rel, err)
		}
	}
	return dir, nil
}

// copyLedger writes ops.<rel> on conn, the rows where says, to the
// ledger file final at once.
func copyLedger(ctx context.Context, conn *sql.Conn, rel, where, final string) error {
	tmp, err := atomicfile.TempName(final)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("COPY (SELECT * FROM ops.%s %s ORDER BY %s) TO %s (FORMAT parquet, COMPRESSION zstd)",
		rel, where, ledgerOrder[rel], duck.Quote(tmp))); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing the ledger's %s: %w", rel, err)
	}
	return atomicfile.Commit(tmp, final)
}

// commitLedger renames the staged ledger files into place, the runs file
// last: once it is in, the run has published. BeforeLedger, if set, is
// called just before.
func (b *Build) commitLedger() error {
	dir, err := LedgerDir(b.Config)
	if err != nil {
		return err
	}
	for _, rel := range ledgerRelations {
		tmp, ok := b.staged[rel]
		if !ok {
			continue
		}
		if rel == "runs" && b.BeforeLedger != nil {
			b.BeforeLedger()
		}
		delete(b.staged, rel)
		if err := atomicfile.Commit(tmp, ledgerFile(dir, rel)); err != nil {
			return fmt.Errorf("writing the run ledger: %w", err)
		}
	}
	return nil
}

// abortLedger removes staged ledger files not renamed into place.
func (b *Build) abortLedger() {
	for rel, tmp := range b.staged {
		os.Remove(tmp)
		delete(b.staged, rel)
	}
}

// dropLedger drops ops.runs, ops.run_tables and ops.disclosures from a
// copy of the live warehouse, views or tables (a warehouse from before
// the ledger was kept beside it).
func dropLedger(ctx context.Context, conn *sql.Conn) error {
	for _, rel := range ledgerRelations {
		var kind string
		err := conn.QueryRowContext(ctx, `SELECT table_type FROM information_schema.tables
			WHERE table_catalog = current_database() AND table_schema = 'ops' AND table_name = ?`, rel).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return err
		}
		drop := "DROP TABLE ops." + rel
		if kind == "VIEW" {
			drop = "DROP VIEW ops." + rel
		}
		if _, err := conn.ExecContext(ctx, drop); err != nil {
			return err
		}
	}
	return nil
}

// buildRecord is a warehouse's ops.build: the run that swapped it in,
// when that run finished, and the ledger its views read.
type buildRecord struct {
	RunID        string
	Finished     time.Time
	LedgerDir    string
	LedgerFormat int
}

// readBuild reads db's ops.build; ok is false for a warehouse from before
// the ledger was kept beside it, which has none.
func readBuild(ctx context.Context, db *sql.DB) (rec buildRecord, ok bool, err error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_catalog = current_database() AND table_schema = 'ops' AND table_name = 'build'`).Scan(&n); err != nil || n == 0 {
		return rec, false, err
	}
	err = db.QueryRowContext(ctx, "SELECT run_id, finished, ledger_dir, ledger_format FROM ops.build").
		Scan(&rec.RunID, &rec.Finished, &rec.LedgerDir, &rec.LedgerFormat)
	if err != nil {
		return rec, false, fmt.Errorf("reading ops.build: %w", err)
	}
	return rec, true, nil
}

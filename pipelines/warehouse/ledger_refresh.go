package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"

	"carewh/pipelines/duck"
)

// RefreshLedger carries the live warehouse forward for a run that found no
// change, with the run ledger brought up to date (see ledger.go). When the
// warehouse reads its ledger from beside it, only the ledger's files are
// rewritten: the warehouse is neither copied nor opened for writing. When
// it does not — its data folder was moved, so its views name the old
// folder, or it was built before the ledger was kept beside it — a copy of
// it gets views of the ledger here and is swapped in, so readers still
// never see a half-written file; the next no-change run is quick again.
func (b *Build) RefreshLedger(ctx context.Context) error {
	dir, err := LedgerDir(b.Config)
	if err != nil {
		return err
	}
	live, ok, err := liveBuild(ctx, b)
	if ok && err == nil && live.LedgerDir == dir && live.LedgerFormat == ledgerFormat {
		return b.writeLedger(ctx)
	}
	b.Log.InfoContext(ctx, "the live warehouse does not read its run ledger from beside it (a moved data folder, or a warehouse "+
		"built before the ledger was kept there): carrying it forward by copy", "ledger_dir", dir, "live_ledger_dir", live.LedgerDir,
		"error", err)
	final := b.Config.WarehousePath()
	copyLive := func(building string) error { return copyFile(final, building) }
	return b.writeAndSwap(ctx, "refreshed", copyLive, []step{
		{"dropping the old ledger", dropLedger},
		{"recording runs", b.loadRuns},
		{"recording disclosures", b.loadDisclosures},
		{"moving the run ledger beside the warehouse", b.stageLedger},
	})
}

// liveBuild reads the live warehouse's ops.build.
func liveBuild(ctx context.Context, b *Build) (buildRecord, bool, error) {
	db, err := Open(b.Config)
	if err != nil {
		return buildRecord{}, false, err
	}
	defer db.Close()
	return readBuild(ctx, db)
}

// writeLedger writes the run ledger's files beside the live warehouse,
// which reads them from there: the tables are made in an in-memory
// database, written to temporary files and renamed into place, the runs
// file last. Then AfterSwap, if set, is called: the run has published.
func (b *Build) writeLedger(ctx context.Context) (err error) {
	db, conn, err := duck.OpenConn(ctx, ":memory:", b.Config.DuckDB)
	if err != nil {
		return fmt.Errorf("opening an in-memory database: %w", err)
	}
	defer db.Close()
	defer conn.Close()
	defer b.abortLedger()
	stage := func(ctx context.Context, conn *sql.Conn) error {
		_, err := b.stageFiles(ctx, conn)
		return err
	}
	createOps := func(ctx context.Context, conn *sql.Conn) error {
		_, err := conn.ExecContext(ctx, "CREATE SCHEMA ops")
		return err
	}
	for _, s := range []step{
		{"creating schemas", createOps},
		{"recording runs", b.loadRuns},
		{"recording disclosures", b.loadDisclosures},
		{"writing the run ledger", stage},
	} {
		if err := s.do(ctx, conn); err != nil {
			return fmt.Errorf("%s: %w", s.name, errors.Join(ctx.Err(), err))
		}
	}
	if err := b.commitLedger(); err != nil {
		return err
	}
	if b.AfterSwap != nil {
		b.AfterSwap()
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

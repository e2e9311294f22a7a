package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"carewh/canonical"
	"carewh/pipelines/duck"
	"carewh/pipelines/models"
)

// ErrTooManyChanged is returned by RunIncremental, before anything is
// swapped in, when the run changed so large a share of the children that a
// full build is the cheaper way to the same warehouse.
var ErrTooManyChanged = errors.New("too many children changed for an incremental build")

// maxChangedShare is the share of the children a run may change for
// RunIncremental to go on: past it, recomputing them costs about what a
// full build does.
const maxChangedShare = 0.25

// RunIncremental brings a copy of the live warehouse up to date with this
// run's changes and swaps it in, with Run's guarantee: readers see the old
// warehouse or the new one, never a half state, and a failure leaves the
// old one as it was. The history tables gain the run's change files; the
// parameters, quarantine and ledger are reloaded; then every model whose
// inputs changed is brought up to date, a model keyed by child
// ("-- incremental: person_id") for the changed children only (see
// updateModels). The result is the warehouse Run would build from the same
// lake: the caller must only call it when the live warehouse was built
// with the same fingerprint (models, settings, calendar, as-at date, key)
// from the lake as the previous successful run left it.
func (b *Build) RunIncremental(ctx context.Context) error {
	final := b.Config.WarehousePath()
	copyLive := func(building string) error { return copyFile(final, building) }
	inc := &incremental{Build: b, status: map[string]changeStatus{}, kept: map[string]int{}}
	steps := []step{
		{"adding this run's changes to the history", inc.appendHistory},
		{"reloading parameters", inc.reloadParameters},
	}
	return b.writeAndSwap(ctx, "updated", copyLive, append(steps,
		step{"dropping the old ledger", dropLedger},
		step{"recording runs", b.loadRuns},
		step{"recording disclosures", b.loadDisclosures},
		step{"finding the changed children", inc.findChangedChildren},
		step{"updating models", inc.updateModels},
		step{"moving the run ledger beside the warehouse", b.stageLedger}))
}

// incremental is one incremental build's state: what changed, relation
// by relation, and the changed children (the temp table changed_children,
// which grows as models rebuilt whole turn out to differ for more).
type incremental struct {
	*Build
	status map[string]changeStatus
	// childrenVersion counts the times changed_children grew while models
	// were brought up to date; kept holds, for each model whose rows of
	// the changed children are kept aside (keptRows), the version they
	// were worked out for.
	childrenVersion int
	kept            map[string]int
}

// changeStatus is how a relation differs from the live warehouse's.
type changeStatus int

const (
	unchanged changeStatus = iota
	// childrenChanged: only the changed children's rows differ (rows of
	// others are as they were).
	childrenChanged
	// childrenAndUnkeyedChanged: the changed children's rows differ, and
	// so do rows that name no child. A model that names every child
	// (models.Model.NamesEveryChild) reads it as childrenChanged; any
	// other, as wholeChanged.
	childrenAndUnkeyedChanged
	// wholeChanged: any row may differ.
	wholeChanged
)

// childKeyed reports whether every row of canonical table t names its
// child: a required person column the source gives (not one staging
// derives from the row's episode or plan).
func childKeyed(t *canonical.Table) bool {
	for _, c := range t.Columns {
		if c.Name == models.IncrementalKey {
			return c.Required && c.Source != ""
		}
	}
	return false
}

// appendHistory adds this run's change files to each table's history, as
// loadHistory would have read them: the versions they replace end when this
// run started. The raw views are made again for this run's known-at time,
// and raw.quarantine is this run's.
func (inc *incremental) appendHistory(ctx context.Context, conn *sql.Conn) error {
	started := duck.Quote(inc.Manifest.Started.Format(time.RFC3339Nano)) + "::TIMESTAMPTZ"
	for _, t := range canonical.Tables {
		files := inc.Manifest.Tables[t.Name].Files
		if len(files) > 0 {
			paths := make([]string, len(files))
			for i, f := range files {
				paths[i] = inc.Lake.Abs(f.Path)
			}
			table := "core." + t.Name + "_history"
			changes := duck.ReadParquet(paths, "union_by_name = true")
			for _, stmt := range []string{
				fmt.Sprintf("ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s VARCHAR", table, duck.QuoteIdent(canonical.SourceColumn)),
				fmt.Sprintf("UPDATE %[1]s SET valid_to = %[2]s WHERE valid_to IS NULL AND %[3]s IN (SELECT %[3]s FROM %[4]s)",
					table, started, duck.QuoteIdent(t.Key), changes),
				fmt.Sprintf("INSERT INTO %s BY NAME SELECT *, %s AS run_id, %s AS valid_from, NULL::TIMESTAMPTZ AS valid_to FROM %s",
					table, duck.Quote(inc.Manifest.RunID), started, changes),
			} {
				if _, err := conn.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("adding the changes of %s: %w", t.Name, err)
				}
			}
		}
		if err := inc.createRawView(ctx, conn, t, "CREATE OR REPLACE VIEW"); err != nil {
			return err
		}
	}
	return inc.loadQuarantine(ctx, conn, "CREATE OR REPLACE TABLE")
}

// reloadParameters loads this run's parameters, KPI catalogue and bank
// holidays in place of the last build's. The fingerprint covers all but
// the run's id and the source's coverage: ops.run_parameters counts as
// changed when those differ.
func (inc *incremental) reloadParameters(ctx context.Context, conn *sql.Conn) error {
	const old = "temp.main.previous_run_parameters"
	stmts := []string{"CREATE TEMP TABLE previous_run_parameters AS SELECT * EXCLUDE (run_id) FROM ops.run_parameters"}
	for _, t := range []string{"ops.run_parameters", "ops.kpi_targets", "ops.kpi_catalogue", "ops.bank_holidays"} {
		stmts = append(stmts, "DROP TABLE "+t)
	}
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	if err := inc.loadParameters(ctx, conn); err != nil {
		return err
	}
	differ, err := tablesDiffer(ctx, conn, "(SELECT * EXCLUDE (run_id) FROM ops.run_parameters)", old)
	if err != nil {
		return err
	}
	inc.status["ops.run_parameters"] = unchanged
	if differ {
		inc.status["ops.run_parameters"] = wholeChanged
	}
	return nil
}

// findChangedChildren starts the changed children with those whose rows
// this run inserted, updated or deleted (every version of each changed row
// counts, so a row moved from one child to another changes both), in the
// tables whose rows name their child or link to a row that does
// (childLinks). Those tables are childrenChanged; a changed table whose
// rows need not say whose they are is wholeChanged (what reads it is
// rebuilt whole, and the children it changed found by comparison); the
// rest are unchanged.
func (inc *incremental) findChangedChildren(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, "CREATE TEMP TABLE changed_children (person_id VARCHAR PRIMARY KEY)"); err != nil {
		return err
	}
	for _, t := range canonical.Tables {
		status := unchanged
		if inc.Manifest.Tables[t.Name].Changed() {
			status = wholeChanged
		}
		if query, ok := changedChildrenQuery(t); ok && status != unchanged {
			status = childrenChanged
			query = strings.ReplaceAll(query, "$run", duck.Quote(inc.Manifest.RunID))
			if _, err := conn.ExecContext(ctx, "INSERT OR IGNORE INTO changed_children "+query); err != nil {
				return fmt.Errorf("finding the children %s changed: %w", t.Name, err)
			}
		}
		inc.status["raw."+t.Name] = status
		inc.status["core."+t.Name+"_history"] = status
	}
	for _, name := range []string{"raw.quarantine", "ops.runs", "ops.run_tables", "ops.disclosures"} {
		inc.status[name] = wholeChanged
	}
	for _, name := range []string{"ops.kpi_targets", "ops.kpi_catalogue", "ops.bank_holidays"} {
		inc.status[name] = unchanged // in the fingerprint
	}
	var changed, children int64
	err := conn.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM changed_children), (SELECT count(*) FROM staging.person)`).Scan(&changed, &children)
	if err != nil {
		return err
	}
	inc.Log.InfoContext(ctx, "incremental build", "children_changed", changed, "children", children)
	if children > 0 && float64(changed) > maxChangedShare*float64(children) {
		return fmt.Errorf("%d of %d children changed: %w", changed, children, ErrTooManyChanged)
	}
	return nil
}

// tablesDiffer reports whether two relations (names or parenthesised
// queries) differ as bags of rows.
func tablesDiffer(ctx context.Context, conn *sql.Conn, a, b string) (bool, error) {
	var differ bool
	err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT * FROM %[1]s EXCEPT ALL SELECT * FROM %[2]s)
		OR EXISTS (SELECT * FROM %[2]s EXCEPT ALL SELECT * FROM %[1]s)`, a, b)).Scan(&differ)
	return differ, err
}

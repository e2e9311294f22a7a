package warehouse

import (
	"carewh/pipelines/duck"
	"carewh/pipelines/models"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

func (b *Build) loadParameters(ctx context.Context, conn *sql.Conn) error {
	r := b.Config.Reporting
	stmts := []struct {
		sql  string
		args []any
	}{
		{`CREATE TABLE ops.run_parameters (run_id VARCHAR, as_of_date DATE, year_start_month INTEGER,
			midpoint_min_interval_days INTEGER, looked_after_min_days INTEGER, participation_min_age INTEGER,
			amber_tolerance DOUBLE, no_match_amber_days INTEGER, no_match_red_days INTEGER,
			placements_red INTEGER, no_plan_red_days INTEGER, a1_threshold_days INTEGER,
			a2_threshold_days INTEGER, a3_wait_days INTEGER, caseload_max INTEGER, term_starts VARCHAR[],
			coverage_start DATE, coverage_basis VARCHAR)`, nil},
		{`INSERT INTO ops.run_parameters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, string_split(?, ','), ?, ?)`, []any{
			b.Manifest.RunID, b.AsOf, r.YearStartMonth, r.MidpointMinIntervalDays, r.LookedAfterMinDays, r.ParticipationMinAge,
			b.Config.RAG.AmberTolerance, b.Config.Tracker.NoMatchAmberDays, b.Config.Tracker.NoMatchRedDays,
			b.Config.Tracker.PlacementsRed, b.Config.Tracker.NoPlanRedDays, b.Config.Adoption.A1ThresholdDays,
			b.Config.Adoption.A2ThresholdDays, b.Config.Adoption.A3WaitDays, b.Config.IRO.CaseloadMax,
			strings.Join(b.Config.Education.TermStarts, ","),
			// NULL: the earliest episode start stands in (core.source_coverage)
			nullableTime(b.Coverage.Start), nullable(b.Coverage.Basis)}},
		{`CREATE TABLE ops.kpi_targets (kpi_code VARCHAR PRIMARY KEY, target DOUBLE)`, nil},
		{`CREATE TABLE ops.kpi_catalogue (kpi_code VARCHAR PRIMARY KEY, kpi_name VARCHAR, area VARCHAR,
			definition VARCHAR, numerator_definition VARCHAR, denominator_definition VARCHAR, better VARCHAR,
			default_target DOUBLE, source VARCHAR, sort_order INTEGER, unit VARCHAR, requires VARCHAR[], file VARCHAR)`, nil},
		{`CREATE TABLE ops.bank_holidays (holiday_date DATE PRIMARY KEY, name VARCHAR)`, nil},
	}
	for _, code := range slices.Sorted(maps.Keys(b.Config.Targets)) {
		stmts = append(stmts, struct {
			sql  string
			args []any
		}{`INSERT INTO ops.kpi_targets VALUES (?, ?)`, []any{code, b.Config.Targets[code].Target}})
	}
	settings := kpiSettings(b.Config)
	for _, k := range b.KPIs {
		k, err := withSettings(k, settings)
		if err != nil {
			return err
		}
		stmts = append(stmts, struct {
			sql  string
			args []any
		}{`INSERT INTO ops.kpi_catalogue VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, string_split(?, ';'), ?)`, []any{k.Code, k.Name, k.Area,
			k.Definition, k.Numerator, k.Denominator, k.Better, k.DefaultTarget, k.Source, k.SortOrder, k.Unit,
			strings.Join(k.Requires, ";"), k.File}})
	}
	for _, h := range b.Holidays {
		stmts = append(stmts, struct {
			sql  string
			args []any
		}{`INSERT INTO ops.bank_holidays VALUES (?, ?)`, []any{h.Date, h.Name}})
	}
	return inTx(ctx, conn, func(tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s.sql, s.args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// buildModels materialises each model in order, each in its own
// transaction, and runs its checks straight after it.
func (b *Build) buildModels(ctx context.Context, conn *sql.Conn) error {
	for _, s := range []string{
		`CREATE TABLE ops.model_runs (model VARCHAR PRIMARY KEY, file VARCHAR, materialize VARCHAR, rows BIGINT, duration_seconds DOUBLE, build VARCHAR)`,
		`CREATE TABLE ops.check_results (model VARCHAR, "check" VARCHAR, blocking BOOLEAN, failing_rows BIGINT, passed BOOLEAN)`,
	} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	var built []string
	for _, m := range b.Models {
		start := time.Now()
		if err := b.onOneThreadIfOutOfMemory(ctx, conn, m, func() error { return b.buildModel(ctx, conn, m) }); err != nil {
			return &ModelFailure{Model: m.Name, Built: built, Err: err}
		}
		if err := b.runChecks(ctx, conn, m); err != nil {
			return &ModelFailure{Model: m.Name, Built: built, Err: err}
		}
		built = append(built, m.Name)
		if err := b.recordModelRun(ctx, conn, m, buildFull, start); err != nil {
			return &ModelFailure{Model: m.Name, Built: built, Err: err}
		}
	}
	return nil
}

// recordModelRun records in ops.model_runs how a model begun at start was
// built (build) and how many rows it holds.
func (b *Build) recordModelRun(ctx context.Context, conn *sql.Conn, m models.Model, build string, start time.Time) error {
	var rows sql.NullInt64 // a macro has none
	if m.Materialize != "macro" {
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM "+m.Name).Scan(&rows); err != nil {
			return err
		}
	}
	elapsed := time.Since(start).Seconds()
	if _, err := conn.ExecContext(ctx, `INSERT INTO ops.model_runs VALUES (?, ?, ?, ?, ?, ?)`, m.Name, m.File, m.Materialize, rows, elapsed, build); err != nil {
		return err
	}
	b.Log.DebugContext(ctx, "model built", "model", m.Name, "build", build, "rows", rows.Int64, "duration_seconds", elapsed)
	return nil
}

func (b *Build) buildModel(ctx context.Context, conn *sql.Conn, m models.Model) error {
	kind, create := "TABLE", fmt.Sprintf("CREATE TABLE %s AS\n%s", m.Name, m.SQL)
	switch m.Materialize {
	case "view":
		kind, create = "VIEW", fmt.Sprintf("CREATE VIEW %s AS\n%s", m.Name, m.SQL)
	case "macro":
		kind, create = "MACRO", fmt.Sprintf("CREATE MACRO %s%s", m.Name, m.SQL)
	}
	plan, err := b.planSlices(ctx, conn, m)
	if err != nil {
		return fmt.Errorf("%s: %w", m.File, err)
	}
	if plan.slices > 1 {
		b.Log.DebugContext(ctx, "building in slices of children", "model", m.Name, "slices", plan.slices, "cut", strings.Join(plan.cut, ", "))
	}
	return inTx(ctx, conn, func(tx *sql.Tx) error {
		if plan.slices > 1 {
			if err := createInSlices(ctx, tx, m, plan); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, create); err != nil {
			return fmt.Errorf("%s: %w", m.File, err)
		}
		if m.Description != "" {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("COMMENT ON %s %s IS %s", kind, m.Name, duck.Quote(m.Description))); err != nil {
				return err
			}
		}
		return nil
	})
}

// runChecks runs a model's checks; a blocking check that finds rows fails.
func (b *Build) runChecks(ctx context.Context, conn *sql.Conn, m models.Model) error {
	failing, err := countFailing(ctx, conn, m)
	if err != nil {
		return err
	}
	return b.recordChecks(ctx, conn, m, failing)
}

// recordChecks records how many rows broke each of a model's checks, and
// fails when a blocking one found any.
func (b *Build) recordChecks(ctx context.Context, conn *sql.Conn, m models.Model, failing []int64) error {
	for i, c := range m.Checks {
		if _, err := conn.ExecContext(ctx, `INSERT INTO ops.check_results VALUES (?, ?, ?, ?, ?)`,
			m.Name, c.String(), c.Blocking, failing[i], failing[i] == 0); err != nil {
			return err
		}
		switch {
		case failing[i] > 0 && c.Blocking:
			sample, err := describeBreakingRows(ctx, conn, c, m.Name)
			if err != nil {
				sample = "(could not list them: " + err.Error() + ")"
			}
			return fmt.Errorf("blocking check %s of %s failed on %d rows; first rows: %s. "+
				"This check guards carewh's own rules, so a source row should never break it: look at the check in %s "+
				"and at the staging rules that resolve conflicts in the rows it reads (ops.data_fixes, ops.quarantine)",
				c, m.Name, failing[i], sample, m.File)
		case failing[i] > 0:
			b.Log.WarnContext(ctx, "data check found rows", "model", m.Name, "check", c.String(), "rows", failing[i])
		}
	}
	return nil
}

// countFailing counts the rows of a model breaking each of its checks:
// those on each row alone in one scan of the model, the rest (unique,
// relationship, expect with a subquery) one query each.
func countFailing(ctx context.Context, conn *sql.Conn, m models.Model) ([]int64, error) {
	failing := make([]int64, len(m.Checks))
	var perRow []models.Check
	var at []any
	for i, c := range m.Checks {
		if c.PerRow() {
			perRow = append(perRow, c)
			at = append(at, &failing[i])
			continue
		}
		if err := conn.QueryRowContext(ctx, c.Query(m.Name)).Scan(&failing[i]); err != nil {
			return nil, fmt.Errorf("running check %s: %w", c, err)
		}
	}
	if len(perRow) > 0 {
		if err := conn.QueryRowContext(ctx, models.CountBreaks(m.Name, perRow)).Scan(at...); err != nil {
			return nil, fmt.Errorf("running the checks of %s on each row: %w", m.Name, err)
		}
	}
	return failing, nil
}

func inTx(ctx context.Context, conn *sql.Conn, f func(*sql.Tx) error) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullableTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

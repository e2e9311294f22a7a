package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// data is everything the report reads from the warehouse, before any
// suppression or wording: the marts' rows for one reporting year.
type data struct {
	Year     year
	Previous *year // nil when the warehouse holds no earlier year
	AsOf     time.Time
	RunID    string

	KPIs        []kpi
	Definitions []definition
	Months      []month
	// Participation holds reviews of children in the participation measure
	// (aged 4+) by code; Under4 and AgeUnknown are the reviews outside it.
	Participation      []labelled
	Under4, AgeUnknown float64
	Midpoint           []team
	Challenges         []category
	Outcomes           []outcome
	Adoption           []adoption
	// NotAssessable counts the reviews held in the year with no
	// computable due date (children already looked after when the data
	// begins): held, but outside the on-time figures and Months.
	NotAssessable float64
}

// year is a row of core.reporting_years.
type year struct {
	Label      string
	Start, End time.Time
	EvalEnd    time.Time // the year's end, or the as-at date for the current year
	Complete   bool
}

// kpi is a board KPI in the year, with last year's counts.
type kpi struct {
	Code, Name, Area, Unit, Better string
	Available                      bool
	Numerator, Denominator         float64
	Value, Target                  sql.NullFloat64
	RAG                            sql.NullString
	// Previous year's figures; PrevValue is null when there was none.
	PrevAvailable                  bool
	PrevNumerator, PrevDenominator sql.NullFloat64
	PrevValue                      sql.NullFloat64
}

// definition is a row of marts.kpi_definitions.
type definition struct {
	Code, Name, Area, Definition, Numerator, Denominator, Better, Source, Unit string
}

type month struct {
	Start        time.Time
	Held, OnTime float64
}

type labelled struct {
	Label string
	Count float64
}

type team struct {
	Team                 string
	Monitored, Intervals float64
}

type category struct {
	Category           string
	Challenges         float64
	PreviousChallenges sql.NullFloat64
}

type outcome struct {
	Outcome                  string
	Children, ChildrenCeased float64
	LegalPermanence          bool
}

// adoption is a row of marts.adoption_scorecard: basis "year" or "3_years".
type adoption struct {
	Basis                                string
	A1Children, A10Children, A2Children  float64
	A1Days, A10Days, A2Days              sql.NullFloat64
	A3Within, A3Children                 float64
	A1Threshold, A2Threshold, A3WaitDays float64
}

// load reads the report's data for the named reporting year, or for the
// latest complete one when label is empty.
func load(ctx context.Context, db *sql.DB, label string) (*data, error) {
	d := &data{}
	if err := d.loadYears(ctx, db, label); err != nil {
		return nil, err
	}
	err := db.QueryRowContext(ctx, `SELECT run_id, as_of_date FROM ops.run_parameters`).Scan(&d.RunID, &d.AsOf)
	if err != nil {
		return nil, fmt.Errorf("reading the run's as-at date: %w", err)
	}
	steps := []struct {
		what string
		load func(context.Context, *sql.DB) error
	}{
		{"board KPIs", d.loadKPIs},
		{"KPI definitions", d.loadDefinitions},
		{"monthly review timeliness", d.loadMonths},
		{"review participation", d.loadParticipation},
		{"mid-point monitoring by team", d.loadMidpoint},
		{"IRO challenges by category", d.loadChallenges},
		{"permanence outcomes", d.loadOutcomes},
		{"adoption scorecard", d.loadAdoption},
		{"reviews not assessable", d.loadNotAssessable},
	}
	for _, s := range steps {
		if err := s.load(ctx, db); err != nil {
			return nil, fmt.Errorf("reading %s: %w", s.what, err)
		}
	}
	return d, nil
}

// loadYears picks the report's year and the one before it.
func (d *data) loadYears(ctx context.Context, db *sql.DB, label string) error {
	rows, err := db.QueryContext(ctx, `
		SELECT reporting_year, year_start, year_end, eval_end, complete
		FROM core.reporting_years ORDER BY year_start`)
	if err != nil {
		return fmt.Errorf("reading reporting years: %w", err)
	}
	defer rows.Close()
	var years []year
	for rows.Next() {
		var y year
		if err := rows.Scan(&y.Label, &y.Start, &y.End, &y.EvalEnd, &y.Complete); err != nil {
			return fmt.Errorf("reading reporting years: %w", err)
		}
		years = append(years, y)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading reporting years: %w", err)
	}
	pick := -1
	for i, y := range years {
		if (label == "" && y.Complete) || y.Label == label {
			pick = i
		}
	}
	switch {
	case pick < 0 && len(years) == 0:
		return errors.New("the warehouse holds no reporting year")
	case pick < 0 && label == "":
		return fmt.Errorf("the warehouse holds no complete reporting year yet (the current one is %s): name it with --year to report on it so far",
			years[len(years)-1].Label)
	case pick < 0:
		return fmt.Errorf("no reporting year %q in the warehouse: it holds %s to %s", label, years[0].Label, years[len(years)-1].Label)
	}
	d.Year = years[pick]
	if pick > 0 {
		d.Previous = &years[pick-1]
	}
	return nil
}

func (d *data) previousLabel() string {
	if d.Previous == nil {
		return ""
	}
	return d.Previous.Label
}

func (d *data) loadKPIs(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `
		SELECT k.kpi_code, k.kpi_name, k.area, k.unit, k.better, k.availability = 'available',
			k.numerator, k.denominator, k.value, k.target, k.rag,
			coalesce(p.availability = 'available', false), p.numerator, p.denominator, p.value
		FROM marts.board_kpis k
		LEFT JOIN marts.board_kpis p ON p.kpi_code = k.kpi_code AND p.reporting_year = ?
		WHERE k.reporting_year = ?
		ORDER BY k.sort_order, k.kpi_code`, d.previousLabel(), d.Year.Label)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k kpi
		if err := rows.Scan(&k.Code, &k.Name, &k.Area, &k.Unit, &k.Better, &k.Available,
			&k.Numerator, &k.Denominator, &k.Value, &k.Target, &k.RAG,
			&k.PrevAvailable, &k.PrevNumerator, &k.PrevDenominator, &k.PrevValue); err != nil {
			return err
		}
		d.KPIs = append(d.KPIs, k)
	}
	return rows.Err()
}

func (d *data) loadDefinitions(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `
		SELECT kpi_code, kpi_name, area, definition, numerator_definition, denominator_definition,
			better, coalesce(source, ''), unit
		FROM marts.kpi_definitions ORDER BY sort_order, kpi_code`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var x definition
		if err := rows.Scan(&x.Code, &x.Name, &x.Area, &x.Definition, &x.Numerator, &x.Denominator,
			&x.Better, &x.Source, &x.Unit); err != nil {
			return err
		}
		d.Definitions = append(d.Definitions, x)
	}
	return rows.Err()
}

// loadMonths counts the reviews held in each month of the year (to the
// as-at date for the current year), every month listed.
func (d *data) loadMonths(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `
		SELECT CAST(date_trunc('month', held_date) AS DATE), count(*) FILTER (WHERE assessable), count(*) FILTER (WHERE on_time)
		FROM marts.lac_review_timeliness WHERE reporting_year = ?
		GROUP BY 1`, d.Year.Label)
	if err != nil {
		return err
	}
	defer rows.Close()
	counts := map[time.Time]month{}
	for rows.Next() {
		var m month
		if err := rows.Scan(&m.Start, &m.Held, &m.OnTime); err != nil {
			return err
		}
		counts[m.Start] = m
	}
	if err := rows.Err(); err != nil {
		return err
	}
	last := d.Year.End
	if d.Year.EvalEnd.Before(last) {
		last = d.Year.EvalEnd
	}
	for m := d.Year.Start; !m.After(last); m = m.AddDate(0, 1, 0) {
		c := counts[m]
		c.Start = m
		d.Months = append(d.Months, c)
	}
	return nil
}

func (d *data) loadParticipation(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `
		SELECT participation_code, in_participation_measure, sum(reviews)
		FROM marts.lac_review_participation WHERE reporting_year = ?
		GROUP BY ALL ORDER BY participation_code`, d.Year.Label)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var inMeasure sql.NullBool
		var n float64
		if err := rows.Scan(&code, &inMeasure, &n); err != nil {
			return err
		}
		switch {
		case !inMeasure.Valid:
			d.AgeUnknown += n
		case !inMeasure.Bool:
			d.Under4 += n
		default:
			d.Participation = append(d.Participation, labelled{code, n})
		}
	}
	return rows.Err()
}

func (d *data) loadMidpoint(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `
		SELECT team, monitored, intervals FROM marts.midpoint_monitoring_by_team
		WHERE reporting_year = ? ORDER BY team = 'not known', team`, d.Year.Label)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var t team
		if err := rows.Scan(&t.Team, &t.Monitored, &t.Intervals); err != nil {
			return err
		}
		d.Midpoint = append(d.Midpoint, t)
	}
	return rows.Err()
}

func (d *data) loadChallenges(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `
		SELECT value, challenges, challenges_previous_year FROM marts.iro_challenges_summary
		WHERE reporting_year = ? AND dimension = 'category' ORDER BY sort_order`, d.Year.Label)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c category
		if err := rows.Scan(&c.Category, &c.Challenges, &c.PreviousChallenges); err != nil {
			return err
		}
		d.Challenges = append(d.Challenges, c)
	}
	return rows.Err()
}

func (d *data) loadOutcomes(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `
		SELECT outcome, children, children_ceased, legal_permanence FROM marts.permanence_outcomes_summary
		WHERE reporting_year = ? ORDER BY sort_order`, d.Year.Label)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var o outcome
		if err := rows.Scan(&o.Outcome, &o.Children, &o.ChildrenCeased, &o.LegalPermanence); err != nil {
			return err
		}
		d.Outcomes = append(d.Outcomes, o)
	}
	return rows.Err()
}

func (d *data) loadAdoption(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `
		SELECT basis, a1_children, a1_average_days, a10_children, a10_average_days, a2_children, a2_average_days,
			a3_children_within, a3_children, a1_threshold_days, a2_threshold_days, a3_wait_days
		FROM marts.adoption_scorecard WHERE reporting_year = ? ORDER BY basis = '3_years'`, d.Year.Label)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a adoption
		if err := rows.Scan(&a.Basis, &a.A1Children, &a.A1Days, &a.A10Children, &a.A10Days, &a.A2Children, &a.A2Days,
			&a.A3Within, &a.A3Children, &a.A1Threshold, &a.A2Threshold, &a.A3WaitDays); err != nil {
			return err
		}
		d.Adoption = append(d.Adoption, a)
	}
	return rows.Err()
}

package publish

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Headline is one board KPI as the run summary shows it.
type Headline struct {
	Year        string
	Code, Name  string
	Numerator   float64
	Denominator float64
	Value       sql.NullFloat64
	Previous    sql.NullFloat64
	Target      sql.NullFloat64
	Better      string
	Unit        string
	RAG         sql.NullString
	// Unavailable says why the source cannot supply the KPI, when it
	// cannot (marts.board_kpis.availability_reason); "" when it can.
	Unavailable string
}

// Headlines reads the named board KPIs of the latest complete reporting
// year, in the order given.
func Headlines(ctx context.Context, db *sql.DB, codes []string) ([]Headline, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT reporting_year, kpi_code, kpi_name, numerator, denominator, value, previous_value, target, better, unit, rag,
			CASE WHEN availability <> 'available' THEN coalesce(availability_reason, availability) ELSE '' END
		FROM marts.board_kpis
		WHERE reporting_year = (SELECT max(reporting_year) FROM core.reporting_years WHERE complete)
			AND list_contains(string_split(?, ','), kpi_code)
		ORDER BY list_position(string_split(?, ','), kpi_code)`, strings.Join(codes, ","), strings.Join(codes, ","))
	if err != nil {
		return nil, fmt.Errorf("reading headline KPIs: %w", err)
	}
	defer rows.Close()
	var out []Headline
	for rows.Next() {
		var h Headline
		if err := rows.Scan(&h.Year, &h.Code, &h.Name, &h.Numerator, &h.Denominator, &h.Value, &h.Previous, &h.Target, &h.Better, &h.Unit, &h.RAG, &h.Unavailable); err != nil {
			return nil, fmt.Errorf("reading headline KPIs: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

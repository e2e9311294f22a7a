// Package sqlfiles holds the warehouse's SQL models, one per file, in the
// folders macros/ (the rules several models share), staging/, core/, marts/
// and ops/. Each file starts with a header:
//
//	-- model: marts.lac_review_timeliness
//	-- depends: core.lac_review_slots, core.calendar
//	-- materialize: table
//	-- description: One row per statutory LAC review held.
//	-- check: unique(review_id)
//	-- warn: expect(days_late < 365)
//
// then one SELECT. "check" lines are blocking data checks, "warn" lines
// are recorded and logged only. Any other key in the header is an error
// naming the file and line; a plain comment there has no colon.
// "materialize: macro" makes the file a DuckDB macro: its parameters and
// body, e.g. "(dob, on_date) AS …" (or "AS TABLE …"); its depends line
// names what the body reads, checked as a query's is.
//
// kpis/*.csv define the board KPIs (code, name, area, definition,
// numerator, denominator, better direction, default target, source, sort
// order); they are loaded into ops.kpi_catalogue before the models run.
package sqlfiles

import "embed"

// Files are the built-in models.
//
//go:embed macros staging core marts ops kpis
var Files embed.FS

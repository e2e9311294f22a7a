package report

import (
	"context"
	"database/sql"
	"html/template"
	"time"

	"carewh/config"
)

// Options choose what the report covers and how it is headed.
type Options struct {
	// Year is the reporting year ("2025-26"); empty means the latest
	// complete one.
	Year string
	// Title heads the report; the year follows it.
	Title string
	// Council names the council on the cover; may be empty.
	Council string
	// SuppressBelow: counts from 1 to SuppressBelow-1 are suppressed.
	SuppressBelow int
	// Headlines are the KPI codes the executive summary writes a sentence
	// about, in order.
	Headlines []string
	// Now is when the report was made (shown in its notes).
	Now time.Time
}

// OptionsFromConfig takes the report's options from a loaded config.
func OptionsFromConfig(cfg *config.Config) Options {
	return Options{
		Title:         cfg.Report.Title,
		Council:       cfg.Report.CouncilName,
		SuppressBelow: cfg.Report.SuppressBelow,
		Headlines:     cfg.Reporting.HeadlineKPIs,
		Now:           time.Now(),
	}
}

// Report is the board report as the page shows it: every figure already
// worded, formatted and suppressed.
type Report struct {
	Title, Council string
	Year           string
	PreviousYear   string
	Period         string // "1 April 2025 to 31 March 2026"
	Complete       bool
	YearEnd        string // the date "as at" figures are for: the year's end, or the as-at date
	AsOf           string
	RunID          string
	Generated      string
	Threshold      int

	// Context describes the service in the year; Headlines are the
	// headline KPIs as sentences; Overview sums up targets and trends.
	Context   []string
	Headlines []Headline
	Overview  []string

	Areas       []Area
	Figures     []Figure
	Definitions []DefinitionGroup
	// Suppressed lists what the report does not show, and why.
	Suppressed []string
}

// Headline is a headline KPI: a tile with its figure, and a sentence.
type Headline struct {
	KPIRow
	Sentence string
}

// Area is a group of KPIs in the KPI table.
type Area struct {
	Name string
	KPIs []KPIRow
}

// KPIRow is one line of the KPI table.
type KPIRow struct {
	Code, Name string
	Available  bool
	// NoData: the KPI had nothing to measure in the year.
	NoData bool
	// This and Last are the year's and last year's values; Basis says
	// what this year's rests on ("4,829 of 5,136").
	This, Basis, Last, Target, Better string
	// Change is the move since last year, ChangeClass better, worse or
	// same (for colour), and RAG the rating, RAGClass its colour.
	Change, ChangeClass string
	RAG, RAGClass       string
}

// Figure is a chart with its summary and its figures as a table.
type Figure struct {
	ID, Title, Summary string
	Chart              template.HTML
	// Note replaces the chart when there is nothing to draw.
	Note  string
	Table Table
}

// Table is a small table of figures: TextCols leading columns of text
// (at least the first), then numbers.
type Table struct {
	Head     []string
	Rows     [][]string
	TextCols int
}

// DefinitionGroup is the appendix's definitions of one area's KPIs.
type DefinitionGroup struct {
	Area string
	KPIs []DefinitionView
}

// DefinitionView is one KPI's definition as the appendix shows it.
type DefinitionView struct {
	Code, Name, Definition, Numerator, Denominator, Better, Target, Source string
}

// Build reads the warehouse and makes the report.
func Build(ctx context.Context, db *sql.DB, opts Options) (*Report, error) {
	d, err := load(ctx, db, opts.Year)
	if err != nil {
		return nil, err
	}
	return build(d, opts), nil
}

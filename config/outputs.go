package config

import (
	"path/filepath"
	"slices"
)

// Report configures `carewh report`, the IRO service's annual report to
// the board.
type Report struct {
	// Title heads the report; the reporting year follows it.
	Title string `yaml:"title"`
	// CouncilName names the council on the report's cover; empty leaves it
	// out.
	CouncilName string `yaml:"council_name"`
	// SuppressBelow hides small numbers that could identify a child: a
	// count from 1 to SuppressBelow-1 shows as "*", and so does any
	// percentage or average worked out from one. Zero counts are shown.
	// Absent or 0 means 5; suppression cannot be turned off.
	SuppressBelow int `yaml:"suppress_below"`
}

// Exports configures the files written for BI tools and people after each
// successful run.
type Exports struct {
	// Dir holds them: marts/<mart>.parquet and the tracker feed. Default
	// <data_dir>/exports.
	Dir string `yaml:"dir"`
	// Marts writes every table of the warehouse's marts schema as Parquet to
	// <dir>/marts/<mart>.parquet after each run, each file replaced
	// atomically. Default true.
	Marts *bool `yaml:"marts"`
	// TrackerFeed writes the permanence tracker after each run.
	TrackerFeed TrackerFeed `yaml:"tracker_feed"`
}

// TrackerFeed is the permanence tracker written after each run.
type TrackerFeed struct {
	// Format is xlsx, csv or parquet; empty writes no feed.
	Format string `yaml:"format"`
	// Path is the file written; default <exports.dir>/permanence-tracker.<format>.
	Path string `yaml:"path"`
	// SheetPerTeam adds one sheet per team after the sheet of all children
	// (xlsx only).
	SheetPerTeam bool `yaml:"sheet_per_team"`
}

// TrackerFormats are the formats the permanence tracker can be written in.
var TrackerFormats = []string{"xlsx", "csv", "parquet"}

// DefaultReportTitle heads the report unless report.title says otherwise.
const DefaultReportTitle = "Independent Reviewing Service Annual Report"

// applyOutputDefaults fills the report and exports keys the file left out.
func (c *Config) applyOutputDefaults() {
	if c.Report.Title == "" {
		c.Report.Title = DefaultReportTitle
	}
	setDefault(&c.Report.SuppressBelow, 5)
	if c.Exports.Dir == "" {
		c.Exports.Dir = filepath.Join(c.DataDir, "exports")
	}
	if c.Exports.Marts == nil {
		on := true
		c.Exports.Marts = &on
	}
	if f := &c.Exports.TrackerFeed; f.Format != "" && f.Path == "" {
		f.Path = filepath.Join(c.Exports.Dir, "permanence-tracker."+f.Format)
	}
}

// MartExportDir is where every mart is written as Parquet after a run.
func (c *Config) MartExportDir() string { return filepath.Join(c.Exports.Dir, "marts") }

// validateOutputs checks the report and exports keys.
func (c *Config) validateOutputs(add func(path, format string, args ...any)) {
	if c.Report.SuppressBelow < 2 {
		add("report.suppress_below", "must be at least 2 (suppression cannot be turned off), got %d", c.Report.SuppressBelow)
	}
	f := c.Exports.TrackerFeed
	if f.Format != "" && !slices.Contains(TrackerFormats, f.Format) {
		add("exports.tracker_feed.format", "must be one of %v, or empty for no feed, got %q", TrackerFormats, f.Format)
	}
	if f.Format == "" && f.Path != "" {
		add("exports.tracker_feed.path", "is set but exports.tracker_feed.format is empty: name a format (%v)", TrackerFormats)
	}
	if f.SheetPerTeam && f.Format != "xlsx" {
		add("exports.tracker_feed.sheet_per_team", "needs format xlsx, got %q", f.Format)
	}
}

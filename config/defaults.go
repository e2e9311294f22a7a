package config

import (
	"path/filepath"
)

// DefaultHeadlineKPIs are the figures an IRO annual report leads with:
// reviews on time, participation, mid-point monitoring, health assessments,
// challenges raised, permanence achieved.
var DefaultHeadlineKPIs = []string{
	"LAC_REVIEWS_ON_TIME", "LAC_PARTICIPATION", "MIDPOINT_MONITORED", "HEALTH_ASSESSMENT_IN_DATE",
	"CHALLENGES_RAISED", "PERMANENCE_LEGAL",
}

// applyDefaults fills every key the file left out.
func (c *Config) applyDefaults() {
	if c.DataDir == "" {
		c.DataDir = "./carewh-data"
	}
	if c.Source.Kind == "" {
		c.Source.Kind = "synthetic"
	}
	if c.Source.Path == "" {
		c.Source.Path = filepath.Join(c.DataDir, "source")
	}
	if c.Source.Synthetic.Scale == 0 {
		c.Source.Synthetic.Scale = 1
	}
	if c.Source.Synthetic.Seed == 0 {
		c.Source.Synthetic.Seed = 1
	}
	if c.Source.Database.ConnectTimeout == "" {
		c.Source.Database.ConnectTimeout = "30s"
	}
	if c.Source.Database.QueryTimeout == "" {
		c.Source.Database.QueryTimeout = "30m"
	}
	if c.Source.Database.Retries == 0 {
		c.Source.Database.Retries = 5
	}
	if c.Source.BatchRows == 0 {
		c.Source.BatchRows = 65536
	}
	if c.Reporting.YearStartMonth == 0 {
		c.Reporting.YearStartMonth = 4
	}
	if c.Reporting.MidpointMinIntervalDays == 0 {
		c.Reporting.MidpointMinIntervalDays = 42
	}
	if c.Reporting.LookedAfterMinDays == 0 {
		c.Reporting.LookedAfterMinDays = 28
	}
	if c.Reporting.ParticipationMinAge == 0 {
		c.Reporting.ParticipationMinAge = 4
	}
	if len(c.Reporting.HeadlineKPIs) == 0 {
		c.Reporting.HeadlineKPIs = DefaultHeadlineKPIs
	}
	setDefault(&c.Tracker.NoMatchAmberDays, 121)
	setDefault(&c.Tracker.NoMatchRedDays, 182)
	setDefault(&c.Tracker.PlacementsRed, 3)
	setDefault(&c.Tracker.NoPlanRedDays, 120)
	setDefault(&c.Adoption.A1ThresholdDays, 426)
	setDefault(&c.Adoption.A2ThresholdDays, 121)
	setDefault(&c.Adoption.A3WaitDays, 426)
	setDefault(&c.IRO.CaseloadMax, 70)
	if len(c.Education.TermStarts) == 0 {
		c.Education.TermStarts = []string{"09-01", "01-01", "04-15"}
	}
	if c.DuckDB.MemoryLimit == "" {
		c.DuckDB.MemoryLimit = "2GB"
	}
	if c.DuckDB.Threads == 0 {
		c.DuckDB.Threads = 2
	}
	if c.DuckDB.TempDir == "" {
		c.DuckDB.TempDir = filepath.Join(c.DataDir, "tmp")
	}
	if c.RAG.AmberTolerance == 0 {
		c.RAG.AmberTolerance = 0.05
	}
	c.Mappings = builtinMappings().merge(c.Mappings)
}

// LakeDir is where the Parquet lake lives.
func (c *Config) LakeDir() string { return filepath.Join(c.DataDir, "lake") }

// WarehousePath is the DuckDB warehouse file BI tools open.
func (c *Config) WarehousePath() string { return filepath.Join(c.DataDir, "warehouse.duckdb") }

func setDefault(v *int, def int) {
	if *v == 0 {
		*v = def
	}
}

package config

import (
	"path/filepath"
	"time"

	"github.com/robfig/cron/v3"
)

// DefaultHeadlineKPIs are the figures an IRO annual report leads with:
// reviews on time, participation, mid-point monitoring, health assessments,
// challenges raised, permanence achieved.
var DefaultHeadlineKPIs = []string{
	"LAC_REVIEWS_ON_TIME", "LAC_PARTICIPATION", "MIDPOINT_MONITORED", "HEALTH_ASSESSMENT_IN_DATE",
	"CHALLENGES_RAISED", "PERMANENCE_LEGAL",
}

// DefaultCINHeadlineKPIs lead for a CIN census source, which holds child
// protection and no looked-after children: conferences and reviews on time.
var DefaultCINHeadlineKPIs = []string{
	"CP_ICPC_ON_TIME", "CP_REVIEWS_ON_TIME", "CP_CHILDREN_ALL_REVIEWS_ON_TIME",
}

// applyDefaults fills every key the file left out.
func (c *Config) applyDefaults() {
	setDefault(&c.DataDir, "./carewh-data")
	setDefault(&c.Source.Kind, SourceSynthetic)
	setDefault(&c.Source.Path, filepath.Join(c.DataDir, "source"))
	setDefault(&c.Source.Synthetic.Scale, 1)
	setDefault(&c.Source.Synthetic.Seed, 1)
	setDefault(&c.Source.Database.ConnectTimeout, "30s")
	setDefault(&c.Source.Database.QueryTimeout, "30m")
	setDefault(&c.Source.Database.Retries, 5)
	setDefault(&c.Source.BatchRows, 65536)
	setDefault(&c.Reporting.YearStartMonth, 4)
	setDefault(&c.Reporting.MidpointMinIntervalDays, 42)
	setDefault(&c.Reporting.LookedAfterMinDays, 28)
	setDefault(&c.Reporting.ParticipationMinAge, 4)
	if len(c.Reporting.HeadlineKPIs) == 0 {
		c.Reporting.HeadlineKPIs = DefaultHeadlineKPIs
		if c.Source.Kind == SourceCINCensus {
			c.Reporting.HeadlineKPIs = DefaultCINHeadlineKPIs
		}
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
	setDefault(&c.GoMemoryLimit, "900MiB")
	setDefault(&c.DuckDB.MemoryLimit, "2GB")
	setDefault(&c.DuckDB.Threads, 2)
	setDefault(&c.DuckDB.TempDir, filepath.Join(c.DataDir, "tmp"))
	setDefault(&c.RAG.AmberTolerance, 0.05)
	c.Mappings = builtinMappings().merge(c.Mappings)
	c.applyOutputDefaults()
	for i := range c.Pipelines {
		p := &c.Pipelines[i]
		if p.TimeZone == "" {
			p.TimeZone = DefaultTimeZone
		}
		if p.Freshness == "" {
			if s, err := ParseSchedule(*p); err == nil {
				p.Freshness = defaultFreshness(s, p.Location()).String()
			}
		}
	}
	setDefault(&c.Serve.Listen, "127.0.0.1:8089")
	setDefault(&c.Serve.GracePeriod, "5m")
	setDefault(&c.Serve.LockWait, "10m")
	setDefault(&c.Serve.SQL.UsersFile, filepath.Join(c.DataDir, "sql-users"))
	setDefault(&c.Serve.SQL.MaxConnections, 20)
	setDefault(&c.Serve.SQL.QueryTimeout, "5m")
	setDefault(&c.Serve.SQL.MaxRows, 5_000_000)
	setDefault(&c.Serve.SQL.MaxBytes, 2<<30)
	setDefault(&c.Retry.Attempts, 4)
	setDefault(&c.Retry.InitialBackoff, "1m")
	setDefault(&c.Retry.MaxBackoff, "15m")
	setDefault(&c.Retry.Deadline, "2h")
	// Case systems close records rather than delete them: a nightly extract
	// loses or deletes well under 1% of a table (merged duplicates, records
	// entered in error). A tenth is far beyond that and far below what a cut
	// file (half of it) or a header-only one loses.
	setDefault(&c.PublishGuard.MaxRowLoss, 0.10)
	setDefault(&c.PublishGuard.MaxDeletions, 0.10)
	setDefault(&c.PublishGuard.MinRows, 10)
}

// DefaultTimeZone is the time zone pipeline schedules are read in unless
// a pipeline names another.
const DefaultTimeZone = "Europe/London"

// ParseSchedule parses a pipeline's schedule in its time zone: a standard
// 5-field cron spec or a descriptor such as @daily.
func ParseSchedule(p Pipeline) (cron.Schedule, error) {
	return cron.ParseStandard(p.CronSpec())
}

// defaultFreshness is twice the longest gap between two consecutive runs of
// a schedule over a year (so a schedule that skips weekends, or a daylight
// saving change, never makes a healthy pipeline look stale). The year is a
// fixed one, so the default does not depend on the day carewh starts.
func defaultFreshness(s cron.Schedule, loc *time.Location) time.Duration {
	if every, ok := s.(cron.ConstantDelaySchedule); ok {
		return 2 * every.Delay
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, loc)
	end := start.AddDate(1, 0, 0)
	var longest time.Duration
	prev := s.Next(start)
	for i := 0; i < 2000 && !prev.IsZero() && prev.Before(end); i++ {
		next := s.Next(prev)
		if next.IsZero() {
			break
		}
		longest = max(longest, next.Sub(prev))
		prev = next
	}
	if longest == 0 {
		longest = 24 * time.Hour
	}
	return 2 * longest
}

// LakeDir is where the Parquet lake lives.
func (c *Config) LakeDir() string { return filepath.Join(c.DataDir, "lake") }

// WarehousePath is the DuckDB warehouse file BI tools open.
func (c *Config) WarehousePath() string { return filepath.Join(c.DataDir, "warehouse.duckdb") }

// LockPath is the lock file that lets one process at a time write the lake
// and the warehouse.
func (c *Config) LockPath() string { return filepath.Join(c.DataDir, "carewh.lock") }

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

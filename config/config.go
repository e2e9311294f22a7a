// Package config holds carewh's configuration: its types, strict loading
// from YAML, validation that reports every problem at once, and the data
// files (bank holidays, description→code mappings) that ship with it.
package config

import "time"

// Config is a whole carewh configuration file.
type Config struct {
	Version   int       `yaml:"version"`
	DataDir   string    `yaml:"data_dir"`
	Source    Source    `yaml:"source"`
	Reporting Reporting `yaml:"reporting"`
	Tracker   Tracker   `yaml:"tracker"`
	Adoption  Adoption  `yaml:"adoption"`
	Education Education `yaml:"education"`
	IRO       IRO       `yaml:"iro"`
	Privacy   Privacy   `yaml:"privacy"`
	DuckDB    DuckDB    `yaml:"duckdb"`
	// GoMemoryLimit is the soft limit carewh's own (Go) memory is kept to,
	// such as 900MiB: the garbage collector works harder as it nears it
	// instead of letting the heap double. GOMEMLIMIT overrides it.
	GoMemoryLimit string         `yaml:"go_memory_limit"`
	Calendar      Calendar       `yaml:"calendar"`
	Targets       map[string]KPI `yaml:"targets"`
	RAG           RAG            `yaml:"rag"`
	Mappings      CodeMappings   `yaml:"mappings"`
	Pipelines     []Pipeline     `yaml:"pipelines"`
	Serve         Serve          `yaml:"serve"`
	Retry         Retry          `yaml:"retry"`
	PublishGuard  PublishGuard   `yaml:"publish_guard"`
	Report        Report         `yaml:"report"`
	Exports       Exports        `yaml:"exports"`
}

// Source says where case-system data comes from.
type Source struct {
	// Kind names a registered source: synthetic or ssdcsv.
	Kind string `yaml:"kind"`
	// Path is the folder of CSV files (ssdcsv), or where the synthetic
	// case system is written when absent (synthetic).
	Path      string    `yaml:"path"`
	Synthetic Synthetic `yaml:"synthetic"`
	// Columns overrides source column names per canonical table:
	// columns: {cla_reviews: {review_date: clar_review_dt}}.
	Columns map[string]map[string]string `yaml:"columns"`
	// BatchRows is how many rows each Arrow record batch holds.
	BatchRows int `yaml:"batch_rows"`
	// Database configures the ssddb source.
	Database Database `yaml:"database"`
	// HistoryStart (YYYY-MM-DD) is the date an SSD export's history begins:
	// a child whose first episode in the source starts on or before it
	// with a reason other than S was already looked after, and the start
	// of that period of care is unknown (docs/domain.md §3a). Empty means
	// the earliest episode start in the source. An SSDA903 source takes
	// it from its earliest collection year instead.
	HistoryStart string `yaml:"history_start"`
}

// HistoryStartDate parses Source.HistoryStart; ok is false when it is
// empty or not a date.
func (c *Config) HistoryStartDate() (time.Time, bool) {
	d, err := time.Parse(time.DateOnly, c.Source.HistoryStart)
	return d, err == nil
}

// Database is a case-system reporting database holding SSD tables. The
// password never appears here: it comes from CAREWH_SOURCE_PASSWORD or the
// file CAREWH_SOURCE_PASSWORD_FILE names.
type Database struct {
	// URL names the server, database and user, without a password:
	// postgres://carewh@db.example:5432/ssd?sslmode=require or
	// sqlserver://carewh@sql.example:1433?database=ssd.
	URL string `yaml:"url"`
	// Schema holds the ssd_* tables (default public for PostgreSQL, dbo for
	// SQL Server).
	Schema string `yaml:"schema"`
	// Tables overrides source table names: canonical table → table name.
	Tables map[string]string `yaml:"tables"`
	// ConnectTimeout bounds each connection attempt; QueryTimeout each table.
	ConnectTimeout string `yaml:"connect_timeout"`
	QueryTimeout   string `yaml:"query_timeout"`
	// Retries is how many times a transient failure is retried, with
	// exponential backoff and jitter.
	Retries int `yaml:"retries"`
}

// Synthetic configures the built-in synthetic case system.
type Synthetic struct {
	Seed  int64 `yaml:"seed"`
	Scale int   `yaml:"scale"`
}

// Reporting holds the local choices the metrics depend on (domain.md §4).
type Reporting struct {
	// AsOf is the date "as at" measures are computed for; empty means today.
	AsOf string `yaml:"as_of"`
	// KnownAt rebuilds the warehouse from the data as it was known at this
	// time (a date, or an RFC 3339 time), from the lake's history; empty
	// means as known now.
	KnownAt string `yaml:"known_at"`
	// YearStartMonth is the first month of the reporting year (4: April).
	YearStartMonth int `yaml:"year_start_month"`
	// MidpointMinIntervalDays excludes shorter review intervals from the
	// mid-point monitoring denominator.
	MidpointMinIntervalDays int `yaml:"midpoint_min_interval_days"`
	// LookedAfterMinDays is the "looked after for 4 weeks" threshold of the
	// child-level review timeliness measure.
	LookedAfterMinDays int `yaml:"looked_after_min_days"`
	// ParticipationMinAge is the age from which participation is measured.
	ParticipationMinAge int `yaml:"participation_min_age"`
	// HeadlineKPIs are the KPI codes `carewh run` prints, in order.
	HeadlineKPIs []string `yaml:"headline_kpis"`
}

// Tracker holds the permanence tracker's RAG thresholds (local choices).
type Tracker struct {
	// A placement order this many days old without a match is amber, and
	// red from red days.
	NoMatchAmberDays int `yaml:"placement_order_no_match_amber_days"`
	NoMatchRedDays   int `yaml:"placement_order_no_match_red_days"`
	// This many placements in the last 12 months is red.
	PlacementsRed int `yaml:"placements_12_months_red"`
	// A child looked after this many days with no permanence plan is red
	// even before review 2 is due.
	NoPlanRedDays int `yaml:"no_plan_red_days"`
}

// Adoption holds the adoption scorecard thresholds (DfE).
type Adoption struct {
	// A1/A10: days from entering care to moving in with the adoptive family.
	A1ThresholdDays int `yaml:"a1_threshold_days"`
	// A2: days from placement order to match.
	A2ThresholdDays int `yaml:"a2_threshold_days"`
	// A3: children who waited less than this many days.
	A3WaitDays int `yaml:"a3_wait_days"`
}

// Education holds the school terms PEP reviews are counted in.
type Education struct {
	// TermStarts are the month-day (MM-DD) each term starts, in order
	// through the school year; a term runs to the day before the next.
	TermStarts []string `yaml:"term_starts"`
}

// IRO holds IRO service settings.
type IRO struct {
	// CaseloadMax is the IRO Handbook's upper caseload per full-time IRO.
	CaseloadMax int `yaml:"caseload_max"`
}

// Privacy controls pseudonymisation. The HMAC key itself never comes from
// this file: it is read from CAREWH_HMAC_KEY or the file CAREWH_HMAC_KEY_FILE
// names.
type Privacy struct {
	// DemoKeyFile lets a demo create a random key in data_dir when neither
	// environment variable is set. Never set it for real data.
	DemoKeyFile bool `yaml:"demo_key_file"`
	// KeepUPN keeps pupil numbers, pseudonymised; by default they are dropped.
	KeepUPN bool `yaml:"keep_upn"`
}

// DuckDB sets the resources each warehouse connection may use.
type DuckDB struct {
	MemoryLimit string `yaml:"memory_limit"`
	Threads     int    `yaml:"threads"`
	TempDir     string `yaml:"temp_directory"`
}

// Calendar names the bank-holiday list; empty means the built-in one.
type Calendar struct {
	BankHolidays string `yaml:"bank_holidays"`
}

// KPI is a board KPI's target.
type KPI struct {
	Target float64 `yaml:"target"`
}

// RAG sets how far below target a KPI may be and still be amber, in the
// KPI's own units (0.05 = five percentage points).
type RAG struct {
	AmberTolerance float64 `yaml:"amber_tolerance"`
}

// CodeMappings maps, per code list, a case system's description to a code.
type CodeMappings map[string]map[string]string

// Pipeline is a named schedule on which `carewh serve` runs the whole
// pipeline (the one configured source through to the warehouse). Names tell
// runs apart in the run ledger, the metrics and the HTTP API: a nightly
// extract, an intraday tracker refresh and weekly board figures are three
// pipelines of one source.
type Pipeline struct {
	// Name is lower case letters, digits, '-' and '_'.
	Name string `yaml:"name"`
	// Schedule is a standard 5-field cron spec ("30 2 * * *") or a
	// descriptor (@daily, @weekly, @every 4h).
	Schedule string `yaml:"schedule"`
	// TimeZone is the IANA zone the schedule is read in (Europe/London).
	TimeZone string `yaml:"time_zone"`
	// Freshness is how old the last successful run may be before /healthz
	// reports the pipeline stale; default twice the longest gap between two
	// of its scheduled runs.
	Freshness string `yaml:"freshness"`
}

// Serve configures `carewh serve`.
type Serve struct {
	// Listen is the loopback address of the HTTP endpoints.
	Listen string `yaml:"listen"`
	// GracePeriod is how long a running pipeline may go on after SIGTERM
	// before it is cancelled.
	GracePeriod string `yaml:"grace_period"`
	// LockWait is how long a run waits for another process holding the
	// data folder's lock (serve and `carewh run` alike).
	LockWait string `yaml:"lock_wait"`
	// TokenFile, if set, names a file holding a token that POST requests
	// must carry as "Authorization: Bearer <token>".
	TokenFile string `yaml:"token_file"`
	// SQL is the read-only PostgreSQL-protocol endpoint for BI tools.
	SQL ServeSQL `yaml:"sql"`
}

// ServeSQL is `carewh serve`'s PostgreSQL-protocol listener over the
// current warehouse: read-only, for BI tools' PostgreSQL connectors. Off
// unless Listen is set.
type ServeSQL struct {
	// Listen is host:port, e.g. 127.0.0.1:5433; empty turns it off.
	Listen string `yaml:"listen"`
	// UsersFile holds the users and their bcrypt password hashes, managed
	// with `carewh users` (default data_dir/sql-users).
	UsersFile string `yaml:"users_file"`
	// TLSCert and TLSKey are PEM files; TLS is required off loopback.
	TLSCert string `yaml:"tls_cert"`
	TLSKey  string `yaml:"tls_key"`
	// MaxConnections bounds the clients connected at once.
	MaxConnections int `yaml:"max_connections"`
	// QueryTimeout cancels a query that runs longer.
	QueryTimeout string `yaml:"query_timeout"`
	// MaxRows and MaxBytes bound one result: a query past either fails
	// with an error saying so rather than exhausting the server.
	MaxRows  int64 `yaml:"max_rows"`
	MaxBytes int64 `yaml:"max_bytes"`
}

// Enabled reports whether the SQL endpoint is configured.
func (s ServeSQL) Enabled() bool { return s.Listen != "" }

// QueryTimeoutDuration is QueryTimeout, parsed.
func (s ServeSQL) QueryTimeoutDuration() time.Duration { return duration(s.QueryTimeout) }

// Retry says how `carewh serve` retries a run that failed on a transient
// source error (a refused connection, a timeout, a deadlock, a held lock).
type Retry struct {
	// Attempts counts every attempt, the first included: 1 never retries.
	Attempts int `yaml:"attempts"`
	// InitialBackoff is the wait before the first retry; each later wait
	// doubles, up to MaxBackoff, less up to half of it at random (jitter).
	InitialBackoff string `yaml:"initial_backoff"`
	MaxBackoff     string `yaml:"max_backoff"`
	// Deadline bounds a run's retries: no attempt starts later than this
	// after the first one started.
	Deadline string `yaml:"deadline"`
}

// PublishGuard holds a run whose extract looks truncated instead of
// publishing it: before the warehouse is swapped, each table is compared
// with the last published run. A table that had rows and now has none, or
// that lost or deleted more than these shares of its rows, holds the run
// (status held): the lake is written, the warehouse is not swapped, and
// /healthz says why, until `carewh run --accept-shrink TABLE` or an extract
// that is whole again.
type PublishGuard struct {
	// MaxRowLoss is the largest share of a table's rows (0–1) it may lose
	// in one run: (rows before − rows now) / rows before.
	MaxRowLoss float64 `yaml:"max_row_loss"`
	// MaxDeletions is the largest share of a table's rows (0–1) one run
	// may delete, whatever it inserts: a swapped or re-keyed extract keeps
	// its row count but deletes nearly every row.
	MaxDeletions float64 `yaml:"max_deletions"`
	// MinRows is the fewest rows a table must lose (or have deleted) for
	// the shares above to hold a run, so that a small table's ordinary
	// change (2 of 13 workers leaving) is not taken for a cut extract. A
	// table left with no rows is held whatever its size.
	MinRows int `yaml:"min_rows"`
}

// GraceDuration is Serve.GracePeriod, parsed.
func (s Serve) GraceDuration() time.Duration { return duration(s.GracePeriod) }

// LockWaitDuration is Serve.LockWait, parsed.
func (s Serve) LockWaitDuration() time.Duration { return duration(s.LockWait) }

// InitialBackoffDuration is Retry.InitialBackoff, parsed.
func (r Retry) InitialBackoffDuration() time.Duration { return duration(r.InitialBackoff) }

// MaxBackoffDuration is Retry.MaxBackoff, parsed.
func (r Retry) MaxBackoffDuration() time.Duration { return duration(r.MaxBackoff) }

// DeadlineDuration is Retry.Deadline, parsed.
func (r Retry) DeadlineDuration() time.Duration { return duration(r.Deadline) }

// FreshnessDuration is Pipeline.Freshness, parsed.
func (p Pipeline) FreshnessDuration() time.Duration { return duration(p.Freshness) }

// Location is the pipeline's time zone (UTC if it does not load, which a
// validated config rules out).
func (p Pipeline) Location() *time.Location {
	if loc, err := time.LoadLocation(p.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// CronSpec is the schedule with its time zone, as robfig/cron parses it.
func (p Pipeline) CronSpec() string { return "CRON_TZ=" + p.TimeZone + " " + p.Schedule }

// duration parses a validated duration; an invalid one is zero.
func duration(s string) time.Duration {
	d, _ := time.ParseDuration(s)
	return d
}

// KnownAt parses Reporting.KnownAt: a date means the end of that day (UTC).
func (c *Config) KnownAt() (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, c.Reporting.KnownAt); err == nil {
		return t, true
	}
	if d, err := time.Parse(time.DateOnly, c.Reporting.KnownAt); err == nil {
		return d.Add(24*time.Hour - time.Nanosecond), true
	}
	return time.Time{}, false
}

// AsOfDate is the reporting "as at" date: Reporting.AsOf, or today in UTC.
func (c *Config) AsOfDate(now time.Time) time.Time {
	if c.Reporting.AsOf != "" {
		if d, err := time.Parse(time.DateOnly, c.Reporting.AsOf); err == nil {
			return d
		}
	}
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

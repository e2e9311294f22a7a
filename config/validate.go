package config

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London must load on a server without a zoneinfo folder

	"carewh/canonical"
)

// Validate checks the whole config and returns every problem, each
// prefixed with its path in the file.
func (c *Config) Validate() error {
	var errs []error
	add := func(path, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...)))
	}
	c.validateSource(add)
	c.validateReporting(add)
	c.validateThresholds(add)
	c.validateResources(add)
	c.validateMappings(add)
	validatePipelines(c.Pipelines, add)
	validateServe(c.Serve, add)
	validateServeSQL(c.Serve.SQL, add)
	validateRetry(c.Retry, add)
	c.validateOutputs(add)
	c.validateKPICodes(add)
	return errors.Join(errs...)
}

// adder records a problem at a path of the config.
type adder = func(path, format string, args ...any)

func (c *Config) validateSource(add adder) {
	if !slices.Contains(SourceKinds, c.Source.Kind) {
		add("source.kind", "unknown source %q (known: %v)", c.Source.Kind, SourceKinds)
	}
	if c.Source.Synthetic.Scale < 1 {
		add("source.synthetic.scale", "must be at least 1, got %d", c.Source.Synthetic.Scale)
	}
	if c.Source.Kind == SourceSSDDB {
		validateDatabase(c.Source.Database, add)
	}
	if c.Source.BatchRows < 1 {
		add("source.batch_rows", "must be at least 1, got %d", c.Source.BatchRows)
	}
	for _, table := range slices.Sorted(maps.Keys(c.Source.Columns)) {
		t, err := canonical.Lookup(table)
		if err != nil {
			add("source.columns."+table, "%v", err)
			continue
		}
		for _, col := range slices.Sorted(maps.Keys(c.Source.Columns[table])) {
			if _, ok := t.Column(col); !ok {
				add("source.columns."+table+"."+col, "table %s has no column %q", table, col)
			}
		}
	}
	if c.Source.HistoryStart != "" {
		if _, ok := c.HistoryStartDate(); !ok {
			add("source.history_start", "must be a date as YYYY-MM-DD, got %q", c.Source.HistoryStart)
		} else if c.Source.Kind == SourceSSDA903 || c.Source.Kind == SourceCINCensus {
			add("source.history_start", "applies to SSD sources only: the %s source takes its coverage from its collection years", c.Source.Kind)
		}
	}
}

func (c *Config) validateReporting(add adder) {
	if c.Reporting.AsOf != "" {
		if _, err := time.Parse(time.DateOnly, c.Reporting.AsOf); err != nil {
			add("reporting.as_of", "must be a date as YYYY-MM-DD, got %q", c.Reporting.AsOf)
		}
	}
	if c.Reporting.KnownAt != "" {
		if _, ok := c.KnownAt(); !ok {
			add("reporting.known_at", "must be a date (YYYY-MM-DD) or an RFC 3339 time, got %q", c.Reporting.KnownAt)
		}
	}
	if m := c.Reporting.YearStartMonth; m < 1 || m > 12 {
		add("reporting.year_start_month", "must be 1–12, got %d", m)
	}
	if c.Reporting.MidpointMinIntervalDays < 0 {
		add("reporting.midpoint_min_interval_days", "must not be negative")
	}
	if c.Reporting.LookedAfterMinDays < 0 {
		add("reporting.looked_after_min_days", "must not be negative")
	}
	for i, day := range c.Education.TermStarts {
		if _, err := time.Parse("01-02", day); err != nil {
			add(fmt.Sprintf("education.term_starts[%d]", i), "must be MM-DD, got %q", day)
		}
	}
}

// validateThresholds checks the local choices the marts compare against.
func (c *Config) validateThresholds(add adder) {
	thresholds := map[string]int{
		"tracker.placement_order_no_match_amber_days": c.Tracker.NoMatchAmberDays,
		"tracker.placement_order_no_match_red_days":   c.Tracker.NoMatchRedDays,
		"tracker.placements_12_months_red":            c.Tracker.PlacementsRed,
		"tracker.no_plan_red_days":                    c.Tracker.NoPlanRedDays,
		"adoption.a1_threshold_days":                  c.Adoption.A1ThresholdDays,
		"adoption.a2_threshold_days":                  c.Adoption.A2ThresholdDays,
		"adoption.a3_wait_days":                       c.Adoption.A3WaitDays,
		"iro.caseload_max":                            c.IRO.CaseloadMax,
	}
	for _, path := range slices.Sorted(maps.Keys(thresholds)) {
		if v := thresholds[path]; v < 1 {
			add(path, "must be at least 1, got %d", v)
		}
	}
	if c.Tracker.NoMatchAmberDays > c.Tracker.NoMatchRedDays {
		add("tracker.placement_order_no_match_amber_days", "must not exceed placement_order_no_match_red_days")
	}
	if c.PublishGuard.MinRows < 0 {
		add("publish_guard.min_rows", "must not be negative, got %d", c.PublishGuard.MinRows)
	}
	if c.RAG.AmberTolerance < 0 {
		add("rag.amber_tolerance", "must not be negative")
	}
	shares := map[string]float64{"publish_guard.max_row_loss": c.PublishGuard.MaxRowLoss, "publish_guard.max_deletions": c.PublishGuard.MaxDeletions}
	for _, path := range slices.Sorted(maps.Keys(shares)) {
		if v := shares[path]; v <= 0 || v > 1 {
			add(path, "must be a share above 0 and at most 1 (1 turns the check off), got %v", v)
		}
	}
}

// validateResources checks memory, threads and the files the run reads.
func (c *Config) validateResources(add adder) {
	if _, err := ParseBytes(c.GoMemoryLimit); err != nil {
		add("go_memory_limit", "%v", err)
	}
	if _, err := ParseDuckDBMemory(c.DuckDB.MemoryLimit); err != nil {
		add("duckdb.memory_limit", "%v", err)
	}
	if c.DuckDB.Threads < 1 {
		add("duckdb.threads", "must be at least 1, got %d", c.DuckDB.Threads)
	}
	if f := c.Calendar.BankHolidays; f != "" {
		if _, err := os.Stat(f); err != nil {
			add("calendar.bank_holidays", "%v", err)
		}
	}
}

func (c *Config) validateMappings(add adder) {
	for _, list := range slices.Sorted(maps.Keys(c.Mappings)) {
		if _, ok := canonical.CodeLists[list]; !ok {
			add("mappings."+list, "no such code list")
			continue
		}
		for _, description := range slices.Sorted(maps.Keys(c.Mappings[list])) {
			if code := c.Mappings[list][description]; !canonical.HasCode(list, code) {
				add("mappings."+list, "%q maps to %q, which is not a %s code", description, code, list)
			}
		}
	}
}

// pipelineName is what a pipeline name may be: it appears in URLs, metric
// labels and file names.
var pipelineName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

func validatePipelines(ps []Pipeline, add func(path, format string, args ...any)) {
	seen := map[string]int{}
	for i, p := range ps {
		at := fmt.Sprintf("pipelines[%d].", i)
		switch first, dup := seen[p.Name]; {
		case p.Name == "":
			add(at+"name", "is required")
		case !pipelineName.MatchString(p.Name):
			add(at+"name", "must be lower case letters, digits, '-' and '_', got %q", p.Name)
		case dup:
			add(at+"name", "%q is also the name of pipelines[%d]", p.Name, first)
		default:
			seen[p.Name] = i
		}
		_, tzErr := time.LoadLocation(p.TimeZone)
		if tzErr != nil {
			add(at+"time_zone", "unknown time zone %q", p.TimeZone)
		}
		switch {
		case strings.TrimSpace(p.Schedule) == "":
			add(at+"schedule", "is required: a cron spec such as \"30 2 * * *\" or a descriptor such as @daily")
		case strings.HasPrefix(p.Schedule, "TZ=") || strings.HasPrefix(p.Schedule, "CRON_TZ="):
			add(at+"schedule", "name the time zone in time_zone, not in the schedule")
		case tzErr == nil:
			if _, err := ParseSchedule(p); err != nil {
				add(at+"schedule", "%v (want 5 fields, minute hour day-of-month month day-of-week, or @daily, @weekly, @every 4h ...)", err)
			}
		}
		// An empty freshness is one the schedule's own error left underived.
		if d, err := time.ParseDuration(p.Freshness); p.Freshness != "" && (err != nil || d <= 0) {
			add(at+"freshness", "must be a positive duration such as 26h, got %q", p.Freshness)
		}
	}
}

func validateServe(s Serve, add func(path, format string, args ...any)) {
	if host, _, err := net.SplitHostPort(s.Listen); err != nil {
		add("serve.listen", "must be host:port, got %q", s.Listen)
	} else if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		add("serve.listen", "must be a loopback address such as 127.0.0.1:8089 (only POST can require a token: put a reverse proxy in front to expose the endpoints), got %q", s.Listen)
	}
	if s.TokenFile != "" {
		if _, err := os.Stat(s.TokenFile); err != nil {
			add("serve.token_file", "%v", err)
		}
	}
	for _, d := range []struct{ path, value string }{{"serve.grace_period", s.GracePeriod}, {"serve.lock_wait", s.LockWait}} {
		if v, err := time.ParseDuration(d.value); err != nil || v < 0 {
			add(d.path, "must be a duration such as 30s or 10m, got %q", d.value)
		}
	}
}

// validateServeSQL checks the SQL endpoint's settings: off loopback it
// must have TLS, since passwords cross the network.
func validateServeSQL(s ServeSQL, add func(path, format string, args ...any)) {
	if !s.Enabled() {
		return
	}
	host, _, err := net.SplitHostPort(s.Listen)
	if err != nil {
		add("serve.sql.listen", "must be host:port such as 127.0.0.1:5433, got %q", s.Listen)
	} else if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) && (s.TLSCert == "" || s.TLSKey == "") {
		add("serve.sql.listen", "%q is not a loopback address: passwords would cross the network, so set serve.sql.tls_cert and serve.sql.tls_key", s.Listen)
	}
	if (s.TLSCert == "") != (s.TLSKey == "") {
		add("serve.sql.tls_cert", "tls_cert and tls_key go together")
	}
	for _, f := range []struct{ path, value string }{{"serve.sql.tls_cert", s.TLSCert}, {"serve.sql.tls_key", s.TLSKey}} {
		if f.value != "" {
			if _, err := os.Stat(f.value); err != nil {
				add(f.path, "%v", err)
			}
		}
	}
	if s.MaxConnections < 1 {
		add("serve.sql.max_connections", "must be at least 1, got %d", s.MaxConnections)
	}
	if d, err := time.ParseDuration(s.QueryTimeout); err != nil || d <= 0 {
		add("serve.sql.query_timeout", "must be a positive duration such as 5m, got %q", s.QueryTimeout)
	}
	if s.MaxRows < 1 {
		add("serve.sql.max_rows", "must be at least 1, got %d", s.MaxRows)
	}
	if s.MaxBytes < 1 {
		add("serve.sql.max_bytes", "must be at least 1, got %d", s.MaxBytes)
	}
}

func validateRetry(r Retry, add func(path, format string, args ...any)) {
	if r.Attempts < 1 {
		add("retry.attempts", "must be at least 1 (1 never retries), got %d", r.Attempts)
	}
	for _, d := range []struct{ path, value string }{
		{"retry.initial_backoff", r.InitialBackoff}, {"retry.max_backoff", r.MaxBackoff}, {"retry.deadline", r.Deadline},
	} {
		if v, err := time.ParseDuration(d.value); err != nil || v <= 0 {
			add(d.path, "must be a positive duration such as 30s or 10m, got %q", d.value)
		}
	}
	if r.MaxBackoffDuration() < r.InitialBackoffDuration() {
		add("retry.max_backoff", "must not be shorter than retry.initial_backoff")
	}
}

func validateDatabase(d Database, add func(path, format string, args ...any)) {
	u, err := url.Parse(d.URL)
	switch {
	case d.URL == "":
		add("source.database.url", "is required for the ssddb source")
	case err != nil:
		add("source.database.url", "%v", err)
	case u.Scheme != "postgres" && u.Scheme != "postgresql" && u.Scheme != "sqlserver":
		add("source.database.url", "must start postgres:// or sqlserver://, got %q", u.Scheme+"://")
	default:
		if _, has := u.User.Password(); has {
			add("source.database.url", "must not hold a password: set CAREWH_SOURCE_PASSWORD or CAREWH_SOURCE_PASSWORD_FILE")
		}
	}
	for path, v := range map[string]string{"source.database.connect_timeout": d.ConnectTimeout, "source.database.query_timeout": d.QueryTimeout} {
		if _, err := time.ParseDuration(v); err != nil {
			add(path, "must be a duration such as 30s or 10m, got %q", v)
		}
	}
	if d.Retries < 0 {
		add("source.database.retries", "must not be negative")
	}
	for _, table := range slices.Sorted(maps.Keys(d.Tables)) {
		if _, err := canonical.Lookup(table); err != nil {
			add("source.database.tables."+table, "%v", err)
		}
	}
}

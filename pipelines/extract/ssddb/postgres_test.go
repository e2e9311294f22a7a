package ssddb

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"carewh/canonical"
	"carewh/pipelines/extract/ssddb/ssddbtest"
)

// pgFixture is a fresh schema on the test server.
type pgFixture struct {
	url    string
	db     *sql.DB
	schema string
}

func newPGFixture(t *testing.T) pgFixture {
	t.Helper()
	u := ssddbtest.URL(t)
	db := ssddbtest.Open(t, u)
	return pgFixture{url: u, db: db, schema: ssddbtest.Schema(t, db)}
}

func (f pgFixture) exec(t *testing.T, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := f.db.Exec(strings.ReplaceAll(s, "S.", f.schema+".")); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// open opens a source on the fixture's schema; logs collects its log.
func (f pgFixture) open(t *testing.T, opts Options, logs *bytes.Buffer) *Source {
	t.Helper()
	if opts.URL == "" {
		opts.URL = f.url
	}
	opts.Schema = f.schema
	if logs != nil {
		opts.Log = slog.New(slog.NewTextHandler(logs, nil))
	}
	if opts.Backoff == 0 {
		opts.Backoff, opts.MaxBackoff = time.Millisecond, 5*time.Millisecond
	}
	s, err := New(context.Background(), memory.NewGoAllocator(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// noQuarantine fails the test if a source rejects a row: a database row
// always splits into its columns.
type noQuarantine struct{ t *testing.T }

func (q noQuarantine) Reject(r canonical.Rejection) error {
	q.t.Errorf("unexpected rejection %+v", r)
	return nil
}

// readAll reads a table as rows of text ("∅" for null), with each batch's
// size.
func readAll(t *testing.T, s *Source, mem memory.Allocator, table string) (rows [][]string, batches []int, err error) {
	t.Helper()
	tab, lerr := canonical.Lookup(table)
	if lerr != nil {
		t.Fatal(lerr)
	}
	s.mem = mem
	r, err := s.Open(context.Background(), tab, noQuarantine{t})
	if err != nil {
		return nil, nil, err
	}
	defer r.Release()
	if !r.Schema().Equal(tab.RawSchema()) {
		t.Errorf("schema %s, want %s", r.Schema(), tab.RawSchema())
	}
	for r.Next() {
		rec := r.RecordBatch()
		batches = append(batches, int(rec.NumRows()))
		for i := 0; i < int(rec.NumRows()); i++ {
			var row []string
			for c := 0; c < int(rec.NumCols())-1; c++ {
				col := rec.Column(c).(*array.String)
				if col.IsNull(i) {
					row = append(row, "∅")
				} else {
					row = append(row, col.Value(i))
				}
			}
			row = append(row, fmt.Sprint(rec.Column(int(rec.NumCols())-1).(*array.Int64).Value(i)))
			rows = append(rows, row)
		}
	}
	return rows, batches, r.Err()
}

func TestPostgresReadsEveryColumnAsTextInKeyOrder(t *testing.T) {
	f := newPGFixture(t)
	f.exec(t,
		`CREATE TABLE S.ssd_person (pers_person_id integer, "PERS_SEX" text, pers_gender text, pers_ethnicity varchar(10),
			pers_dob date, pers_death_date timestamptz, pers_send_flag boolean, pers_forename text)`,
		`INSERT INTO S.ssd_person VALUES
			(30, 'F', '02', 'WBRI', '2015-03-04', NULL, true, 'Ann'),
			(4, 'M', '', 'ABAN', '2012-12-31', '2020-05-01 23:30:00+00', false, 'Bob'),
			(10, 'M', NULL, NULL, NULL, NULL, NULL, 'Cy'),
			(4, 'F', '01', 'ABAN', '2012-12-31', NULL, NULL, 'Bob again')`)
	s := f.open(t, Options{BatchRows: 3}, nil)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	rows, batches, err := readAll(t, s, mem, "person")
	if err != nil {
		t.Fatal(err)
	}
	mem.AssertSize(t, 0)
	// person_id, sex, gender, ethnicity, dob, death_date, upn (an extension
	// column the table lacks), _line. Key order; the two rows of key 4 in
	// the order they were inserted; a timestamp with time zone read in
	// Europe/London (BST: the next day).
	want := [][]string{
		{"4", "M", "", "ABAN", "2012-12-31", "2020-05-02T00:30:00", "∅", "1"},
		{"4", "F", "01", "ABAN", "2012-12-31", "∅", "∅", "2"},
		{"10", "M", "∅", "∅", "∅", "∅", "∅", "3"},
		{"30", "F", "02", "WBRI", "2015-03-04", "∅", "∅", "4"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{3, 1}, batches); diff != "" {
		t.Errorf("batch sizes (-want +got):\n%s", diff)
	}
	tab, _ := canonical.Lookup("person")
	r, err := s.Open(context.Background(), tab, noQuarantine{t})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	if r.Origin() != f.schema+".ssd_person" || r.SourceColumns()["sex"] != "PERS_SEX" || r.SourceColumns()["upn"] != "pers_upn" {
		t.Errorf("origin %q, source columns %v", r.Origin(), r.SourceColumns())
	}
}

func TestPostgresEmptyTable(t *testing.T) {
	f := newPGFixture(t)
	f.exec(t, `CREATE TABLE S.life_story_work (person_id text, started_date date, completed_date date)`)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	rows, batches, err := readAll(t, f.open(t, Options{}, nil), mem, "life_story_work")
	if err != nil || len(rows) != 0 || len(batches) != 0 {
		t.Errorf("rows %v, batches %v, error %v", rows, batches, err)
	}
	mem.AssertSize(t, 0)
}

func TestPostgresMissingTableIsNamedAndNotRetried(t *testing.T) {
	f := newPGFixture(t)
	var logs bytes.Buffer
	s := f.open(t, Options{Retries: 3}, &logs)
	_, _, err := readAll(t, s, memory.NewGoAllocator(), "cla_reviews")
	if err == nil {
		t.Fatal("no error for a missing table")
	}
	for _, want := range []string{"table cla_reviews", f.schema + ".ssd_cla_reviews", "no table or view"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if strings.Contains(logs.String(), "retrying") {
		t.Errorf("a missing table was retried:\n%s", logs.String())
	}
}

func TestPostgresMissingColumnIsNamedAndNotRetried(t *testing.T) {
	f := newPGFixture(t)
	f.exec(t, `CREATE TABLE S.ssd_legal_status (lega_legal_status_id text, lega_person_id text, lega_legal_status text,
		lega_legal_status_end_date date)`)
	var logs bytes.Buffer
	s := f.open(t, Options{Retries: 3}, &logs)
	_, _, err := readAll(t, s, memory.NewGoAllocator(), "legal_status")
	if err == nil {
		t.Fatal("no error for a missing column")
	}
	for _, want := range []string{f.schema + ".ssd_legal_status", "lega_legal_status_start_date"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if strings.Contains(logs.String(), "retrying") {
		t.Errorf("a missing column was retried:\n%s", logs.String())
	}
}

func TestPostgresTableAndColumnOverrides(t *testing.T) {
	f := newPGFixture(t)
	f.exec(t,
		`CREATE TABLE S."Legal_V2" (lega_legal_status_id text, lega_person_id text, lega_legal_status text,
			"Start_DT" timestamp, lega_legal_status_end_date date)`,
		`INSERT INTO S."Legal_V2" VALUES ('L1', 'P1', 'C2', '2019-01-02 10:11:12', NULL)`)
	s := f.open(t, Options{
		Tables:  map[string]string{"legal_status": "legal_v2"},
		Columns: map[string]map[string]string{"legal_status": {"start_date": "start_dt"}},
	}, nil)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	rows, _, err := readAll(t, s, mem, "legal_status")
	if err != nil {
		t.Fatal(err)
	}
	mem.AssertSize(t, 0)
	if diff := cmp.Diff([][]string{{"L1", "P1", "C2", "2019-01-02T10:11:12", "∅", "1"}}, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestPostgresQueryTimeoutIsRetriedThenReported(t *testing.T) {
	f := newPGFixture(t)
	f.exec(t, `CREATE VIEW S.ssd_professionals AS
		SELECT 'S1'::text AS prof_professional_id, 'IRO'::text AS prof_professional_job_title,
			'Team A'::text AS prof_professional_department, 1.0::numeric AS prof_full_time_equivalency
		FROM (SELECT pg_sleep(10)) AS slow`)
	var logs bytes.Buffer
	s := f.open(t, Options{Retries: 2, QueryTimeout: 300 * time.Millisecond}, &logs)
	start := time.Now()
	_, _, err := readAll(t, s, memory.NewGoAllocator(), "professionals")
	if err == nil {
		t.Fatal("no error for a query that outlasts query_timeout")
	}
	for _, want := range []string{"query_timeout 300ms exceeded", "attempt 3 of 3", f.schema + ".ssd_professionals"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if n := strings.Count(logs.String(), "retrying"); n != 2 {
		t.Errorf("logged %d retries, want 2:\n%s", n, logs.String())
	}
	if d := time.Since(start); d > 8*time.Second {
		t.Errorf("took %s", d)
	}
}

func TestPostgresWrongPasswordIsNotRetried(t *testing.T) {
	f := newPGFixture(t)
	f.exec(t, `DO $$ BEGIN
		CREATE ROLE carewh_pwtest LOGIN PASSWORD 'right horse battery';
	EXCEPTION WHEN duplicate_object THEN
		ALTER ROLE carewh_pwtest PASSWORD 'right horse battery';
	END $$`)
	u := ssddbtest.WithParam(f.url, "user", "carewh_pwtest")
	var logs bytes.Buffer
	_, err := New(context.Background(), memory.NewGoAllocator(), Options{URL: u, Password: "wrong", Retries: 3,
		Backoff: time.Millisecond, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err == nil {
		ssddbtest.SkipOutsideCI(t, "the test server does not check carewh_pwtest's password (.ci/run's pg_hba.conf does)")
	}
	if !strings.Contains(err.Error(), "28P01") {
		t.Errorf("error %q is not an authentication failure", err)
	}
	if strings.Contains(logs.String(), "retrying") {
		t.Errorf("a wrong password was retried:\n%s", logs.String())
	}
	s, err := New(context.Background(), memory.NewGoAllocator(), Options{URL: u, Password: "right horse battery"})
	if err != nil {
		t.Fatalf("the right password: %v", err)
	}
	s.Close()
}

func TestPostgresConnectionLostMidReadFailsTheTable(t *testing.T) {
	f := newPGFixture(t)
	f.exec(t,
		`CREATE TABLE S.ssd_cla_visits (clav_cla_visit_id text, clav_cla_episode_id text, clav_cla_id text,
			clav_cla_visit_date date, clav_cla_visit_seen text, clav_cla_visit_seen_alone text)`,
		`INSERT INTO S.ssd_cla_visits
			SELECT 'V' || lpad(g::text, 7, '0'), 'E' || (g % 5000), 'C' || (g % 3000), DATE '2020-01-01' + (g % 1500), 'Y', 'N'
			FROM generate_series(1, 200000) AS g`)
	app := "carewh_kill_" + ssddbtest.Random()
	s := f.open(t, Options{URL: ssddbtest.WithParam(f.url, "application_name", app), BatchRows: 1000, Retries: 3}, nil)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	s.mem = mem
	tab, _ := canonical.Lookup("cla_visits")
	r, err := s.Open(context.Background(), tab, noQuarantine{t})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Next() {
		t.Fatalf("no first batch: %v", r.Err())
	}
	var killed int
	if err := f.db.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1 AND state = 'active' AND backend_type = 'client backend'`, app).Scan(&killed); err != nil {
		t.Fatal(err)
	}
	if killed != 1 {
		t.Fatalf("terminated %d backends, want the one reading", killed)
	}
	rows := 1000
	for r.Next() {
		rows += int(r.RecordBatch().NumRows())
	}
	err = r.Err()
	r.Release()
	mem.AssertSize(t, 0)
	if err == nil {
		t.Fatalf("read %d rows and no error after the backend was terminated", rows)
	}
	if rows >= 200000 {
		t.Errorf("read every row (%d) despite the lost connection", rows)
	}
	t.Logf("error: %v", err)
	for _, want := range []string{f.schema + ".ssd_cla_visits", "connection lost after row"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	// The pool recovers: the next table opens on a new connection.
	f.exec(t, `CREATE TABLE S.life_story_work (person_id text, started_date date, completed_date date)`,
		`INSERT INTO S.life_story_work VALUES ('P1', '2020-01-01', NULL)`)
	if rows, _, err := readAll(t, s, memory.NewGoAllocator(), "life_story_work"); err != nil || len(rows) != 1 {
		t.Errorf("reading another table after the lost connection: %v, %v", rows, err)
	}
}

func TestLoadPostgres(t *testing.T) {
	f := newPGFixture(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ssd_person.csv"), []byte("\ufeffpers_person_id,pers_dob,pers_death_date,pers_gender,pers_upn\n"+
		"P1,2015-03-04,,01,\"A,B\"\nP2,2016-02-29,31/01/2020,,\nP3,2014-01-01,2021-02-30,\"\",X\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "case_audits.csv"), []byte("audit_id,audit_date\n"), 0o644)
	for range 2 { // loading again replaces the tables
		loaded, err := LoadPostgres(context.Background(), f.url, "", f.schema, dir)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]LoadedTable{{"case_audits", 0}, {"ssd_person", 3}}, loaded); diff != "" {
			t.Errorf("loaded (-want +got):\n%s", diff)
		}
	}
	types := map[string]string{}
	rows, err := f.db.Query(`SELECT table_name || '.' || column_name, data_type FROM information_schema.columns WHERE table_schema = $1`, f.schema)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c, dt string
		rows.Scan(&c, &dt)
		types[c] = dt
	}
	rows.Close()
	want := map[string]string{
		"ssd_person.pers_person_id": "text", "ssd_person.pers_dob": "date", "ssd_person.pers_death_date": "text",
		"ssd_person.pers_gender": "text", "ssd_person.pers_upn": "text",
		"case_audits.audit_id": "text", "case_audits.audit_date": "text",
	}
	if diff := cmp.Diff(want, types); diff != "" {
		t.Errorf("column types (-want +got):\n%s", diff)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	got, _, err := readAll(t, f.open(t, Options{}, nil), mem, "person")
	if err == nil {
		t.Fatalf("ssd_person lacks pers_sex, but it read %v", got)
	}
	var dump []string
	r, err := f.db.Query(`SELECT pers_person_id, coalesce(pers_dob::text, '∅'), coalesce(pers_death_date, '∅'),
		coalesce(pers_gender, '∅'), coalesce(pers_upn, '∅') FROM ` + f.schema + `.ssd_person ORDER BY ctid`)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for r.Next() {
		v := make([]string, 5)
		r.Scan(&v[0], &v[1], &v[2], &v[3], &v[4])
		dump = append(dump, strings.Join(v, "|"))
	}
	wantRows := []string{"P1|2015-03-04|∅|01|A,B", "P2|2016-02-29|31/01/2020|∅|∅", "P3|2014-01-01|2021-02-30||X"}
	if diff := cmp.Diff(wantRows, dump); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

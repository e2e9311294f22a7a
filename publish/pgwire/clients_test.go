package pgwire

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"carewh/internal/dbtest"
	"carewh/pipelines/warehouse"
)

// refusedStatements must be refused over the wire by every client, with
// these SQLSTATEs: a write (the warehouse is read-only), a file written
// and a file read (external access is off).
var refusedStatements = []struct{ sql, code string }{
	{"INSERT INTO marts.board_kpis (kpi_code) VALUES ('x')", "25006"},
	{"COPY (SELECT 1) TO '/tmp/carewh-pgwire-client.csv'", "42501"},
	{"SELECT * FROM read_csv('/etc/passwd')", "42501"},
}

// tool finds a client program, skipping the test without it, except in
// CI, which installs every client.
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed: CI must test the SQL endpoint with it (.ci/run installs it)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return path
}

// clientEnv is the libpq-style environment a client connects with.
func (e *endpoint) clientEnv(user, password string) []string {
	host, port, _ := net.SplitHostPort(e.addr)
	return append(os.Environ(), "PGHOST="+host, "PGPORT="+port, "PGUSER="+user, "PGPASSWORD="+password,
		"PGDATABASE=carewh", "PGSSLMODE=disable", "TZ=UTC")
}

// warehouseRows reads a query's rows straight from the warehouse, as
// carewh query does, each value normalized.
func warehouseRows(t *testing.T, e *endpoint, query string) []string {
	t.Helper()
	db, err := warehouse.Open(e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, rows := dbtest.Values(t, db, query)
	var out []string
	for _, vals := range rows {
		cells := make([]string, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
			case time.Time:
				cells[i] = normalize(x.Format(time.DateOnly))
			default:
				cells[i] = normalize(fmt.Sprint(x))
			}
		}
		out = append(out, strings.Join(cells, "|"))
	}
	slices.Sort(out)
	return out
}

// normalize writes a value as every client prints it alike: numbers to
// nine significant digits, booleans as true/false, null as empty.
func normalize(s string) string {
	switch s {
	case "", "None", "null", "<nil>":
		return ""
	case "t", "True", "true":
		return "true"
	case "f", "False", "false":
		return "false"
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return strconv.FormatFloat(f, 'g', 9, 64)
	}
	return s
}

// clientRows normalizes rows a client printed and sorts them.
func clientRows(rows [][]*string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		cells := make([]string, len(r))
		for j, c := range r {
			if c != nil {
				cells[j] = normalize(*c)
			}
		}
		out[i] = strings.Join(cells, "|")
	}
	slices.Sort(out)
	return out
}

// scriptReport is what the psycopg2 and node clients print.
type scriptReport struct {
	tables     []string
	rows       []string
	paramCount int64
	refused    map[string]string
}

// runScript runs a client script with the refused statements as its
// arguments and reads its JSON lines.
func runScript(t *testing.T, e *endpoint, cmd *exec.Cmd) scriptReport {
	t.Helper()
	for _, r := range refusedStatements {
		cmd.Args = append(cmd.Args, r.sql)
	}
	cmd.Env = append(cmd.Env, e.clientEnv("analyst", analystPassword)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd.Path, err, stderr.String())
	}
	rep := scriptReport{refused: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var line struct {
			Tables     []string    `json:"tables"`
			Rows       [][]*string `json:"rows"`
			ParamCount *int64      `json:"param_count"`
			Refused    string      `json:"refused"`
			Code       *string     `json:"code"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("%s printed %q: %v", cmd.Path, sc.Text(), err)
		}
		switch {
		case line.Tables != nil:
			rep.tables = line.Tables
		case line.Rows != nil:
			rep.rows = clientRows(line.Rows)
		case line.ParamCount != nil:
			rep.paramCount = *line.ParamCount
		case line.Refused != "":
			rep.refused[line.Refused] = ""
			if line.Code != nil {
				rep.refused[line.Refused] = *line.Code
			}
		}
	}
	return rep
}

// checkReport checks a client's report against the warehouse.
func checkReport(t *testing.T, e *endpoint, rep scriptReport) {
	t.Helper()
	if !slices.Contains(rep.tables, "marts.board_kpis") || slices.ContainsFunc(rep.tables, func(s string) bool {
		return !strings.HasPrefix(s, "marts.")
	}) {
		t.Errorf("tables listed: %v; want marts' only", rep.tables)
	}
	if want := warehouseRows(t, e, "SELECT * FROM marts.board_kpis"); len(want) == 0 || !slices.Equal(rep.rows, want) {
		t.Errorf("board_kpis over the wire differs from the warehouse:\n got %d rows, first %q\nwant %d rows, first %q",
			len(rep.rows), first(rep.rows), len(want), first(want))
	}
	want := warehouseRows(t, e, "SELECT count(*) FROM marts.board_kpis WHERE reporting_year = '2023-24' AND unit = 'share'")
	if got := normalize(strconv.FormatInt(rep.paramCount, 10)); len(want) != 1 || got != want[0] || got == "0" {
		t.Errorf("the parameterised count is %s, the warehouse says %v", got, want)
	}
	for _, r := range refusedStatements {
		if code := rep.refused[r.sql]; code != r.code {
			t.Errorf("%s: SQLSTATE %q, want %s", r.sql, code, r.code)
		}
	}
}

func first(rows []string) string {
	if len(rows) == 0 {
		return ""
	}
	return rows[0]
}

// TestPsycopg2Client: Python's psycopg2 (Debian's python3-psycopg2, which
// interpolates parameters itself and sends simple queries).
func TestPsycopg2Client(t *testing.T) {
	python := "/usr/bin/python3"
	if exec.Command(python, "-c", "import psycopg2").Run() != nil {
		tool(t, "psycopg2-for-/usr/bin/python3")
	}
	e := startEndpoint(t)
	checkReport(t, e, runScript(t, e, exec.Command(python, "testdata/psycopg2_client.py")))
}

// TestNodeClient: node-postgres (npm's pg, which sends parameters with the
// extended protocol); CAREWH_TEST_NODE_MODULES names the node_modules
// folder that holds it.
func TestNodeClient(t *testing.T) {
	node := tool(t, "node")
	modules := os.Getenv("CAREWH_TEST_NODE_MODULES")
	if _, err := os.Stat(modules + "/pg"); modules == "" || err != nil {
		tool(t, "node-pg (CAREWH_TEST_NODE_MODULES)")
	}
	e := startEndpoint(t)
	cmd := exec.Command(node, "testdata/node_client.js")
	cmd.Env = []string{"NODE_PATH=" + modules}
	checkReport(t, e, runScript(t, e, cmd))
}

// TestPsqlClient: psql lists schemas and tables with its own catalog
// queries (\dn, \dt), prints board_kpis as CSV, fills a variable into a
// query (psql 15 has no protocol parameters: \bind came in 16) and shows
// each refusal's SQLSTATE.
func TestPsqlClient(t *testing.T) {
	psql := tool(t, "psql")
	e := startEndpoint(t)
	run := func(stdin string, args ...string) (string, string, error) {
		cmd := exec.Command(psql, append([]string{"-X", "-v", "VERBOSITY=verbose"}, args...)...)
		cmd.Env = e.clientEnv("analyst", analystPassword)
		cmd.Stdin = strings.NewReader(stdin)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}
	out, errOut, err := run("", "-c", `\dn`, "-c", `\dt marts.*`)
	if err != nil || !strings.Contains(out, "board_kpis") || strings.Contains(out, " core ") || strings.Contains(out, " ops ") {
		t.Errorf(`\dn and \dt: %v %s\n%s`, err, errOut, out)
	}
	out, errOut, err = run("", "--csv", "-c", "SELECT * FROM marts.board_kpis")
	if err != nil {
		t.Fatalf("board_kpis: %v %s", err, errOut)
	}
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(records) < 2 {
		t.Fatalf("psql's CSV: %v %q", err, out)
	}
	rows := make([][]*string, len(records)-1)
	for i, rec := range records[1:] {
		rows[i] = make([]*string, len(rec))
		for j := range rec {
			rows[i][j] = &rec[j]
		}
	}
	if got, want := clientRows(rows), warehouseRows(t, e, "SELECT * FROM marts.board_kpis"); !slices.Equal(got, want) {
		t.Errorf("board_kpis via psql differs from the warehouse: %d rows, first %q; want %d, first %q", len(got), first(got), len(want), first(want))
	}
	out, errOut, err = run("SELECT count(*) FROM marts.board_kpis WHERE reporting_year = :'year';\n", "-A", "-t", "-v", "year=2023-24")
	if want := warehouseRows(t, e, "SELECT count(*) FROM marts.board_kpis WHERE reporting_year = '2023-24'"); err != nil || normalize(strings.TrimSpace(out)) != want[0] {
		t.Errorf("a query with a psql variable: %v %s %q, want %v", err, errOut, out, want)
	}
	for _, r := range refusedStatements {
		if _, errOut, err := run("", "-c", r.sql); err == nil || !strings.Contains(errOut, "ERROR:  "+r.code+":") {
			t.Errorf("%s through psql: %v %s, want SQLSTATE %s", r.sql, err, errOut, r.code)
		}
	}
}

package pgwire

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	wire "github.com/jeroenrinzema/psql-wire"
)

// serverVersion is the PostgreSQL version the endpoint speaks as: drivers
// choose their catalog queries by it.
const serverVersion = "15.0"

// defaultParameters are the run-time parameters a client can SHOW
// (reportedParameters are also sent at connect).
var defaultParameters = map[string]string{
	"server_version":                      serverVersion,
	"server_version_num":                  "150000",
	"server_encoding":                     "UTF8",
	"client_encoding":                     "UTF8",
	"datestyle":                           "ISO, MDY",
	"intervalstyle":                       "postgres",
	"timezone":                            "UTC",
	"integer_datetimes":                   "on",
	"standard_conforming_strings":         "on",
	"is_superuser":                        "off",
	"application_name":                    "",
	"search_path":                         "marts",
	"transaction_isolation":               "read committed",
	"default_transaction_read_only":       "on",
	"transaction_read_only":               "on",
	"max_identifier_length":               "63",
	"extra_float_digits":                  "1",
	"lc_collate":                          "C",
	"lc_ctype":                            "C",
	"statement_timeout":                   "0",
	"lock_timeout":                        "0",
	"idle_in_transaction_session_timeout": "0",
	"client_min_messages":                 "notice",
	"bytea_output":                        "hex",
	"default_transaction_isolation":       "read committed",
	"jit":                                 "off",
}

// reportedParameters are sent to every client at connect, as PostgreSQL
// spells them.
var reportedParameters = []string{"server_version", "server_encoding", "client_encoding", "DateStyle", "TimeZone",
	"integer_datetimes", "standard_conforming_strings", "IntervalStyle", "is_superuser", "default_transaction_read_only"}

// startupParameters are reportedParameters with their values.
func startupParameters() wire.Parameters {
	p := wire.Parameters{}
	for _, name := range reportedParameters {
		p[wire.ParameterStatus(name)] = defaultParameters[strings.ToLower(name)]
	}
	return p
}

// session holds what a client SET: carewh keeps it, and SHOW gives it
// back, but the warehouse's own settings are locked and never change.
type session struct {
	mu     sync.Mutex
	params map[string]string
}

func (s *session) get(name string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.params[name]; ok {
		return v, true
	}
	v, ok := defaultParameters[name]
	return v, ok
}

func (s *session) set(name, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.params == nil {
		s.params = map[string]string{}
	}
	if value == "" {
		delete(s.params, name)
		return
	}
	s.params[name] = value
}

// all lists every parameter, sorted, with its value.
func (s *session) all() [][2]string {
	var out [][2]string
	for name := range defaultParameters {
		v, _ := s.get(name)
		out = append(out, [2]string{name, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// A sessionCommand is a statement carewh answers itself, without DuckDB:
// the transaction and session commands drivers send on connect and around
// each query. tag is the command tag; rows, for SHOW, the one column's
// rows under column.
type sessionCommand struct {
	tag    string
	column string
	rows   [][]any
}

var (
	setPattern   = regexp.MustCompile(`(?is)^SET\s+(?:SESSION\s+|LOCAL\s+)?([a-z_][a-z0-9_.]*)\s*(?:=|\bTO\b)\s*(.*)$`)
	showPattern  = regexp.MustCompile(`(?is)^SHOW\s+([a-z_][a-z0-9_.]*|ALL)$`)
	resetPattern = regexp.MustCompile(`(?is)^RESET\s+([a-z_][a-z0-9_.]*|ALL)$`)
)

// sessionStatement answers stmt if it is a session or transaction command;
// ok is false for anything else. A transaction is accepted and has nothing
// to do: every query reads one warehouse, which never changes under it.
func (s *session) statement(stmt string) (cmd sessionCommand, ok bool, err error) {
	upper := strings.ToUpper(strings.Join(strings.Fields(stmt), " "))
	switch {
	case upper == "BEGIN" || strings.HasPrefix(upper, "BEGIN ") || strings.HasPrefix(upper, "START TRANSACTION"):
		return sessionCommand{tag: "BEGIN"}, true, nil
	case upper == "COMMIT" || upper == "END" || strings.HasPrefix(upper, "COMMIT "):
		return sessionCommand{tag: "COMMIT"}, true, nil
	case upper == "ROLLBACK" || upper == "ABORT" || strings.HasPrefix(upper, "ROLLBACK "):
		return sessionCommand{tag: "ROLLBACK"}, true, nil
	case upper == "DISCARD ALL" || strings.HasPrefix(upper, "DEALLOCATE ") || upper == "UNLISTEN *":
		return sessionCommand{tag: strings.SplitN(upper, " ", 2)[0]}, true, nil
	case strings.HasPrefix(upper, "SET TRANSACTION") || strings.HasPrefix(upper, "SET SESSION CHARACTERISTICS"):
		return sessionCommand{tag: "SET"}, true, nil
	case strings.HasPrefix(upper, "SET NAMES "):
		s.set("client_encoding", strings.Trim(strings.TrimSpace(stmt[len("SET NAMES "):]), `'"`))
		return sessionCommand{tag: "SET"}, true, nil
	}
	if m := setPattern.FindStringSubmatch(stmt); m != nil {
		name := strings.ToLower(m[1])
		if _, known := defaultParameters[name]; !known {
			return sessionCommand{}, true, privilegeError("the warehouse's settings are locked: SET %s is refused "+
				"(only the session parameters PostgreSQL drivers set are accepted, and kept for SHOW)", name)
		}
		s.set(name, strings.Trim(strings.TrimSpace(m[2]), `'"`))
		return sessionCommand{tag: "SET"}, true, nil
	}
	if m := resetPattern.FindStringSubmatch(stmt); m != nil {
		s.set(strings.ToLower(m[1]), "")
		return sessionCommand{tag: "RESET"}, true, nil
	}
	if m := showPattern.FindStringSubmatch(stmt); m != nil {
		name := strings.ToLower(m[1])
		if name == "all" {
			cmd := sessionCommand{tag: "SHOW", column: "name"}
			for _, p := range s.all() {
				cmd.rows = append(cmd.rows, []any{p[0] + " = " + p[1]})
			}
			return cmd, true, nil
		}
		v, known := s.get(name)
		if !known {
			return sessionCommand{}, true, fmt.Errorf("unrecognized configuration parameter %q", name)
		}
		return sessionCommand{tag: "SHOW", column: name, rows: [][]any{{v}}}, true, nil
	}
	return sessionCommand{}, false, nil
}

package pgwire

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgxSimple makes pgx send a query as a simple query: text results.
var pgxSimple = pgx.QueryExecModeSimpleProtocol

// TestTypesBothFormats: every type the marts use arrives as the Go value
// pgx decodes it to, in binary (pgx's default for known types) and in text
// format (QueryExecModeSimpleProtocol), equal to what the warehouse holds.
func TestTypesBothFormats(t *testing.T) {
	e := startEndpoint(t)
	conn := e.connect(t, "analyst", analystPassword)
	const query = `SELECT DATE '2024-03-31' AS d, 42::BIGINT AS i, 0.25::DOUBLE AS f, true AS b, 'text' AS s,
		['a', 'b']::VARCHAR[] AS l, 7::HUGEINT AS h, 3::INTEGER AS n`
	for _, mode := range []string{"binary", "text"} {
		var d time.Time
		var i, h int64
		var f float64
		var b bool
		var s string
		var l []string
		var n int32
		args := []any{}
		if mode == "text" {
			args = append(args, pgxSimple)
		}
		err := conn.QueryRow(context.Background(), query, args...).Scan(&d, &i, &f, &b, &s, &l, &h, &n)
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if !d.Equal(time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)) || i != 42 || f != 0.25 || !b || s != "text" ||
			len(l) != 2 || l[0] != "a" || l[1] != "b" || h != 7 || n != 3 {
			t.Errorf("%s: %v %d %g %v %q %q %d %d", mode, d, i, f, b, s, l, h, n)
		}
	}
	var requires []string
	if err := conn.QueryRow(context.Background(), "SELECT requires FROM marts.kpi_definitions WHERE requires IS NOT NULL LIMIT 1").Scan(&requires); err != nil || len(requires) == 0 {
		t.Errorf("kpi_definitions.requires as text[]: %q, %v", requires, err)
	}
}

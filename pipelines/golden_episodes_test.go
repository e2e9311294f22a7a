package pipelines

import (
	"carewh/pipelines/warehouse"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGoldenEpisodeConflicts builds the warehouse from one set of
// conflicting episodes, once as an SSD export and once as a 903 return, and
// checks how each conflict was resolved, with the file, line and message
// worked out by hand: testdata/golden/episode_conflicts/README.md.
func TestGoldenEpisodeConflicts(t *testing.T) {
	const dir = "../testdata/golden/episode_conflicts"
	children := numberedIDs("C", 13)
	for _, source := range []struct{ kind, folder string }{{"ssdcsv", "ssdcsv"}, {"ssda903", "ssda903"}} {
		t.Run(source.kind, func(t *testing.T) {
			cfg := sourceConfig(t, source.kind, filepath.Join(dir, source.folder), "2024-03-31")
			runPipeline(t, cfg)
			db, err := warehouse.Open(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ids := withFixtureIDs(t, goldenIDs(t, children, nil), dir)
			checkGoldenCases(t, db, ids, dir, []goldenCase{
				{expected: "episodes.csv", bySet: true, query: `
					SELECT person_id AS person, episode_start_date, start_reason, episode_end_date, end_reason
					FROM staging.cla_episodes`},
				{expected: "periods.csv", bySet: true, query: `
					SELECT person_id AS person, period_start, period_end, end_reason, episodes
					FROM core.periods_of_care`},
			})
			// 23 episodes read = 11 loaded as read + 10 fixed + 2 set aside
			// (README); every other table accounts for its rows too.
			checkGoldenCases(t, db, ids, dir, []goldenCase{
				{expected: "row_accounting.csv", query: `
					SELECT read_rows, loaded_rows, fixed_rows, quarantined_rows
					FROM ops.row_accounting WHERE table_name = 'cla_episodes'`},
			})
			assertRowsAccounted(t, db)
			// Messages and keys carry pseudonyms: queryCSV puts the source
			// ids back, so they read as a person reads them.
			for _, c := range []struct{ expected, query string }{
				{"data_fixes_" + source.kind + ".csv", `
					SELECT person_id AS person, source, line, record_key, rule, column_name, value, new_value, message
					FROM ops.data_fixes ORDER BY source, line, rule`},
				{"quarantine_" + source.kind + ".csv", `
					SELECT source, line, record_key, rule, column_name, value, message
					FROM ops.quarantine WHERE table_name = 'cla_episodes' ORDER BY source, line, rule`},
			} {
				t.Run(strings.TrimSuffix(c.expected, ".csv"), func(t *testing.T) {
					want := readCSV(t, filepath.Join(dir, "expected", c.expected))
					got := queryCSV(t, db, ids, c.query)
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s differs (-want +got):\n%s", c.expected, diff)
					}
				})
			}
		})
	}
}

// assertRowsAccounted fails the test for any table whose rows read are not
// all loaded, fixed or quarantined.
func assertRowsAccounted(t *testing.T, db *sql.DB) {
	t.Helper()
	rows, err := db.Query(`SELECT table_name, read_rows, loaded_rows, fixed_rows, quarantined_rows
		FROM ops.row_accounting WHERE read_rows IS NULL OR read_rows <> loaded_rows + fixed_rows + quarantined_rows`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table string
		var read sql.NullInt64
		var loaded, fixed, quarantined int64
		if err := rows.Scan(&table, &read, &loaded, &fixed, &quarantined); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s: read %v, but loaded %d + fixed %d + quarantined %d", table, read, loaded, fixed, quarantined)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

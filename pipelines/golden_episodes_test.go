package pipelines

import (
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
			db, err := OpenWarehouse(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ids := goldenIDs(t, children, nil)
			checkGoldenCases(t, db, ids, dir, []goldenCase{
				{expected: "episodes.csv", bySet: true, query: `
					SELECT person_id AS person, episode_start_date, start_reason, episode_end_date, end_reason
					FROM staging.cla_episodes`},
				{expected: "periods.csv", bySet: true, query: `
					SELECT person_id AS person, period_start, period_end, end_reason, episodes
					FROM core.periods_of_care`},
			})
			// Messages and keys carry pseudonyms: compare them as a person
			// reads them, with the source ids put back.
			plain := textWithIDs(ids)
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
					for _, rec := range got {
						for i := range rec {
							rec[i] = plain.Replace(rec[i])
						}
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s differs (-want +got):\n%s", c.expected, diff)
					}
				})
			}
		})
	}
}

// textWithIDs replaces every pseudonym in a text with the source id.
func textWithIDs(ids map[string]string) *strings.Replacer {
	pairs := make([]string, 0, 2*len(ids))
	for pseudonym, id := range ids {
		pairs = append(pairs, pseudonym, id)
	}
	return strings.NewReplacer(pairs...)
}

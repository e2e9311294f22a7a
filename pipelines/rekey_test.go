package pipelines

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"carewh/internal/dbtest"

	"carewh/canonical"
	"carewh/config"
	"carewh/pipelines/key"
	"carewh/pipelines/lake"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
	"carewh/transforms"
)

// newTestKey is the key the rekey tests rotate to.
const newTestKey = "the new key, rotated on purpose, 0123456789"

// rekeyEnv gives Rekey the lake's key as the old one and newTestKey as the
// new, and Run the new one.
func rekeyEnv(name string) string {
	switch name {
	case key.EnvOldHMACKey:
		return testKey
	case key.EnvHMACKey:
		return newTestKey
	}
	return ""
}

// TestRekeyKeepsHistory: two runs under one key, the second deleting a
// review and changing another; then carewh rekey to a new key. The run that
// follows finds nothing changed, and every version of every row in the
// warehouse's history, and every quarantine entry, is the one from before
// with each pseudonym replaced: by the new key's pseudonym of the same id,
// worked out here from the source's own ids, or, for the deleted review
// (which today's source no longer gives), by HMAC(new key, "rekeyed:" old).
// The old key is refused afterwards.
func TestRekeyKeepsHistory(t *testing.T) {
	src := copyDir(t, "../testdata/golden/row_accounting/source")
	cfg := testConfig(t, src, "2024-06-30")
	runPipeline(t, cfg)
	ids := map[string]canonicalID{}
	sourceIDs(t, src, testKey, ids)
	reviews := filepath.Join(src, "ssd_cla_reviews.csv")
	editFile(t, reviews, "R06-5,E06,CLA06,,2024-01-09,N,PN1\n", "")
	editFile(t, reviews, "R05-2,E05,CLA05,,2023-11-30,N,PN6", "R05-2,E05,CLA05,,2023-12-01,N,PN6")
	runPipeline(t, cfg)
	before := warehouseHistory(t, cfg)

	r := &Runner{Config: cfg, Models: sqlfiles.Files, Getenv: rekeyEnv}
	report, err := r.Rekey(context.Background())
	if err != nil {
		t.Fatalf("rekey: %v", err)
	}
	m, err := r.Run(context.Background())
	if err != nil {
		t.Fatalf("the run after the rekey: %v", err)
	}
	for name, s := range m.Tables {
		if s.Changed() {
			t.Errorf("after the rekey, %s changed: %d inserted, %d updated, %d deleted", name, s.Inserted, s.Updated, s.Deleted)
		}
	}
	if !m.WarehouseRebuilt {
		t.Error("the run after the rekey did not rebuild the warehouse")
	}

	current := map[string]canonicalID{}
	sourceIDs(t, src, testKey, current)
	newP, _ := transforms.NewPseudonymiser([]byte(newTestKey))
	orphans := map[string]bool{}
	renamed := func(old string) string {
		id, ok := ids[old]
		if !ok {
			return old // not a pseudonym
		}
		if _, now := current[old]; now {
			return newP.Pseudonym(id.domain, id.raw)
		}
		orphans[old] = true
		mac := hmac.New(sha256.New, []byte(newTestKey))
		mac.Write([]byte("rekeyed:" + old))
		return hex.EncodeToString(mac.Sum(nil)[:16])
	}
	want := make([]string, len(before))
	for i, row := range before {
		want[i] = pseudonymWords.ReplaceAllStringFunc(row, renamed)
	}
	slices.Sort(want)
	after := warehouseHistory(t, cfg)
	if len(after) != len(want) {
		t.Fatalf("the history has %d rows after the rekey, %d before", len(after), len(want))
	}
	for i := range want {
		if after[i] != want[i] {
			t.Errorf("after the rekey:\n  got  %s\n  want %s", after[i], want[i])
		}
	}
	if len(orphans) == 0 || report.Orphans != int64(len(orphans)) {
		t.Errorf("the rekey counted %d orphans; the history holds %d pseudonyms today's source no longer gives", report.Orphans, len(orphans))
	}
	if _, err := (&Runner{Config: cfg, Models: sqlfiles.Files, Getenv: testEnv}).Run(context.Background()); err == nil ||
		!strings.Contains(err.Error(), "not the one this lake was built with") {
		t.Errorf("a run under the old key after the rekey: %v", err)
	}
	// the rekeyed and retired lakes live beside the lake while a rekey runs
	leftovers, err := filepath.Glob(cfg.LakeDir() + ".*")
	if err != nil || len(leftovers) > 0 {
		t.Errorf("left behind beside the lake: %v (%v)", leftovers, err)
	}
}

// pseudonymWords finds pseudonyms in a row's text.
var pseudonymWords = regexp.MustCompile(lake.PseudonymPattern)

// canonicalID is a source id and its pseudonymisation domain.
type canonicalID struct {
	domain canonical.Identifier
	raw    string
}

// sourceIDs adds every id in an SSD CSV folder to ids, by its pseudonym
// under key, reading the files as leniently as a person would.
func sourceIDs(t *testing.T, dir, key string, ids map[string]canonicalID) {
	t.Helper()
	p, _ := transforms.NewPseudonymiser([]byte(key))
	for _, table := range canonical.Tables {
		f, err := os.Open(filepath.Join(dir, table.SourceFile+".csv"))
		if err != nil {
			continue
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord, r.LazyQuotes = -1, true
		records, err := r.ReadAll()
		f.Close()
		if err != nil || len(records) == 0 {
			t.Fatalf("reading %s: %v", table.SourceFile, err)
		}
		for _, c := range table.Columns {
			i := slices.Index(records[0], c.Source)
			if c.ID == canonical.NotIdentifying || i < 0 {
				continue
			}
			for _, rec := range records[1:] {
				if i < len(rec) && strings.TrimSpace(rec[i]) != "" {
					raw := strings.TrimSpace(rec[i])
					ids[p.Pseudonym(c.ID, raw)] = canonicalID{c.ID, raw}
				}
			}
		}
	}
}

// warehouseHistory lists, sorted, every row of every core.<table>_history
// and of ops.quarantine as text, without row hashes (which a rekey
// recomputes).
func warehouseHistory(t *testing.T, cfg *config.Config) []string {
	t.Helper()
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	for _, table := range canonical.Tables {
		out = append(out, queryRows(t, db, table.Name, "SELECT * EXCLUDE (row_hash) FROM core."+table.Name+"_history")...)
	}
	out = append(out, queryRows(t, db, "quarantine", "SELECT * FROM ops.quarantine")...)
	slices.Sort(out)
	return out
}

func queryRows(t *testing.T, db *sql.DB, label, query string) []string {
	t.Helper()
	var out []string
	_, rows := dbtest.Values(t, db, query)
	for _, vals := range rows {
		text := make([]string, len(vals))
		for i, v := range vals {
			text[i] = fmt.Sprint(v)
		}
		out = append(out, label+"|"+strings.Join(text, "|"))
	}
	return out
}

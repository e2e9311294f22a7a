package pipelines

import (
	"context"
	"testing"
	"time"

	"carewh/canonical"
	"carewh/pipelines/extract/synthetic"
	"carewh/pipelines/models"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
)

// conflictRules are the rules that resolve each fault the synthetic
// council makes: a fault made must show as one of them.
var conflictRules = map[string][]string{
	synthetic.FaultOverlappingEpisodes:  {"overlaps_next"},
	synthetic.FaultSameDayEpisodes:      {"same_day_episode"},
	synthetic.FaultOpenNotLast:          {"open_not_last"},
	synthetic.FaultX1OnOpen:             {"reason_without_end"},
	synthetic.FaultRNEAfterCeased:       {"rne_after_ceased"},
	synthetic.FaultEndAfterAsAt:         {"end_after_as_at"},
	synthetic.FaultReviewAfterAsAt:      {"future_date"},
	synthetic.FaultDuplicateNewID:       {"duplicate_record", "duplicate_review"},
	synthetic.FaultBlankRequiredDate:    {"required"},
	synthetic.FaultUnknownCode:          {"unknown_code", "bad_value"},
	synthetic.FaultUnmappedDescription:  {"unknown_code", "bad_value"},
	synthetic.FaultExactDuplicate:       {"duplicate_key"},
	synthetic.FaultConflictingDuplicate: {"duplicate_key"},
	synthetic.FaultCeasedBeforeStart:    {"date_order", "bad_value"},
	synthetic.FaultReviewBeforeCare:     {"review_outside_care"},
	synthetic.FaultImpossibleDate:       {"bad_type", "date_range", "bad_value"},
}

// TestSyntheticConflictsNeverStopTheBuild builds the warehouse from the
// synthetic council with every kind of conflict and fault real extracts
// carry, and checks that the run succeeds with every model built, that each
// fault made is resolved by its rule with the file and line of the row,
// that every table with rows has some of its rows fixed or quarantined, and
// that every row read is accounted for.
func TestSyntheticConflictsNeverStopTheBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a whole synthetic council")
	}
	src := t.TempDir()
	asOf := time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC)
	summary, err := synthetic.WriteDir(context.Background(), src, synthetic.Options{Seed: 12, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	cfg := sourceConfig(t, "ssdcsv", src, asOf.Format(time.DateOnly))
	runPipeline(t, cfg)
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	all, err := models.Load(sqlfiles.Files, warehouse.ExternalRelations())
	if err != nil {
		t.Fatal(err)
	}
	var built int
	if err := db.QueryRow(`SELECT count(*) FROM ops.model_runs`).Scan(&built); err != nil {
		t.Fatal(err)
	}
	if built != len(all) {
		t.Errorf("%d models built, want all %d", built, len(all))
	}

	rules := map[string]int{}
	rows, err := db.Query(`SELECT rule, count(*) FROM (
			SELECT rule, source, line FROM ops.quarantine UNION ALL SELECT rule, source, line FROM ops.data_fixes)
		WHERE source IS NOT NULL AND source <> '' AND line > 0 GROUP BY rule`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var rule string
		var n int
		if err := rows.Scan(&rule, &n); err != nil {
			t.Fatal(err)
		}
		rules[rule] = n
	}
	rows.Close()
	for fault, made := range summary.Faults {
		want, known := conflictRules[fault]
		if !known {
			t.Errorf("fault %s (%d made) has no rule this test knows", fault, made)
			continue
		}
		found := 0
		for _, r := range want {
			found += rules[r]
		}
		if made > 0 && found == 0 {
			t.Errorf("fault %s was made %d times, but no row names file and line under rule %v (rules seen: %v)", fault, made, want, rules)
		}
	}

	var unnamed int
	if err := db.QueryRow(`SELECT count(*) FROM (
			SELECT source, line FROM ops.quarantine UNION ALL SELECT source, line FROM ops.data_fixes)
		WHERE source IS NULL OR source = '' OR line IS NULL OR line < 1`).Scan(&unnamed); err != nil {
		t.Fatal(err)
	}
	if unnamed > 0 {
		t.Errorf("%d quarantined or fixed rows name no file and line", unnamed)
	}

	for _, table := range canonical.Tables {
		var read, touched int64
		err := db.QueryRow(`SELECT coalesce(read_rows, 0), fixed_rows + quarantined_rows FROM ops.row_accounting WHERE table_name = ?`,
			table.Name).Scan(&read, &touched)
		if err != nil {
			t.Fatalf("%s: %v", table.Name, err)
		}
		if read > 0 && touched == 0 {
			t.Errorf("%s: %d rows read, none fixed or quarantined: the synthetic council should carry a fault in every table", table.Name, read)
		}
	}
	assertRowsAccounted(t, db)
}

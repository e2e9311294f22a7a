package pipelines

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"

	"carewh/canonical"
	"carewh/pipelines/models"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
)

// TestChallengeCodeModelsMatchCodeLists: the warehouse's lists of IRO
// challenge levels and categories (core.challenge_levels,
// core.challenge_categories) hold exactly the codes the transforms accept
// for those columns, in the canonical lists' order, so a code added to one
// cannot be missing from the other.
func TestChallengeCodeModelsMatchCodeLists(t *testing.T) {
	all, err := models.Load(sqlfiles.Files, warehouse.ExternalRelations())
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tc := range []struct{ model, column, list string }{
		{"core.challenge_levels", "level", "CHALLENGE_LEVEL"},
		{"core.challenge_categories", "category", "CHALLENGE_CATEGORY"},
	} {
		var m *models.Model
		for i := range all {
			if all[i].Name == tc.model {
				m = &all[i]
			}
		}
		if m == nil {
			t.Fatalf("no model %s", tc.model)
		}
		rows, err := db.QueryContext(context.Background(), "SELECT "+tc.column+" FROM ("+m.SQL+") ORDER BY sort_order")
		if err != nil {
			t.Fatalf("%s: %v", tc.model, err)
		}
		var got []string
		for rows.Next() {
			var code string
			if err := rows.Scan(&code); err != nil {
				t.Fatal(err)
			}
			got = append(got, code)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if diff := cmp.Diff(canonical.CodeLists[tc.list], got); diff != "" {
			t.Errorf("%s against code list %s (-canonical +model):\n%s", tc.model, tc.list, diff)
		}
	}
}

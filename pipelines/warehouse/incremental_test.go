package warehouse

import (
	"strings"
	"testing"

	"carewh/canonical"
)

func TestRelationPatternRewritesOnlyTheRelation(t *testing.T) {
	sql := "SELECT r.x FROM staging.cla_reviews r\nJOIN staging.cla_reviews_extra e USING (x)\n" +
		"JOIN (SELECT * FROM STAGING.CLA_REVIEWS) u USING (x) WHERE r.y = other.staging.cla_reviews.y"
	got := relationPattern("staging.cla_reviews").ReplaceAllString(sql, "${1}"+deltaName("staging.cla_reviews"))
	want := "SELECT r.x FROM changed__staging__cla_reviews r\nJOIN staging.cla_reviews_extra e USING (x)\n" +
		"JOIN (SELECT * FROM changed__staging__cla_reviews) u USING (x) WHERE r.y = other.staging.cla_reviews.y"
	if got != want {
		t.Errorf("rewritten:\n%s\nwant:\n%s", got, want)
	}
}

// Every table whose rows may come without their child says where the
// child comes from, or is not one incremental builds go through by child.
func TestChildLinksNameParentsThatNameTheirChild(t *testing.T) {
	for name, links := range childLinks {
		table, err := canonical.Lookup(name)
		if err != nil {
			t.Error(err)
			continue
		}
		if childKeyed(table) {
			t.Errorf("%s names its child on every row: it needs no link", name)
		}
		for _, l := range links {
			parent, err := canonical.Lookup(l.parent)
			if err != nil || !childKeyed(parent) {
				t.Errorf("%s links to %s, which does not name its child on every row", name, l.parent)
			}
		}
		query, ok := changedChildrenQuery(table)
		if !ok || !strings.Contains(query, "core."+links[0].parent+"_history") {
			t.Errorf("%s: changed children query %q does not read its parent", name, query)
		}
	}
	professionals, err := canonical.Lookup("professionals")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := changedChildrenQuery(professionals); ok {
		t.Error("professionals name no child, but incremental builds would go through them by child")
	}
}

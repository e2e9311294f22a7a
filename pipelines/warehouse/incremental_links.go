package warehouse

import (
	"fmt"
	"strings"

	"carewh/canonical"
	"carewh/pipelines/duck"
	"carewh/pipelines/models"
)

// childLink says where a row of a table whose child staging derives takes
// its child from when the row names none: the row of parent whose column
// parentColumn equals the row's column. The links mirror the staging
// models that derive the child (staging.cla_reviews, cla_visits,
// cp_reviews, cla_placement_children); TestIncrementalBuildIsAFullBuild
// changes each of these tables.
type childLink struct {
	column, parent, parentColumn string
}

var childLinks = map[string][]childLink{
	"cla_reviews":    {{"episode_id", "cla_episodes", "episode_id"}},
	"cla_visits":     {{"episode_id", "cla_episodes", "episode_id"}},
	"cp_reviews":     {{"cp_plan_id", "cp_plans", "cp_plan_id"}},
	"cla_placements": {{"episode_id", "cla_episodes", "episode_id"}, {"placement_id", "cla_episodes", "placement_id"}},
}

// childRows is the condition that picks, in a relation that can be cut
// down by child, the rows of the children inChildren picks (given a person
// column, the condition that it names one of them): those naming one, and
// for a table whose child may come from a parent row, those linked to a
// version of one of those children's parent rows.
func childRows(relation string, inChildren func(personColumn string) string) string {
	cond := inChildren(models.IncrementalKey)
	table, ok := strings.CutPrefix(relation, "raw.")
	if !ok {
		return cond
	}
	for _, l := range childLinks[table] {
		cond += fmt.Sprintf(" OR %s IN (SELECT %s FROM core.%s_history WHERE %s)",
			duck.QuoteIdent(l.column), duck.QuoteIdent(l.parentColumn), l.parent, inChildren(models.IncrementalKey))
	}
	return cond
}

// inChangedChildren is the condition that a person column names one of
// the changed children.
func inChangedChildren(personColumn string) string {
	return personColumn + " IN (SELECT person_id FROM changed_children)"
}

// changedChildrenQuery selects the children of the rows of table t that
// run changed: every version of each changed row names them, or, for a
// table with child links, links to a version of a parent row that does.
// ok is false when the table's rows can change without saying whose they
// are.
func changedChildrenQuery(t *canonical.Table) (query string, ok bool) {
	links := childLinks[t.Name]
	if !childKeyed(t) && len(links) == 0 {
		return "", false
	}
	history := "core." + t.Name + "_history"
	versions := fmt.Sprintf("(SELECT * FROM %[1]s WHERE %[2]s IN (SELECT %[2]s FROM %[1]s WHERE run_id = $run))", history, duck.QuoteIdent(t.Key))
	parts := []string{"SELECT person_id FROM " + versions}
	for _, l := range links {
		parts = append(parts, fmt.Sprintf("SELECT p.person_id FROM core.%s_history p WHERE p.%s IN (SELECT %s FROM %s)",
			l.parent, duck.QuoteIdent(l.parentColumn), duck.QuoteIdent(l.column), versions))
	}
	return "SELECT DISTINCT person_id FROM (" + strings.Join(parts, " UNION ALL ") + ") WHERE person_id IS NOT NULL", true
}

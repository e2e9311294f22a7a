package warehouse

import (
	"carewh/pipelines/models"
	sqlfiles "carewh/sql"
	"context"
	"slices"
	"strings"
	"testing"
)

// TestBuiltinModelsLoad keeps the shipped SQL models loadable: headers
// parse, dependencies exist, no cycles.
func TestBuiltinModelsLoad(t *testing.T) {
	all, err := models.Load(sqlfiles.Files, ExternalRelations())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range all {
		for _, d := range m.Depends {
			if !seen[d] && !slices.Contains(ExternalRelations(), d) {
				t.Errorf("%s comes before its dependency %s", m.Name, d)
			}
		}
		seen[m.Name] = true
		if len(m.Checks) == 0 && m.Materialize != "macro" {
			t.Errorf("model %s declares no checks", m.Name)
		}
	}
}

// TestModelDependsMatchReads: every built-in model declares exactly what
// its SQL reads, as DuckDB parses it.
func TestModelDependsMatchReads(t *testing.T) {
	all, err := models.Load(sqlfiles.Files, ExternalRelations())
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckModels(context.Background(), all); err != nil {
		t.Error(err)
	}
}

// TestCheckModelsFindsWrongDepends: a relation read but not declared, one
// declared but not read, and SQL that does not parse are each named, in a
// macro's body as in a query.
func TestCheckModelsFindsWrongDepends(t *testing.T) {
	models := []models.Model{
		{Name: "marts.a", File: "marts/a.sql", Depends: []string{"core.x", "core.unused"}, SQL: "WITH c AS (SELECT * FROM core.x) SELECT * FROM c JOIN staging.y USING (id)"},
		{Name: "marts.b", File: "marts/b.sql", SQL: "SELEC 1"},
		{Name: "core.m", File: "core/m.sql", Materialize: "macro", Depends: []string{"core.age_on"},
			SQL: "(d, n) AS (SELECT c.calendar_date FROM core.calendar c WHERE c.calendar_date = d AND core.age_on(d, d) = n)"},
		{Name: "core.t", File: "core/t.sql", Materialize: "macro", Depends: []string{"core.x", "core.y"},
			SQL: "(n) as\ttable SELECT * FROM core.x WHERE id = n"},
		{Name: "core.bad", File: "core/bad.sql", Materialize: "macro", SQL: "d AS d + 1"},
	}
	err := CheckModels(context.Background(), models)
	for _, want := range []string{
		"marts/a.sql: model marts.a reads staging.y, which its depends line does not name",
		"marts/a.sql: model marts.a declares core.unused in depends but never reads it",
		"marts/b.sql: ",
		"core/m.sql: model core.m reads core.calendar, which its depends line does not name",
		"core/t.sql: model core.t declares core.y in depends but never reads it",
		"core/bad.sql: a macro starts with its parameter list",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
	if err != nil && (strings.Contains(err.Error(), "core.age_on,") || strings.Contains(err.Error(), "core.x,")) {
		t.Errorf("a macro's declared read was not found: %v", err)
	}
	if err != nil && strings.Contains(err.Error(), " c,") {
		t.Errorf("a CTE was taken for a relation: %v", err)
	}
}

package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"carewh/canonical"
	"carewh/config"
	"carewh/pipelines/duck"
	"carewh/pipelines/models"
)

// sliceRowsPerGB is how many rows of the inputs it cuts down by child one
// slice of a build in slices reads for each GB of DuckDB's memory limit.
// At 150 councils and 1GB, staging.cla_episode_resolution (6.7 million
// input rows) took 57 s whole and 36 s in four slices: whole, its windows
// and joins spill to disk.
const sliceRowsPerGB = 1_500_000

// slicing is how a full build builds a model: in how many slices of
// children, cutting down which of the relations it reads.
type slicing struct {
	slices int
	cut    []string
}

// planSlices works out how to build m: in one piece unless the model may
// be built in slices (models.Model.InSlices) and the relations it reads
// that can be cut down by child hold more rows than one slice should read.
func (b *Build) planSlices(ctx context.Context, conn *sql.Conn, m models.Model) (slicing, error) {
	plan := slicing{slices: 1}
	if !m.InSlices {
		return plan, nil
	}
	var rows int64
	for _, d := range m.Depends {
		if !b.cutByChild(d) {
			continue
		}
		var n int64
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM "+d).Scan(&n); err != nil {
			return plan, fmt.Errorf("counting the rows of %s: %w", d, err)
		}
		plan.cut = append(plan.cut, d)
		rows += n
	}
	perSlice := b.RowsPerSlice
	if perSlice == 0 {
		limit, err := config.ParseDuckDBMemory(b.Config.DuckDB.MemoryLimit)
		if err != nil {
			return plan, err
		}
		perSlice = max(int64(sliceRowsPerGB*float64(limit)/1e9), 1)
	}
	plan.slices = int(max((rows+perSlice-1)/perSlice, 1))
	return plan, nil
}

// cutByChild reports whether a relation can be cut down to some children's
// rows: a raw table whose rows name their child or link to a row that does
// (childRows), or a model keyed by child.
func (b *Build) cutByChild(relation string) bool {
	if name, ok := strings.CutPrefix(relation, "raw."); ok {
		t, err := canonical.Lookup(name)
		return err == nil && (childKeyed(t) || len(childLinks[name]) > 0)
	}
	for _, m := range b.Models {
		if m.Name == relation {
			return m.Incremental != "" // never set on a macro
		}
	}
	return false
}

// createInSlices creates m's table a slice of children at a time: slice s
// of n holds the children whose person_id hashes to s modulo n. Each slice
// is m's SQL with the relations plan cuts read as that slice's rows of
// them, and keeps only its rows of that slice's children. A model keyed by
// child works a child's rows out from that child's rows alone, so the
// slices together are the whole model; TestBuildInSlicesIsTheWholeBuild
// checks it model by model.
func createInSlices(ctx context.Context, tx *sql.Tx, m models.Model, plan slicing) error {
	query := m.SQL
	for _, d := range plan.cut {
		query = relationPattern(d).ReplaceAllString(query, "${1}"+sliceName(d))
	}
	for s := range plan.slices {
		inSlice := func(personColumn string) string {
			return fmt.Sprintf("%[1]s IS NOT NULL AND hash(%[1]s) %% %[2]d = %[3]d", personColumn, plan.slices, s)
		}
		for _, d := range plan.cut {
			view := fmt.Sprintf("CREATE OR REPLACE TEMP VIEW %s AS SELECT * FROM %s WHERE %s", sliceName(d), d, childRows(d, inSlice))
			if _, err := tx.ExecContext(ctx, view); err != nil {
				return fmt.Errorf("cutting %s down to slice %d of %d: %w", d, s+1, plan.slices, err)
			}
		}
		rows := fmt.Sprintf("SELECT * FROM (\n%s\n) WHERE %s", query, inSlice(duck.QuoteIdent(m.Incremental)))
		stmt := "INSERT INTO " + m.Name + " " + rows
		if s == 0 {
			stmt = "CREATE TABLE " + m.Name + " AS " + rows
		}
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s, slice %d of %d: %w", m.File, s+1, plan.slices, err)
		}
	}
	for _, d := range plan.cut {
		if _, err := tx.ExecContext(ctx, "DROP VIEW "+sliceName(d)); err != nil {
			return err
		}
	}
	return nil
}

func sliceName(relation string) string {
	return "slice__" + strings.ReplaceAll(relation, ".", "__")
}

package cli

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"carewh/internal/sqltext"
	"carewh/pipelines/duck"
)

func newQueryCmd(e *env) *cobra.Command {
	var configPath string
	var asCSV bool
	cmd := &cobra.Command{
		Use:   "query SQL",
		Short: "Run read-only SQL against the warehouse and print the result",
		Example: `  carewh query "SELECT * FROM marts.board_kpis WHERE year_complete ORDER BY reporting_year DESC, sort_order LIMIT 6"
  carewh query --csv "SELECT * FROM marts.lac_reviews_overdue WHERE overdue" > overdue.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			stmts := sqltext.Split(args[0])
			switch {
			case len(stmts) == 0:
				return fmt.Errorf("query: no SQL statement given")
			case asCSV && len(stmts) > 1:
				return fmt.Errorf("query: --csv prints one result, and the SQL given has %d statements: run them one at a time", len(stmts))
			}
			return withWarehouse(cfg, nil, func(db *sql.DB) error {
				return runStatements(cmd.Context(), db, stmts, asCSV, e.stdout)
			})
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "config file (default: the built-in demo config)")
	cmd.Flags().BoolVar(&asCSV, "csv", false, "print CSV instead of a table")
	return cmd
}

// runStatements runs stmts in turn on one connection, so that a statement
// sees what an earlier one made (a temporary table, say), and prints each
// result.
func runStatements(ctx context.Context, db *sql.DB, stmts []string, asCSV bool, w io.Writer) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for i, stmt := range stmts {
		if len(stmts) > 1 {
			if i > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "-- statement %d of %d: %s\n", i+1, len(stmts), firstLine(stmt))
		}
		if err := runStatement(ctx, conn, stmt, asCSV, w); err != nil {
			if len(stmts) > 1 {
				return fmt.Errorf("query: statement %d of %d: %w", i+1, len(stmts), err)
			}
			return fmt.Errorf("query: %w", err)
		}
	}
	return nil
}

// runStatement runs one statement and prints its result. A COPY is
// refused before it runs: DuckDB refuses one to any file but the run
// ledger's, which the warehouse's ops views read and so a reader may
// open, and carewh query writes no file.
func runStatement(ctx context.Context, conn *sql.Conn, stmt string, asCSV bool, w io.Writer) error {
	copies, err := duck.IsCopy(ctx, conn, stmt)
	if err != nil {
		return err
	}
	if copies {
		return fmt.Errorf("COPY is refused: carewh query reads the warehouse and writes no file")
	}
	rows, err := conn.QueryContext(ctx, stmt)
	if err != nil {
		return err
	}
	defer rows.Close()
	header, out, err := readRows(rows)
	if err != nil {
		return err
	}
	if asCSV {
		return writeCSV(w, header, out)
	}
	printTable(w, header, out)
	fmt.Fprintf(w, "(%d rows)\n", len(out))
	return nil
}

// firstLine is a statement's first line, shortened to fit a heading.
func firstLine(stmt string) string {
	line, _, more := strings.Cut(stmt, "\n")
	if len(line) > 70 {
		return line[:67] + "..."
	}
	if more {
		return line + " ..."
	}
	return line
}

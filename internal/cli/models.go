package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"carewh/pipelines/models"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
)

func newModelsCmd(e *env) *cobra.Command {
	var dot bool
	cmd := &cobra.Command{
		Use:   "models [--dot]",
		Short: "List the warehouse's models in build order, each with what it reads",
		Example: `  carewh models
  carewh models --dot | dot -Tsvg > models.svg`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			all, err := models.Load(sqlfiles.Files, warehouse.ExternalRelations())
			if err != nil {
				return err
			}
			if dot {
				fmt.Fprintln(e.stdout, "digraph carewh {\n  rankdir=LR;\n  node [shape=box, fontname=\"sans-serif\"];")
				for _, m := range all {
					fmt.Fprintf(e.stdout, "  %q;\n", m.Name)
					for _, d := range m.Depends {
						fmt.Fprintf(e.stdout, "  %q -> %q;\n", d, m.Name)
					}
				}
				fmt.Fprintln(e.stdout, "}")
				return nil
			}
			for _, m := range all {
				fmt.Fprintf(e.stdout, "%s (%s, %s)\n", m.Name, m.Materialize, m.File)
				if len(m.Depends) > 0 {
					fmt.Fprintf(e.stdout, "    reads %s\n", strings.Join(m.Depends, ", "))
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dot, "dot", false, "print the graph for Graphviz")
	return cmd
}

func newCheckCmd(e *env) *cobra.Command {
	var configPath string
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check the config, the models and their SQL without building anything",
		Long: `Check the config (every problem, with its line), the models (headers, checks,
dependencies, no cycle), the KPI catalogue, and each model's SQL as DuckDB
parses it: it must parse, and read exactly the relations its depends line
names. Nothing is read from the source and no warehouse is built.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var problems []error
			if _, err := loadConfig(configPath); err != nil {
				problems = append(problems, err)
			} else {
				fmt.Fprintln(e.stdout, "config: ok")
			}
			all, err := models.Load(sqlfiles.Files, warehouse.ExternalRelations())
			if err == nil {
				err = warehouse.CheckModels(cmd.Context(), all)
			}
			if err != nil {
				problems = append(problems, err)
			} else {
				fmt.Fprintf(e.stdout, "models: ok (%d, each reading what its depends line names)\n", len(all))
			}
			if kpis, err := warehouse.LoadKPIs(sqlfiles.Files); err != nil {
				problems = append(problems, err)
			} else {
				fmt.Fprintf(e.stdout, "KPIs: ok (%d)\n", len(kpis))
			}
			return errors.Join(problems...)
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "config file (default: the built-in demo config)")
	return cmd
}

package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print carewh's version and the versions of its engines",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			version := buildVersion()
			deps := map[string]string{}
			if info, ok := debug.ReadBuildInfo(); ok {
				for _, d := range info.Deps {
					deps[d.Path] = d.Version
				}
			}
			fmt.Fprintf(e.stdout, "carewh %s\n", version)
			for _, m := range []string{"github.com/duckdb/duckdb-go/v2", "github.com/apache/arrow-go/v18", "github.com/parquet-go/parquet-go"} {
				if v := deps[m]; v != "" {
					fmt.Fprintf(e.stdout, "%s %s\n", m, v)
				}
			}
			return nil
		},
	}
}

// buildVersion is carewh's module version, "(devel)" in a source build.
func buildVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

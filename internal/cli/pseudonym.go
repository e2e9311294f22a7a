package cli

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"carewh/canonical"
	"carewh/pipelines"
)

func newPseudonymCmd(e *env) *cobra.Command {
	var configPath, kind string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "pseudonym ID...",
		Short: "Print the warehouse pseudonym of a case-system id, to find one child (or worker, or record) in the warehouse",
		Long: `Print the pseudonym the warehouse holds for each case-system id given: a
child's (the default), a member of staff's with --kind staff, or a record's
with its domain (--kind episode, review, cla …). It needs the pseudonymisation
key the lake was built with (CAREWH_HMAC_KEY or CAREWH_HMAC_KEY_FILE, or the
demo's key file), and refuses any other.`,
		Example: `  carewh pseudonym C001P000059
  carewh query "SELECT * FROM marts.permanence_tracker WHERE person_id = '$(carewh pseudonym -q C001P000059)'"`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			domains := identifierDomains()
			if !slices.Contains(domains, kind) {
				return usageError{fmt.Errorf("--kind %q is no identifier (known: %v)", kind, domains)}
			}
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			p, err := pipelines.Pseudonymiser(cfg, e.getenv, e.logger)
			if err != nil {
				return err
			}
			for _, id := range args {
				ps := p.Pseudonym(canonical.Identifier(kind), id)
				if quiet {
					fmt.Fprintln(e.stdout, ps)
				} else {
					fmt.Fprintf(e.stdout, "%s\t%s\n", id, ps)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "config file (default: the built-in demo config)")
	cmd.Flags().StringVar(&kind, "kind", string(canonical.PersonID), "what the id names: person, staff, or a record's domain")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print the pseudonyms only, one a line")
	return cmd
}

// identifierDomains lists the pseudonymisation domains of the canonical
// tables' columns, sorted.
func identifierDomains() []string {
	var out []string
	for _, t := range canonical.Tables {
		for _, c := range t.Columns {
			if c.ID != canonical.NotIdentifying && !slices.Contains(out, string(c.ID)) {
				out = append(out, string(c.ID))
			}
		}
	}
	slices.Sort(out)
	return out
}

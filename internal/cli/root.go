// Package cli is carewh's command line: one file per subcommand, each built
// by its own constructor, all driven through Do so tests can run the whole
// CLI against buffers.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// env is what every command reads and writes through.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	logger         *slog.Logger
	verbose        bool
}

// Do runs the CLI with args and returns the process exit code: 0 on
// success, 1 on failure (with a one-line reason on stderr), 2 on misuse.
//
// Do sets the process's umask to 077, so that whatever the process writes
// is private (see privateUmask).
func Do(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	privateUmask()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, args, &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv})
}

func run(ctx context.Context, args []string, e *env) int {
	root := newRootCmd(e)
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var usage usageError
	if errors.As(err, &usage) {
		fmt.Fprintf(e.stderr, "carewh: %v\n", err)
		return 2
	}
	fmt.Fprintf(e.stderr, "carewh: %v\n", err)
	return 1
}

func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:           "carewh",
		Short:         "Children's social care performance warehouse for IRO services",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			level := slog.LevelInfo
			if e.verbose {
				level = slog.LevelDebug
			}
			e.logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
		},
	}
	root.PersistentFlags().BoolVarP(&e.verbose, "verbose", "v", false, "log every model and check")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newRunCmd(e),
		newServeCmd(e),
		newGenerateCmd(e),
		newQueryCmd(e),
		newReportCmd(e),
		newExportCmd(e),
		newDisclosuresCmd(e),
		newVersionCmd(e),
		newBenchCmd(e),
		newPseudonymCmd(e),
		newRekeyCmd(e),
		newUsersCmd(e),
		newModelsCmd(e),
		newCheckCmd(e),
	)
	return root
}

// usageError marks a mistake in how carewh was called.
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

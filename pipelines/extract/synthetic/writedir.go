package synthetic

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// WriteDir writes one CSV per table into dir (created if absent): for each
// canonical table a file named after its SourceFile, plus ssd_address.csv.
// Each file is written to a temporary name and renamed when complete; on
// error the temporary files are removed.
func WriteDir(ctx context.Context, dir string, opts Options) (Summary, error) {
	return writeDir(ctx, dir, opts, defaultTuning())
}

func writeDir(ctx context.Context, dir string, opts Options, tun tuning) (Summary, error) {
	opts, err := opts.normalise()
	if err != nil {
		return Summary{}, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Summary{}, fmt.Errorf("creating %s: %w", dir, err)
	}
	out, err := openSink(dir, fileSpecs())
	if err != nil {
		return Summary{}, err
	}
	out.faults.noRowFaults = tun.noRowFaults
	for n := 1; n <= opts.Scale; n++ {
		if err := ctx.Err(); err != nil {
			out.abort()
			return Summary{}, err
		}
		if err := newCouncil(n, opts, tun, out).generate(ctx); err != nil {
			out.abort()
			if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
				err = errors.Join(ctxErr, err)
			}
			return Summary{}, fmt.Errorf("generating council %d: %w", n, err)
		}
	}
	if err := out.commit(); err != nil {
		return Summary{}, err
	}
	return out.summary(), nil
}

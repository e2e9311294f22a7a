package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"carewh/pipelines/extract/synthetic"
)

// generated describes a generated source folder, kept beside it so that a
// later bench reuses it only when it was made with the same options.
type generated struct {
	Seed  int64  `json:"seed"`
	Scale int    `json:"scale"`
	AsOf  string `json:"as_of"`
}

const generatedFile = "bench-source.json"

// ensureSource generates the synthetic source of a scale into dir/source,
// unless a matching one is there, and the 1% changed copy into
// dir/changed. It returns the two folders.
func ensureSource(ctx context.Context, o Options, scale int) (source, changed string, err error) {
	dir := o.scaleDir(scale)
	source, changed = filepath.Join(dir, "source"), filepath.Join(dir, "changed")
	want := generated{Seed: o.Seed, Scale: scale, AsOf: o.AsOf.Format(time.DateOnly)}
	var have generated
	if data, err := os.ReadFile(filepath.Join(dir, generatedFile)); err == nil && json.Unmarshal(data, &have) == nil && have == want {
		if _, err := os.Stat(changed); err == nil {
			return source, changed, nil
		}
	}
	for _, d := range []string{source, changed} {
		if err := os.RemoveAll(d); err != nil {
			return "", "", fmt.Errorf("clearing %s: %w", d, err)
		}
	}
	start := time.Now()
	if _, err := synthetic.WriteDir(ctx, source, synthetic.Options{Seed: o.Seed, Scale: scale, AsOf: o.AsOf}); err != nil {
		return "", "", fmt.Errorf("generating scale %d: %w", scale, err)
	}
	if err := changeOnePercent(source, changed); err != nil {
		return "", "", err
	}
	data, err := json.Marshal(want)
	if err != nil {
		return "", "", err
	}
	if err := os.WriteFile(filepath.Join(dir, generatedFile), data, 0o644); err != nil {
		return "", "", fmt.Errorf("writing %s: %w", generatedFile, err)
	}
	fmt.Fprintf(o.Progress, "scale %d: generated %s in %.1fs\n", scale, source, time.Since(start).Seconds())
	return source, changed, nil
}

// changeOnePercent copies every CSV file of src into dst without every
// 100th data row (rows 50, 150, ...): 1% of the rows of every table change
// (as deletions) between the source and the copy. The generator writes no
// field with a line break, so a row is a line.
func changeOnePercent(src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dst, err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return fmt.Errorf("reading %s: %w", src, err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".csv") {
			continue
		}
		if err := dropEveryHundredth(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return fmt.Errorf("making the changed copy of %s: %w", e.Name(), err)
		}
	}
	return nil
}

func dropEveryHundredth(from, to string) (err error) {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, out.Close()) }()
	w := bufio.NewWriter(out)
	s := bufio.NewScanner(in)
	s.Buffer(make([]byte, 1<<20), 1<<26)
	for n := 0; s.Scan(); n++ {
		if n > 0 && n%100 == 50 {
			continue
		}
		w.Write(s.Bytes())
		w.WriteByte('\n')
	}
	if err := s.Err(); err != nil {
		return err
	}
	return w.Flush()
}

package bench

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"carewh/canonical"
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
		if changedCopyCurrent(changed) {
			return source, changed, nil
		}
		if err := os.RemoveAll(changed); err != nil {
			return "", "", fmt.Errorf("clearing %s: %w", changed, err)
		}
		if err := changeOnePercent(source, changed); err != nil {
			return "", "", err
		}
		return source, changed, nil
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

// changesVersion names how changeOnePercent changes a source; a changed
// copy made another way is made again.
const changesVersion = "delete-update-insert/1"

const changesFile = "bench-changes.json"

// changeOnePercent copies every CSV file of src into dst with 1% of its
// data rows changed, a third each way, as a nightly extract changes: of
// every 300 data rows, row 50 is deleted, row 150 updated (it takes the
// values of the row after it, keeping its own key, so it stays valid) and
// row 250 joined by a new row (a copy of it under a new key). A file that
// is no canonical table's is copied as it is.
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
		if err := changeFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return fmt.Errorf("making the changed copy of %s: %w", e.Name(), err)
		}
	}
	data, err := json.Marshal(changesVersion)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, changesFile), data, 0o644)
}

// changedCopyCurrent says whether dst was made by this changeOnePercent.
func changedCopyCurrent(dst string) bool {
	data, err := os.ReadFile(filepath.Join(dst, changesFile))
	var have string
	return err == nil && json.Unmarshal(data, &have) == nil && have == changesVersion
}

func changeFile(from, to string) (err error) {
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
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	r.FieldsPerRecord = -1
	w := csv.NewWriter(bufio.NewWriterSize(out, 1<<20))
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := w.Write(header); err != nil {
		return err
	}
	key := keyPosition(filepath.Base(from), header)
	var held []string // row 150 of 300, waiting for the row after it
	for n := 1; ; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch {
		case key < 0:
		case held != nil:
			updated := slices.Clone(rec)
			updated[key] = held[key]
			if err := w.Write(updated); err != nil {
				return err
			}
			held = nil
		case n%300 == 50:
			continue
		case n%300 == 150:
			held = slices.Clone(rec)
			continue
		case n%300 == 250:
			inserted := slices.Clone(rec)
			inserted[key] += "-new"
			if err := w.Write(inserted); err != nil {
				return err
			}
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	if held != nil {
		if err := w.Write(held); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// keyPosition is the index in header of the key column of the canonical
// table whose file name is, or -1.
func keyPosition(name string, header []string) int {
	for _, t := range canonical.Tables {
		if !strings.EqualFold(t.SourceFile+".csv", name) {
			continue
		}
		for _, c := range t.Columns {
			if c.Name != t.Key {
				continue
			}
			for i, h := range header {
				if strings.EqualFold(strings.TrimSpace(h), c.Source) {
					return i
				}
			}
		}
	}
	return -1
}

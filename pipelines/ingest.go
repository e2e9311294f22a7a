package pipelines

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"golang.org/x/sync/errgroup"

	"carewh/canonical"
	"carewh/pipelines/extract"
	"carewh/pipelines/lake"
	"carewh/transforms"
	"carewh/transforms/parquet"
)

// ingestJob is what extracting every table into the lake needs.
type ingestJob struct {
	mem        memory.Allocator
	source     extract.Source
	lk         lake.Lake
	runID      string
	key        []byte
	rekeying   *transforms.Rekeying // set while carewh rekey reads the source
	options    transforms.Options   // Pseudonymiser and SourceColumns are set per table
	quarantine *lake.QuarantineFile
	// fromSource pseudonymises the rows the source sets aside itself
	// (transforms.SourceRejections).
	fromSource func(canonical.Rejection) canonical.Rejection
	parallel   int
	log        *slog.Logger
}

// run streams every canonical table from the source through the transforms
// into a staged snapshot, a few tables at a time; the change detector then
// decides what of it reaches the lake.
func (j ingestJob) run(ctx context.Context) (map[string]lake.TableStats, error) {
	var mu sync.Mutex
	stats := make(map[string]lake.TableStats, len(canonical.Tables))
	counts := make(map[string]transforms.Counts, len(canonical.Tables))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, j.parallel))
	for _, table := range j.order() {
		g.Go(func() error {
			s, c, err := j.table(ctx, table)
			if err != nil {
				return err
			}
			mu.Lock()
			stats[table.Name], counts[table.Name] = s, c
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	// A source may set rows of one table aside while reading another (the
	// 903's episodes are read once for several tables): count them last.
	for name, s := range stats {
		// A 903 permanence row whose PlacedAdoption value the source left
		// out and whose AD1 values the transforms then emptied or rejected
		// counts in fixed twice, or in fixed as well as quarantined: fixed
		// may overstate by such rows (read = rows + quarantined holds).
		c := counts[name]
		bySource, fixedBySource := j.quarantine.SourceRows(name)
		read, fixed := c.Read+bySource, c.Fixed+fixedBySource
		s.Read, s.Fixed, s.Quarantined = &read, &fixed, c.Quarantined+bySource
		if read != s.Rows+s.Quarantined {
			// The conformer writes every row it does not quarantine: a
			// difference is a bug, worth a warning, not a failed run.
			j.log.Warn("row accounting does not add up", "table", name, "read", read, "rows", s.Rows,
				"quarantined", s.Quarantined, "fixed", fixed)
		}
		stats[name] = s
	}
	return stats, nil
}

// order is the order tables are ingested in: largest first when the
// source can tell, else the canonical order.
func (j ingestJob) order() []*canonical.Table {
	tables := slices.Clone(canonical.Tables)
	if sizer, ok := j.source.(extract.Sizer); ok {
		size := make(map[*canonical.Table]int64, len(tables))
		for _, t := range tables {
			size[t] = sizer.Size(t)
		}
		slices.SortStableFunc(tables, func(a, b *canonical.Table) int { return cmp.Compare(size[b], size[a]) })
	}
	return tables
}

// table ingests one table and returns its stats and what became of the
// rows the transforms saw.
func (j ingestJob) table(ctx context.Context, table *canonical.Table) (lake.TableStats, transforms.Counts, error) {
	start := time.Now()
	reader, err := j.source.Open(ctx, table, j.quarantine.FromSource(j.fromSource))
	if errors.Is(err, extract.ErrNotProvided) {
		j.log.InfoContext(ctx, "table not provided by this source", "table", table.Name)
		s, err := j.emptyTable(table)
		return s, transforms.Counts{}, err
	}
	if err != nil {
		return lake.TableStats{}, transforms.Counts{}, fmt.Errorf("extracting %s: %w", table.Name, err)
	}
	defer reader.Release()
	pseudonymiser, err := transforms.NewPseudonymiser(j.key)
	if err != nil {
		return lake.TableStats{}, transforms.Counts{}, err
	}
	opts := j.options
	opts.Pseudonymiser = pseudonymiser.Rekeying(j.rekeying)
	opts.SourceColumns = reader.SourceColumns()
	conformer := transforms.NewConformer(j.mem, table, opts)
	defer conformer.Release()
	writer, err := parquet.CreateSnapshot(j.mem, table.Schema(), j.lk.Root, j.lk.StagingFile(table.Name, j.runID))
	if err != nil {
		return lake.TableStats{}, transforms.Counts{}, err
	}
	for reader.Next() {
		good, err := conformer.Conform(reader.RecordBatch(), reader.Origin(), j.quarantine)
		if err != nil {
			writer.Abort()
			return lake.TableStats{}, transforms.Counts{}, fmt.Errorf("transforming %s: %w", table.Name, err)
		}
		err = writer.Write(good)
		good.Release()
		if err != nil {
			writer.Abort()
			return lake.TableStats{}, transforms.Counts{}, err
		}
	}
	if err := reader.Err(); err != nil {
		writer.Abort()
		return lake.TableStats{}, transforms.Counts{}, fmt.Errorf("extracting %s: %w", table.Name, err)
	}
	file, err := writer.Close()
	if err != nil {
		return lake.TableStats{}, transforms.Counts{}, err
	}
	j.log.InfoContext(ctx, "table extracted", "table", table.Name, "source", reader.Origin(),
		"rows", file.Rows, "duration_seconds", time.Since(start).Seconds())
	return lake.TableStats{Source: reader.Origin(), Available: true, Rows: file.Rows, Files: []parquet.File{file}}, conformer.Counts(), nil
}

// emptyTable writes a table the source does not carry as an empty file, so
// the warehouse has its columns, and records it as unavailable.
func (j ingestJob) emptyTable(table *canonical.Table) (lake.TableStats, error) {
	writer, err := parquet.CreateSnapshot(j.mem, table.Schema(), j.lk.Root, j.lk.StagingFile(table.Name, j.runID))
	if err != nil {
		return lake.TableStats{}, err
	}
	file, err := writer.Close()
	if err != nil {
		return lake.TableStats{}, err
	}
	return lake.TableStats{Source: "not provided", Available: false, Files: []parquet.File{file}}, nil
}

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
	"carewh/transforms"
	"carewh/transforms/parquet"
)

// ingestJob is what extracting every table into the lake needs.
type ingestJob struct {
	mem        memory.Allocator
	source     extract.Source
	lake       Lake
	runID      string
	key        []byte
	options    transforms.Options // Pseudonymiser and SourceColumns are set per table
	quarantine *quarantineFile
	parallel   int
	log        *slog.Logger
}

// run streams every canonical table from the source through the transforms
// into a staged snapshot, a few tables at a time; the change detector then
// decides what of it reaches the lake.
func (j ingestJob) run(ctx context.Context) (map[string]TableStats, error) {
	var mu sync.Mutex
	stats := make(map[string]TableStats, len(canonical.Tables))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, j.parallel))
	for _, table := range j.order() {
		g.Go(func() error {
			s, err := j.table(ctx, table)
			if err != nil {
				return err
			}
			mu.Lock()
			stats[table.Name] = s
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for name, s := range stats {
		s.Quarantined = j.quarantine.Rows(name)
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

func (j ingestJob) table(ctx context.Context, table *canonical.Table) (TableStats, error) {
	start := time.Now()
	reader, err := j.source.Open(ctx, table, j.quarantine)
	if errors.Is(err, extract.ErrNotProvided) {
		j.log.InfoContext(ctx, "table not provided by this source", "table", table.Name)
		return j.emptyTable(table)
	}
	if err != nil {
		return TableStats{}, fmt.Errorf("extracting %s: %w", table.Name, err)
	}
	defer reader.Release()
	pseudonymiser, err := transforms.NewPseudonymiser(j.key)
	if err != nil {
		return TableStats{}, err
	}
	opts := j.options
	opts.Pseudonymiser = pseudonymiser
	opts.SourceColumns = reader.SourceColumns()
	conformer := transforms.NewConformer(j.mem, table, opts)
	defer conformer.Release()
	writer, err := parquet.Create(j.mem, table.Schema(), j.lake.Root, j.lake.stagingFile(table.Name, j.runID))
	if err != nil {
		return TableStats{}, err
	}
	for reader.Next() {
		good, err := conformer.Conform(reader.RecordBatch(), reader.Origin(), j.quarantine)
		if err != nil {
			writer.Abort()
			return TableStats{}, fmt.Errorf("transforming %s: %w", table.Name, err)
		}
		err = writer.Write(good)
		good.Release()
		if err != nil {
			writer.Abort()
			return TableStats{}, err
		}
	}
	if err := reader.Err(); err != nil {
		writer.Abort()
		return TableStats{}, fmt.Errorf("extracting %s: %w", table.Name, err)
	}
	file, err := writer.Close()
	if err != nil {
		return TableStats{}, err
	}
	j.log.InfoContext(ctx, "table extracted", "table", table.Name, "source", reader.Origin(),
		"rows", file.Rows, "duration_seconds", time.Since(start).Seconds())
	return TableStats{Source: reader.Origin(), Available: true, Rows: file.Rows, Files: []parquet.File{file}}, nil
}

// emptyTable writes a table the source does not carry as an empty file, so
// the warehouse has its columns, and records it as unavailable.
func (j ingestJob) emptyTable(table *canonical.Table) (TableStats, error) {
	writer, err := parquet.Create(j.mem, table.Schema(), j.lake.Root, j.lake.stagingFile(table.Name, j.runID))
	if err != nil {
		return TableStats{}, err
	}
	file, err := writer.Close()
	if err != nil {
		return TableStats{}, err
	}
	return TableStats{Source: "not provided", Available: false, Files: []parquet.File{file}}, nil
}

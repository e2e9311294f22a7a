package pipelines

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"carewh/canonical"
	"carewh/config"
)

// ReferenceIngest is the yardstick `carewh bench` measures ingest against:
// DuckDB's own CSV reader and Parquet writer over the SSD CSV files of
// srcDir, into the same columns carewh's raw stage reads. For each
// canonical table it runs
//
//	COPY (SELECT "<ssd column>" AS <canonical column>, ... FROM read_csv(<file>, header = true, all_varchar = true))
//	TO '<outDir>/<table>.parquet' (FORMAT parquet, COMPRESSION zstd)
//
// Every column stays text (a column the file lacks is a NULL text column):
// DuckDB parses the CSV into the same columns, but does none of carewh's
// typing, code mapping, validation or pseudonymisation. It returns the rows
// written.
func ReferenceIngest(ctx context.Context, settings config.DuckDB, srcDir, outDir string) (int64, error) {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return 0, fmt.Errorf("creating %s: %w", outDir, err)
	}
	db, err := OpenDuckDB(":memory:", settings, false)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var total int64
	for _, t := range canonical.Tables {
		path := filepath.Join(srcDir, t.SourceFile+".csv")
		header, err := csvHeader(path)
		if err != nil {
			return total, fmt.Errorf("reference ingest of %s: %w", t.Name, err)
		}
		var cols []string
		for _, c := range t.Columns {
			if name, ok := header[strings.ToLower(c.Source)]; ok && c.Source != "" {
				cols = append(cols, quoteIdent(name)+" AS "+quoteIdent(c.Name))
			} else {
				cols = append(cols, "NULL::VARCHAR AS "+quoteIdent(c.Name))
			}
		}
		query := fmt.Sprintf("COPY (SELECT %s FROM read_csv(%s, header = true, all_varchar = true)) TO %s (FORMAT parquet, COMPRESSION zstd)",
			strings.Join(cols, ", "), quote(path), quote(filepath.Join(outDir, t.Name+".parquet")))
		res, err := db.ExecContext(ctx, query)
		if err != nil {
			return total, fmt.Errorf("reference ingest of %s: %w", path, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, fmt.Errorf("reference ingest of %s: %w", path, err)
		}
		total += n
	}
	return total, nil
}

// csvHeader maps each lower-cased column name of a CSV file's header row
// to the name as written.
func csvHeader(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	record, err := csv.NewReader(bufio.NewReader(f)).Read()
	if err != nil {
		return nil, fmt.Errorf("%s: reading header: %w", filepath.Base(path), err)
	}
	header := make(map[string]string, len(record))
	for _, h := range record {
		h = strings.TrimPrefix(h, "\ufeff")
		header[strings.ToLower(h)] = h
	}
	return header, nil
}

package bench

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
	"carewh/pipelines/duck"
)

// ReferenceIngest is the yardstick `carewh bench` measures ingest against:
// DuckDB's own CSV reader and Parquet writer over the SSD CSV files of
// srcDir, into the same columns and types as carewh's lake. For each
// canonical table it runs
//
//	COPY (SELECT <typed column> AS <canonical column>, ... FROM read_csv(<file>, header = true, all_varchar = true))
//	TO '<outDir>/<table>.parquet' (FORMAT parquet, COMPRESSION zstd)
//
// where each column is cast from text to the lake's type (see
// referenceType); a column the file lacks is NULL of its type. DuckDB does none of carewh's validation, code mapping,
// quarantine or pseudonymisation, and keeps no source line: the reference
// is the bare cost of reading the same CSV into the same typed Parquet. It
// returns the rows written.
func ReferenceIngest(ctx context.Context, settings config.DuckDB, srcDir, outDir string) (int64, error) {
	if err := os.MkdirAll(outDir, 0o700); err != nil {
		return 0, fmt.Errorf("creating %s: %w", outDir, err)
	}
	db, err := duck.Open(":memory:", settings, false)
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
			value := "NULL::VARCHAR"
			if name, ok := header[strings.ToLower(c.Source)]; ok && c.Source != "" {
				value = "nullif(trim(" + duck.QuoteIdent(name) + "), '')"
			}
			cols = append(cols, fmt.Sprintf(referenceType[c.Kind], value)+" AS "+duck.QuoteIdent(c.Name))
		}
		query := fmt.Sprintf("COPY (SELECT %s FROM read_csv(%s, header = true, all_varchar = true)) TO %s (FORMAT parquet, COMPRESSION zstd)",
			strings.Join(cols, ", "), duck.Quote(path), duck.Quote(filepath.Join(outDir, t.Name+".parquet")))
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

// referenceType turns a text value (%[1]s) into a column of each kind
// with DuckDB's own casts, its fastest way to the lake's types: ISO dates
// and DuckDB's booleans only (carewh also reads UK dates and Yes/No), and
// NULL for a value that does not cast.
var referenceType = map[canonical.Kind]string{
	canonical.Text:  "%[1]s",
	canonical.Code:  "%[1]s",
	canonical.Date:  "TRY_CAST(%[1]s AS DATE)",
	canonical.Bool:  "TRY_CAST(%[1]s AS BOOLEAN)",
	canonical.Int:   "TRY_CAST(%[1]s AS BIGINT)",
	canonical.Float: "TRY_CAST(%[1]s AS DOUBLE)",
	canonical.CodeList: `list_sort(CASE WHEN starts_with(%[1]s, '{')
		THEN list_filter(json_keys(%[1]s), k -> json_extract_string(%[1]s, '$."' || k || '"') = 'Y')
		ELSE list_transform(regexp_split_to_array(%[1]s, '[,;|]'), c -> trim(c)) END)`,
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

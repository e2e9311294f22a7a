package transforms

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/config"
	"carewh/pipelines/extract/synthetic"
)

// benchData is one generated council (scale 1), written once per test
// binary for all the benchmarks.
var benchData struct {
	once sync.Once
	dir  string
	err  error
}

func generatedDir(b *testing.B) string {
	b.Helper()
	benchData.once.Do(func() {
		benchData.dir, benchData.err = os.MkdirTemp("", "carewh-bench-")
		if benchData.err != nil {
			return
		}
		asOf := time.Date(2026, time.March, 31, 0, 0, 0, 0, time.UTC)
		_, benchData.err = synthetic.WriteDir(context.Background(), benchData.dir, synthetic.Options{Seed: 1, Scale: 1, AsOf: asOf})
	})
	if benchData.err != nil {
		b.Fatal(benchData.err)
	}
	return benchData.dir
}

// generatedRows reads table's CSV file of the generated council as raw
// rows, matching columns by their SSD names as the CSV source does.
func generatedRows(b *testing.B, table *canonical.Table) []raw {
	b.Helper()
	f, err := os.Open(filepath.Join(generatedDir(b), table.SourceFile+".csv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	position := map[string]int{}
	for i, h := range records[0] {
		position[strings.ToLower(h)] = i
	}
	rows := make([]raw, 0, len(records)-1)
	for n, rec := range records[1:] {
		vals := map[string]string{}
		for _, col := range table.Columns {
			if i, ok := position[strings.ToLower(col.Source)]; ok && col.Source != "" && i < len(rec) {
				vals[col.Name] = rec[i]
			}
		}
		rows = append(rows, raw{line: int64(n + 2), vals: vals})
	}
	return rows
}

// benchmarkConform conforms the whole of a generated table per op, as one
// raw batch, with the built-in mappings and a pseudonymiser: typing,
// code mapping, validation and pseudonymisation together.
func benchmarkConform(b *testing.B, name string) {
	table, err := canonical.Lookup(name)
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Default()
	if err != nil {
		b.Fatal(err)
	}
	p, err := NewPseudonymiser([]byte(testKey))
	if err != nil {
		b.Fatal(err)
	}
	mem := memory.DefaultAllocator
	batch := rawBatch(mem, table, generatedRows(b, table))
	defer batch.Release()
	opts := Options{AsOf: time.Date(2026, time.March, 31, 0, 0, 0, 0, time.UTC), Mapper: cfg.Mappings,
		Pseudonymiser: p, SourceColumns: sourceColumns(table)}
	b.ReportAllocs()
	b.ResetTimer()
	var kept int64
	for b.Loop() {
		c := NewConformer(mem, table, opts)
		out, err := c.Conform(batch, table.SourceFile+".csv", &quarantine{})
		if err != nil {
			b.Fatal(err)
		}
		kept = out.NumRows()
		out.Release()
		c.Release()
	}
	b.ReportMetric(float64(batch.NumRows()), "rows/op")
	b.ReportMetric(float64(kept), "kept/op")
}

// BenchmarkConform conforms each canonical table of a generated council.
func BenchmarkConform(b *testing.B) {
	for _, table := range canonical.Tables {
		b.Run(table.Name, func(b *testing.B) { benchmarkConform(b, table.Name) })
	}
}

// BenchmarkToCode looks up a code as written, one in another case, and a
// description that config maps to a code, without the Conformer's memo.
func BenchmarkToCode(b *testing.B) {
	cfg, err := config.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, v := range []string{"E4A", "e4a", "Yes"} {
			if _, err := canonical.CodeIn("REC", v, cfg.Mappings); err != nil && v != "Yes" {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkToCodeList reads a care plan's JSON, without the memo.
func BenchmarkToCodeList(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := toCodeList("CARE_PLAN", `{"ADOPTION":"Y","RETURN1M":"N","LTFOST18":"Y"}`, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPseudonym is the HMAC of a new identifier; BenchmarkPseudonymCached
// one already seen.
func BenchmarkPseudonym(b *testing.B) {
	p, err := NewPseudonymiser([]byte(testKey))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p.hmac(canonical.PersonID, "C001CLA000001")
	}
}

func BenchmarkPseudonymCached(b *testing.B) {
	p, err := NewPseudonymiser([]byte(testKey))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p.Pseudonym(canonical.PersonID, "C001CLA000001")
	}
}

func BenchmarkParseDate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := canonical.ParseDays("2002-06-11 15:00:00.000"); err != nil {
			b.Fatal(err)
		}
		if _, err := canonical.ParseDays("11/06/2002"); err != nil {
			b.Fatal(err)
		}
	}
}

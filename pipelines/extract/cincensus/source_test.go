package cincensus

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/pipelines/extract"
)

// childPart is a child's part of the ids the source makes from the child
// and dates (canonical.ChildScoped): the source never pseudonymises; the
// transforms replace it with the child's pseudonym.
func childPart(id string) string { return canonical.ChildScoped(id) }

type quarantine struct {
	mu  sync.Mutex
	got []canonical.Rejection
}

func (q *quarantine) Reject(r canonical.Rejection) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.got = append(q.got, r)
	return nil
}

// row is one raw row as read: canonical column → text, nulls left out.
type readRow struct {
	Origin string
	Line   int64
	Vals   map[string]string
}

func (r readRow) String() string { return fmt.Sprintf("%s line %d %v", r.Origin, r.Line, r.Vals) }

type result struct {
	rows       []readRow
	batchSizes []int
	rejected   []canonical.Rejection
	sourceCols map[string]string
	origin     string // after the last batch
}

// readTable opens path as a source and reads every batch of a table, with
// a checked allocator.
func readTable(t *testing.T, path, tableName string, opts Options) (result, error) {
	t.Helper()
	return readTableCtx(t, context.Background(), path, tableName, opts)
}

func readTableCtx(t *testing.T, ctx context.Context, path, tableName string, opts Options) (result, error) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	table, err := canonical.Lookup(tableName)
	if err != nil {
		t.Fatal(err)
	}
	opts.Path = path
	src, err := New(mem, opts)
	if err != nil {
		return result{}, err
	}
	defer src.Close()
	q := &quarantine{}
	reader, err := src.Open(ctx, table, q)
	if err != nil {
		return result{}, err
	}
	defer reader.Release()
	if !reader.Schema().Equal(table.RawSchema()) {
		t.Errorf("schema %v, want the raw schema", reader.Schema())
	}
	res := result{sourceCols: reader.SourceColumns()}
	for reader.Next() {
		rec := reader.RecordBatch()
		if !rec.Schema().Equal(table.RawSchema()) {
			t.Errorf("batch schema %v, want the raw schema", rec.Schema())
		}
		res.batchSizes = append(res.batchSizes, int(rec.NumRows()))
		lines := rec.Column(len(table.Columns)).(*array.Int64)
		for r := 0; r < int(rec.NumRows()); r++ {
			vals := map[string]string{}
			for i, col := range table.Columns {
				a := rec.Column(i).(*array.String)
				if !a.IsNull(r) {
					vals[col.Name] = a.Value(r)
				}
			}
			res.rows = append(res.rows, readRow{Origin: reader.Origin(), Line: lines.Value(r), Vals: vals})
		}
	}
	res.rejected = q.got
	res.origin = reader.Origin()
	return res, reader.Err()
}

func diff[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %v\n want %v", what, got, want)
	}
}

// writeFiles writes files (name → content) into a fresh folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// census wraps children in a census document of the given reference date.
func census(refDate, children string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>CIN</Collection>
      <Year>` + refDate[:4] + `</Year>
      <ReferenceDate>` + refDate + `</ReferenceDate>
    </CollectionDetails>
    <Source>
      <LEA>999</LEA>
    </Source>
  </Header>
  <Children>
` + children + `  </Children>
</Message>
`
}

const (
	file2024 = "testdata/years/2024/cin_census_2024.xml"
	file2023 = "testdata/years/2023/cin_census_2023.xml"
	origin24 = "cin_census_2024.xml"
)

// TestReadCensus reads each table of one census file: the values as
// written (codes of the census's own lists translated), the element lines,
// nothing dropped or fixed.
func TestReadCensus(t *testing.T) {
	p1, p2, p3, p6 := childPart("CIN001"), childPart("CIN002"), childPart("CIN003"), childPart("CIN006")
	o := origin24
	tests := map[string][]readRow{
		"person": {
			{o, 20, map[string]string{"person_id": "CIN001", "sex": "M", "ethnicity": "WBRI", "dob": "2015-03-27", "upn": "A123456789012"}},
			{o, 66, map[string]string{"person_id": "CIN002", "sex": "F", "ethnicity": "MWBC", "dob": "2012-11-02"}},
			{o, 111, map[string]string{"person_id": "CIN003", "sex": "U", "ethnicity": "WBRI", "dob": "2018-07-14", "upn": "B987654321098"}},
			{o, 146, map[string]string{"person_id": "CIN004", "sex": "M", "ethnicity": "WOTH", "dob": "2019-02-31"}},
			{o, 161, map[string]string{"sex": "F", "ethnicity": "BAFR", "dob": "2016-01-20"}},
			{o, 181, map[string]string{"person_id": "CIN006", "sex": "*DUMMY*", "ethnicity": "WBRI", "dob": "2014-05-05"}},
			{o, 205, map[string]string{"person_id": "CIN001", "sex": "M", "ethnicity": "WBRI", "dob": "2015-03-27", "upn": "A123456789012"}},
		},
		"s47_enquiries": {
			{o, 44, map[string]string{"s47_enquiry_id": p1 + "/2023-06-05", "person_id": "CIN001", "start_date": "2023-06-05"}},
			{o, 82, map[string]string{"s47_enquiry_id": p2 + "/2023-05-02", "person_id": "CIN002", "start_date": "2023-05-02"}},
			{o, 103, map[string]string{"s47_enquiry_id": p2 + "/2023-11-01", "person_id": "CIN002", "start_date": "2023-11-01"}},
			{o, 125, map[string]string{"s47_enquiry_id": p3 + "/2023-03-20", "person_id": "CIN003", "start_date": "2023-03-20"}},
			{o, 173, map[string]string{"start_date": "2023-07-03"}},
			{o, 219, map[string]string{"s47_enquiry_id": p1 + "/2023-06-05", "person_id": "CIN001", "start_date": "2023-06-05"}},
		},
		"cp_conferences": {
			{o, 44, map[string]string{"icpc_id": p1 + "/2023-06-26", "person_id": "CIN001", "s47_enquiry_id": p1 + "/2023-06-05",
				"icpc_target_date": "2023-06-26", "icpc_date": "2023-06-26", "outcome_cp_plan": "true"}},
			{o, 82, map[string]string{"icpc_id": p2 + "/2023-05-25", "person_id": "CIN002", "s47_enquiry_id": p2 + "/2023-05-02",
				"icpc_target_date": "2023-05-24", "icpc_date": "2023-05-25", "outcome_cp_plan": "true"}},
			{o, 125, map[string]string{"icpc_id": p3 + "/2023-04-12", "person_id": "CIN003", "s47_enquiry_id": p3 + "/2023-03-20",
				"icpc_target_date": "2023-04-11", "icpc_date": "2023-04-12", "outcome_cp_plan": "true"}},
			{o, 219, map[string]string{"icpc_id": p1 + "/2023-06-26", "person_id": "CIN001", "s47_enquiry_id": p1 + "/2023-06-05",
				"icpc_target_date": "2023-06-26", "icpc_date": "2023-06-26", "outcome_cp_plan": "true"}},
		},
		"cp_plans": {
			{o, 51, map[string]string{"cp_plan_id": p1 + "/2023-06-26", "person_id": "CIN001", "icpc_id": p1 + "/2023-06-26",
				"start_date": "2023-06-26", "initial_category": "neglect", "latest_category": "neglect"}},
			{o, 88, map[string]string{"cp_plan_id": p2 + "/2023-05-25", "person_id": "CIN002", "icpc_id": p2 + "/2023-05-25",
				"start_date": "2023-05-25", "end_date": "2024-01-10", "initial_category": "physical", "latest_category": "emotional"}},
			{o, 131, map[string]string{"cp_plan_id": p3 + "/2023-04-12", "person_id": "CIN003", "icpc_id": p3 + "/2023-04-12",
				"start_date": "2023-04-12", "initial_category": "multiple", "latest_category": "neglect"}},
			{o, 193, map[string]string{"cp_plan_id": p6 + "/2023-10-02", "person_id": "CIN006",
				"start_date": "2023-10-02", "initial_category": "*DUMMY*", "latest_category": "neglect"}},
			{o, 225, map[string]string{"cp_plan_id": p1 + "/2023-06-26", "person_id": "CIN001", "icpc_id": p1 + "/2023-06-26",
				"start_date": "2023-06-26", "initial_category": "neglect", "latest_category": "neglect"}},
		},
		"cp_reviews": {
			{o, 57, map[string]string{"cp_review_id": p1 + "/2023-06-26/2023-09-20", "cp_plan_id": p1 + "/2023-06-26", "review_date": "2023-09-20"}},
			{o, 60, map[string]string{"cp_review_id": p1 + "/2023-06-26/2024-03-15", "cp_plan_id": p1 + "/2023-06-26", "review_date": "2024-03-15"}},
			{o, 95, map[string]string{"cp_review_id": p2 + "/2023-05-25/2023-08-30", "cp_plan_id": p2 + "/2023-05-25", "review_date": "2023-08-30"}},
			{o, 137, map[string]string{"cp_review_id": p3 + "/2023-04-12/2023-07-10", "cp_plan_id": p3 + "/2023-04-12", "review_date": "2023-07-10"}},
			{o, 140, map[string]string{"cp_review_id": p3 + "/2023-04-12/2024-01-15", "cp_plan_id": p3 + "/2023-04-12", "review_date": "2024-01-15"}},
			{o, 199, map[string]string{"cp_review_id": p6 + "/2023-10-02/2023-12-20", "cp_plan_id": p6 + "/2023-10-02", "review_date": "2023-12-20"}},
			{o, 231, map[string]string{"cp_review_id": p1 + "/2023-06-26/2023-09-20", "cp_plan_id": p1 + "/2023-06-26", "review_date": "2023-09-20"}},
		},
	}
	for table, want := range tests {
		t.Run(table, func(t *testing.T) {
			res, err := readTable(t, file2024, table, Options{})
			if err != nil {
				t.Fatal(err)
			}
			diff(t, "rows", res.rows, want)
			if len(res.rejected) != 0 {
				t.Errorf("rejected %v", res.rejected)
			}
			if res.origin != origin24 {
				t.Errorf("origin after the last batch %q, want %q", res.origin, origin24)
			}
			tbl, _ := canonical.Lookup(table)
			for col := range res.sourceCols {
				if _, ok := tbl.Column(col); !ok {
					t.Errorf("SourceColumns names %s, not a column of %s", col, table)
				}
			}
			if res.sourceCols[tbl.Key] == "" {
				t.Errorf("SourceColumns has no element for the key %s", tbl.Key)
			}
		})
	}
}

// TestNotProvided: every table the census does not carry is reported as
// not provided, not as an error or an empty read.
func TestNotProvided(t *testing.T) {
	src, err := New(memory.NewGoAllocator(), Options{Path: file2024})
	if err != nil {
		t.Fatal(err)
	}
	provided := 0
	for _, table := range canonical.Tables {
		r, err := src.Open(context.Background(), table, &quarantine{})
		if _, ok := specs[table.Name]; ok {
			if err != nil {
				t.Errorf("%s: %v", table.Name, err)
			} else {
				r.Release()
				provided++
			}
			continue
		}
		if !errors.Is(err, extract.ErrNotProvided) || !strings.Contains(err.Error(), table.Name) {
			t.Errorf("%s: got %v, want an error naming the table and wrapping ErrNotProvided", table.Name, err)
		}
	}
	if provided != 5 {
		t.Errorf("%d tables provided, want 5", provided)
	}
}

// TestSeveralCensusYears reads a folder of two census years: latest census
// first, a batch never mixing files, and rows whose key the later census
// has dropped from the earlier one.
func TestSeveralCensusYears(t *testing.T) {
	p2 := childPart("CIN002")
	const o23 = "2023/cin_census_2023.xml"
	src, err := New(memory.NewGoAllocator(), Options{Path: "testdata/years"})
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "files", src.Files(), []string{"2024/cin_census_2024.xml", o23})

	tests := []struct {
		table string
		from  int // rows from the 2024 file
		old   []readRow
	}{
		// CIN002 and CIN003 are in both: the 2024 census wins (CIN003's
		// ethnicity and sex changed).
		{table: "person", from: 7},
		{table: "s47_enquiries", from: 6, old: []readRow{
			{o23, 36, map[string]string{"s47_enquiry_id": p2 + "/2022-05-17", "person_id": "CIN002", "start_date": "2022-05-17"}},
			// CIN003's S47 of 2023-03-20 is in 2024's census too: superseded.
		}},
		{table: "cp_conferences", from: 4, old: []readRow{
			{o23, 36, map[string]string{"icpc_id": p2 + "/2022-06-01", "person_id": "CIN002", "s47_enquiry_id": p2 + "/2022-05-17",
				"icpc_target_date": "2022-06-08", "icpc_date": "2022-06-01", "outcome_cp_plan": "true"}},
		}},
		{table: "cp_plans", from: 5, old: []readRow{
			{o23, 42, map[string]string{"cp_plan_id": p2 + "/2022-06-01", "person_id": "CIN002", "icpc_id": p2 + "/2022-06-01",
				"start_date": "2022-06-01", "end_date": "2022-12-01", "initial_category": "physical", "latest_category": "physical"}},
		}},
		{table: "cp_reviews", from: 7, old: []readRow{
			{o23, 49, map[string]string{"cp_review_id": p2 + "/2022-06-01/2022-08-30", "cp_plan_id": p2 + "/2022-06-01", "review_date": "2022-08-30"}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.table, func(t *testing.T) {
			res, err := readTable(t, "testdata/years", tc.table, Options{BatchRows: 4})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.rows) != tc.from+len(tc.old) {
				t.Fatalf("%d rows, want %d: %v", len(res.rows), tc.from+len(tc.old), res.rows)
			}
			for _, r := range res.rows[:tc.from] {
				if r.Origin != "2024/cin_census_2024.xml" {
					t.Errorf("row %v: want it from the 2024 census, read first", r)
				}
			}
			if len(tc.old) > 0 {
				diff(t, "rows from the 2023 census", res.rows[tc.from:], tc.old)
			}
			// Batches of at most 4 rows, split where the file changes.
			var want []int
			for n := tc.from; n > 0; n -= 4 {
				want = append(want, min(n, 4))
			}
			if len(tc.old) > 0 {
				want = append(want, len(tc.old))
			}
			diff(t, "batch sizes", res.batchSizes, want)
			if res.origin != "2024/cin_census_2024.xml, "+o23 {
				t.Errorf("origin after the last batch %q", res.origin)
			}
		})
	}
}

// TestReferenceDateOrdersFiles: files are read latest census first
// whatever their names, and equal reference dates go to the later name.
func TestReferenceDateOrdersFiles(t *testing.T) {
	child := func(eth string) string {
		return "<Child><ChildIdentifiers><LAchildID>X1</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate></ChildIdentifiers>" +
			"<ChildCharacteristics><Ethnicity>" + eth + "</Ethnicity></ChildCharacteristics></Child>\n"
	}
	dir := writeFiles(t, map[string]string{
		"a_latest.xml":   census("2025-03-31", child("WBRI")),
		"b_oldest.xml":   census("2021-03-31", child("WIRI")),
		"c_middle.xml":   census("2022-03-31", child("WOTH")),
		"d_middle_2.XML": census("2022-03-31", child("WROM")),
		"notes.txt":      "not a census",
		".hidden.xml":    "not read",
	})
	src, err := New(memory.NewGoAllocator(), Options{Path: dir})
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "files", src.Files(), []string{"a_latest.xml", "d_middle_2.XML", "c_middle.xml", "b_oldest.xml"})
	res, err := readTable(t, dir, "person", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.rows) != 1 || res.rows[0].Vals["ethnicity"] != "WBRI" || res.rows[0].Origin != "a_latest.xml" {
		t.Errorf("rows %v: want only the latest census's", res.rows)
	}
}

// TestAcceptedVariants: a byte-order mark, CRLF line ends, a namespace,
// a Western single-byte encoding, the 2024-25 <Sex>, several dates in one
// <Reviews>, and elements carewh does not know are all read.
func TestAcceptedVariants(t *testing.T) {
	p := childPart("K1")
	body := census("2025-03-31", `    <Child>
      <ChildIdentifiers>
        <LAchildID> K1 </LAchildID>
        <PersonBirthDate>2020-02-29</PersonBirthDate>
        <Sex>F</Sex>
      </ChildIdentifiers>
      <CINdetails>
        <PreProceedingsandFGDM><PPStartDate>2024-09-09</PPStartDate></PreProceedingsandFGDM>
        <ChildProtectionPlans>
          <CPPstartDate>2024-05-01</CPPstartDate>
          <InitialCategoryOfAbuse>sab</InitialCategoryOfAbuse>
          <Reviews>
            <CPPreviewDate>2024-07-30</CPPreviewDate>
            <CPPreviewDate>2025-01-20</CPPreviewDate>
          </Reviews>
        </ChildProtectionPlans>
      </CINdetails>
    </Child>
`)
	variants := map[string]string{
		"plain":        body,
		"bom and crlf": "\ufeff" + strings.ReplaceAll(body, "\n", "\r\n"),
		"namespace":    strings.Replace(body, "<Message>", `<Message xmlns="http://www.example.gov.uk/CIN">`, 1),
		"windows-1252": strings.Replace(body, `encoding="UTF-8"`, `encoding="windows-1252"`, 1) + "<!-- caf\xe9 \x93quoted\x94 -->\n",
		"iso-8859-1":   strings.Replace(body, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1) + "<!-- caf\xe9 -->\n",
	}
	for name, file := range variants {
		t.Run(name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"cin.xml": file})
			res, err := readTable(t, dir, "person", Options{})
			if err != nil {
				t.Fatal(err)
			}
			diff(t, "person", res.rows, []readRow{{"cin.xml", 15, map[string]string{"person_id": " K1 ", "sex": "F", "dob": "2020-02-29"}}})
			res, err = readTable(t, dir, "cp_reviews", Options{})
			if err != nil {
				t.Fatal(err)
			}
			diff(t, "reviews", res.rows, []readRow{
				{"cin.xml", 26, map[string]string{"cp_review_id": p + "/2024-05-01/2024-07-30", "cp_plan_id": p + "/2024-05-01", "review_date": "2024-07-30"}},
				{"cin.xml", 27, map[string]string{"cp_review_id": p + "/2024-05-01/2025-01-20", "cp_plan_id": p + "/2024-05-01", "review_date": "2025-01-20"}},
			})
			res, err = readTable(t, dir, "cp_plans", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.rows) != 1 || res.rows[0].Vals["initial_category"] != "sexual" {
				t.Errorf("plans %v: want SAB (any case) read as sexual", res.rows)
			}
		})
	}
}

// TestOpenErrors: files that are not a census, or whose header cannot
// order them, are refused when the source is opened, naming the file (and
// line); every bad file is named at once.
func TestOpenErrors(t *testing.T) {
	good := census("2024-03-31", "")
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"empty file", map[string]string{"cin.xml": ""}, []string{"cin.xml: file is empty"}},
		{"only white space", map[string]string{"cin.xml": " \r\n\n"}, []string{"cin.xml: file is empty"}},
		{"only a byte-order mark", map[string]string{"cin.xml": "\ufeff"}, []string{"cin.xml: file is empty"}},
		{"only a declaration", map[string]string{"cin.xml": `<?xml version="1.0"?>` + "\n"}, []string{"cin.xml: file is empty"}},
		{"a CSV file", map[string]string{"cin.xml": "CHILD,SEX\n1,2\n"}, []string{"cin.xml line 1: not an XML document"}},
		{"another XML document", map[string]string{"cin.xml": "<?xml version=\"1.0\"?>\n<EXPSSDA903>\n</EXPSSDA903>\n"},
			[]string{"cin.xml line 2: the root element is <EXPSSDA903>, not <Message>"}},
		{"another collection", map[string]string{"cin.xml": strings.Replace(good, "<Collection>CIN", "<Collection>SSDA903", 1)},
			[]string{"cin.xml line 5: <Collection> is \"SSDA903\", not CIN"}},
		{"no header", map[string]string{"cin.xml": "<Message>\n<Children>\n</Children>\n</Message>\n"},
			[]string{"cin.xml: no <Header>", "ReferenceDate is needed"}},
		{"no reference date", map[string]string{"cin.xml": strings.Replace(good, "<ReferenceDate>2024-03-31</ReferenceDate>", "", 1)},
			[]string{"cin.xml line 12: the <Header> has no CollectionDetails/ReferenceDate"}},
		{"impossible reference date", map[string]string{"cin.xml": strings.Replace(good, "2024-03-31</Ref", "2024-02-30</Ref", 1)},
			[]string{"cin.xml line 7: <ReferenceDate> \"2024-02-30\" is not a date"}},
		{"UK reference date", map[string]string{"cin.xml": strings.Replace(good, "2024-03-31</Ref", "31/03/2024</Ref", 1)},
			[]string{"cin.xml line 7: <ReferenceDate> \"31/03/2024\" is not a date (yyyy-mm-dd)"}},
		{"broken header", map[string]string{"cin.xml": strings.Replace(good, "</Year>", "</Yeer>", 1)},
			[]string{"cin.xml line 6: XML is not well-formed: element <Year> closed by </Yeer>"}},
		{"unknown encoding", map[string]string{"cin.xml": strings.Replace(good, `encoding="UTF-8"`, `encoding="EBCDIC-US"`, 1)},
			[]string{"cin.xml line 1", `encoding "EBCDIC-US"`}},
		{"every bad file named", map[string]string{"a.xml": "", "b.xml": good, "c/d.xml": "<Foo/>"},
			[]string{"a.xml: file is empty", "c/d.xml line 1: the root element is <Foo>"}},
		{"two local authorities", map[string]string{"a.xml": good, "b.xml": strings.Replace(census("2025-03-31", ""), "<LEA>999", "<LEA>888", 1)},
			[]string{"different local authorities", "a.xml is LEA 999", "b.xml is LEA 888"}},
		{"no census files", map[string]string{"notes.txt": "x"}, []string{"no .xml files in"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			_, err := New(memory.NewGoAllocator(), Options{Path: dir})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	if _, err := New(memory.NewGoAllocator(), Options{Path: "testdata/no-such-folder"}); err == nil {
		t.Error("a missing path: no error")
	}
}

// TestNotWellFormed: XML damaged after the header fails the read (and so
// the run) with the file, the line and the child being read; rows already
// batched do not make it a success.
func TestNotWellFormed(t *testing.T) {
	good, err := os.ReadFile(file2024)
	if err != nil {
		t.Fatal(err)
	}
	text := string(good)
	cut := strings.Index(text, "<CPPreviewDate>2023-08-30") // inside the second child (line 95)
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"truncated", text[:cut+20], []string{"cin.xml line 95: XML is not well-formed: unexpected EOF",
			"(in the <Child> that starts on line 65)", "nothing is loaded"}},
		{"mismatched tag in a child", strings.Replace(text, "<Ethnicity>WOTH</Ethnicity>", "<Ethnicity>WOTH</Ethnic>", 1),
			[]string{"cin.xml line 152: XML is not well-formed: element <Ethnicity> closed by </Ethnic>", "(in the <Child> that starts on line 145)"}},
		{"bare ampersand", strings.Replace(text, "<Ethnicity>WOTH", "<Ethnicity>W&OTH", 1),
			[]string{"cin.xml line 152: XML is not well-formed", "(in the <Child> that starts on line 145)"}},
		{"children not closed", strings.Replace(text, "  </Children>\n", "", 1),
			[]string{"cin.xml line 236: XML is not well-formed: element <Children> closed by </Message>"}},
		{"second root", text + "<Message></Message>\n", []string{"cin.xml line 238: XML is not well-formed: element <Message> after </Message>"}},
		{"text after the root", text + "trailing\n", []string{"cin.xml line 238: XML is not well-formed: text after </Message>"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"cin.xml": tc.file})
			for _, table := range []string{"person", "cp_reviews"} {
				_, err := readTable(t, dir, table, Options{BatchRows: 1})
				if err == nil {
					t.Fatalf("%s: no error", table)
				}
				for _, w := range tc.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%s: error %q lacks %q", table, err, w)
					}
				}
			}
		})
	}
}

// TestElementTwice: an element the census allows once, given twice, makes
// the rows built from it malformed (quarantined naming both lines); the
// child's other rows and the other children load.
func TestElementTwice(t *testing.T) {
	file := census("2024-03-31", `    <Child>
      <ChildIdentifiers>
        <LAchildID>A1</LAchildID>
        <PersonBirthDate>2015-01-01</PersonBirthDate>
      </ChildIdentifiers>
      <CINdetails>
        <ChildProtectionPlans>
          <CPPstartDate>2023-06-01</CPPstartDate>
          <CPPstartDate>2023-06-02</CPPstartDate>
          <Reviews><CPPreviewDate>2023-09-01</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
        <ChildProtectionPlans>
          <CPPstartDate>2022-01-10</CPPstartDate>
        </ChildProtectionPlans>
      </CINdetails>
    </Child>
    <Child>
      <ChildIdentifiers>
        <LAchildID>B1</LAchildID>
        <LAchildID>B2</LAchildID>
        <PersonBirthDate>2016-01-01</PersonBirthDate>
      </ChildIdentifiers>
    </Child>
    <Child>
      <ChildIdentifiers>
        <LAchildID>C1</LAchildID>
        <PersonBirthDate>2017-01-01</PersonBirthDate>
      </ChildIdentifiers>
    </Child>
`)
	dir := writeFiles(t, map[string]string{"cin.xml": file})
	res, err := readTable(t, dir, "person", Options{})
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "person rows", res.rows, []readRow{
		{"cin.xml", 15, map[string]string{"person_id": "A1", "dob": "2015-01-01"}},
		{"cin.xml", 38, map[string]string{"person_id": "C1", "dob": "2017-01-01"}},
	})
	diff(t, "person rejected", res.rejected, []canonical.Rejection{{
		Table: "person", Source: "cin.xml", Line: 31, Key: "B1", Rule: RuleMalformedRow,
		Message: "cin.xml line 31: <LAchildID> appears twice where the census allows it once (lines 32 and 33): the row cannot be built",
	}})

	pa := childPart("A1")
	res, err = readTable(t, dir, "cp_plans", Options{})
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "plans", res.rows, []readRow{{"cin.xml", 25, map[string]string{"cp_plan_id": pa + "/2022-01-10", "person_id": "A1", "start_date": "2022-01-10"}}})
	diff(t, "plans rejected", res.rejected, []canonical.Rejection{{
		Table: "cp_plans", Source: "cin.xml", Line: 20, Key: pa + "/2023-06-01", Rule: RuleMalformedRow,
		Message: "cin.xml line 20: <CPPstartDate> appears twice where the census allows it once (lines 21 and 22): the row cannot be built",
	}})
	res, err = readTable(t, dir, "cp_reviews", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.rows) != 0 || len(res.rejected) != 1 || res.rejected[0].Line != 23 || res.rejected[0].Rule != RuleMalformedRow {
		t.Errorf("reviews %v, rejected %v: want the review of the ambiguous plan quarantined", res.rows, res.rejected)
	}
}

// TestCancel: a cancelled context stops the read with its error.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := readTableCtx(t, ctx, file2024, "person", Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestKeyCap: past the cap on remembered keys the read fails clearly
// rather than growing without bound.
func TestKeyCap(t *testing.T) {
	_, err := readTable(t, "testdata/years", "cp_reviews", Options{MaxKeys: 3})
	if err == nil || !strings.Contains(err.Error(), "table cp_reviews: more than 3 distinct keys across 2 CIN census files") {
		t.Errorf("got %v", err)
	}
	// One file needs no map, so no cap.
	if _, err := readTable(t, file2024, "cp_reviews", Options{MaxKeys: 1}); err != nil {
		t.Errorf("one file: %v", err)
	}
}

package ssddb

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"carewh/canonical"
)

func legalStatusRelation(tableType string) *relation {
	return &relation{schema: "ssd", name: "SSD_Legal_Status", tableType: tableType, columns: []catalogColumn{
		{"LEGA_LEGAL_STATUS_ID", "integer"},
		{"lega_person_id", "text"},
		{"lega_legal_status", "text"},
		{"lega_start", "date"},
		{"lega_legal_status_end_date", "timestamp without time zone"},
		{"lega_notes", "text"},
	}}
}

func TestPlanQueryMapsColumnsIgnoringCaseWithOverrides(t *testing.T) {
	table, _ := canonical.Lookup("legal_status")
	p, err := planQuery(postgres{}, legalStatusRelation("BASE TABLE"), table, map[string]string{"start_date": "LEGA_START"})
	if err != nil {
		t.Fatal(err)
	}
	want := `SELECT CAST(src."LEGA_LEGAL_STATUS_ID" AS text), CAST(src."lega_person_id" AS text), CAST(src."lega_legal_status" AS text), ` +
		`to_char(src."lega_start", 'YYYY-MM-DD'), to_char(src."lega_legal_status_end_date", 'YYYY-MM-DD"T"HH24:MI:SS')` +
		"\nFROM \"ssd\".\"SSD_Legal_Status\" AS src\nORDER BY src.\"LEGA_LEGAL_STATUS_ID\", src.ctid"
	if p.query != want {
		t.Errorf("query:\n%s\nwant:\n%s", p.query, want)
	}
	if diff := cmp.Diff([]int{0, 1, 2, 3, 4}, p.fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if p.sourceCol["start_date"] != "lega_start" || p.sourceCol["legal_status_id"] != "LEGA_LEGAL_STATUS_ID" {
		t.Errorf("source columns %v", p.sourceCol)
	}
}

func TestPlanQueryViewsAndSQLServerBreakTiesByEveryColumn(t *testing.T) {
	table, _ := canonical.Lookup("legal_status")
	over := map[string]string{"start_date": "lega_start"}
	p, err := planQuery(postgres{}, legalStatusRelation("VIEW"), table, over)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(p.query, `ORDER BY src."LEGA_LEGAL_STATUS_ID", 1, 2, 3, 4, 5`) {
		t.Errorf("postgres view query:\n%s", p.query)
	}
	p, err = planQuery(sqlserver{}, legalStatusRelation("BASE TABLE"), table, over)
	if err != nil {
		t.Fatal(err)
	}
	want := "SELECT CAST(src.[LEGA_LEGAL_STATUS_ID] AS nvarchar(max)), CAST(src.[lega_person_id] AS nvarchar(max)), " +
		"CAST(src.[lega_legal_status] AS nvarchar(max)), CONVERT(nvarchar(10), src.[lega_start], 23), " +
		"CAST(src.[lega_legal_status_end_date] AS nvarchar(max))\nFROM [ssd].[SSD_Legal_Status] AS src\nORDER BY src.[LEGA_LEGAL_STATUS_ID], 1, 2, 3, 4, 5"
	if p.query != want {
		t.Errorf("sqlserver query:\n%s\nwant:\n%s", p.query, want)
	}
}

func TestPlanQueryNamesMissingColumns(t *testing.T) {
	table, _ := canonical.Lookup("legal_status")
	_, err := planQuery(postgres{}, legalStatusRelation("BASE TABLE"), table, nil)
	if err == nil {
		t.Fatal("no error for a missing column")
	}
	for _, want := range []string{"ssd.SSD_Legal_Status", "lega_legal_status_start_date", "source.columns.legal_status"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if isTransient(postgres{}, err) {
		t.Error("a missing column would be retried")
	}
}

func TestPlanQueryLeavesMissingExtensionColumnsNull(t *testing.T) {
	table, _ := canonical.Lookup("person")
	rel := &relation{schema: "public", name: "ssd_person", tableType: "BASE TABLE"}
	for _, c := range table.Columns {
		if c.Source != "" && !c.Extension {
			rel.columns = append(rel.columns, catalogColumn{c.Source, "text"})
		}
	}
	p, err := planQuery(postgres{}, rel, table, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range table.Columns {
		if c.Extension && p.fields[i] != -1 {
			t.Errorf("extension column %s mapped to %d", c.Name, p.fields[i])
		}
		if !c.Extension && p.fields[i] < 0 {
			t.Errorf("column %s not mapped", c.Name)
		}
	}
}

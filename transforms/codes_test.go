package transforms

import (
	"strings"
	"testing"
)

// mapper is a canonical.CodeMapper from a literal map: list → description → code.
type mapper map[string]map[string]string

func (m mapper) Code(list, description string) (string, bool) {
	code, ok := m[list][description]
	return code, ok
}

func TestToCodeList(t *testing.T) {
	m := mapper{"CARE_PLAN": {"Adoption plan": "ADOPTION"}}
	tests := []struct {
		in      string
		want    []string
		wantErr string // a prefix of the error
	}{
		{in: `{"ADOPTION":"Y","RETURN6M":"Y","REMAINSUP":"N"}`, want: []string{"ADOPTION", "RETURN6M"}},
		{in: `{"REMAINSUP":"N"}`, want: []string{}},
		{in: `{}`, want: []string{}},
		{in: `{"RETURN6M":"y","ADOPTION":"yes"}`, want: []string{"ADOPTION", "RETURN6M"}},
		{in: `{"ADOPTION":true,"RETURN6M":false}`, want: []string{"ADOPTION"}},
		{in: `{"ADOPTION":1,"RETURN6M":0,"LTFOST18":2.5}`, want: []string{"ADOPTION", "LTFOST18"}},
		{in: `{"ADOPTION":null,"RETURN6M":[],"LTFOST18":{},"RESPLMT":"maybe"}`, want: []string{}},
		{in: `{"ADOPTION":" Y "}`, want: []string{"ADOPTION"}},
		{in: `{"Adoption plan":"Y"}`, want: []string{"ADOPTION"}},
		{in: "ADOPTION", want: []string{"ADOPTION"}},
		{in: "RETURN6M,ADOPTION", want: []string{"ADOPTION", "RETURN6M"}},
		{in: "RETURN6M ; adoption", want: []string{"ADOPTION", "RETURN6M"}},
		{in: "RETURN6M|ADOPTION||", want: []string{"ADOPTION", "RETURN6M"}},
		{in: "Adoption plan, RETURN1M", want: []string{"ADOPTION", "RETURN1M"}},
		{in: `{"ADOPTION":"Y","ELOPEMENT":"Y"}`, wantErr: `"ELOPEMENT" is not a CARE_PLAN code and no mapping in config turns it into one`},
		{in: "ADOPTION,ELOPEMENT", wantErr: `"ELOPEMENT" is not a CARE_PLAN code`},
		{in: "ADOPTION, ,RETURN6M", wantErr: `"" is not a CARE_PLAN code`},
		{in: `{"ADOPTION":"Y"`, wantErr: `"{\"ADOPTION\":\"Y\"" is not valid JSON: `},
		{in: `{ADOPTION:Y}`, wantErr: `"{ADOPTION:Y}" is not valid JSON: `},
	}
	for _, tc := range tests {
		got, err := toCodeList("CARE_PLAN", tc.in, m)
		if tc.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
				t.Errorf("toCodeList(%q) = %q, %v; want error %s…", tc.in, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("toCodeList(%q): %v", tc.in, err)
			continue
		}
		diff(t, "toCodeList("+tc.in+")", got, tc.want)
	}
}

// TestToCodeListJSONOrder: the codes of a JSON object come out sorted, so
// a plan reads the same whatever the order or case of the export's keys.
func TestToCodeListJSONOrder(t *testing.T) {
	for _, in := range []string{`{"RETURN6M":"Y","ADOPTION":"Y"}`, `{"RETURN6M":"Y","adoption":"Y"}`, `{"return6m":"Y","ADOPTION":"Y"}`} {
		got, err := toCodeList("CARE_PLAN", in, nil)
		if err != nil {
			t.Fatal(err)
		}
		diff(t, "toCodeList("+in+")", got, []string{"ADOPTION", "RETURN6M"})
	}
}

package canonical

import "testing"

// mapper is a CodeMapper from a literal map: list → description → code.
type mapper map[string]map[string]string

func (m mapper) Code(list, description string) (string, bool) {
	code, ok := m[list][description]
	return code, ok
}

func TestCodeIn(t *testing.T) {
	m := mapper{"RNE": {"Started": "S"}, "REC": {"Adopted": "E11"}}
	tests := []struct {
		list, in string
		mapper   CodeMapper
		want     string
		wantErr  string
	}{
		{list: "RNE", in: "S", want: "S"},
		{list: "RNE", in: "s", want: "S"},
		{list: "REC", in: "e4a", want: "E4A"},
		{list: "HEALTH_STATUS", in: "Completed", want: "completed"},
		{list: "GRADE", in: "REQUIRES_IMPROVEMENT", want: "requires_improvement"},
		{list: "RNE", in: "Started", mapper: m, want: "S"},
		{list: "REC", in: "Adopted", mapper: m, want: "E11"},
		{list: "RNE", in: "S", mapper: m, want: "S"},
		{list: "RNE", in: "Adopted", mapper: m, wantErr: `"Adopted" is not a RNE code and no mapping in config turns it into one`},
		{list: "RNE", in: "Started", wantErr: `"Started" is not a RNE code and no mapping in config turns it into one`},
		{list: "RNE", in: "X", wantErr: `"X" is not a RNE code and no mapping in config turns it into one`},
		{list: "LS", in: "C3", wantErr: `"C3" is not a LS code and no mapping in config turns it into one`},
		{list: "NO_SUCH_LIST", in: "S", wantErr: `"S" is not a NO_SUCH_LIST code and no mapping in config turns it into one`},
	}
	for _, tc := range tests {
		got, err := CodeIn(tc.list, tc.in, tc.mapper)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("CodeIn(%s, %q) = %q, %v; want error %s", tc.list, tc.in, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("CodeIn(%s, %q) = %q, %v; want %q", tc.list, tc.in, got, err, tc.want)
		}
	}
}

package publish

import "testing"

func TestRowAccountString(t *testing.T) {
	for _, c := range []struct {
		a    RowAccount
		want string
	}{
		{RowAccount{Read: 10, Loaded: 10}, "source rows: 10 read, 10 loaded as read, 0 fixed, 0 quarantined"},
		{RowAccount{Read: 10, Loaded: 7, Fixed: 2, Quarantined: 1},
			`source rows: 10 read, 7 loaded as read, 2 fixed, 1 quarantined; why: carewh query "FROM ops.data_fixes", "FROM ops.quarantine"`},
		{RowAccount{Read: 10, Loaded: 7, Quarantined: 1},
			`source rows: 10 read, 7 loaded as read, 0 fixed, 1 quarantined (2 unaccounted for: see ops.row_accounting); why: carewh query "FROM ops.data_fixes", "FROM ops.quarantine"`},
	} {
		if got := c.a.String(); got != c.want {
			t.Errorf("%+v:\n got %s\nwant %s", c.a, got, c.want)
		}
	}
}

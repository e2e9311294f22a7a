package sqltext

import (
	"slices"
	"testing"
)

func TestSplitStatements(t *testing.T) {
	for _, c := range []struct {
		sql  string
		want []string
	}{
		{"SELECT 1", []string{"SELECT 1"}},
		{"SELECT 1;", []string{"SELECT 1"}},
		{"SELECT 1; SELECT 2 ;\n", []string{"SELECT 1", "SELECT 2"}},
		{"SELECT 'a;b', \"c;d\"; SELECT 'it''s; fine'", []string{"SELECT 'a;b', \"c;d\"", "SELECT 'it''s; fine'"}},
		{"SELECT 1 -- one; two\n; SELECT /* ; */ 2", []string{"SELECT 1 -- one; two", "SELECT /* ; */ 2"}},
		{"SELECT $$a;b$$; SELECT $x$c;$y$;d$x$", []string{"SELECT $$a;b$$", "SELECT $x$c;$y$;d$x$"}},
		{"SELECT 1; -- only a comment\n;  ", []string{"SELECT 1"}},
		{"SELECT 'never closed; SELECT 2", []string{"SELECT 'never closed; SELECT 2"}},
		{"  ;; ", nil},
	} {
		if got := Split(c.sql); !slices.Equal(got, c.want) {
			t.Errorf("Split(%q) = %q, want %q", c.sql, got, c.want)
		}
	}
}

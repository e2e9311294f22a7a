package transforms

import (
	"strings"
	"sync"
	"testing"

	"carewh/canonical"
)

// TestRekeyingWitness: a pseudonymiser under rekeying tells each pseudonym
// it makes with the old key's pseudonym of the same id, once per id while
// cached; an id a reader made from a child's new pseudonym ("<child>/date")
// is told with the old key's pseudonym of the id the lake's run made (from
// the child's old pseudonym); an id led by no known child is hashed as it is.
func TestRekeyingWitness(t *testing.T) {
	oldKey, newKey := []byte(strings.Repeat("o", 32)), []byte(strings.Repeat("n", 32))
	var mu sync.Mutex
	told := map[string]string{} // new → old
	count := 0
	r, err := NewRekeying(oldKey, func(old, new string) {
		mu.Lock()
		defer mu.Unlock()
		told[new] = old
		count++
	})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := NewPseudonymiser(newKey)
	p.Rekeying(r)
	old, _ := NewPseudonymiser(oldKey)
	plain, _ := NewPseudonymiser(newKey)

	child := p.Pseudonym(canonical.PersonID, "C01")
	if child != plain.Pseudonym(canonical.PersonID, "C01") {
		t.Fatal("rekeying changed the pseudonym made")
	}
	p.Pseudonym(canonical.PersonID, "C01") // cached: not told again
	if told[child] != old.Pseudonym(canonical.PersonID, "C01") || count != 1 {
		t.Errorf("a child's pseudonym was told %d times, with old %q", count, told[child])
	}
	episode := p.Pseudonym("episode", child+"/2024-01-05")
	want := old.Pseudonym("episode", old.Pseudonym(canonical.PersonID, "C01")+"/2024-01-05")
	if told[episode] != want {
		t.Errorf("a derived id's old pseudonym is %q, want %q (hashed from the child's old pseudonym)", told[episode], want)
	}
	unknown := strings.Repeat("f", 32) + "/2024-01-05"
	if got := told[p.Pseudonym("episode", unknown)]; got != old.Pseudonym("episode", unknown) {
		t.Errorf("an id led by no known child: old pseudonym %q", got)
	}
	if _, err := NewRekeying([]byte("short"), nil); err == nil {
		t.Error("a short old key was accepted")
	}
}

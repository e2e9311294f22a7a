package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// changesVersion names how changeOnePercent changes a source; a changed
// copy made another way is made again.
const changesVersion = "children/3"

// changesFile records changesVersion in the changed copy.
const changesFile = "bench-changes.json"

// changeSet is everything the changed copy changes.
type changeSet struct {
	// fates are the picked children's: deleted or updated. A child not
	// here is kept.
	fates  map[string]fate
	owners owners
	// edits are the updated children's corrected rows, by file and the
	// row's id (its first column).
	edits map[string]map[string]*rowEdit
	// repoint moves an updated child's reviews and visits to the new
	// episode of an episode split in two.
	repoint map[string]repoint
	// added are the new children's rows, by file, written after the
	// file's own rows.
	added map[string][]map[string]string
	// seq numbers the new rows' ids.
	seq int
}

// rowEdit is the correction of one row: columns with new values, and
// rows written straight after it (once, should the id be duplicated).
type rowEdit struct {
	set     map[string]string
	after   []map[string]string
	written bool
}

// repoint moves the rows of an episode dated on or after day to episode
// to.
type repoint struct {
	day time.Time
	to  string
}

// changeOnePercent copies every CSV file of src into dst with about 1% of
// the children changed, as a council's nightly extract changes: a child
// is picked by a hash of their person id (picker). A sixth of the changed
// children are deleted, every row of theirs in every file; half are
// updated, each with one correction of their care record (planUpdates: a
// placement's end date a few days earlier, a review's participation, a
// review moved — across 31 March where one is near it — or an episode
// split in two by a change of legal status); a third are new, entering
// care in the last weeks (planNewChildren). Every other row is copied as
// the bytes it was, in its place; the new children's rows come last.
func changeOnePercent(src, dst string, asOf time.Time) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dst, err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return fmt.Errorf("reading %s: %w", src, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".csv") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	sc, err := scanSource(src)
	if err != nil {
		return fmt.Errorf("reading %s for the changed copy: %w", src, err)
	}
	cs := sc.changes
	cs.planUpdates(sc.care, asOf)
	cs.planNewChildren(newChildren(sc.children), asOf)
	for _, name := range names {
		if err := cs.copyFile(filepath.Join(src, name), filepath.Join(dst, name), name); err != nil {
			return fmt.Errorf("making the changed copy of %s: %w", name, err)
		}
	}
	data, err := json.Marshal(changesVersion)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, changesFile), data, 0o644)
}

// changedCopyCurrent says whether dst was made by this changeOnePercent.
func changedCopyCurrent(dst string) bool {
	data, err := os.ReadFile(filepath.Join(dst, changesFile))
	var have string
	return err == nil && json.Unmarshal(data, &have) == nil && have == changesVersion
}

// edit is the correction of row id of file, made on first use.
func (cs *changeSet) edit(file, id string) *rowEdit {
	if cs.edits[file] == nil {
		cs.edits[file] = map[string]*rowEdit{}
	}
	e := cs.edits[file][id]
	if e == nil {
		e = &rowEdit{set: map[string]string{}}
		cs.edits[file][id] = e
	}
	return e
}

// newID numbers a new row's id: a prefix no generated id has, then a
// sequence.
func (cs *changeSet) newID(kind string) string {
	cs.seq++
	return fmt.Sprintf("%s%07d", kind, cs.seq)
}

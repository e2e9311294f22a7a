package bench

import (
	"errors"
	"io/fs"
	"path/filepath"
)

// scanned is what changeOnePercent learns of a source before copying it.
type scanned struct {
	// children is the number of data rows of ssd_person.
	children int
	changes  *changeSet
	// care holds each updated child's care rows, to plan their
	// correction.
	care map[string]*careRecords
}

// careRecords are an updated child's rows of the files the corrections
// change, each by column name.
type careRecords struct {
	person                               string
	episodes, placements, reviews, legal []map[string]string
}

// scanSource reads src's children, picks the changed ones, and finds the
// picked children's episodes, periods of care and plans (the rows that
// name no child name one of these) and the updated children's care rows.
// A file src lacks has no rows.
func scanSource(src string) (scanned, error) {
	sc := scanned{
		changes: &changeSet{fates: map[string]fate{}, owners: newOwners(), edits: map[string]map[string]*rowEdit{},
			repoint: map[string]repoint{}, added: map[string][]map[string]string{}},
		care: map[string]*careRecords{},
	}
	cs := sc.changes
	read := func(file string, fn func(col map[string]int, rec []string) error) error {
		err := eachRecord(filepath.Join(src, file), fn)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if err := read(filePerson, func(map[string]int, []string) error { sc.children++; return nil }); err != nil {
		return sc, err
	}
	lookedAfter := map[uint64]bool{}
	if err := read(fileEpisodes, func(col map[string]int, rec []string) error {
		if p := value(col, rec, "clae_person_id"); p != "" {
			lookedAfter[hash64(p)] = true
		}
		return nil
	}); err != nil {
		return sc, err
	}
	pick := newPicker(sc.children, len(lookedAfter))
	if err := read(filePerson, func(col map[string]int, rec []string) error {
		p := value(col, rec, "pers_person_id")
		if f := pick.fate(p, lookedAfter[hash64(p)]); p != "" && f != fateKeep {
			cs.fates[p] = f
		}
		return nil
	}); err != nil {
		return sc, err
	}

	// The picked children's episodes, periods and plans; the updated
	// children's episodes.
	if err := read(fileEpisodes, func(col map[string]int, rec []string) error {
		p := value(col, rec, "clae_person_id")
		f := cs.fates[p]
		if f == fateKeep {
			return nil
		}
		if id := value(col, rec, "clae_cla_episode_id"); id != "" {
			cs.owners.episode[id] = p
		}
		if cla := value(col, rec, "clae_cla_id"); cla != "" {
			cs.owners.cla[cla] = p
		}
		if f == fateUpdate {
			sc.careOf(p).episodes = append(sc.careOf(p).episodes, rowMap(col, rec))
		}
		return nil
	}); err != nil {
		return sc, err
	}
	if err := read(filePlans, func(col map[string]int, rec []string) error {
		if p := value(col, rec, "cppl_person_id"); cs.fates[p] != fateKeep {
			cs.owners.plan[value(col, rec, "cppl_cp_plan_id")] = p
		}
		return nil
	}); err != nil {
		return sc, err
	}

	// The updated children's placements, reviews and legal statuses.
	for _, f := range []struct {
		file string
		rows func(*careRecords) *[]map[string]string
	}{
		{filePlacements, func(c *careRecords) *[]map[string]string { return &c.placements }},
		{fileReviews, func(c *careRecords) *[]map[string]string { return &c.reviews }},
		{fileLegal, func(c *careRecords) *[]map[string]string { return &c.legal }},
	} {
		var rules []ownerRule
		if err := read(f.file, func(col map[string]int, rec []string) error {
			if rules == nil {
				rules = cs.owners.ownerRules(col)
			}
			if p := ownerOf(rules, rec); cs.fates[p] == fateUpdate {
				rows := f.rows(sc.careOf(p))
				*rows = append(*rows, rowMap(col, rec))
			}
			return nil
		}); err != nil {
			return sc, err
		}
	}
	return sc, nil
}

// careOf is the care records of updated child p.
func (sc scanned) careOf(p string) *careRecords {
	c := sc.care[p]
	if c == nil {
		c = &careRecords{person: p}
		sc.care[p] = c
	}
	return c
}

// value is the named column of rec, "" when the file has no such column.
func value(col map[string]int, rec []string, name string) string {
	if i, ok := col[name]; ok && i < len(rec) {
		return rec[i]
	}
	return ""
}

// rowMap is rec by column name.
func rowMap(col map[string]int, rec []string) map[string]string {
	row := make(map[string]string, len(col))
	for h, i := range col {
		if i < len(rec) {
			row[h] = rec[i]
		}
	}
	return row
}

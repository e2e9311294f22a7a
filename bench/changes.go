package bench

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// changesVersion names how changeOnePercent changes a source; a changed
// copy made another way is made again.
const changesVersion = "delete-update-insert/2"

// changesFile records changesVersion in the changed copy.
const changesFile = "bench-changes.json"

// The files changeOnePercent updates or inserts into; every other file
// only loses rows.
const (
	filePerson     = "ssd_person.csv"
	fileLegal      = "ssd_legal_status.csv"
	fileEpisodes   = "ssd_cla_episodes.csv"
	filePlacements = "ssd_cla_placement.csv"
	fileReviews    = "ssd_cla_reviews.csv"
)

// change is what happens to one data row picked for change.
type change int

const (
	changeDelete change = iota
	changeUpdate
	changeInsert
)

// pickChange says what happens to data row n (1-based) of a file: one row
// in 100 changes (rows 50, 150, 250, ...), in turn deleted, updated and
// joined by a new row. A file with no update or insert of its own deletes
// the row instead.
func pickChange(n int) (change, bool) {
	if n%100 != 50 {
		return 0, false
	}
	return change((n / 100) % 3), true
}

// changer makes the changed copy of one source folder as at asOf.
type changer struct {
	src, dst string
	asOf     time.Time
	// open are the episodes with no end date, in file order: new reviews
	// are for them.
	open []openEpisode
	// extra rows, by file, appended after its own rows (the new children's
	// person, legal status and placement rows).
	extra map[string][]map[string]string
	// seq numbers the new rows' ids.
	seq int
}

type openEpisode struct {
	id, cla string
	start   time.Time
}

// changeOnePercent copies every CSV file of src into dst with about 1% of
// its data rows changed, as a nightly extract changes. In every file one
// data row in 100 changes, in turn: deleted; updated (a placement's end
// date corrected a few days earlier, a review's participation corrected);
// or joined by a new row (a new review for a child still looked after,
// dated in the last weeks before the as-at date; a new child entering care
// with one open episode, its person, legal status and placement rows). A
// file with no update or insert deletes the row instead. The generator
// writes no field with a line break, so a row of a file with no update or
// insert is copied as a line.
func changeOnePercent(src, dst string, asOf time.Time) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dst, err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return fmt.Errorf("reading %s: %w", src, err)
	}
	ch := &changer{src: src, dst: dst, asOf: asOf, extra: map[string][]map[string]string{}}
	if err := ch.readOpenEpisodes(); err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".csv") {
			names = append(names, e.Name())
		}
	}
	// Episodes first: the new children's other rows come from there.
	slices.SortStableFunc(names, func(a, b string) int {
		switch {
		case a == fileEpisodes:
			return -1
		case b == fileEpisodes:
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, name := range names {
		var err error
		switch name {
		case filePerson, fileLegal, fileEpisodes, filePlacements, fileReviews:
			err = ch.changeRecords(name)
		default:
			err = dropRows(filepath.Join(src, name), filepath.Join(dst, name))
		}
		if err != nil {
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

// readOpenEpisodes lists the source's open episodes.
func (ch *changer) readOpenEpisodes() error {
	if _, err := os.Stat(filepath.Join(ch.src, fileEpisodes)); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return eachRecord(filepath.Join(ch.src, fileEpisodes), func(col map[string]int, rec []string) error {
		if rec[col["clae_cla_episode_ceased"]] != "" {
			return nil
		}
		start, err := time.Parse(time.DateOnly, firstTen(rec[col["clae_cla_episode_start_date"]]))
		if err != nil {
			return nil // a faulty row: no review for it
		}
		ch.open = append(ch.open, openEpisode{id: rec[col["clae_cla_episode_id"]], cla: rec[col["clae_cla_id"]], start: start})
		return nil
	})
}

func firstTen(s string) string { return s[:min(len(s), 10)] }

// changeRecords copies one of the files that are updated or inserted into.
func (ch *changer) changeRecords(name string) (err error) {
	in, err := os.Open(filepath.Join(ch.src, name))
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(filepath.Join(ch.dst, name))
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, out.Close()) }()
	bw := bufio.NewWriterSize(out, 1<<20)
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	w := csv.NewWriter(bw)
	header, err := r.Read()
	if err != nil {
		return err
	}
	header = slices.Clone(header)
	if err := w.Write(header); err != nil {
		return err
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	byName := func(row map[string]string) []string {
		rec := make([]string, len(header))
		for k, v := range row {
			if i, ok := col[k]; ok {
				rec[i] = v
			}
		}
		return rec
	}
	for n := 1; ; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if err := ch.writeChanged(w, name, n, rec, col, byName); err != nil {
			return err
		}
	}
	for _, row := range ch.extra[name] {
		if err := w.Write(byName(row)); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// writeChanged writes data row n of the file as the 1% change has it: as
// read, updated, followed by an inserted row, or not at all (deleted).
func (ch *changer) writeChanged(w *csv.Writer, name string, n int, rec []string, col map[string]int,
	byName func(map[string]string) []string) error {
	kind, picked := pickChange(n)
	if !picked {
		return w.Write(rec)
	}
	var added []string
	switch {
	case kind == changeUpdate && ch.update(name, col, rec, n):
	case kind == changeInsert:
		row := ch.insert(name, n)
		if row == nil {
			return nil // nothing to insert here: the row is deleted
		}
		added = byName(row)
	default:
		return nil // deleted
	}
	if err := w.Write(rec); err != nil {
		return err
	}
	if added != nil {
		return w.Write(added)
	}
	return nil
}

// update changes data row n, rec, in place and reports whether the file
// has an update for it.
func (ch *changer) update(name string, col map[string]int, rec []string, n int) bool {
	switch name {
	case filePlacements:
		// A placement's end date corrected: it ended a few days earlier.
		i := col["clap_cla_placement_end_date"]
		end, err := time.Parse("02/01/2006", rec[i])
		if err != nil {
			return false
		}
		rec[i] = end.AddDate(0, 0, -1-n%3).Format("02/01/2006")
		return true
	case fileReviews:
		// The participation of a held review corrected.
		i := col["clar_cla_review_participation"]
		switch rec[i] {
		case "PN5", "PN6", "PN7":
			rec[i] = "PN1"
			return true
		case "PN1", "PN2", "PN3", "PN4":
			rec[i] = "PN6"
			return true
		}
	}
	return false
}

// insert returns the new row that joins data row n of a file, or nil.
func (ch *changer) insert(name string, n int) map[string]string {
	switch name {
	case fileReviews:
		if len(ch.open) == 0 {
			return nil
		}
		ep := ch.open[(n/300)%len(ch.open)]
		day := ch.asOf.AddDate(0, 0, -1-n%28)
		if !day.After(ep.start) {
			return nil
		}
		return map[string]string{
			"clar_cla_review_id":            ch.newID("BR"),
			"clar_cla_episode_id":           ep.id,
			"clar_cla_id":                   ep.cla,
			"clar_cla_review_due_date":      day.Format("2006-01-02") + " 00:00:00.000",
			"clar_cla_review_date":          day.Format("2006-01-02") + " 10:00:00.000",
			"clar_cla_review_cancelled":     "N",
			"clar_cla_review_participation": "PN1",
		}
	case fileEpisodes:
		return ch.newChild(n)
	}
	return nil
}

func (ch *changer) newID(kind string) string {
	ch.seq++
	return fmt.Sprintf("%s%07d", kind, ch.seq)
}

// newChild makes a child who entered care in the last two months, with
// one open episode; their person, legal status and placement rows go to
// extra. It returns the episode row.
func (ch *changer) newChild(n int) map[string]string {
	person, cla, episode, placement := ch.newID("BP"), ch.newID("BC"), ch.newID("BE"), ch.newID("BL")
	start := ch.asOf.AddDate(0, 0, -1-n%60)
	dob := start.AddDate(-2-n%14, 0, -n%300)
	iso := func(d time.Time) string { return d.Format("2006-01-02") + " 00:00:00.000" }
	sex, gender := "F", "02"
	if n%2 == 1 {
		sex, gender = "M", "01"
	}
	ch.extra[filePerson] = append(ch.extra[filePerson], map[string]string{
		"pers_person_id": person, "pers_sex": sex, "pers_gender": gender, "pers_ethnicity": "WBRI",
		"pers_dob": dob.Format("2006-01-02"), "pers_upn_unknown": "UN2",
	})
	ch.extra[fileLegal] = append(ch.extra[fileLegal], map[string]string{
		"lega_legal_status_id": ch.newID("BS"), "lega_person_id": person, "lega_legal_status": "V2",
		"lega_legal_status_start_date": iso(start),
	})
	ch.extra[filePlacements] = append(ch.extra[filePlacements], map[string]string{
		"clap_cla_placement_id": placement, "clap_cla_episode_id": episode, "clap_cla_id": cla,
		"clap_cla_placement_start_date": start.Format("02/01/2006"), "clap_cla_placement_type": "U6",
		"clap_cla_placement_provider": "PR1",
	})
	return map[string]string{
		"clae_cla_episode_id": episode, "clae_person_id": person, "clae_cla_id": cla,
		"clae_entered_care_date": iso(start), "clae_cla_episode_start_date": iso(start),
		"clae_cla_episode_start_reason": "S", "clae_cla_primary_need_code": "N1",
		"clae_cla_placement_id": placement,
	}
}

// eachRecord calls fn with every data record of a CSV file and the
// position of each column.
func eachRecord(path string, fn func(col map[string]int, rec []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("reading the header of %s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", path, err)
		}
		if err := fn(col, rec); err != nil {
			return err
		}
	}
}

// dropRows copies a file without the data rows pickChange picks.
func dropRows(from, to string) (err error) {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, out.Close()) }()
	w := bufio.NewWriter(out)
	s := bufio.NewScanner(in)
	s.Buffer(make([]byte, 1<<20), 1<<26)
	for n := 0; s.Scan(); n++ {
		if _, picked := pickChange(n); picked && n > 0 {
			continue
		}
		w.Write(s.Bytes())
		w.WriteByte('\n')
	}
	if err := s.Err(); err != nil {
		return err
	}
	return w.Flush()
}

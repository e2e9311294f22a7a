package lake

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"carewh/canonical"
	"carewh/config"
	"carewh/pipelines/duck"
	"carewh/transforms/parquet"
)

// PseudonymPattern matches a pseudonym inside a quarantine message, key or
// value: 32 lower-case hex digits standing alone.
const PseudonymPattern = `\b[0-9a-f]{32}\b`

// RekeyReport says what a rekey did.
type RekeyReport struct {
	// Mapped counts the lake's pseudonyms the source gave again: each now
	// has the pseudonym the new key gives the same id.
	Mapped int64
	// Orphans counts the lake's pseudonyms no row of today's source gave
	// (children and records since deleted from the case system): each has
	// a new pseudonym made from the old one under the new key, so the
	// history still links up, but nobody can tie it to an id.
	Orphans int64
	// Files counts the lake files rewritten; Manifests the run manifests.
	Files, Manifests int
}

// Rekey is what Lake.Rekey needs besides the lake.
type Rekey struct {
	Config *config.Config
	NewKey []byte
	// Pairs is a CSV file of pseudonyms (old,new): what the old key and
	// the new one make of each id today's source gives.
	Pairs string
	// Last is the last published run, whose keys today's source must still
	// give unless AcceptUnmapped accepts the table.
	Last           Manifest
	AcceptUnmapped func(table string) bool
	Log            *slog.Logger
}

// Rekey writes the whole lake again under rk.NewKey, beside it, from the
// pairs of pseudonyms in rk.Pairs, and swaps it in for the lake. A rekey
// that fails leaves the lake as it was.
func (lk Lake) Rekey(ctx context.Context, rk Rekey) (RekeyReport, error) {
	w, err := newLakeRekeyer(rk.Config, lk, rk.NewKey, rk.Pairs, rk.Log)
	if err != nil {
		return RekeyReport{}, err
	}
	defer w.Close()
	report, err := w.rekey(ctx, rk.Last, rk.AcceptUnmapped)
	if err != nil {
		os.RemoveAll(rekeyedLake(lk.Root))
		return report, err
	}
	return report, swapRekeyedLake(lk.Root, rk.Log)
}

// lakeRekeyer writes the lake again under a new key, beside it, from the
// pairs of pseudonyms a read of the source gave (old,new). Its scratch
// DuckDB file holds the map from every old pseudonym in the lake to its new
// one, and no id.
type lakeRekeyer struct {
	db      *sql.DB
	path    string
	cfg     *config.Config
	lk      Lake
	root    string // the rekeyed lake's root
	key     []byte // the new key
	pairs   string // the pairs' CSV file
	log     *slog.Logger
	written map[string]parquet.File // lake path → the file rewritten there
}

func newLakeRekeyer(cfg *config.Config, lk Lake, newKey []byte, pairs string, log *slog.Logger) (*lakeRekeyer, error) {
	path := filepath.Join(cfg.DuckDB.TempDir, "rekey-"+filepath.Base(pairs)+".duckdb")
	duck.Remove(path)
	db, err := duck.Open(path, cfg.DuckDB, false)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	root := rekeyedLake(lk.Root)
	if err := os.RemoveAll(root); err != nil {
		db.Close()
		return nil, err
	}
	return &lakeRekeyer{db: db, path: path, cfg: cfg, lk: lk, root: root, key: newKey, pairs: pairs, log: log,
		written: map[string]parquet.File{}}, nil
}

// Close closes and removes the scratch database.
func (w *lakeRekeyer) Close() error {
	err := w.db.Close()
	duck.Remove(w.path)
	return err
}

// rekey writes the whole rekeyed lake: every file a run manifest names,
// the manifests, and the new key's fingerprint. last is the last
// published run, whose keys today's source must still give.
func (w *lakeRekeyer) rekey(ctx context.Context, last Manifest, acceptUnmapped func(string) bool) (RekeyReport, error) {
	var report RekeyReport
	manifests, err := w.lk.Manifests()
	if err != nil {
		return report, err
	}
	files, err := lakeFiles(w.lk, manifests)
	if err != nil {
		return report, err
	}
	start := time.Now()
	if report.Mapped, err = w.loadPairs(ctx); err != nil {
		return report, err
	}
	w.log.DebugContext(ctx, "pairs loaded", "duration_seconds", time.Since(start).Seconds())
	if err := w.checkUnmapped(ctx, last, acceptUnmapped); err != nil {
		return report, err
	}
	if err := w.collectIDs(ctx, files); err != nil {
		return report, err
	}
	if report.Orphans, err = w.addOrphans(ctx); err != nil {
		return report, err
	}
	w.log.DebugContext(ctx, "pseudonyms collected", "duration_seconds", time.Since(start).Seconds())
	for _, t := range canonical.Tables {
		start := time.Now()
		if err := w.rekeyTable(ctx, t, files.changes[t.Name], files.states[t.Name]); err != nil {
			return report, fmt.Errorf("rekeying %s: %w", t.Name, err)
		}
		w.log.DebugContext(ctx, "table rekeyed", "table", t.Name, "duration_seconds", time.Since(start).Seconds())
	}
	for _, f := range files.quarantine {
		if err := w.rekeyQuarantine(ctx, f); err != nil {
			return report, fmt.Errorf("rekeying %s: %w", f.Path, err)
		}
	}
	if err := w.writeManifests(manifests); err != nil {
		return report, err
	}
	report.Files, report.Manifests = len(w.written), len(manifests)
	return report, RecordKey(w.root, w.key)
}

// loadPairs reads the pairs the source gave into seen, one row per old
// pseudonym, and checks that no old pseudonym has two new ones.
func (w *lakeRekeyer) loadPairs(ctx context.Context) (int64, error) {
	stmt := fmt.Sprintf(`CREATE TABLE seen AS SELECT DISTINCT old, new FROM read_csv(%s, header = false,
		columns = {'old': 'VARCHAR', 'new': 'VARCHAR'}, auto_detect = false)`, duck.Quote(w.pairs))
	if _, err := w.db.ExecContext(ctx, stmt); err != nil {
		return 0, fmt.Errorf("loading the pairs of pseudonyms: %w", err)
	}
	var n, ambiguous int64
	err := w.db.QueryRowContext(ctx, `SELECT count(*), count(*) - count(DISTINCT old) FROM seen`).Scan(&n, &ambiguous)
	if err != nil {
		return 0, err
	}
	if ambiguous > 0 {
		return 0, fmt.Errorf("%d old pseudonyms were given two new ones: the rekey is not safe", ambiguous)
	}
	return n, nil
}

// checkUnmapped refuses a rekey when today's source no longer gives more of
// a table's keys in the last published run than publish_guard.max_row_loss
// allows (at least publish_guard.min_rows of them): a truncated extract
// would turn them into orphans, whose history no later run links up with.
func (w *lakeRekeyer) checkUnmapped(ctx context.Context, last Manifest, accept func(string) bool) error {
	guard := w.cfg.PublishGuard
	var refused []string
	for _, t := range canonical.Tables {
		stats := last.Tables[t.Name]
		if stats.State.Path == "" || !identifying(t, t.Key) {
			continue
		}
		var rows, unmapped int64
		err := w.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*), count(*) FILTER (WHERE seen.old IS NULL)
			FROM %s s LEFT JOIN seen ON seen.old = s.key`, duck.ReadParquet([]string{w.lk.Abs(stats.State.Path)}))).Scan(&rows, &unmapped)
		if err != nil {
			return fmt.Errorf("counting %s's keys the source no longer gives: %w", t.Name, err)
		}
		if unmapped == 0 {
			continue
		}
		w.log.InfoContext(ctx, "keys of the last run the source no longer gives: they will be orphans", "table", t.Name,
			"unmapped", unmapped, "rows", rows)
		if unmapped < int64(guard.MinRows) || float64(unmapped) <= guard.MaxRowLoss*float64(rows) || accept(t.Name) {
			continue
		}
		refused = append(refused, fmt.Sprintf("%s: %d of the last run's %d keys", t.Name, unmapped, rows))
	}
	if len(refused) > 0 {
		return fmt.Errorf("today's source no longer gives %s, more than publish_guard.max_row_loss (%g) allows: "+
			"is the extract whole? Their history would keep pseudonyms no later run can match. "+
			"Rekey when the source is whole, or accept it with --accept-unmapped TABLE",
			strings.Join(refused, "; "), guard.MaxRowLoss)
	}
	return nil
}

// collectIDs puts every pseudonym the lake's files hold in lake_ids: the
// identifying columns of change files (every key a state file holds was
// inserted by one), and the keys, values and message words of quarantine
// files that look like pseudonyms.
func (w *lakeRekeyer) collectIDs(ctx context.Context, files lakeFileSet) error {
	if _, err := w.db.ExecContext(ctx, "CREATE TABLE lake_ids (old VARCHAR)"); err != nil {
		return err
	}
	for _, t := range canonical.Tables {
		for _, f := range files.changes[t.Name] {
			cols, err := w.columnsOf(ctx, f)
			if err != nil {
				return err
			}
			for _, c := range cols {
				if !identifying(t, c) {
					continue
				}
				stmt := fmt.Sprintf("INSERT INTO lake_ids SELECT DISTINCT %[1]s FROM %[2]s WHERE %[1]s IS NOT NULL",
					duck.QuoteIdent(c), duck.ReadParquet([]string{w.lk.Abs(f.Path)}))
				if _, err := w.db.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("collecting the pseudonyms of %s: %w", f.Path, err)
				}
			}
		}
	}
	for _, f := range files.quarantine {
		stmt := fmt.Sprintf(`INSERT INTO lake_ids
			SELECT DISTINCT unnest(regexp_extract_all(concat_ws(' ', record_key, value, message), %s)) FROM %s`,
			duck.Quote(PseudonymPattern), duck.ReadParquet([]string{w.lk.Abs(f.Path)}))
		if _, err := w.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("collecting the pseudonyms of %s: %w", f.Path, err)
		}
	}
	return nil
}

// addOrphans gives each pseudonym of the lake that the source did not give
// a new one, HMAC(new key, "rekeyed:" old), and makes idmap: every old
// pseudonym of the lake with its new one.
func (w *lakeRekeyer) addOrphans(ctx context.Context) (int64, error) {
	f, err := os.CreateTemp(w.cfg.DuckDB.TempDir, "rekey-orphans-*.csv")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name())
	rows, err := w.db.QueryContext(ctx, "SELECT DISTINCT old FROM lake_ids WHERE old NOT IN (SELECT old FROM seen)")
	if err != nil {
		f.Close()
		return 0, fmt.Errorf("finding the lake's pseudonyms the source did not give: %w", err)
	}
	out := bufio.NewWriter(f)
	mac := hmac.New(sha256.New, w.key)
	var n int64
	for rows.Next() {
		var old string
		if err := rows.Scan(&old); err != nil {
			rows.Close()
			f.Close()
			return 0, err
		}
		mac.Reset()
		mac.Write([]byte("rekeyed:" + old))
		fmt.Fprintf(out, "%s,%s\n", old, hex.EncodeToString(mac.Sum(nil)[:16]))
		n++
	}
	err = rows.Err()
	rows.Close()
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	_, err = w.db.ExecContext(ctx, fmt.Sprintf(`CREATE TABLE idmap AS
		SELECT old, new FROM seen
		UNION ALL
		SELECT old, new FROM read_csv(%s, header = false, columns = {'old': 'VARCHAR', 'new': 'VARCHAR'}, auto_detect = false)`,
		duck.Quote(f.Name())))
	return n, err
}

// identifying reports whether column col of t holds identifiers.
func identifying(t *canonical.Table, col string) bool {
	c, ok := t.Column(col)
	return ok && c.ID != canonical.NotIdentifying
}

package pipelines

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"

	"carewh/internal/atomicfile"
	"carewh/pipelines/key"
	"carewh/pipelines/lake"
	"carewh/pipelines/lock"
	"carewh/transforms"
)

// Rekey re-pseudonymises the lake, deliberately, from the key it was built
// with (oldKey) to newKey: every child, worker and record keeps its history
// under its new pseudonym. It reads the source once under both keys to
// learn which old pseudonym is which new one (never writing an id), writes
// the whole lake again beside the old one, swaps it in and removes the
// old. The warehouse is not touched: the next run, whose fingerprint
// includes the key, rebuilds it (carewh rekey runs one straight away).
//
// The new key comes from CAREWH_HMAC_KEY (or _FILE); the old from
// CAREWH_OLD_HMAC_KEY (or _FILE), or a demo's key file, which then gets
// the new key.
func (r *Runner) Rekey(ctx context.Context) (lake.RekeyReport, error) {
	r.defaults()
	log := r.Log.With("pipeline", r.Pipeline, "operation", "rekey")
	oldKey, newKey, demoFile, err := key.ForRekey(r.Config, r.Getenv)
	if err != nil {
		return lake.RekeyReport{}, err
	}
	dataLock, err := lock.Acquire(ctx, r.Config.LockPath(), r.LockWait, "carewh rekey", log)
	if err != nil {
		return lake.RekeyReport{}, err
	}
	defer dataLock.Release()
	lk := lake.Lake{Root: r.Config.LakeDir()}
	if err := lake.RecoverRekey(lk.Root, log); err != nil {
		return lake.RekeyReport{}, err
	}
	if err := checkRekeyKeys(lk.Root, oldKey, newKey); err != nil {
		return lake.RekeyReport{}, err
	}
	previous, err := lk.LastSucceeded()
	if err != nil {
		return lake.RekeyReport{}, err
	}
	if previous == nil {
		return lake.RekeyReport{}, fmt.Errorf("the lake in %s has no successful run: there is nothing to rekey", lk.Root)
	}
	if err := os.MkdirAll(r.Config.DuckDB.TempDir, 0o700); err != nil {
		return lake.RekeyReport{}, fmt.Errorf("creating DuckDB temp folder: %w", err)
	}
	pairs, err := r.witnessSource(ctx, lk, oldKey, newKey, log)
	if pairs != "" {
		defer os.Remove(pairs)
	}
	if err != nil {
		return lake.RekeyReport{}, err
	}
	report, err := lk.Rekey(ctx, lake.Rekey{Config: r.Config, NewKey: newKey, Pairs: pairs, Last: *previous,
		AcceptUnmapped: func(table string) bool {
			return slices.Contains(r.AcceptUnmapped, AcceptAll) || slices.Contains(r.AcceptUnmapped, table)
		}, Log: log})
	if err != nil {
		return report, err
	}
	if demoFile != "" {
		if err := atomicfile.WriteBytes(demoFile, newKey); err != nil {
			return report, fmt.Errorf("the lake is rekeyed, but putting the new key in the demo key file failed (set %s): %w", key.EnvHMACKey, err)
		}
	}
	log.InfoContext(ctx, "lake re-pseudonymised under the new key", "mapped", report.Mapped, "orphans", report.Orphans,
		"files", report.Files, "manifests", report.Manifests)
	return report, nil
}

// checkRekeyKeys refuses a rekey unless oldKey is the lake's key and
// newKey another.
func checkRekeyKeys(lakeRoot string, oldKey, newKey []byte) error {
	if _, err := os.Stat(lakeRoot); err != nil {
		return fmt.Errorf("no lake to rekey: %w", err)
	}
	if err := (lake.Lake{Root: lakeRoot}).CheckKey(oldKey, slog.New(slog.DiscardHandler)); err != nil {
		return fmt.Errorf("the old key: %w", err)
	}
	if key.Fingerprint(oldKey) == key.Fingerprint(newKey) {
		return errors.New("the new key is the lake's key already: there is nothing to rekey")
	}
	return nil
}

// witnessSource reads the source through the transforms under the new
// key, as a run would, and writes each pseudonym made with the one the old
// key makes of the same id to a scratch CSV file, whose path it returns.
// The staged snapshot is thrown away.
func (r *Runner) witnessSource(ctx context.Context, lk lake.Lake, oldKey, newKey []byte, log *slog.Logger) (string, error) {
	f, err := os.CreateTemp(r.Config.DuckDB.TempDir, "rekey-pairs-*.csv")
	if err != nil {
		return "", fmt.Errorf("creating the rekey's scratch file: %w", err)
	}
	sink := &pairSink{w: bufio.NewWriter(f)}
	if r.rekeying, err = transforms.NewRekeying(oldKey, sink.record); err != nil {
		f.Close()
		return f.Name(), err
	}
	defer func() { r.rekeying = nil }()
	now := r.Now().UTC()
	asOf := r.Config.AsOfDate(now)
	m := lake.Manifest{RunID: "rekey-" + lake.NewRunID(now), AsOf: asOf.Format(time.DateOnly)}
	src, err := r.openSource(ctx, &m, &asOf, nil, log)
	if err != nil {
		f.Close()
		return f.Name(), err
	}
	defer src.Close()
	defer lk.RemoveStaging("")
	_, _, err = r.ingest(ctx, lk, m.RunID, src, newKey, asOf, log)
	if ferr := sink.w.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return f.Name(), fmt.Errorf("reading the source under both keys: %w", err)
	}
	log.InfoContext(ctx, "read the source under both keys", "pseudonyms", sink.n)
	return f.Name(), nil
}

// pairSink writes pairs of pseudonyms (old,new) as CSV lines, from any
// goroutine. Pseudonyms are hex, so need no quoting.
type pairSink struct {
	mu sync.Mutex
	w  *bufio.Writer
	n  int64
}

func (s *pairSink) record(old, new string) {
	s.mu.Lock()
	s.w.WriteString(old)
	s.w.WriteByte(',')
	s.w.WriteString(new)
	s.w.WriteByte('\n')
	s.n++
	s.mu.Unlock()
}

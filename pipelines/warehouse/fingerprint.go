package warehouse

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"time"

	"carewh/config"
)

// buildFormat numbers the ways carewh has built a warehouse: 2 added
// incremental builds (and ops.model_runs.build).
const buildFormat = 2

// Fingerprint hashes everything besides the lake that a warehouse is built
// from: every model and KPI file, the settings the models read, the bank
// holidays, the as-at date (reporting.known_at is among the settings) and
// keyFingerprint, the pseudonymisation key's fingerprint (key.Fingerprint). Two runs with the same
// fingerprint and no data changes would build the same warehouse.
func Fingerprint(models fs.FS, cfg *config.Config, holidays []Holiday, asOf time.Time, keyFingerprint string) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(models, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(models, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("fingerprinting models: %w", err)
	}
	settings, err := json.Marshal(struct {
		Reporting config.Reporting
		Tracker   config.Tracker
		Adoption  config.Adoption
		Education config.Education
		IRO       config.IRO
		Targets   map[string]config.KPI
		RAG       config.RAG
		Holidays  []Holiday
		AsOf      time.Time
		// HistoryStart decides which periods of care have a known start
		HistoryStart string
		// Key is the pseudonymisation key's fingerprint: after carewh
		// rekey the warehouse is rebuilt under the new key's pseudonyms
		// even if the source has not changed.
		Key string
		// Format changes when the way the warehouse is built does, so that
		// the first run of a new carewh builds whole.
		Format int
	}{cfg.Reporting, cfg.Tracker, cfg.Adoption, cfg.Education, cfg.IRO, cfg.Targets, cfg.RAG, holidays, asOf,
		cfg.Source.HistoryStart, keyFingerprint, buildFormat})
	if err != nil {
		return "", err
	}
	h.Write(settings)
	return hex.EncodeToString(h.Sum(nil)), nil
}

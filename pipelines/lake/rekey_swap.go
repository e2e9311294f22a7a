package lake

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"carewh/internal/atomicfile"
)

// rekeyedLake is where a rekey writes the lake under the new key, beside
// the lake it replaces; retiredLake is where the old lake waits to be
// removed once the new one is in its place.
func rekeyedLake(root string) string { return root + ".rekeyed" }
func retiredLake(root string) string { return root + ".retired" }

// swapRekeyedLake puts the finished rekeyed lake in the lake's place: the
// old lake is renamed aside, the new one renamed in, then the old removed.
// A crash between the two renames leaves no lake but a rekeyed one, which
// RecoverRekey renames in.
func swapRekeyedLake(root string, log *slog.Logger) error {
	rekeyed, retired := rekeyedLake(root), retiredLake(root)
	atomicfile.SyncDir(rekeyed)
	if err := os.Rename(root, retired); err != nil {
		return fmt.Errorf("moving the old lake aside: %w", err)
	}
	if err := os.Rename(rekeyed, root); err != nil {
		return fmt.Errorf("moving the rekeyed lake in (the old lake is in %s): %w", retired, err)
	}
	atomicfile.SyncDir(filepath.Dir(root))
	if err := os.RemoveAll(retired); err != nil {
		log.Warn("could not remove the old lake; remove it by hand", "path", retired, "error", err)
	}
	return nil
}

// RecoverRekey finishes or undoes a rekey that a crash interrupted, before
// anything reads the lake: a rekeyed lake with no lake beside it was
// finished and is renamed in; one beside the lake may be half written and
// is removed (the lake keeps its key; run carewh rekey again); a retired
// lake beside the lake is removed.
func RecoverRekey(root string, log *slog.Logger) error {
	rekeyed, retired := rekeyedLake(root), retiredLake(root)
	if dirExists(rekeyed) {
		if dirExists(root) {
			log.Warn("removing the lake of a rekey that did not finish; the lake keeps its key", "path", rekeyed)
			if err := os.RemoveAll(rekeyed); err != nil {
				return fmt.Errorf("removing an unfinished rekey: %w", err)
			}
		} else {
			log.Warn("finishing a rekey that was interrupted: renaming the rekeyed lake in", "path", rekeyed)
			if err := os.Rename(rekeyed, root); err != nil {
				return fmt.Errorf("finishing an interrupted rekey: %w", err)
			}
			atomicfile.SyncDir(filepath.Dir(root))
		}
	}
	if dirExists(retired) && dirExists(root) {
		if err := os.RemoveAll(retired); err != nil {
			return fmt.Errorf("removing the lake a rekey replaced: %w", err)
		}
	}
	return nil
}

func dirExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

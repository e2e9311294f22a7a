package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
)

// warnOpenDataDir logs a warning, naming the folder and its mode, when the
// data folder exists and other users may read or enter it: carewh creates
// it, the lake, the warehouse, exports and reports for their owner only
// (0700 folders, 0600 files), but a folder made beforehand keeps the mode
// it was made with.
func warnOpenDataDir(ctx context.Context, log *slog.Logger, dir string) {
	if runtime.GOOS == "windows" {
		return // modes do not say who may read a file there
	}
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return
	}
	if mode := info.Mode().Perm(); mode&0o077 != 0 {
		log.WarnContext(ctx, "the data folder is open to other users: it holds the pseudonymised lake, the warehouse and the key; run chmod 700 on it",
			"path", dir, "mode", fmt.Sprintf("%#o", mode))
	}
}

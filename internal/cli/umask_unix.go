//go:build unix

package cli

import "syscall"

// privateUmask makes every file the process creates readable by its owner
// only. carewh sets the modes of what it writes itself (0600 files, 0700
// folders); the umask covers what others write for it: DuckDB's
// write-ahead log and spill files, and the files its COPY makes before
// carewh renames them.
func privateUmask() { syscall.Umask(0o077) }

//go:build !linux

package sourcefile

import "os"

// kernelIdentity: Go's portable stat has no change time, and without one a
// file rewritten with its modification time restored would look unchanged,
// so nothing is cached here.
func kernelIdentity(os.FileInfo, *Identity) bool { return false }

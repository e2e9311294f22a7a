//go:build !unix

package lock

import (
	"errors"
	"os"
)

// tryLock creates the lock file exclusively. Without flock a lock left by a
// process that was killed cannot be told from a live one: remove
// data_dir/carewh.lock by hand once no carewh process runs.
func tryLock(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil, nil
	}
	return f, err
}

// release closes the lock file, then removes it (an open file cannot be
// removed on Windows).
func release(path string, f *os.File) error {
	err := f.Close()
	if rerr := os.Remove(path); err == nil {
		err = rerr
	}
	return err
}

func processAlive(Info) bool { return true }

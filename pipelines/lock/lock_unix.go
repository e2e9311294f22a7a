//go:build unix

package lock

import (
	"errors"
	"os"
	"syscall"
)

// tryLock opens the lock file and takes an exclusive flock on it without
// waiting. It returns nil, nil when another open file holds it. The kernel
// drops a flock when its process ends however it ends, so a lock is never
// left held by a dead process.
func tryLock(path string) (*os.File, error) {
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, nil
			}
			return nil, err
		}
		// The holder removes the file as it releases: if the path no longer
		// names the file just locked, this lock guards nothing; try again.
		held, err1 := f.Stat()
		named, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, named) {
			return f, nil
		}
		unlockAndClose(f)
		if err1 != nil {
			return nil, err1
		}
		if err2 != nil && !errors.Is(err2, os.ErrNotExist) {
			return nil, err2
		}
	}
}

// release removes the lock file while still holding it, then unlocks it:
// a process that opened the file before the removal notices and tries
// again (tryLock checks the path still names the file it locked).
func release(path string, f *os.File) error {
	err := os.Remove(path)
	if cerr := unlockAndClose(f); err == nil {
		err = cerr
	}
	return err
}

func unlockAndClose(f *os.File) error {
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return f.Close()
}

// processAlive says whether the lock's holder still runs. On another host
// it cannot tell, and says yes.
func processAlive(info Info) bool {
	if host, _ := os.Hostname(); info.Hostname != host {
		return true
	}
	err := syscall.Kill(info.PID, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

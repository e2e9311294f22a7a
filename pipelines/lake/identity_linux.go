package lake

import (
	"os"
	"syscall"
)

// fileIdentity is what tells a file changed without reading it.
type fileIdentity struct {
	Device        uint64 `json:"dev"`
	Inode         uint64 `json:"ino"`
	Size          int64  `json:"size"`
	ModifiedNanos int64  `json:"mtime_ns"`
	ChangedNanos  int64  `json:"ctime_ns"`
}

// identify stats path; cacheable is false where the platform's stat gives
// no change time.
func identify(path string) (id fileIdentity, cacheable bool, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return fileIdentity{}, false, err
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileIdentity{Size: info.Size(), ModifiedNanos: info.ModTime().UnixNano()}, false, nil
	}
	return fileIdentity{
		Device:        uint64(st.Dev),
		Inode:         uint64(st.Ino),
		Size:          info.Size(),
		ModifiedNanos: info.ModTime().UnixNano(),
		ChangedNanos:  st.Ctim.Nano(),
	}, true, nil
}

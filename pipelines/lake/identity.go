package lake

import "os"

// fileIdentity is what tells a file changed without reading it.
type fileIdentity struct {
	Device        uint64 `json:"dev"`
	Inode         uint64 `json:"ino"`
	Size          int64  `json:"size"`
	ModifiedNanos int64  `json:"mtime_ns"`
	ChangedNanos  int64  `json:"ctime_ns"`
}

// identify stats path; cacheable is false where the platform's stat gives
// no change time (kernelIdentity).
func identify(path string) (id fileIdentity, cacheable bool, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return fileIdentity{}, false, err
	}
	id = fileIdentity{Size: info.Size(), ModifiedNanos: info.ModTime().UnixNano()}
	cacheable = kernelIdentity(info, &id)
	return id, cacheable, nil
}

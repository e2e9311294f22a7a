package sourcefile

import "os"

// Identity is what tells a file changed without reading it.
type Identity struct {
	Device        uint64 `json:"dev"`
	Inode         uint64 `json:"ino"`
	Size          int64  `json:"size"`
	ModifiedNanos int64  `json:"mtime_ns"`
	ChangedNanos  int64  `json:"ctime_ns"`
}

// Identify stats path; trusted is false where the platform's stat gives no
// change time (kernelIdentity), so that a file rewritten with its
// modification time put back would look the same.
func Identify(path string) (id Identity, trusted bool, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return Identity{}, false, err
	}
	id, trusted = identityOf(info)
	return id, trusted, nil
}

func identityOf(info os.FileInfo) (Identity, bool) {
	id := Identity{Size: info.Size(), ModifiedNanos: info.ModTime().UnixNano()}
	return id, kernelIdentity(info, &id)
}

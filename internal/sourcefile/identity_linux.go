package sourcefile

import (
	"os"
	"syscall"
)

// kernelIdentity adds the device, inode and change time to id.
func kernelIdentity(info os.FileInfo, id *Identity) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return false
	}
	id.Device, id.Inode, id.ChangedNanos = uint64(st.Dev), uint64(st.Ino), st.Ctim.Nano()
	return true
}

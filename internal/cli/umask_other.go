//go:build !unix

package cli

// privateUmask does nothing where there is no umask.
func privateUmask() {}

//go:build unix

package atomicfile

import "syscall"

// writable reports whether the process may create files in dir.
func writable(dir string) error { return syscall.Access(dir, 2 /* W_OK */) }

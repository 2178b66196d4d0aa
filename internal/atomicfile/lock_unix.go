//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// lock takes an exclusive lock on f, waiting for it: the mark of a live
// writer. The kernel drops it when the writer closes f or dies, and
// flock(2) locks hold across PID namespaces and, on Linux, NFS (where
// they are emulated with byte-range locks), so that writers in other
// containers sharing a folder see it too.
func lock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// tryLock takes the lock if no one holds it, and reports whether it did.
func tryLock(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}

// openNoFollow opens name for reading without following a final
// symlink and without waiting on a named pipe.
const openNoFollow = os.O_RDONLY | syscall.O_NOFOLLOW | syscall.O_NONBLOCK

//go:build unix

package atomicfile

import (
	"io/fs"
	"sync"
	"syscall"
)

var (
	umaskOnce  sync.Once
	umaskValue fs.FileMode
)

// umask returns the process umask. Reading it means setting it, so it is
// read once, at first use, before any other goroutine of this package
// could create a file.
func umask() fs.FileMode {
	umaskOnce.Do(func() {
		m := syscall.Umask(0)
		syscall.Umask(m)
		umaskValue = fs.FileMode(m)
	})
	return umaskValue
}

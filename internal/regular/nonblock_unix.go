//go:build unix

package regular

import "syscall"

// nonblock keeps open(2) from waiting for a writer on a named pipe.
const nonblock = syscall.O_NONBLOCK

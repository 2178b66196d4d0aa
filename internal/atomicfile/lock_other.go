//go:build !unix

package atomicfile

import "os"

// lock cannot mark a live writer here (Windows, the browser).
func lock(*os.File) error { return nil }

// tryLock reports false: with no lock to tell a live writer from a dead
// one, another writer's temporary file is taken to be in progress and
// kept.
func tryLock(*os.File) bool { return false }

const openNoFollow = os.O_RDONLY

package regular

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Flags are the flags to open an input with (os.OpenFile, os.Root's
// OpenFile): read-only, and without blocking, so that opening a named
// pipe returns at once and Check refuses it.
const Flags = os.O_RDONLY | nonblock

// Error is why a file was not read, worded to follow "cannot read X: ".
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// Check refuses anything but a regular file, by the open file's own
// mode (not its path's, which could change between the two).
func Check(f fs.File) (fs.FileInfo, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &Error{fmt.Sprintf("it is %s, not a regular file; frontline opens only regular files", Kind(st.Mode()))}
	}
	return st, nil
}

// Read reads f, opened with Flags, once Check passes it: at most limit
// bytes, or an *Error that names the limit. what names the kind of file
// in the message ("a scenario", "a simulation result").
func Read(f fs.File, limit int64, what string) ([]byte, error) {
	st, err := Check(f)
	if err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, &Error{fmt.Sprintf("file is %d bytes, over the %s limit for %s", st.Size(), Size(limit), what)}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1)) // the file may grow
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &Error{fmt.Sprintf("file is over the %s limit for %s", Size(limit), what)}
	}
	return data, nil
}

// Open opens path for streaming, as Read would before reading; the
// caller bounds what it reads. Every error reads "cannot read PATH: …".
func Open(path string) (*os.File, error) {
	f, err := os.OpenFile(path, Flags, 0)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is said once
		}
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if _, err := Check(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	return f, nil
}

// ReadFile opens path and reads it as Read does. A refusal reads
// "cannot read PATH: …"; an error of the system is returned as it is.
func ReadFile(path string, limit int64, what string) ([]byte, error) {
	f, err := os.OpenFile(path, Flags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := Read(f, limit, what)
	if _, ok := err.(*Error); ok {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	return data, err
}

// Size words a limit in bytes: "10 MB", "1 GB".
func Size(n int64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%d GB", n>>30)
	}
	return fmt.Sprintf("%d MB", n>>20)
}

// Kind names a file mode that is not a regular file, for messages: "a
// folder", "a named pipe (FIFO)", "a character device".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeSymlink != 0:
		return "a symlink"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

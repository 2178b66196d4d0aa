package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// tempPrefix starts the name of every temporary file, so that leftovers of a
// killed run can be recognised and removed.
const tempPrefix = ".frontline-tmp-"

// Check reports whether path can be written: its folder exists, is a
// folder and is writable, and path is absent, a regular file, or a
// symlink to a regular file (which WriteFile writes through). A folder, a
// device, a pipe, a socket, or a symlink to anything but a regular file
// is refused: WriteFile never replaces one. It creates nothing. The error
// names path, never a temporary file.
func Check(path string) error {
	_, err := target(path)
	return err
}

// target returns the file WriteFile replaces for path: path itself, or
// for a symlink the regular file it leads to, so that the link stays a
// link and its target gets the new content.
func target(path string) (string, error) {
	dest := path
	if st, err := os.Lstat(path); err == nil {
		switch {
		case st.IsDir():
			return "", fmt.Errorf("cannot write %s: it is a folder", path)
		case st.Mode()&fs.ModeSymlink != 0:
			real, err := filepath.EvalSymlinks(path)
			if err != nil {
				return "", fmt.Errorf("cannot write %s: it is a symlink that leads nowhere (%v); remove it, or name another file", path, unwrapPath(err))
			}
			rst, err := os.Stat(real)
			if err != nil {
				return "", fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
			}
			if !rst.Mode().IsRegular() {
				return "", fmt.Errorf("cannot write %s: it is a symlink to %s, not to a regular file; frontline writes through a link only to a regular file", path, kind(rst.Mode()))
			}
			dest = real
		case !st.Mode().IsRegular():
			return "", fmt.Errorf("cannot write %s: it is %s, not a regular file; frontline replaces only regular files (use - for standard output)", path, kind(st.Mode()))
		}
	}
	dir := filepath.Dir(dest)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("cannot write %s: folder %s does not exist", path, dir)
	case err != nil:
		return "", fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	case !st.IsDir():
		return "", fmt.Errorf("cannot write %s: %s is not a folder", path, dir)
	}
	if err := writable(dir); err != nil {
		return "", fmt.Errorf("cannot write %s: folder %s is not writable", path, dir)
	}
	return dest, nil
}

// kind names a file mode that is not a regular file, for messages.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symlink"
	}
	return "a special file"
}

// WriteFile writes the bytes that write produces to path atomically. The
// new file gets mode perm less the process umask, as os.WriteFile would
// give it. If write fails, or the process is killed at any moment, path
// keeps its old content (or stays absent); the temporary file is removed
// on failure, and leftovers of killed runs are removed by the next
// WriteFile into the same folder. A symlink to a regular file is written
// through: its target is replaced, atomically, in the target's folder.
func WriteFile(path string, perm fs.FileMode, write func(w io.Writer) error) error {
	return writeTemp(path, perm, func(f *os.File) error { return write(f) })
}

// WriteNamed is WriteFile for content another program writes by name,
// such as ffmpeg, which needs a file it can seek in: fill gets the name
// of the temporary file, in path's folder (or its link's target's), to
// write in place. If the process is killed, the file is removed as any
// leftover is.
func WriteNamed(path string, perm fs.FileMode, fill func(tmp string) error) error {
	return writeTemp(path, perm, func(f *os.File) error { return fill(f.Name()) })
}

func writeTemp(path string, perm fs.FileMode, write func(f *os.File) error) (err error) {
	dest, err := target(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(dest)
	CleanStale(dir)
	f, err := createLocked(dir)
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
			f.Close()
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Chmod(perm &^ umask()); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	}
	// The lock is held through the rename: until then the file is a live
	// writer's, whatever another writer's clean-up finds.
	if err := os.Rename(tmp, dest); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	}
	syncDir(dir)
	return nil
}

// createLocked creates a temporary file in dir and locks it. Another
// writer's CleanStale may have locked and removed the new file between
// its creation and the lock; then it is no longer at its name, and a new
// one is made.
func createLocked(dir string) (*os.File, error) {
	for {
		f, err := os.CreateTemp(dir, tempPrefix+"*")
		if err != nil {
			return nil, err
		}
		if err := lock(f); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, err
		}
		a, err1 := f.Stat()
		b, err2 := os.Lstat(f.Name())
		if err1 == nil && err2 == nil && os.SameFile(a, b) {
			return f, nil
		}
		f.Close()
	}
}

// WriteBytes is WriteFile for content already in memory.
func WriteBytes(path string, data []byte, perm fs.FileMode) error {
	return WriteFile(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// CleanStale removes temporary files that a killed WriteFile left in dir:
// regular files with this package's prefix that no writer holds locked.
// A live writer holds its file's lock from creation to rename, whatever
// its process id or PID namespace, so its file stays. Errors are ignored,
// as the clean-up is a courtesy.
func CleanStale(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, tempPrefix) || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, name)
		f, err := os.OpenFile(p, openNoFollow, 0)
		if err != nil {
			continue
		}
		if tryLock(f) {
			os.Remove(p)
		}
		f.Close()
	}
}

// syncDir makes the rename durable; not every system can sync a folder, so
// errors are ignored.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// unwrapPath drops the *PathError or *LinkError wrapper, whose path would
// be the temporary file's name rather than the user's.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

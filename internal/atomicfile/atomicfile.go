package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// tempPrefix starts the name of every temporary file, so that leftovers of a
// killed run can be recognised and removed.
const tempPrefix = ".frontline-tmp-"

// Check reports whether path can be written: its folder exists, is a folder
// and is writable, and path itself is not a folder or a special file. It
// creates nothing. The error names path, never a temporary file.
func Check(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot write %s: folder %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	case !st.IsDir():
		return fmt.Errorf("cannot write %s: %s is not a folder", path, dir)
	}
	if err := writable(dir); err != nil {
		return fmt.Errorf("cannot write %s: folder %s is not writable", path, dir)
	}
	if st, err := os.Lstat(path); err == nil {
		if st.IsDir() {
			return fmt.Errorf("cannot write %s: it is a folder", path)
		}
		if !st.Mode().IsRegular() && st.Mode()&fs.ModeSymlink == 0 {
			return fmt.Errorf("cannot write %s: it is not a regular file", path)
		}
	}
	return nil
}

// WriteFile writes the bytes that write produces to path atomically. The
// new file gets mode perm less the process umask, as os.WriteFile would
// give it. If write fails, or the process is killed at any moment, path
// keeps its old content (or stays absent); the temporary file is removed
// on failure, and leftovers of killed runs are removed by the next
// WriteFile into the same folder.
func WriteFile(path string, perm fs.FileMode, write func(w io.Writer) error) (err error) {
	if err := Check(path); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	CleanStale(dir)
	// The writer's process id in the name tells CleanStale whose file it
	// is: another live writer's temporary file must not be removed.
	f, err := os.CreateTemp(dir, tempPrefix+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
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
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	}
	syncDir(dir)
	return nil
}

// WriteBytes is WriteFile for content already in memory.
func WriteBytes(path string, data []byte, perm fs.FileMode) error {
	return WriteFile(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// CleanStale removes temporary files that a killed WriteFile left in dir:
// regular files with this package's prefix whose writing process is no
// longer running. The files of this process and of other live processes
// are in-progress writes and stay. Errors are ignored, as the clean-up is
// a courtesy.
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
		pidText, _, _ := strings.Cut(strings.TrimPrefix(name, tempPrefix), "-")
		if pid, err := strconv.Atoi(pidText); err == nil && (pid == os.Getpid() || alive(pid)) {
			continue
		}
		os.Remove(filepath.Join(dir, name))
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

// unwrapPath drops the *PathError wrapper, whose path would be the
// temporary file's name rather than the user's.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

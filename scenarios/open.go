package scenarios

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/frontline-sim/frontline/internal/regular"
)

// EnvAllowExtendsOutside is the environment variable that lifts the
// extends: confinement for DefaultLoader, as --allow-extends-outside does
// on the command line: set to 1, true or yes.
const EnvAllowExtendsOutside = "FRONTLINE_ALLOW_EXTENDS_OUTSIDE"

// MaxExtendsDepth is the longest chain of files Load merges: the file
// given and the files it extends, through each other, built-ins included.
const MaxExtendsDepth = 16

// Loader loads scenario files from the file system, confined: a file
// given to Load may extend built-in scenarios and files in its own folder
// (after symlinks are resolved) or below it, and nothing else, unless
// AllowExtendsOutside is set.
type Loader struct {
	AllowExtendsOutside bool
}

// DefaultLoader is the confined Loader, unless the environment variable
// EnvAllowExtendsOutside lifts the confinement.
func DefaultLoader() Loader {
	switch strings.ToLower(os.Getenv(EnvAllowExtendsOutside)) {
	case "1", "true", "yes":
		return Loader{AllowExtendsOutside: true}
	}
	return Loader{}
}

// rootFS is an fs.FS confined to an os.Root: no path, symlink or ".."
// leads out of it. It opens without blocking, so that a named pipe is
// refused rather than waited on.
type rootFS struct{ r *os.Root }

func (f rootFS) Open(name string) (fs.File, error) {
	return f.r.OpenFile(name, regular.Flags, 0)
}

// wholeFS is the whole file system, for AllowExtendsOutside: names are
// absolute paths less the leading slash. It opens as rootFS does.
type wholeFS struct{}

func (wholeFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return os.OpenFile(string(filepath.Separator)+filepath.FromSlash(name), regular.Flags, 0)
}

// openRoot returns the file system Load reads path and its extends: from,
// and path's name in it: the folder of path's real location, or with
// AllowExtendsOutside the whole file system.
func (l Loader) openRoot(path string) (fs.FS, func(), string, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, nil, "", err
	}
	abs, err := filepath.Abs(real)
	if err != nil {
		return nil, nil, "", err
	}
	if l.AllowExtendsOutside {
		return wholeFS{}, func() {}, filepath.ToSlash(strings.TrimPrefix(abs, string(filepath.Separator))), nil
	}
	r, err := os.OpenRoot(filepath.Dir(abs))
	if err != nil {
		return nil, nil, "", err
	}
	return rootFS{r}, func() { r.Close() }, filepath.Base(abs), nil
}

// readFS reads a scenario file from fsys: a regular file of at most
// MaxFileSize bytes. Devices, pipes, sockets and folders are refused
// before any byte is read, and the read is limited, so that no file can
// make it hang or exhaust memory. A refusal is a *regular.Error, worded
// for "cannot read X: …".
func readFS(fsys fs.FS, name string) ([]byte, error) { return readFSAs(fsys, name, scenarioDoc.noun) }

// readFSAs is readFS for a file of another kind, what ("a sweep"), which
// its messages name.
func readFSAs(fsys fs.FS, name, what string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return regular.Read(f, MaxFileSize, what)
}

// ReadRegular reads the file at path under the rules scenario files are
// read by (regular.ReadFile): it opens without waiting on a named pipe,
// refuses anything but a regular file before reading a byte, and reads
// at most limit bytes. what names the kind of file in the message ("a
// simulation result").
func ReadRegular(path string, limit int64, what string) ([]byte, error) {
	return regular.ReadFile(path, limit, what)
}

// errText is err without the path an *fs.PathError repeats.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return "no such file or directory"
	}
	return err.Error()
}

// escapes reports whether err is an os.Root's refusal of a path that
// leads out of it, through ".." or a symlink.
func escapes(err error) bool {
	return err != nil && strings.Contains(err.Error(), "path escapes from parent")
}

package regular

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Every kind of file but a regular one is refused before a byte is read,
// a named pipe without waiting for a writer, and a regular file is read
// up to its limit, by Open, Read and ReadFile alike.
func TestRefuses(t *testing.T) {
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small"), filepath.Join(dir, "big")
	os.WriteFile(small, []byte("abc"), 0o644)
	os.WriteFile(big, make([]byte, 2<<20), 0o644)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	link := filepath.Join(dir, "link")
	os.Symlink(fifo, link)
	for _, tt := range []struct {
		path, want string // want "" is read
	}{
		{small, ""},
		{big, "cannot read " + big + ": file is 2097152 bytes, over the 1 MB limit for a test file"},
		{dir, "cannot read " + dir + ": it is a folder, not a regular file; frontline opens only regular files"},
		{fifo, "cannot read " + fifo + ": it is a named pipe (FIFO), not a regular file"},
		{link, "cannot read " + link + ": it is a named pipe (FIFO), not a regular file"},
		{"/dev/null", "cannot read /dev/null: it is a character device, not a regular file"},
		{filepath.Join(dir, "none"), "no such file or directory"},
	} {
		data, err := ReadFile(tt.path, 1<<20, "a test file")
		switch {
		case tt.want == "" && (err != nil || string(data) != "abc"):
			t.Errorf("ReadFile(%s): %q, %v; want abc", tt.path, data, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("ReadFile(%s): %v; want %q", tt.path, err, tt.want)
		}
		f, err := Open(tt.path)
		if err == nil {
			f.Close()
		}
		if opens := tt.want == "" || strings.Contains(tt.want, "limit"); opens != (err == nil) ||
			err != nil && !strings.HasPrefix(err.Error(), "cannot read "+tt.path+": ") {
			t.Errorf("Open(%s): %v; want it opened %v, and an error that starts 'cannot read PATH: '", tt.path, err, opens)
		}
	}
	var re *Error
	if _, err := ReadFile(fifo, 1, "x"); !errors.As(err, &re) {
		t.Errorf("a refusal is %T, not an *Error", err)
	}
}

func TestKind(t *testing.T) {
	for m, want := range map[os.FileMode]string{
		os.ModeDir: "a folder", os.ModeSymlink: "a symlink", os.ModeNamedPipe: "a named pipe (FIFO)", os.ModeSocket: "a socket",
		os.ModeDevice | os.ModeCharDevice: "a character device", os.ModeDevice: "a device", os.ModeIrregular: "a special file",
	} {
		if got := Kind(m); got != want {
			t.Errorf("Kind(%v) = %q, want %q", m, got, want)
		}
	}
}

package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	for _, content := range []string{"first", "second, longer"} {
		if err := WriteBytes(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("read %q, %v; want %q", got, err, content)
		}
	}
	st, _ := os.Stat(path)
	if want := 0o644 &^ umask(); st.Mode().Perm() != want {
		t.Errorf("mode %v, want %v", st.Mode().Perm(), want)
	}
	assertNoTemp(t, dir)
}

func TestWriteFileFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := WriteBytes(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, 0o644, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("content %q after a failed write, want the old one", got)
	}
	assertNoTemp(t, dir)
}

// A temporary file is stale when no writer holds its lock, whatever
// process id its name might suggest: a writer in another PID namespace
// (a container sharing the folder) has a process id that means nothing
// here, and its file must stay while it holds the lock.
func TestStaleTempRemoved(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, tempPrefix+"1-stale")
	legacy := filepath.Join(dir, tempPrefix+"123")
	// Named as the old code named files, with a process id that is not
	// running here, but locked: a live writer of another namespace.
	other := filepath.Join(dir, fmt.Sprintf("%s%d-other", tempPrefix, 1<<22+1))
	for _, p := range []string{stale, legacy, other} {
		os.WriteFile(p, []byte("temporary"), 0o600)
	}
	f, err := os.Open(other)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := lock(f); err != nil {
		t.Skip("no flock here:", err)
	}
	if err := WriteBytes(filepath.Join(dir, "a"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		kept bool
	}{{stale, false}, {legacy, false}, {other, true}} {
		_, err := os.Stat(tc.path)
		if kept := err == nil; kept != tc.kept {
			t.Errorf("%s: kept %v, want %v (a locked file is a live writer's and stays, an unlocked one goes)", filepath.Base(tc.path), kept, tc.kept)
		}
	}
}

// Two writers into one folder: the one paused mid-write keeps its
// temporary file while the other writes, and then completes.
func TestConcurrentWritersKeepTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.json")
	paused, resume := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- WriteFile(path, 0o644, func(w io.Writer) error {
			io.WriteString(w, "from A")
			close(paused)
			<-resume
			return nil
		})
	}()
	<-paused
	if err := WriteBytes(filepath.Join(dir, "b.json"), []byte("from B"), 0o644); err != nil {
		t.Fatal(err)
	}
	close(resume)
	if err := <-done; err != nil {
		t.Fatalf("writer A lost its temporary file to writer B: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "from A" {
		t.Errorf("a.json holds %q", got)
	}
}

// A failed rename is reported with the user's path, not the temporary
// file's.
func TestErrorNamesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	err := WriteFile(path, 0o644, func(w io.Writer) error {
		// Make the rename fail: path becomes a folder that is not empty.
		os.MkdirAll(filepath.Join(path, "x"), 0o755)
		return nil
	})
	if err == nil {
		t.Fatal("the rename over a folder succeeded")
	}
	if strings.Contains(err.Error(), tempPrefix) {
		t.Errorf("the error names the temporary file: %v", err)
	}
	assertNoTemp(t, dir)
}

// --out never replaces a symlink, a device or a folder: a link to a
// regular file is written through, atomically in its target's folder;
// a link to anything else, or a dangling one, is refused.
func TestSymlinks(t *testing.T) {
	dir := t.TempDir()
	other := t.TempDir()
	real := filepath.Join(other, "real.txt")
	os.WriteFile(real, []byte("old"), 0o644)
	link := filepath.Join(dir, "link.json")
	os.Symlink(real, link)
	if err := WriteBytes(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v %v", st.Mode(), err)
	}
	if got, _ := os.ReadFile(real); string(got) != "new" {
		t.Errorf("the link's target holds %q, want new", got)
	}
	assertNoTemp(t, dir)
	assertNoTemp(t, other)
	// A fake /dev/stdout: a symlink to a character device, in a temporary
	// folder; the real /dev is never touched.
	for name, to := range map[string]string{"dev.json": "/dev/null", "dir.json": other, "dangling.json": filepath.Join(dir, "missing")} {
		l := filepath.Join(dir, name)
		os.Symlink(to, l)
		err := WriteBytes(l, []byte("x"), 0o644)
		if err == nil || !strings.Contains(err.Error(), l) {
			t.Errorf("%s → %s: %v; want a refusal naming the link", name, to, err)
		}
		if st, err := os.Lstat(l); err != nil || st.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s: the symlink was replaced", name)
		}
	}
	if st, _ := os.Stat(other); !st.IsDir() {
		t.Errorf("the folder a link led to was replaced")
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	for _, tc := range []struct {
		path, want string
	}{
		{filepath.Join(dir, "ok.png"), ""},
		{filepath.Join(dir, "missing", "x.png"), "does not exist"},
		{filepath.Join(file, "x.png"), "is not a folder"},
		{dir, "it is a folder"},
		{"/dev/null", "not a regular file"},
	} {
		err := Check(tc.path)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Check(%s) = %v, want nil", tc.path, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("Check(%s) = %v, want %q", tc.path, err, tc.want)
		case err != nil && strings.Contains(err.Error(), tempPrefix):
			t.Errorf("error names a temporary file: %v", err)
		}
	}
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

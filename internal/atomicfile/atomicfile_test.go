package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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

func TestStaleTempRemoved(t *testing.T) {
	dir := t.TempDir()
	// A process that has exited: a child that ran and was waited for.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true command:", err)
	}
	dead := cmd.Process.Pid
	stale := filepath.Join(dir, fmt.Sprintf("%s%d-1", tempPrefix, dead))
	legacy := filepath.Join(dir, tempPrefix+"123")
	live := filepath.Join(dir, fmt.Sprintf("%s%d-2", tempPrefix, os.Getppid()))
	mine := filepath.Join(dir, fmt.Sprintf("%s%d-3", tempPrefix, os.Getpid()))
	for _, p := range []string{stale, legacy, live, mine} {
		os.WriteFile(p, []byte("temporary"), 0o600)
	}
	if err := WriteBytes(filepath.Join(dir, "a"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		kept bool
	}{{stale, false}, {legacy, false}, {live, true}, {mine, true}} {
		_, err := os.Stat(tc.path)
		if kept := err == nil; kept != tc.kept {
			t.Errorf("%s: kept %v, want %v (a live writer's file stays, a dead one's goes)", filepath.Base(tc.path), kept, tc.kept)
		}
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
		if strings.HasPrefix(e.Name(), tempPrefix+strconv.Itoa(os.Getpid())) {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

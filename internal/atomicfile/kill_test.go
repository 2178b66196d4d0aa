package atomicfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The child side of TestKillLeavesOldOrNew: with FRONTLINE_ATOMIC_CHILD
// set, the test binary writes that file through WriteFile, says how far it
// got on stdout, and blocks on stdin until the parent kills it.
func init() {
	path := os.Getenv("FRONTLINE_ATOMIC_CHILD")
	if path == "" {
		return
	}
	chunks, _ := strconv.Atoi(os.Getenv("FRONTLINE_ATOMIC_CHUNKS"))
	chunk := bytes.Repeat([]byte("new "), 16<<10)
	err := WriteFile(path, 0o644, func(w io.Writer) error {
		for i := 0; i < chunks; i++ {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		if os.Getenv("FRONTLINE_ATOMIC_STOP") == "inside" {
			fmt.Println("inside")
			io.Copy(io.Discard, os.Stdin) // wait to be killed
		}
		return nil
	})
	fmt.Println("done", err)
	io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

// TestKillLeavesOldOrNew kills a writer with SIGKILL at several moments
// (before any byte, part way, after the rename) and checks that the file
// holds either its old content or the whole new one, and that the next
// write removes the dead writer's temporary file.
func TestKillLeavesOldOrNew(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	newContent := strings.Repeat("new ", 16<<10)
	for _, tc := range []struct {
		chunks int
		stop   string
		want   string // "old" or "new"
	}{
		{0, "inside", "old"},
		{1, "inside", "old"},
		{8, "inside", "old"},
		{8, "after", "new"},
	} {
		t.Run(fmt.Sprintf("%d-%s", tc.chunks, tc.stop), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.txt")
			if err := WriteBytes(path, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(exe, "-test.run=^$")
			cmd.Env = append(os.Environ(), "FRONTLINE_ATOMIC_CHILD="+path,
				"FRONTLINE_ATOMIC_CHUNKS="+strconv.Itoa(tc.chunks), "FRONTLINE_ATOMIC_STOP="+tc.stop)
			stdin, _ := cmd.StdinPipe()
			stdout, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line, _ := bufio.NewReader(stdout).ReadString('\n')
			cmd.Process.Kill()
			cmd.Wait()
			stdin.Close()
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := "old"
			if tc.want == "new" {
				want = strings.Repeat(newContent, tc.chunks)
			}
			if string(got) != want {
				t.Fatalf("after a kill (child said %q) the file has %d bytes, want the %s content", strings.TrimSpace(line), len(got), tc.want)
			}
			if err := WriteBytes(filepath.Join(dir, "next"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), tempPrefix) {
					t.Errorf("the killed writer's temporary file %s is still there after the next write", e.Name())
				}
			}
		})
	}
}

// TestOtherProcessKeepsTemp: a writer in another process, paused
// mid-write, keeps its temporary file while this one writes into the
// same folder, and then completes. Its lock, not its process id, says it
// is alive, so this holds across PID namespaces too.
func TestOtherProcessKeepsTemp(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "a.json")
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "FRONTLINE_ATOMIC_CHILD="+path, "FRONTLINE_ATOMIC_CHUNKS=1", "FRONTLINE_ATOMIC_STOP=inside")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	r := bufio.NewReader(stdout)
	if line, _ := r.ReadString('\n'); strings.TrimSpace(line) != "inside" {
		t.Fatalf("child said %q", line)
	}
	if err := WriteBytes(filepath.Join(dir, "b.json"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdin.Close() // the child finishes its write
	line, _ := r.ReadString('\n')
	cmd.Wait()
	if strings.TrimSpace(line) != "done <nil>" {
		t.Fatalf("the paused writer lost its temporary file: %s", line)
	}
	if got, _ := os.ReadFile(path); len(got) != 4*16<<10 {
		t.Errorf("a.json has %d bytes", len(got))
	}
}

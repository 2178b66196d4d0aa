package scenarios_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/bad")

// load calls scenarios.Load and turns a panic into a test failure.
func load(t *testing.T, path string) (err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Load(%s) panicked: %v", path, r)
		}
	}()
	_, err = scenarios.Load(path, geo.MustDefault())
	return err
}

// errGolden compares err with the .err file beside path, or rewrites it
// with -update.
func errGolden(t *testing.T, path string, err error, test string) {
	t.Helper()
	got := err.Error() + "\n"
	golden := strings.TrimSuffix(path, ".yaml") + ".err"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, rerr := os.ReadFile(golden)
	if rerr != nil {
		t.Fatalf("%v (run go test ./scenarios -run %s -update to create it)", rerr, test)
	}
	if got != string(want) {
		t.Errorf("%s: error:\n%s\nwant (%s):\n%s", path, got, golden, want)
	}
}

// TestBadFiles loads every testdata/bad/NAME.yaml and compares the error
// with NAME.err exactly. Run with -update to rewrite the .err files, then
// read every changed message: it must say what is wrong and how to fix it.
func TestBadFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 18 {
		t.Fatalf("found %d bad files, want at least 18", len(files))
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			err := load(t, path)
			if err == nil {
				t.Fatalf("Load(%s) succeeded; want an error", path)
			}
			errGolden(t, path, err, "TestBadFiles")
			checkPositions(t, path, err)
		})
	}
}

// checkPositions asserts that err is Problems, that every problem names a
// file, and that a problem about a place in the file (Line > 0) gives a
// line within that file and a column, as file:line:col. YAML syntax
// errors carry a line only: the YAML library reports no column.
func checkPositions(t *testing.T, path string, err error) {
	t.Helper()
	var ps scenarios.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error is a %T, want scenarios.Problems", err)
	}
	if len(ps) == 0 {
		t.Fatal("empty Problems")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(ps) {
		t.Errorf("error has %d lines for %d problems: one line per problem", len(lines), len(ps))
	}
	for i, p := range ps {
		if p.File == "" {
			t.Errorf("problem %q names no file", p.Msg)
			continue
		}
		if p.Line == 0 {
			continue
		}
		prefix := fmt.Sprintf("%s:%d:%d: ", p.File, p.Line, p.Col)
		if p.Col == 0 {
			if !strings.HasPrefix(p.Msg, "YAML: ") {
				t.Errorf("problem at %s:%d has no column: %s", p.File, p.Line, p.Msg)
			}
			prefix = fmt.Sprintf("%s:%d: ", p.File, p.Line)
		}
		if i < len(lines) && !strings.HasPrefix(lines[i], prefix) {
			t.Errorf("line %q does not start with %q", lines[i], prefix)
		}
		if strings.HasPrefix(p.File, "builtin:") {
			t.Errorf("problem in the built-in scenario: %v", p)
			continue
		}
		data, rerr := os.ReadFile(p.File)
		if rerr != nil {
			t.Errorf("problem names file %s, which cannot be read: %v", p.File, rerr)
			continue
		}
		if n := bytes.Count(data, []byte("\n")) + 1; p.Line > n {
			t.Errorf("problem at line %d of %s, which has %d lines", p.Line, p.File, n)
		}
	}
}

// The size limit is checked on bytes in memory (Parse) and on a file
// (Load stats it before reading): no 10 MB file is kept in testdata.
func TestSizeLimit(t *testing.T) {
	big := bytes.Repeat([]byte("# padding\n"), scenarios.MaxFileSize/10+1)
	_, err := scenarios.Parse("big.yaml", big)
	want := fmt.Sprintf("big.yaml: file is %d bytes, over the 10 MB limit for a scenario", len(big))
	if err == nil || err.Error() != want {
		t.Errorf("Parse(%d bytes) = %v; want %q", len(big), err, want)
	}
	if _, err := scenarios.Parse("ok.yaml", big[:scenarios.MaxFileSize]); err == nil || strings.Contains(err.Error(), "limit") {
		t.Errorf("Parse of exactly MaxFileSize bytes: %v; want no size problem (but an empty-file one)", err)
	}

	path := filepath.Join(t.TempDir(), "big.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: no 10 MB is written to disk.
	if err := f.Truncate(scenarios.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	err = load(t, path)
	want = fmt.Sprintf("%s: cannot read %s: file is %d bytes, over the 10 MB limit for a scenario", path, path, scenarios.MaxFileSize+1)
	if err == nil || err.Error() != want {
		t.Errorf("Load(sparse file) = %v; want %q", err, want)
	}
}

// Every golden file has its scenario, so none is left behind by a rename.
func TestBadGoldensHaveFiles(t *testing.T) {
	errs, _ := filepath.Glob(filepath.Join("testdata", "bad", "*.err"))
	for _, e := range errs {
		if _, err := os.Stat(strings.TrimSuffix(e, ".err") + ".yaml"); err != nil {
			t.Errorf("%s has no .yaml beside it", e)
		}
	}
}

var positional = regexp.MustCompile(`^[^:]+:\d+:\d+: `)

// A problem with a Str in the file says file:line:col.
func TestProblemFormat(t *testing.T) {
	_, err := scenarios.LoadBytes("what-if.yaml", []byte("extends: offensive-2024\nid: x\nevents:\n  - {id: e, date: 2024-11-30, target: Saraqibb, kind: captured, faction: hts, certainty: hypothetical}\n"), nil, geo.MustDefault())
	want := `what-if.yaml:4:39: unknown place "Saraqibb"; did you mean "saraqib"?`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v; want %s", err, want)
	}
	if !positional.MatchString(err.Error()) {
		t.Errorf("%q is not file:line:col: message", err)
	}
}

// Aliases that repeat a long list many times are refused before the
// fields are walked: this 20 kB file would otherwise expand to four
// million values.
func TestAliasAmplification(t *testing.T) {
	n := 2000
	src := "x: &a [" + strings.Repeat("x,", n-1) + "x]\nallies: [" + strings.Repeat("*a,", n-1) + "*a]\n"
	_, err := scenarios.Parse("quad.yaml", []byte(src))
	want := "quad.yaml: YAML aliases (*name) repeat over 100000 values; write the values out instead"
	if err == nil || err.Error() != want {
		t.Errorf("got %v; want %s", err, want)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// runCmd runs a command line in-process and returns its exit status and
// output.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &env{stdout: &out, stderr: &errb})
	return code, out.String(), errb.String()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test -update if intended)\n got: %.600s\nwant: %.600s", path, got, want)
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		file string
		args []string
	}{
		{"places.txt", []string{"places"}},
		{"places.csv", []string{"places", "--format", "csv"}},
		{"places.json", []string{"places", "--format=json"}},
		{"places.geojson", []string{"places", "--format", "geojson"}},
		{"roads.txt", []string{"roads"}},
		{"roads.csv", []string{"roads", "--format", "csv"}},
		{"roads.geojson", []string{"roads", "--format", "geojson"}},
		{"route-aleppo-hama.txt", []string{"route", "aleppo", "hama"}},
		{"route-latakia-aleppo.json", []string{"route", "Latakia", "Halab", "--format", "json"}},
		{"help.txt", []string{"help"}},
		{"help.txt", []string{"--help"}},
		{"help.txt", []string{"-h"}},
		{"route-aleppo-aleppo.txt", []string{"route", "aleppo", "Halab"}},
		{"route-aleppo-aleppo.json", []string{"route", "aleppo", "aleppo", "--format", "json"}},
		{"replay.json", []string{"replay", "--format", "json"}},
		{"replay.txt", []string{"replay"}},
		{"territory-2024-11-26.txt", []string{"territory", "--day", "2024-11-26"}},
		{"territory-2024-12-04.json", []string{"territory", "--day", "2024-12-04", "--format", "json"}},
		{"replay-2024-11-30.csv", []string{"replay", "--format", "csv", "--day", "2024-11-30"}},
		{"validate-builtin.txt", []string{"validate", "offensive-2024"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			code, out, errs := runCmd(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden(t, tt.file, out)
		})
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		args    []string
		code    int
		errPart string
	}{
		{[]string{"plaecs"}, 2, `unknown command "plaecs"; did you mean "places"?`},
		{[]string{"places", "--format", "xml"}, 2, `unknown format "xml"; use one of text, csv, json, geojson`},
		{[]string{"places", "--nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"route", "aleppo"}, 2, "route needs two places"},
		{[]string{"route", "aleppo", "Saraqibb"}, 2, `unknown place "Saraqibb"; did you mean "saraqib"?`},
		{[]string{"help", "nope"}, 2, `unknown command "nope"`},
		{[]string{"route", "-h"}, 0, ""},
		{[]string{"replay", "--day", "2025-01-01"}, 2, "--day 2025-01-01 is outside the scenario (2024-11-26 to 2024-12-04)"},
		{[]string{"replay", "--day", "yesterday"}, 2, `--day: "yesterday" is not a date of the form YYYY-MM-DD`},
		{[]string{"replay", "offensive-2042"}, 1, `did you mean "offensive-2024"?`},
		{[]string{"replay", "no/such/file.yaml"}, 1, "cannot read no/such/file.yaml: no such file or directory"},
		{[]string{"validate"}, 2, "validate needs at least one scenario file"},
		{[]string{"validate", "testdata/broken.yaml"}, 1, "1 of 1 files invalid"},
		{[]string{"replay", "--day="}, 2, "--day is empty; give a date like --day 2024-11-30"},
		// One wording for a bad date, here and in the validator.
		{[]string{"replay", "--day", "2024-11-31"}, 2, `--day: "2024-11-31" is not a day of the calendar; check the month and the day`},
		{[]string{"version", "x"}, 2, `unexpected argument "x"`},
		{[]string{"\x1b]0;title\x07"}, 2, `unknown command "\x1b]0;title\a"`},
	}
	for _, tt := range tests {
		code, _, errs := runCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.errPart) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errs, tt.code, tt.errPart)
		}
		if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
			t.Errorf("%v printed a stack trace: %s", tt.args, errs)
		}
	}
}

func TestGeoJSONIsLonLat(t *testing.T) {
	_, out, _ := runCmd(t, "places", "--format", "geojson")
	var fc struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates []float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) == 0 {
		t.Fatalf("not a FeatureCollection: %.200s", out)
	}
	for _, f := range fc.Features {
		c := f.Geometry.Coordinates
		if f.Geometry.Type != "Point" || len(c) != 2 || c[0] < 35 || c[0] > 43 || c[1] < 32 || c[1] > 38 {
			t.Errorf("feature %v: coordinates %v are not (lon, lat) in Syria", f.Properties["id"], c)
		}
		for _, k := range placeHeader {
			if _, ok := f.Properties[k]; !ok {
				t.Errorf("feature %v lacks property %s", f.Properties["id"], k)
			}
		}
	}
}

// TestHelpInStep keeps the README's command tour and each command's help in
// step with the command table.
func TestHelpInStep(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands {
		code, out, _ := runCmd(t, "help", c.name)
		if code != 0 || !strings.Contains(out, "usage: frontline "+c.name) {
			t.Errorf("help %s: exit %d, output %q", c.name, code, out)
		}
		if c.name != "help" && !strings.Contains(string(readme), "frontline "+c.name) {
			t.Errorf("README.md does not show 'frontline %s'; add it to the command tour", c.name)
		}
	}
}

// version prints the module version and the Go version; a binary built
// from a checkout adds the VCS revision (go test records none).
func TestVersion(t *testing.T) {
	code, out, _ := runCmd(t, "version")
	if code != 0 || !strings.HasPrefix(out, "frontline ") || !strings.Contains(out, runtime.Version()) {
		t.Errorf("exit %d, %q", code, out)
	}
}

// Control characters in a scenario's text reach the terminal escaped,
// and hypothetical events print no empty quote.
func TestTextOutputEscaped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "esc.yaml")
	src := "extends: offensive-2024\nid: esc\ntitle: \"\\e]0;pwned\\a\\e[2JWhat if\"\n" +
		"events:\n  - {id: e, date: 2024-11-27, target: hama, kind: annotation, certainty: hypothetical, note: \"\\e]52;c;ZXZpbA==\\a\"}\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "replay", path, "--day", "2024-11-27")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("raw control characters in the briefing: %q", out)
	}
	for _, want := range []string{`\x1b]0;pwned\x07\x1b[2JWhat if`, `note: \x1b]52;c;ZXZpbA==\x07`} {
		if !strings.Contains(out, want) {
			t.Errorf("briefing lacks %q", want)
		}
	}
	if strings.Contains(out, "“”") {
		t.Errorf("a hypothetical event prints an empty quote:\n%s", out)
	}
}

// checkVersion runs bin's version command, which must name the revision
// of the checkout it was built from when there is one.
func checkVersion(t *testing.T, bin string) {
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "frontline ") {
		t.Fatalf("frontline version: %v\n%s", err, out)
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Logf("not a git checkout (%v); the revision is not checked", err)
		return
	}
	// go build stamps the revision only where .git is a folder
	// (cmd/go/internal/vcs), not in a linked worktree, whose .git is a file.
	if st, err := os.Stat(filepath.Join("..", "..", ".git")); err == nil && !st.IsDir() {
		t.Logf("a git worktree, which go build does not stamp; the revision is not checked")
		return
	}
	if rev := strings.TrimSpace(string(head)); !strings.Contains(string(out), "revision "+rev) {
		t.Errorf("frontline version = %q; want revision %s", out, rev)
	}
}

// The binary, built here, neither hangs nor crashes on a device or a
// named pipe, given directly or through extends:; it exits 1 at once
// with a clear message. The context deadline turns a hang into a failure.
func TestBinarySpecialFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "frontline")
	// -buildvcs=auto, as make build does: the environment may set
	// GOFLAGS=-buildvcs=false, and the version check below needs the stamp.
	build := exec.Command("go", "build", "-buildvcs=auto", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	checkVersion(t, bin)
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	os.WriteFile(filepath.Join(dir, "via-fifo.yaml"), []byte("extends: fifo.yaml\nid: x\n"), 0o644)
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml"))
	os.WriteFile(filepath.Join(dir, "via-zero.yaml"), []byte("extends: zero.yaml\nid: x\n"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"validate", "/dev/zero"}, "it is a character device, not a regular file"},
		{[]string{"validate", "/dev/urandom"}, "it is a character device, not a regular file"},
		{[]string{"validate", fifo}, "it is a named pipe (FIFO), not a regular file"},
		{[]string{"replay", fifo}, "it is a named pipe (FIFO), not a regular file"},
		{[]string{"merge", fifo}, "it is a named pipe (FIFO), not a regular file"},
		{[]string{"diff", "/dev/zero", "/dev/zero"}, "it is a character device, not a regular file"},
		{[]string{"validate", filepath.Join(dir, "via-fifo.yaml")}, "it is a named pipe (FIFO), not a regular file"},
		{[]string{"validate", "--allow-extends-outside", filepath.Join(dir, "via-zero.yaml")}, "it is a character device, not a regular file"},
		{[]string{"validate", filepath.Join(dir, "via-zero.yaml")}, "which is outside the folder of"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, bin, tt.args...)
		out, err := cmd.CombinedOutput()
		hung := ctx.Err() == context.DeadlineExceeded
		cancel()
		if hung {
			t.Errorf("%v: still running after 20 s", tt.args)
			continue
		}
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Errorf("%v: %v, want exit status 1\n%s", tt.args, err, out)
		}
		if !strings.Contains(string(out), tt.want) || strings.Contains(string(out), "goroutine") {
			t.Errorf("%v: output %q; want %q and no stack trace", tt.args, out, tt.want)
		}
	}
}

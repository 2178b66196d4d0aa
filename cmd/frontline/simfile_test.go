package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSimulationScenarioConfined: a saved simulation whose "scenario"
// names a file outside its folder (issue 19, item 6) is refused by export
// with the opt-in named, and writes nothing; with --allow-extends-outside
// the file is read, and a scenario of the simulation's own folder is read
// without it.
func TestSimulationScenarioConfined(t *testing.T) {
	root := t.TempDir()
	dir, elsewhere := filepath.Join(root, "sims"), filepath.Join(root, "elsewhere")
	for _, d := range []string{dir, elsewhere} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	src, err := os.ReadFile("../../scenarios/testdata/good-places.yaml")
	if err != nil {
		t.Fatal(err)
	}
	priv := filepath.Join(elsewhere, "priv.yaml")
	for _, p := range []string{priv, filepath.Join(dir, "mine.yaml")} {
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := runCmd(t, "simulate", "--runs", "4", "--until", "2024-11-28", "--format", "json")
	if code != 0 {
		t.Fatalf("simulate: exit %d: %s", code, errs)
	}
	name := func(scenario string) string {
		p := filepath.Join(dir, strings.NewReplacer("/", "_", ".", "_").Replace(scenario)+".json")
		data := strings.Replace(out, `"scenario": "offensive-2024"`, `"scenario": "`+scenario+`"`, 1)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	evil, mine := name(priv), name("mine.yaml")
	gj := filepath.Join(root, "e.geojson")
	code, _, errs = runCmd(t, "export", evil, "--geojson", gj)
	if code != 1 || !strings.Contains(errs, "outside the simulation's folder") || !strings.Contains(errs, "--allow-extends-outside") {
		t.Errorf("export of a simulation naming %s: exit %d, %q", priv, code, errs)
	}
	if _, err := os.Stat(gj); err == nil {
		t.Error("the refused export wrote its GeoJSON")
	}
	for _, args := range [][]string{{"export", evil, "--allow-extends-outside", "--geojson", gj}, {"export", mine, "--geojson", gj}} {
		if code, _, errs := runCmd(t, args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errs)
		}
	}
}

// TestDiffDropsNothing (issue 19, item 18): every flag and case diff
// cannot honour is a usage error, an error or a line of output, never
// silently dropped.
func TestDiffDropsNothing(t *testing.T) {
	dir := t.TempDir()
	a, b, far := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json"), filepath.Join(dir, "far.json")
	for _, x := range []struct {
		path  string
		until string
	}{{a, "2024-11-30"}, {b, "2024-12-02"}} {
		if code, _, errs := runCmd(t, "simulate", "--runs", "20", "--until", x.until, "--format", "json", "--out", x.path); code != 0 {
			t.Fatalf("simulate: exit %d: %s", code, errs)
		}
	}
	early := filepath.Join(dir, "early.yaml")
	if err := os.WriteFile(early, []byte("extends: offensive-2024\nid: early\ntitle: Early\nstart: 2024-11-25\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	// a, moved a year on: no day in common. It names a scenario of its
	// own, which is no file: offensive-2024 would refuse its dates.
	moved := strings.ReplaceAll(strings.ReplaceAll(string(data), `"2024-11-`, `"2025-11-`), `"2024-12-`, `"2025-12-`)
	moved = strings.Replace(moved, `"scenario": "offensive-2024"`, `"scenario": "moved"`, 1)
	if err := os.WriteFile(far, []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "d.txt")
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string // in standard output, or in standard error when code > 0
	}{
		{"--shard", []string{a, b, "--shard", "1/2"}, 2, "--shard goes with simulate"},
		{"--by with saved simulations", []string{a, b, "--by", "2024-11-28"}, 2, "--by does not apply to two saved simulations"},
		{"--runs with saved simulations", []string{a, b, "--runs", "5"}, 2, "--runs does not apply"},
		{"--by with one saved simulation", []string{a, "offensive-2024", "--by", "2024-11-28"}, 2, "--by goes with two scenarios"},
		{"--threshold NaN", []string{a, b, "--threshold", "NaN"}, 2, "--threshold NaN is not a probability"},
		{"--threshold 2", []string{a, b, "--threshold", "2"}, 2, "--threshold 2 is not a probability"},
		{"no common day", []string{a, far}, 1, "have no day in common"},
		{"days only B has", []string{a, b}, 0, "Only B has 2024-12-01 to 2024-12-02 (2 days), not compared."},
		{"days only A has", []string{b, a}, 0, "Only A has 2024-12-01 to 2024-12-02 (2 days), not compared."},
		{"unpaired", []string{"offensive-2024", early, "--runs", "10", "--until", "2024-11-28"}, 0, "No paired differences: side A (2024-11-26 to 2024-11-28) and side B (2024-11-25 to 2024-11-28) cannot be paired"},
	} {
		code, stdout, stderr := runCmd(t, append([]string{"diff"}, tt.args...)...)
		got := stdout
		if tt.code > 0 {
			got = stderr
		}
		if code != tt.code || !strings.Contains(got, tt.want) {
			t.Errorf("%s: exit %d, want %d and %q in\n%s%s", tt.name, code, tt.code, tt.want, stdout, stderr)
		}
	}
	code, stdout, stderr := runCmd(t, "diff", a, b, "--out", out)
	written, err := os.ReadFile(out)
	if code != 0 || stdout != "" || err != nil || !strings.Contains(string(written), "Only B has") {
		t.Errorf("diff --out: exit %d, stdout %q, file %q (%v): %s", code, stdout, written, err, stderr)
	}
}

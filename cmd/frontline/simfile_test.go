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

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args    []string
		code    int
		errPart string
	}{
		{[]string{"export"}, 2, "nothing to export"},
		{[]string{"export", "--webm", "x.webm"}, 2, "flag provided but not defined: -webm"},
		{[]string{"export", "--gif", "out.png"}, 2, `--gif "out.png": the file name must end in .gif`},
		{[]string{"export", "--geojson", "out.kml"}, 2, "must end in .geojson or .json"},
		{[]string{"export", "--csv", filepath.Join(dir, "missing", "e.csv")}, 1, "does not exist"},
		{[]string{"export", "--png", filepath.Join(dir, "a", "b")}, 1, "cannot create folder"},
		{[]string{"export", "--svg", file}, 1, "it is not a folder"},
		{[]string{"export", "--png", dir, "--size", "10x10"}, 2, "--size"},
		{[]string{"export", "--png", dir, "--day", "2024-12-01..2024-11-28"}, 2, "first day is after the last"},
		{[]string{"export", "--png", dir, "--day", "2025-01-01"}, 2, "outside the scenario"},
		{[]string{"export", "--png", dir, "--focus", "Saraqibb"}, 2, `--focus "Saraqibb": unknown place "Saraqibb"; did you mean "saraqib"?`},
		{[]string{"export", "--png", dir, "--story", "--day", "2024-11-30"}, 2, "--story and --day: each story step has its own day"},
		{[]string{"export", "--png", dir, "--story", "--zoom", "3"}, 2, "--story and --zoom"},
		{[]string{"export", "--csv", filepath.Join(dir, "e.csv"), "--story"}, 2, "--story makes pictures"},
		{[]string{"export", "../../scenarios/testdata/aleppo-holds.yaml", "--png", dir, "--story"}, 2, "has no story: add story:"},
	}
	for _, tt := range tests {
		code, _, errs := runCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.errPart) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, errs, tt.code, tt.errPart)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("failed exports left files: %v", entries)
	}
}

func TestExportNoFFmpeg(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	out := filepath.Join(t.TempDir(), "r.mp4")
	code, _, errs := runCmd(t, "export", "--mp4", out)
	if code != 1 || !strings.Contains(errs, "--mp4 needs ffmpeg on the PATH") || !strings.Contains(errs, "apt-get install ffmpeg") {
		t.Errorf("exit %d, stderr %q; want 1 and how to install ffmpeg", code, errs)
	}
}

func TestExportFiles(t *testing.T) {
	dir := t.TempDir()
	frames := filepath.Join(dir, "frames")
	code, out, errs := runCmd(t, "export", "--png", frames, "--day", "2024-11-29..2024-11-30", "--size", "640x360",
		"--geojson", filepath.Join(dir, "r.geojson"), "--csv", filepath.Join(dir, "e.csv"), "--focus", "aleppo")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if errs != "" {
		t.Errorf("stderr is not a terminal, yet export wrote %q", errs)
	}
	for _, f := range []string{"frames/2024-11-29.png", "frames/2024-11-30.png", "r.geojson", "e.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(out, "wrote 2 files in "+frames+" (PNG, 640x360, 2024-11-29 to 2024-11-30)") {
		t.Errorf("stdout %q", out)
	}
}

// TestExportStory writes the built-in story's slides through the command:
// one SVG per step, named in order.
func TestExportStory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "slides")
	code, out, errs := runCmd(t, "export", "--story", "--svg", dir, "--size", "640x360")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 12 || entries[0].Name() != "step-01.svg" || entries[11].Name() != "step-12.svg" {
		t.Errorf("wrote %v, want step-01.svg … step-12.svg", entries)
	}
	if want := "(SVG, 640x360, the story, 12 steps)"; !strings.Contains(out, want) {
		t.Errorf("stdout %q, want %q", out, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, "step-03.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"step 3 of 12: The M5 is cut", "Step 3 of 12", "The M5 is cut"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("step-03.svg lacks %q", want)
		}
	}
}

func TestImportACLED(t *testing.T) {
	out := filepath.Join(t.TempDir(), "acled.yaml")
	code, stdout, errs := runCmd(t, "import", "acled", "../../scenarios/acled/testdata/acled-sample.csv", "--out", out)
	if code != 0 || !strings.Contains(stdout, "4 proposed for review, 3 unmatched") || !strings.Contains(errs, "nearest place") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, errs)
	}
	code, stdout, errs = runCmd(t, "validate", out)
	if code != 0 {
		t.Errorf("the proposed file does not validate: %s%s", stdout, errs)
	}
	for _, tt := range []struct {
		args    []string
		code    int
		errPart string
	}{
		{[]string{"import"}, 2, "needs a source format"},
		{[]string{"import", "gdelt", "x.csv"}, 2, `unknown import format "gdelt"`},
		{[]string{"import", "acled", "missing.csv"}, 1, "cannot read missing.csv"},
		{[]string{"import", "acled", "../../README.md"}, 1, "lacks ACLED's column(s)"},
		{[]string{"import", "acled", "x.csv", "--out", "x.txt"}, 2, "must end in .yaml"},
	} {
		code, _, errs := runCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.errPart) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, errs, tt.code, tt.errPart)
		}
	}
}

func TestExportSimulation(t *testing.T) {
	dir := t.TempDir()
	sim := "../../render/export/testdata/simulate-offensive-2024.json"
	code, out, errs := runCmd(t, "export", sim, "--geojson", filepath.Join(dir, "s.geojson"), "--charts", filepath.Join(dir, "charts"))
	if code != 0 || !strings.Contains(out, "GeoJSON of a simulation") || !strings.Contains(out, "charts of a simulation") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--csv", filepath.Join(dir, "s.csv")}, "is a simulation: its change log is its scenario's"},
		{[]string{"--png", dir, "--story"}, "--story tells the documented history"},
		{[]string{"--png", dir, "--day", "2025-01-01"}, "--day 2025-01-01 is outside the simulated days (2024-11-26 to 2024-12-12)"},
		{[]string{"--geojson", filepath.Join(dir, "d.geojson"), "--day", "2024-12-01"}, "--day picks the days of its pictures"},
		{[]string{"--geojson", filepath.Join(dir, "e.geojson"), "--png", dir, "--day", "2025-01-01"}, "outside the simulated days"},
	} {
		code, _, errs = runCmd(t, append([]string{"export", sim}, tt.args...)...)
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errs, tt.want)
		}
	}
	for _, name := range []string{"d.geojson", "e.geojson", "s.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("a refused export wrote %s", name)
		}
	}
	code, _, errs = runCmd(t, "export", "../../go.mod.json", "--geojson", filepath.Join(dir, "x.geojson"))
	if code != 1 || !strings.Contains(errs, "cannot read") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// TestSimulateThenExport runs frontline simulate and exports its JSON:
// the contract of docs/simulate-json.md, end to end.
func TestSimulateThenExport(t *testing.T) {
	dir := t.TempDir()
	sim := filepath.Join(dir, "sim.json")
	if code, _, errs := runCmd(t, "simulate", "--runs", "40", "--seed", "3", "--format", "json", "--out", sim); code != 0 {
		t.Fatalf("simulate: exit %d: %s", code, errs)
	}
	code, out, errs := runCmd(t, "export", sim, "--geojson", filepath.Join(dir, "sim.geojson"), "--charts", filepath.Join(dir, "charts"))
	if code != 0 || !strings.Contains(out, "40 runs") {
		t.Fatalf("export: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	data, err := os.ReadFile(filepath.Join(dir, "sim.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"layer":"probability"`, `"words":"almost certainly"`, `"projected":true`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the simulation's GeoJSON lacks %s", want)
		}
	}
}

// TestExportSimulationPictures runs frontline simulate with few runs and
// exports pictures of its days: PNG and SVG of a documented and a
// projected day, framed by --focus and --zoom, the same bytes twice.
func TestExportSimulationPictures(t *testing.T) {
	dir := t.TempDir()
	js := filepath.Join(dir, "sim.json")
	if code, _, errs := runCmd(t, "simulate", "--runs", "20", "--seed", "3", "--until", "2024-12-06", "--format", "json", "--out", js); code != 0 {
		t.Fatalf("simulate: exit %d: %s", code, errs)
	}
	export := func(out string) string {
		t.Helper()
		code, stdout, errs := runCmd(t, "export", js, "--png", out, "--svg", out, "--day", "2024-12-04..2024-12-05",
			"--size", "640x360", "--focus", "Hama", "--zoom", "2")
		if code != 0 {
			t.Fatalf("export: exit %d: %s", code, errs)
		}
		return stdout
	}
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	out := export(a)
	export(b)
	for _, want := range []string{
		"wrote 2 files in " + a + " (PNG, 640x360, 2024-12-04 to 2024-12-05, simulated, 20 runs, projected after 2024-12-04)",
		"wrote 2 files in " + a + " (SVG, 640x360",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout %q lacks %q", out, want)
		}
	}
	for _, name := range []string{"2024-12-04.png", "2024-12-05.png", "2024-12-04.svg", "2024-12-05.svg"} {
		x, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s: two exports of one simulation differ", name)
		}
		if !strings.HasSuffix(name, ".svg") {
			continue
		}
		projected := strings.Contains(string(x), "PROJECTED · model only")
		if want := name == "2024-12-05.svg"; projected != want {
			t.Errorf("%s: PROJECTED banner %v, want %v", name, projected, want)
		}
		if !strings.Contains(string(x), "shade: how likely it holds") {
			t.Errorf("%s: the legend lacks the words of likelihood", name)
		}
	}
}

// A failed export removes the folders it created, and keeps those that
// were there.
func TestExportFailureRemovesFolders(t *testing.T) {
	dir := t.TempDir()
	kept := filepath.Join(dir, "kept")
	os.Mkdir(kept, 0o755)
	made := filepath.Join(dir, "made")
	code, _, errs := runCmd(t, "export", filepath.Join(dir, "missing.yaml"), "--png", made, "--svg", kept, "--charts", filepath.Join(dir, "charts"))
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, d := range []string{made, filepath.Join(dir, "charts")} {
		if _, err := os.Stat(d); err == nil {
			t.Errorf("the failed export left %s", filepath.Base(d))
		}
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("the failed export removed a folder it did not create")
	}
}

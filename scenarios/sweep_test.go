package scenarios_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim/sweep"
)

// loadSweep calls LoadSweep and turns a panic into a test failure.
func loadSweep(t *testing.T, path string) (sw *scenarios.Sweep, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("LoadSweep(%s) panicked: %v", path, r)
		}
	}()
	return scenarios.Loader{}.LoadSweep(path, geo.MustDefault())
}

// TestBadSweeps loads every testdata/bad-sweeps/NAME.yaml and compares the
// error with NAME.err exactly (-update rewrites them: read every changed
// message; it must name the file, line and column, say what is wrong and
// how to fix it).
func TestBadSweeps(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "bad-sweeps", "*.yaml"))
	if err != nil || len(files) < 20 {
		t.Fatalf("found %d bad sweeps (%v), want at least 20", len(files), err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			_, err := loadSweep(t, path)
			if err == nil {
				t.Fatalf("LoadSweep(%s) succeeded; want an error", path)
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(path, ".yaml") + ".err"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, rerr := os.ReadFile(golden)
			if rerr != nil {
				t.Fatalf("%v (run go test ./scenarios -run TestBadSweeps -update to create it)", rerr)
			}
			if got != string(want) {
				t.Errorf("error differs from %s:\n got: %s\nwant: %s", golden, got, want)
			}
			if !strings.HasPrefix(got, path+":") {
				t.Errorf("the error does not start with the file's name: %s", got)
			}
			if strings.ContainsRune(got, 0x1b) {
				t.Errorf("the error holds an escape character: %q", got)
			}
		})
	}
}

// The shipped sweeps load, open with the question they ask, and the
// Sobol sweep's ranges are its parameters' fit ±2 standard errors.
func TestShippedSweeps(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("sweeps", "*.yaml"))
	if len(files) < 2 {
		t.Fatalf("%d shipped sweeps, want 2", len(files))
	}
	for _, path := range files {
		sw, err := loadSweep(t, path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		data, _ := os.ReadFile(path)
		if first, _, _ := strings.Cut(string(data), "\n"); !strings.HasPrefix(first, "# ") || !strings.Contains(string(data), "?\n") {
			t.Errorf("%s does not open with the question it asks: %q", path, first)
		}
		if sw.Meta.TotalRuns() > sweep.MaxRunsPerProcess {
			t.Errorf("%s needs shards to run", path)
		}
	}
	var fit struct {
		Fitted []struct {
			Name      string
			Value, SE float64
		}
	}
	data, err := os.ReadFile(filepath.Join("..", "sim", "testdata", "calibrate.json"))
	if err != nil || json.Unmarshal(data, &fit) != nil {
		t.Fatalf("the fit: %v", err)
	}
	sw, err := loadSweep(t, filepath.Join("sweeps", "fitted-sobol.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Meta.Factors) != len(fit.Fitted) {
		t.Fatalf("%d factors, but the fit has %d parameters", len(sw.Meta.Factors), len(fit.Fitted))
	}
	for i, p := range fit.Fitted {
		f := sw.Meta.Factors[i]
		name := f.Parameter
		if f.Faction != "" {
			name += "." + f.Faction
		}
		lo, hi := p.Value-2*p.SE, p.Value+2*p.SE
		if name != p.Name || math.Abs(f.Min-lo) > 1e-4 || math.Abs(f.Max-hi) > 1e-4 {
			t.Errorf("factor %s: %s over %v..%v; the fit says %s over %.4f..%.4f", f.ID, name, f.Min, f.Max, p.Name, lo, hi)
		}
	}
}

// sweepSeeds are the fuzzer's seeds: the shipped sweeps and the bad ones.
func sweepSeeds(f *testing.F) {
	for _, pat := range []string{"sweeps/*.yaml", "testdata/bad-sweeps/*.yaml"} {
		files, _ := filepath.Glob(pat)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

// FuzzSweep: a sweep file, however hostile, loads or gives Problems; it
// never panics, and a sweep that loads passes its own check and fits
// within the limits.
func FuzzSweep(f *testing.F) {
	sweepSeeds(f)
	a := geo.MustDefault()
	whatif, err := os.ReadFile(filepath.Join("whatif", "saraqib-holds.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"saraqib-holds.yaml": {Data: whatif}}
		sw, err := scenarios.LoadSweepFS(fsys, "fuzz.yaml", data, a)
		if (sw == nil) == (err == nil) {
			t.Fatalf("LoadSweepFS returned sweep %v and error %v; want exactly one", sw != nil, err)
		}
		if err != nil {
			return
		}
		if err := sw.Meta.Check(); err != nil {
			t.Fatalf("a loaded sweep fails its check: %v", err)
		}
		if len(sw.Meta.Points) > sweep.MaxPoints {
			t.Fatalf("%d points", len(sw.Meta.Points))
		}
	})
}

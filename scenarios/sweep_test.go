package scenarios_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/race"
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
			errGolden(t, path, err, "TestBadSweeps")
			got := err.Error()
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
		Covariance struct {
			Names  []string
			Matrix [][]float64
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
		// ±2 s.e. on the scale fitted: a log-scale parameter (log_tau_hours
		// in the covariance) over exp(log value ± 2 s.e. of its log).
		lo, hi := p.Value-2*p.SE, p.Value+2*p.SE
		if c := fit.Covariance; i < len(c.Names) && c.Names[i] == "log_"+p.Name {
			s := math.Sqrt(c.Matrix[i][i])
			lo, hi = p.Value*math.Exp(-2*s), p.Value*math.Exp(2*s)
		}
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

// The markers around docs/model.md's table of the fitted parameters'
// Sobol indices, which TestSensitivityTable writes (-update) and checks.
const (
	tableBegin = "<!-- sensitivity table: generated by TestSensitivityTable in scenarios/sweep_test.go -->\n"
	tableEnd   = "<!-- end of the sensitivity table -->\n"
)

// TestSensitivityTable runs the shipped Sobol sweep in full and checks
// docs/model.md's table of which fitted parameters matter against it
// (go test ./scenarios -run TestSensitivityTable -update rewrites it),
// and the claim the text makes of it: base and block_hours have the two
// largest total indices on both outcomes. About 50 s of CPU (64 base
// samples of 100 runs); it skips under -race, and make test runs it in
// its plain pass.
func TestSensitivityTable(t *testing.T) {
	if race.Enabled {
		t.Skip("the full Sobol sweep is too slow under -race; make test runs it without")
	}
	sw, err := loadSweep(t, filepath.Join("sweeps", "fitted-sobol.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m := sw.Meta
	c, err := sweep.Run(sw.Timeline, m, sweep.Options{Last: m.TotalRuns()})
	if err != nil {
		t.Fatal(err)
	}
	r := sweep.Analyse(m, c)
	ix := map[[3]string]sweep.Index{}
	totals := map[string][]sweep.Index{}
	for _, x := range r.Sensitivity {
		ix[[3]string{x.Outcome, x.Factor, x.Measure}] = x
		if x.Measure == sweep.Total {
			totals[x.Outcome] = append(totals[x.Outcome], x)
		}
	}
	for _, o := range m.Outcomes {
		tt := totals[o.ID]
		slices.SortStableFunc(tt, func(a, b sweep.Index) int { return cmp.Compare(b.Estimate, a.Estimate) })
		if len(tt) < 2 || !(tt[0].Factor == "base" && tt[1].Factor == "size" || tt[0].Factor == "size" && tt[1].Factor == "base") {
			t.Errorf("the two largest total indices on %s are not base's and size's, as docs/model.md says: %v", o.ID, tt[:min(2, len(tt))])
		}
	}
	// The factors in order of their total index on the first outcome.
	factors := slices.Clone(m.Factors)
	slices.SortStableFunc(factors, func(a, b sweep.Factor) int {
		return cmp.Compare(ix[[3]string{m.Outcomes[0].ID, b.ID, sweep.Total}].Estimate, ix[[3]string{m.Outcomes[0].ID, a.ID, sweep.Total}].Estimate)
	})
	var b strings.Builder
	b.WriteString(tableBegin)
	b.WriteString("| parameter | P(regime holds Hama on 12-08): S_i | S_Ti | P(Damascus–Aleppo route broken on 12-06): S_i | S_Ti |\n| --- | ---: | ---: | ---: | ---: |\n")
	r2 := func(v float64) float64 { return math.Round(v*100)/100 + 0 } // + 0: no "-0.00"
	cell := func(x sweep.Index) string {
		return fmt.Sprintf("%.2f (%.2f to %.2f)", r2(x.Estimate), r2(x.Lo), r2(x.Hi))
	}
	for _, f := range factors {
		b.WriteString("| `" + f.Target() + "`")
		for _, o := range m.Outcomes {
			b.WriteString(" | " + cell(ix[[3]string{o.ID, f.ID, sweep.FirstOrder}]) + " | " + cell(ix[[3]string{o.ID, f.ID, sweep.Total}]))
		}
		b.WriteString(" |\n")
	}
	b.WriteString(tableEnd)
	path := filepath.Join("..", "docs", "model.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i, j := strings.Index(doc, tableBegin), strings.Index(doc, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("%s has no sensitivity table between its markers", path)
	}
	got := doc[i : j+len(tableEnd)]
	if *update {
		if err := os.WriteFile(path, []byte(doc[:i]+b.String()+doc[j+len(tableEnd):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != b.String() {
		t.Errorf("docs/model.md's sensitivity table is stale (go test ./scenarios -run TestSensitivityTable -update):\n got: %s\nwant: %s", got, b.String())
	}
}

package sim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/sim"
)

// drawnModel is the built-in scenario's model to 12-12 with its runs'
// parameters drawn from the shipped posterior.
func drawnModel(t testing.TB, pinned func(string) bool) (*sim.Model, *sim.Scenario, *sim.Timeline) {
	t.Helper()
	s, gr, tl := builtin(t)
	m, err := sim.NewModel(s, gr, s.Params, sim.MustDate("2024-12-12"))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetParamDraws(sim.DefaultCovariance(), pinned); err != nil {
		t.Fatal(err)
	}
	return m, s, tl
}

// A drawn run is exactly the fixed run of a model built with the drawn
// parameters: the runner's copy of the model recomputes everything a
// fitted parameter changes. (This fails when the model gains a cache that
// depends on a parameter and posterior.go does not refresh it.)
func TestDrawnRunIsFixedRunOfDraw(t *testing.T) {
	m, s, tl := drawnModel(t, nil)
	r := m.NewRunner()
	for _, run := range []int{0, 1, 7, 123} {
		for _, fu := range []sim.Date{s.Start - 1, sim.MustDate("2024-11-30"), s.End} {
			p := m.DrawParams(1, run)
			if p.TauHours == s.Params.TauHours || p.Base == s.Params.Base {
				t.Fatalf("run %d: draw %v equals the point estimates", run, p)
			}
			fixed, err := sim.NewModel(s, m.G, p, m.Until)
			if err != nil {
				t.Fatal(err)
			}
			want := record(fixed.NewRunner(), run, tl, fu)
			if got := record(r, run, tl, fu); !slices.Equal(got, want) {
				t.Errorf("run %d, forced to %s: the drawn run differs from the fixed run of its draw", run, fu)
			}
		}
	}
}

// record returns a run's days as one string.
func record(r *sim.Runner, run int, tl *sim.Timeline, fu sim.Date) []string {
	var out []string
	r.Run(1, run, tl, fu, func(d *sim.DayResult) {
		out = append(out, fmt.Sprint(d.Day, d.Ctrl, d.RouteOpen, d.HighwayCut, d.Modelled))
	})
	return out
}

// The draws follow the covariance: the sample covariance of 4,000 draws
// is within sampling error of it, and the mean is the point estimates.
func TestDrawsFollowCovariance(t *testing.T) {
	m, s, _ := drawnModel(t, nil)
	cov := sim.DefaultCovariance()
	k := len(cov.Names)
	const n = 4000
	xs := make([][]float64, n)
	for run := range n {
		p := m.DrawParams(1, run)
		xs[run] = []float64{p.Base, math.Log(p.TauHours), p.Momentum, p.Collapse, p.Supply, p.Size, math.Log(p.BlockHours), p.Strength["sna"], p.Strength["sdf"]}
	}
	x0 := []float64{s.Params.Base, math.Log(s.Params.TauHours), s.Params.Momentum, s.Params.Collapse, s.Params.Supply, s.Params.Size, math.Log(s.Params.BlockHours), s.Params.Strength["sna"], s.Params.Strength["sdf"]}
	if len(x0) != k {
		t.Fatalf("%d coordinates, the test knows %d", k, len(x0))
	}
	mean := make([]float64, k)
	for _, x := range xs {
		for i := range x {
			mean[i] += x[i] / n
		}
	}
	for i := range k {
		for j := range k {
			c := 0.0
			for _, x := range xs {
				c += (x[i] - mean[i]) * (x[j] - mean[j]) / (n - 1)
			}
			want := cov.Matrix[i][j]
			se := math.Sqrt((cov.Matrix[i][i]*cov.Matrix[j][j] + want*want) / n)
			if math.Abs(c-want) > 5*se {
				t.Errorf("cov(%s, %s) = %.4f over %d draws, want %.4f ± %.4f", cov.Names[i], cov.Names[j], c, n, want, se)
			}
		}
		if se := math.Sqrt(cov.Matrix[i][i] / n); math.Abs(mean[i]-x0[i]) > 5*se {
			t.Errorf("mean of %s = %.4f, want the point estimate %.4f ± %.4f", cov.Names[i], mean[i], x0[i], se)
		}
	}
}

// A pinned parameter keeps its value in every run; the other coordinates
// keep the draw they have without the pin (common random numbers).
func TestPinnedParamNotDrawn(t *testing.T) {
	free, _, _ := drawnModel(t, nil)
	pinned, _, _ := drawnModel(t, func(p string) bool { return p == "tau_hours" || p == "strength.sna" })
	for run := range 50 {
		a, b := free.DrawParams(3, run), pinned.DrawParams(3, run)
		if b.TauHours != pinned.P.TauHours || b.Strength["sna"] != pinned.P.Strength["sna"] {
			t.Fatalf("run %d: pinned τ %v, strength.sna %v; want %v, %v", run, b.TauHours, b.Strength["sna"], pinned.P.TauHours, pinned.P.Strength["sna"])
		}
		if a.Base != b.Base || a.Momentum != b.Momentum || a.Strength["sdf"] != b.Strength["sdf"] || a.Size != b.Size {
			t.Fatalf("run %d: the unpinned coordinates differ with a pin: %v and %v", run, a, b)
		}
		if a.TauHours == b.TauHours {
			t.Fatalf("run %d: τ is not drawn without the pin", run)
		}
	}
}

// Drawn ensembles give the same tally for any number of workers and any
// split into shards, and differ from the fixed ensemble.
func TestDrawnEnsembleDeterministic(t *testing.T) {
	m, s, tl := drawnModel(t, nil)
	const runs = 96
	tally := func(workers int, cuts ...int) []byte {
		bounds := append(append([]int{0}, cuts...), runs)
		var total *sim.Tally
		for k := 1; k < len(bounds); k++ {
			part := m.Ensemble(sim.EnsembleOptions{Seed: 5, First: bounds[k-1], Last: bounds[k], Workers: workers, Timeline: tl, ForcedUntil: s.End})
			if total == nil {
				total = part
			} else if err := total.Add(part); err != nil {
				t.Fatal(err)
			}
		}
		b, _ := json.Marshal(total)
		return b
	}
	want := tally(1)
	for _, c := range []struct {
		workers int
		cuts    []int
	}{{2, nil}, {3, []int{40}}, {1, []int{1, 17, 50}}} {
		if !bytes.Equal(tally(c.workers, c.cuts...), want) {
			t.Errorf("%d workers, shards cut at %v: the tally differs", c.workers, c.cuts)
		}
	}
	fixed, _ := sim.NewModel(s, m.G, s.Params, m.Until)
	f, _ := json.Marshal(fixed.Ensemble(sim.EnsembleOptions{Seed: 5, Last: runs, Timeline: tl, ForcedUntil: s.End}))
	if bytes.Equal(f, want) {
		t.Error("the drawn ensemble equals the fixed one")
	}
}

// A covariance the draws cannot use is refused with a reason.
func TestSetParamDrawsRefuses(t *testing.T) {
	s, gr, _ := builtin(t)
	m, _ := sim.NewModel(s, gr, s.Params, s.End)
	good := sim.DefaultCovariance()
	bad := []sim.Covariance{
		{Names: []string{"base", "tau_hours"}, Matrix: [][]float64{{1, 0}, {0, 1}}},
		{Names: []string{"base", "log_tau_hours", "momentum", "collapse", "supply", "size"}, Matrix: [][]float64{{1}}},
	}
	neg := sim.DefaultCovariance()
	neg.Matrix[0][0] = -1
	asym := sim.DefaultCovariance()
	asym.Matrix[0][1] += 0.5
	bad = append(bad, neg, asym)
	for k, c := range bad {
		if err := m.SetParamDraws(c, nil); err == nil {
			t.Errorf("covariance %d accepted", k)
		}
	}
	if err := m.SetParamDraws(good, nil); err != nil {
		t.Error(err)
	}
}

// TestCovarianceTable keeps covariance_table.go, which simulate draws
// from, equal to the covariance of the fit in testdata/calibrate.json
// (TestCalibrationGolden keeps that fit equal to DefaultParams); with
// -recalibrate it rewrites the table from the file.
func TestCovarianceTable(t *testing.T) {
	cal := readCalibration(t)
	if cal.Covariance == nil {
		t.Fatal("testdata/calibrate.json has no covariance: the fit's Hessian is not positive definite; simulate --params posterior cannot draw")
	}
	if *recalibrate {
		var b strings.Builder
		b.WriteString("// Code generated by TestCovarianceTable -recalibrate (make calibrate) from testdata/calibrate.json; DO NOT EDIT.\n\npackage sim\n\n")
		b.WriteString("// defaultCovariance is the Laplace approximation of the fit that\n// DefaultParams ships.\nvar defaultCovariance = Covariance{\n")
		fmt.Fprintf(&b, "Names: %#v,\nMatrix: [][]float64{\n", cal.Covariance.Names)
		for _, row := range cal.Covariance.Matrix {
			fmt.Fprintf(&b, "%s,\n", strings.TrimPrefix(fmt.Sprintf("%#v", row), "[]float64"))
		}
		b.WriteString("},\n}\n")
		src := b.String()
		out, err := format.Source([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("covariance_table.go", out, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("rewrote covariance_table.go: rebuild and rerun the test")
		return
	}
	if got := sim.DefaultCovariance(); !reflect.DeepEqual(got, *cal.Covariance) {
		t.Errorf("covariance_table.go differs from the covariance in %s: run make calibrate", calibrationGolden)
	}
}

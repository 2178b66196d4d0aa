package sweep_test

import (
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/cputime"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim/sweep"
	"testing/fstest"
)

// latin64 is docs/performance.md's sweep: 64 points of a Latin hypercube
// over three parameters, 1,000 runs each to 12-12, the ledger imposed to
// the scenario's last documented day (simulate's default).
const latin64 = `id: bench
scenario: offensive-2024
factors:
  - {id: air, parameter: air_support.regime, min: 0, max: 2}
  - {id: base, parameter: base, min: -2.8, max: 1}
  - {id: tau, parameter: tau_hours, min: 0.08, max: 0.78}
design: {method: latin, points: 64, runs: 1000, seed: 1}
outcomes:
  - {id: hama-held, kind: held, place: hama, faction: regime, on: 2024-12-08}
  - {id: homs-fall, kind: fall_day, place: homs}
  - {id: route-broken, kind: route_broken, route: regime-damascus-aleppo, on: 2024-12-06}
`

func benchSweep(b *testing.B, load func() (*scenarios.Sweep, error)) {
	sw, err := load()
	if err != nil {
		b.Fatal(err)
	}
	m := sw.Meta
	cpu0 := cputime.Now()
	b.ResetTimer()
	for b.Loop() {
		c, err := sweep.Run(sw.Timeline, m, sweep.Options{Last: m.TotalRuns()})
		if err != nil {
			b.Fatal(err)
		}
		sweep.Analyse(m, c)
	}
	b.ReportMetric(float64(m.TotalRuns()), "runs/op")
	if d := cputime.Now() - cpu0; d > 0 && b.N > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkLatin64x1000: the goal is under 10 s wall on 2 cores.
func BenchmarkLatin64x1000(b *testing.B) {
	benchSweep(b, func() (*scenarios.Sweep, error) {
		return scenarios.LoadSweepFS(fstest.MapFS{}, "bench.yaml", []byte(latin64), geo.MustDefault())
	})
}

// BenchmarkFittedSobol is the shipped Sobol sweep: 64 base samples of 9
// parameters, 704 points of 100 free runs.
func BenchmarkFittedSobol(b *testing.B) {
	benchSweep(b, func() (*scenarios.Sweep, error) {
		return scenarios.Loader{}.LoadSweep("../../scenarios/sweeps/fitted-sobol.yaml", geo.MustDefault())
	})
}

package sim_test

import (
	"github.com/frontline-sim/frontline/internal/cputime"
	"testing"
	"time"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

// BenchmarkEnsembleBuiltin10k is 10,000 runs of the built-in scenario to
// 2024-12-12, documented to 12-04 and modelled after, on every core.
func BenchmarkEnsembleBuiltin10k(b *testing.B) {
	a := geo.MustDefault()
	s, err := scenarios.Default(a)
	if err != nil {
		b.Fatal(err)
	}
	gr := sim.NewGraph(a)
	tl, _ := sim.Replay(s, gr, nil)
	m, err := sim.NewModel(s, gr, s.Params, sim.MustDate("2024-12-12"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cputime.Now()
	for b.Loop() {
		m.Ensemble(sim.EnsembleOptions{Seed: 1, Last: 10000, Timeline: tl, ForcedUntil: s.End})
	}
	cpuPerOp(b, cpu0)
}

// BenchmarkEnsembleBuiltinFree10k is the same in free runs from the start.
func BenchmarkEnsembleBuiltinFree10k(b *testing.B) {
	a := geo.MustDefault()
	s, _ := scenarios.Default(a)
	gr := sim.NewGraph(a)
	m, _ := sim.NewModel(s, gr, s.Params, sim.MustDate("2024-12-12"))
	b.ReportAllocs()
	cpu0 := cputime.Now()
	for b.Loop() {
		m.Ensemble(sim.EnsembleOptions{Seed: 1, Last: 10000, ForcedUntil: s.Start - 1})
	}
	cpuPerOp(b, cpu0)
}

// BenchmarkModelDayGrid is one modelled day on the synthetic grid: road
// pressure from every HTS place on the regime across a 316-place front,
// supply of every regime place, the watches, and the draws. One warm-up
// day first computes what a model keeps for all its runs (see
// BenchmarkModelFirstDayGrid for the cold figure).
func BenchmarkModelDayGrid(b *testing.B) {
	gr, s := grid(b)
	s.Params = sim.DefaultParams()
	s.Events = []sim.Event{{Date: s.Start, Target: sim.Target{Place: "p-200-000"}, Kind: sim.Contested, Faction: "hts"}}
	m, err := sim.NewModel(s, gr, s.Params, s.Start)
	if err != nil {
		b.Fatal(err)
	}
	if d, ok := m.AttackStart("hts"); !ok || d != s.Start {
		b.Fatal("hts should attack from the start")
	}
	m.NewRunner().Run(1, -1, nil, s.Start-1, func(*sim.DayResult) {})
	b.ReportAllocs()
	run := 0
	r := m.NewRunner()
	cpu0 := cputime.Now()
	for b.Loop() {
		fell := 0
		r.Run(1, run, nil, s.Start-1, func(d *sim.DayResult) {
			for i, c := range d.Ctrl {
				if c != int8(indexOf(s, s.Initial[i])) {
					fell++
				}
			}
		})
		run++
		if fell == 0 {
			b.Fatal("nothing fell on the grid's front")
		}
	}
	cpuPerOp(b, cpu0)
}

func indexOf(s *sim.Scenario, id string) int {
	for i, f := range s.Factions {
		if f.ID == id {
			return i
		}
	}
	return -1
}

// BenchmarkModelFirstDayGrid is a model's first day on the grid, cold:
// compiling the model and the day.
func BenchmarkModelFirstDayGrid(b *testing.B) {
	gr, s := grid(b)
	s.Params = sim.DefaultParams()
	s.Events = []sim.Event{{Date: s.Start, Target: sim.Target{Place: "p-200-000"}, Kind: sim.Contested, Faction: "hts"}}
	b.ReportAllocs()
	cpu0 := cputime.Now()
	for b.Loop() {
		m, err := sim.NewModel(s, gr, s.Params, s.Start)
		if err != nil {
			b.Fatal(err)
		}
		m.NewRunner().Run(1, 0, nil, s.Start-1, func(*sim.DayResult) {})
	}
	cpuPerOp(b, cpu0)
}

// cpuPerOp reports the process's CPU time (user and system, garbage
// collection included) per iteration as "cpu-ns/op", from a start taken
// with cpuTime just before the loop: on a machine shared with other work,
// wall time per op counts the time the benchmark waited for a core, CPU
// time does not.
func cpuPerOp(b *testing.B, start time.Duration) {
	if d := cputime.Now() - start; d > 0 && b.N > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

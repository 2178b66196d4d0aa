package sim_test

import (
	"testing"

	"github.com/frontline-sim/frontline/internal/cputime"
	"github.com/frontline-sim/frontline/sim"
)

// BenchmarkEnsembleBuiltin10kPosterior is BenchmarkEnsembleBuiltin10k
// with each run's parameters drawn from the shipped posterior (simulate's
// default).
func BenchmarkEnsembleBuiltin10kPosterior(b *testing.B) {
	m, s, tl := drawnModel(b, nil)
	b.ReportAllocs()
	cpu0 := cputime.Now()
	for b.Loop() {
		m.Ensemble(sim.EnsembleOptions{Seed: 1, Last: 10000, Timeline: tl, ForcedUntil: s.End})
	}
	cpuPerOp(b, cpu0)
}

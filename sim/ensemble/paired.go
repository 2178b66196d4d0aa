package ensemble

import (
	"fmt"
	"slices"

	"github.com/frontline-sim/frontline/sim"
)

// Pair is two scenarios' models with one set of options, ready to make
// their runs on common random numbers: run k of each draws from the same
// (seed, k, place) streams, so that their difference shows what the
// scenarios change and not the luck of the draw. Both sides hand over
// from the documents to the model on one day (Shared), so that the
// difference is the what-if's alone and not the model's days against
// documented ones.
type Pair struct {
	A, B *Run
}

// NewPair compiles the models of the scenarios replayed as tla and tlb for
// the options o, with the hand-over both take (Shared). The two must share
// their map, factions and start.
func NewPair(tla, tlb *sim.Timeline, o Options) (*Pair, error) {
	o = Shared(o, tla.Scenario, tlb.Scenario)
	a, err := New(tla, o)
	if err != nil {
		return nil, err
	}
	b, err := New(tlb, o)
	if err != nil {
		return nil, err
	}
	if tla.Graph.Atlas != tlb.Graph.Atlas || tla.Scenario.Start != tlb.Scenario.Start || !slices.Equal(a.Meta.Factions, b.Meta.Factions) {
		return nil, fmt.Errorf("%s and %s cannot be compared by their ensembles: they need the same map, factions and start", tla.Scenario.ID, tlb.Scenario.ID)
	}
	return &Pair{A: a, B: b}, nil
}

// Results makes the runs of both sides on workers goroutines (0: one per
// CPU) and returns each side's Result, as `frontline simulate` writes it
// for the same options, and their paired tally. progress, if set, is told
// the pairs of runs done.
func (p *Pair) Results(workers int, progress func(done int)) (a, b *Result, pt *sim.PairedTally, err error) {
	pt, err = sim.PairedEnsemble(p.A.Model, p.B.Model,
		sim.EnsembleOptions{Seed: p.A.Meta.Seed, Last: p.A.Meta.Runs, Workers: workers, Timeline: p.A.Timeline, ForcedUntil: p.A.ForcedUntil, Progress: progress},
		sim.EnsembleOptions{Timeline: p.B.Timeline, ForcedUntil: p.B.ForcedUntil})
	if err != nil {
		return nil, nil, nil, err
	}
	return Build(&p.A.Meta, pt.A), Build(&p.B.Meta, pt.B), pt, nil
}

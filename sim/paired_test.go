package sim_test

import (
	"math"
	"reflect"
	"testing"

	"github.com/frontline-sim/frontline/sim"
)

// A paired ensemble's two tallies are each side's own ensemble (the same
// streams), for any number of workers, and its paired counts agree with
// them; a model paired with itself differs nowhere.
func TestPairedEnsembleMatchesEnsembles(t *testing.T) {
	s, gr, tl := builtin(t)
	until := sim.MustDate("2024-12-08")
	a, err := sim.NewModel(s, gr, s.Params, until)
	if err != nil {
		t.Fatal(err)
	}
	p := s.Params
	p.Base *= 2 // another model on the same days
	b, err := sim.NewModel(s, gr, p, until)
	if err != nil {
		t.Fatal(err)
	}
	oa := sim.EnsembleOptions{Seed: 5, Last: 120, Timeline: tl, ForcedUntil: sim.MustDate("2024-11-29"), Workers: 1}
	ob := oa
	pt, err := sim.PairedEnsemble(a, b, oa, ob)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pt.A, a.Ensemble(oa)) || !reflect.DeepEqual(pt.B, b.Ensemble(ob)) {
		t.Fatal("the paired tallies are not the sides' own ensembles")
	}
	oa.Workers = 2
	if pt2, _ := sim.PairedEnsemble(a, b, oa, ob); !reflect.DeepEqual(pt, pt2) {
		t.Error("two workers give another paired tally than one")
	}
	moved := false
	for d := range pt.A.Days {
		for i := range pt.A.Places {
			sum := 0.0
			for f := -1; f < pt.A.Factions; f++ {
				h := pt.Held(d, i, f)
				if h.PA != pt.A.P(d, i, f) || h.PB != pt.B.P(d, i, f) || h.HalfWidth < 0 || math.IsNaN(h.HalfWidth) {
					t.Fatalf("day %d place %d faction %d: %+v, want the sides' own odds %v and %v", d, i, f, h, pt.A.P(d, i, f), pt.B.P(d, i, f))
				}
				sum += h.Diff
				if h.Diff != 0 {
					moved = true
				}
			}
			if math.Abs(sum) > 1e-9 {
				t.Fatalf("day %d place %d: the changes in the factions' odds sum to %v, not 0", d, i, sum)
			}
		}
	}
	if !moved {
		t.Error("doubling the base rate moved no place's odds")
	}
	self, _ := sim.PairedEnsemble(a, a, oa, oa)
	for d := range self.A.Days {
		for i := range self.A.Places {
			if k := self.Fallen(d, i); k.Diff != 0 || k.HalfWidth != 0 {
				t.Fatalf("a model paired with itself differs at day %d place %d: %+v", d, i, k)
			}
		}
	}
}

package sim_test

import (
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
	ta, tb, pt, err := sim.PairedEnsemble(a, b, oa, ob)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ta, a.Ensemble(oa)) || !reflect.DeepEqual(tb, b.Ensemble(ob)) {
		t.Fatal("the paired tallies are not the sides' own ensembles")
	}
	oa.Workers = 2
	if _, _, pt2, _ := sim.PairedEnsemble(a, b, oa, ob); !reflect.DeepEqual(pt, pt2) {
		t.Error("two workers give another paired tally than one")
	}
	moved := false
	for d := range pt.Days {
		for i := range pt.Places {
			k := pt.Kept(d, i)
			f := pt.Fallen(d, i)
			if k.Diff != -f.Diff || k.HalfWidth != f.HalfWidth || k.PA+f.PA != 1 {
				t.Fatalf("day %d place %d: kept %+v and fallen %+v disagree", d, i, k, f)
			}
			if k.Diff != 0 {
				moved = true
			}
		}
	}
	if !moved {
		t.Error("doubling the base rate moved no place's odds")
	}
	_, _, self, _ := sim.PairedEnsemble(a, a, oa, oa)
	for d := range self.Days {
		for i := range self.Places {
			if k := self.Kept(d, i); k.Diff != 0 || k.HalfWidth != 0 {
				t.Fatalf("a model paired with itself differs at day %d place %d: %+v", d, i, k)
			}
		}
	}
}

package ensemble_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// TestPairResults: each side of a pair is what `frontline simulate` writes
// of its scenario for the same options, though their runs are made on
// common random numbers, with the one hand-over both take (Shared), which
// each side's ForcedUntil reports.
func TestPairResults(t *testing.T) {
	a := replay(t)
	b, err := scenarios.Replay(filepath.Join("..", "..", "scenarios", "whatif", "no-russian-air-support.yaml"), geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	o := ensemble.Options{Runs: 30, Seed: 4, Until: sim.MustDate("2024-12-06")}
	p, err := ensemble.NewPair(a, b, o)
	if err != nil {
		t.Fatal(err)
	}
	ra, rb, pt, err := p.Results(2, nil)
	if err != nil {
		t.Fatal(err)
	}
	shared := ensemble.Shared(o, a.Scenario, b.Scenario)
	if !reflect.DeepEqual(ra.ForcedUntil, shared.ForcedUntil) || !reflect.DeepEqual(rb.ForcedUntil, shared.ForcedUntil) {
		t.Errorf("hand-overs %v and %v, want both %v", ra.ForcedUntil, rb.ForcedUntil, shared.ForcedUntil)
	}
	for _, side := range []struct {
		tl  *sim.Timeline
		got *ensemble.Result
	}{{a, ra}, {b, rb}} {
		r, err := ensemble.New(side.tl, shared)
		if err != nil {
			t.Fatal(err)
		}
		if want := r.Result(1, nil); !reflect.DeepEqual(side.got, want) {
			t.Errorf("%s: the paired side differs from its own ensemble", side.tl.Scenario.ID)
		}
	}
	if pt.A.Runs != o.Runs || pt.B.Runs != o.Runs {
		t.Errorf("paired tally of %d and %d runs, want %d", pt.A.Runs, pt.B.Runs, o.Runs)
	}
}

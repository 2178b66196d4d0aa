package sweep_test

import (
	"testing"

	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/sweep"
)

// A parameter a factor sets is pinned, so that posterior draws keep the
// point's value; the scenario the point came from is left as it was.
func TestApplyPinsParameters(t *testing.T) {
	s := &sim.Scenario{ID: "s", Params: sim.DefaultParams(), Pinned: []string{"collapse"}}
	fs := []sweep.Factor{{ID: "tau", Parameter: "tau_hours"}, {ID: "sna", Parameter: "strength", Faction: "sna"}}
	out, err := sweep.Apply(s, fs, []float64{2, 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if out.Params.TauHours != 2 || out.Params.Strength["sna"] != 0.5 {
		t.Errorf("params %v; want tau_hours 2 and strength.sna 0.5", out.Params)
	}
	for _, name := range []string{"collapse", "tau_hours", "strength.sna"} {
		if !out.PinnedParam(name) {
			t.Errorf("%s is not pinned: %v", name, out.Pinned)
		}
	}
	if len(s.Pinned) != 1 || s.Params.TauHours == 2 {
		t.Errorf("Apply changed the scenario it copied: pinned %v, τ %v", s.Pinned, s.Params.TauHours)
	}
}

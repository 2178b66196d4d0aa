package sim_test

import (
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/sim"
)

// TestModelOnly: a what-if with interventions of its own says that its
// replay cannot show them; the history, and a what-if of events alone, do
// not.
func TestModelOnly(t *testing.T) {
	own := sim.Intervention{ID: "saraqib-fortified", Kind: sim.Reinforce, Own: true}
	inherited := sim.Intervention{ID: "russian-air", Kind: sim.AirSupportKind}
	tests := []struct {
		name string
		s    sim.Scenario
		want string
	}{
		{"history", sim.Scenario{Interventions: []sim.Intervention{inherited}}, ""},
		{"events only", sim.Scenario{WhatIf: true, Interventions: []sim.Intervention{inherited}}, ""},
		{"one", sim.Scenario{WhatIf: true, Interventions: []sim.Intervention{inherited, own}}, "intervention (saraqib-fortified) acts in the simulation only"},
		{"two", sim.Scenario{WhatIf: true, Interventions: []sim.Intervention{own, {Kind: sim.RoadCut, Own: true}}}, "interventions (saraqib-fortified, road_cut) act in the simulation only"},
	}
	for _, tt := range tests {
		got := tt.s.ModelOnly()
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

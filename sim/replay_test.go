package sim_test

import (
	"reflect"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

// The replay derives a day's roads only where something changed and
// shares what did not; each day must equal the same day replayed from
// scratch (a one-day replay, whose roads are all derived afresh).
func TestReplayIncrementalMatchesFresh(t *testing.T) {
	a := geo.MustDefault()
	builtin, err := scenarios.Default(a)
	if err != nil {
		t.Fatal(err)
	}
	gridGr, gridS := buildGrid(30)
	onGrid := *gridS
	onGrid.End = onGrid.Start + 4
	onGrid.Events = []sim.Event{
		{Date: onGrid.Start + 1, Target: sim.Target{Place: "p-010-010"}, Kind: sim.Captured, Faction: "hts"},
		{Date: onGrid.Start + 1, Target: sim.Target{Place: "p-011-011"}, Kind: sim.Contested, Faction: "hts"},
		{Date: onGrid.Start + 3, Target: sim.Target{Place: "p-011-011"}, Kind: sim.Captured, Faction: "hts"},
		{Date: onGrid.Start + 3, Target: sim.Target{Place: "p-020-020"}, Kind: sim.Claimed, Faction: "hts"},
	}
	for _, c := range []struct {
		name string
		s    *sim.Scenario
		gr   *sim.Graph
	}{{"builtin", builtin, sim.NewGraph(a)}, {"grid", &onGrid, gridGr}} {
		full, err := sim.Replay(c.s, c.gr, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, day := range full.Days {
			one := *c.s
			one.Start, one.End = day.Date, day.Date
			fresh, err := sim.Replay(&one, c.gr, nil)
			if err != nil {
				t.Fatal(err)
			}
			f := fresh.Days[0]
			if !reflect.DeepEqual(f.Roads, day.Roads) {
				t.Errorf("%s %s: roads differ from a fresh derivation", c.name, day.Date)
			}
			if !reflect.DeepEqual(f.Metrics, day.Metrics) {
				t.Errorf("%s %s: metrics %+v, fresh %+v", c.name, day.Date, day.Metrics, f.Metrics)
			}
			for i, p := range day.Places {
				q := f.Places[i]
				if p.Controller != q.Controller || p.Status != q.Status || p.By != q.By || !reflect.DeepEqual(p.Events, q.Events) {
					t.Errorf("%s %s: place %d is %+v, fresh %+v", c.name, day.Date, i, p, q)
					break
				}
			}
		}
	}
}

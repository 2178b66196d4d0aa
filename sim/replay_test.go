package sim_test

import (
	"reflect"
	"slices"
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
			for k, r := range day.Roads() {
				if q := f.Road(k); !reflect.DeepEqual(r, q) {
					t.Errorf("%s %s: segment %d is %+v, fresh %+v", c.name, day.Date, k, r, q)
					break
				}
			}
			if !reflect.DeepEqual(f.Metrics, day.Metrics) {
				t.Errorf("%s %s: metrics %+v, fresh %+v", c.name, day.Date, day.Metrics, f.Metrics)
			}
			for i, p := range day.Places() {
				q := f.Place(i)
				if p.Controller != q.Controller || p.Status != q.Status || p.By != q.By || !reflect.DeepEqual(p.Events, q.Events) {
					t.Errorf("%s %s: place %d is %+v, fresh %+v", c.name, day.Date, i, p, q)
					break
				}
			}
		}
	}
}

// On a grid, where many routes tie, the route search (A*, see
// SearchOptions.Estimate) still returns the plain search's route.
func TestShortestRouteOnGridMatchesPlainSearch(t *testing.T) {
	gr, _ := buildGrid(30)
	a := gr.Atlas
	plain := sim.NewSearch(gr.C.N())
	for trial := range 300 {
		u, v := (trial*7919)%len(a.Places()), (trial*104729+13)%len(a.Places())
		r, err := gr.ShortestRoute(a.Places()[u].ID, a.Places()[v].ID, sim.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		plain.Run(gr.C, []int32{int32(u)}, sim.SearchOptions{Target: int32(v)})
		if plain.Dist(int32(v)) != r.Hours {
			t.Fatalf("%d→%d: %v hours, plain search %v", u, v, r.Hours, plain.Dist(int32(v)))
		}
		var segs []int
		for w := int32(v); plain.Via(w) >= 0; {
			k := plain.Via(w)
			segs = append(segs, int(k))
			if gr.C.From[k] == w {
				w = gr.C.Dest[k]
			} else {
				w = gr.C.From[k]
			}
		}
		slices.Reverse(segs)
		if !slices.Equal(segs, r.Segments) {
			t.Fatalf("%d→%d: route %v, plain search %v", u, v, r.Segments, segs)
		}
	}
}

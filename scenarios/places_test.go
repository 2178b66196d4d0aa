package scenarios_test

import (
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

// TestScenarioPlacesAndRoads loads a what-if that adds a village and a road
// through it, and replays it on the extended atlas.
func TestScenarioPlacesAndRoads(t *testing.T) {
	a := geo.MustDefault()
	tl, err := scenarios.Replay("testdata/good-places.yaml", a)
	if err != nil {
		t.Fatal(err)
	}
	ext := tl.Graph.Atlas
	if ext == a {
		t.Fatal("the replay did not use the extended atlas")
	}
	if _, ok := a.Place("tell-example"); ok {
		t.Fatal("the built-in atlas was modified")
	}
	i, ok := ext.Index("tell-example")
	if !ok {
		t.Fatal("tell-example is not in the extended atlas")
	}
	if p, err := ext.Lookup("Tal Example"); err != nil || p.ID != "tell-example" {
		t.Errorf("alias lookup: %v, %v", p.ID, err)
	}
	if got := tl.Day(sim.MustDate("2024-11-26")).Places[i].Controller; got != "hts" {
		t.Errorf("tell-example starts with %q, want hts", got)
	}
	if got := tl.Day(sim.MustDate("2024-11-29")).Places[i].Controller; got != "regime" {
		t.Errorf("tell-example on 11-29 held by %q, want regime", got)
	}
	segs := 0
	for _, s := range ext.Segments() {
		if s.Road == "Example road" {
			segs++
		}
	}
	if segs != 2 {
		t.Errorf("Example road has %d segments, want 2", segs)
	}
	if !tl.Graph.Connected() {
		t.Error("the extended network is not connected")
	}
}

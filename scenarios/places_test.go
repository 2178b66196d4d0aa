package scenarios_test

import (
	"strings"
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
	if got := tl.Day(sim.MustDate("2024-11-26")).Place(i).Controller; got != "hts" {
		t.Errorf("tell-example starts with %q, want hts", got)
	}
	if got := tl.Day(sim.MustDate("2024-11-29")).Place(i).Controller; got != "regime" {
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

// TestNoWatchNoRouteLost: a scenario of other sides that declares no
// watch is not briefed on the regime's road to Aleppo.
func TestNoWatchNoRouteLost(t *testing.T) {
	data := []byte(`id: other-sides
title: Two other sides
start: 2030-01-01
end: 2030-01-03
factions:
  - {id: red, name: Red, colour: "#D55E00", pattern: solid}
  - {id: blue, name: Blue, colour: "#0072B2", pattern: hatch}
initial:
  default: red
  places: {aleppo: blue}
`)
	a := geo.MustDefault()
	s, err := scenarios.LoadBytes("other.yaml", data, nil, a)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := sim.Replay(s, sim.NewGraph(s.Atlas), sim.NewTerritory(s.Atlas))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range tl.Days {
		if len(d.Metrics.Routes) != 0 || len(d.Metrics.Highways) != 0 {
			t.Errorf("%s: routes %v, highways %v; nothing is watched", d.Date, d.Metrics.Routes, d.Metrics.Highways)
		}
	}
	if tl.FirstRouteLost != 0 {
		t.Errorf("a route was lost on %s; nothing is watched", tl.FirstRouteLost)
	}
}

// TestOtherAtlasRefused: a scenario with its own places is numbered on
// its own atlas, so sim refuses to replay it, or to model it, on a graph
// or a territory of another atlas (the default one): the bug of a
// command that built the model on the default atlas.
func TestOtherAtlasRefused(t *testing.T) {
	a := geo.MustDefault()
	s, err := scenarios.Load("testdata/good-places.yaml", a)
	if err != nil {
		t.Fatal(err)
	}
	other := sim.NewGraph(a)
	if _, err := sim.Replay(s, other, nil); err == nil || !strings.Contains(err.Error(), "another atlas") {
		t.Errorf("replay on the default atlas's graph: %v", err)
	}
	if _, err := sim.Replay(s, sim.NewGraph(s.Atlas), sim.NewTerritory(a)); err == nil || !strings.Contains(err.Error(), "another atlas") {
		t.Errorf("replay with the default atlas's territory: %v", err)
	}
	if _, err := sim.NewModel(s, other, s.Params, s.End); err == nil || !strings.Contains(err.Error(), "another atlas") {
		t.Errorf("model on the default atlas's graph: %v", err)
	}
	// The one way, sim.NewTimeline, replays on the scenario's own atlas;
	// the model compiles on its graph.
	tl, err := sim.NewTimeline(s, false)
	if err != nil {
		t.Fatal(err)
	}
	if tl.Graph.Atlas != s.Atlas || tl.Territory != nil {
		t.Error("NewTimeline did not replay on the scenario's own atlas, without territory")
	}
	if _, err := sim.NewModel(s, tl.Graph, s.Params, s.End); err != nil {
		t.Error(err)
	}
}

package sim_test

import (
	"fmt"
	"github.com/frontline-sim/frontline/internal/cputime"
	"sync"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
)

// The synthetic benchmark map: a side×side grid of places 0.25° apart
// (about 25 km, the built-in atlas's typical segment), joined right, down
// and on every other diagonal: 99,856 places and 248,682 segments, 2.5 per
// place. Regime holds the east, HTS the western third, so the regime's
// route from "damascus" (south-east corner) to "aleppo" (north-east) and
// the front both span the grid.
const gridSide = 316

var (
	gridOnce  sync.Once
	gridGraph *sim.Graph
	gridScen  *sim.Scenario
)

func gridID(x, y int) string { return sideGridID(gridSide, x, y) }

func sideGridID(side, x, y int) string {
	switch {
	case x == side-1 && y == 0:
		return "aleppo"
	case x == side-1 && y == side-1:
		return "damascus"
	}
	return fmt.Sprintf("p-%03d-%03d", x, y)
}

func grid(tb testing.TB) (*sim.Graph, *sim.Scenario) {
	tb.Helper()
	gridOnce.Do(func() { gridGraph, gridScen = buildGrid(gridSide) })
	return gridGraph, gridScen
}

// buildGrid builds the synthetic map on a side×side grid.
func buildGrid(side int) (*sim.Graph, *sim.Scenario) {
	gridSide := side
	gridID := func(x, y int) string { return sideGridID(side, x, y) }
	{
		var places []geo.Place
		for y := 0; y < gridSide; y++ {
			for x := 0; x < gridSide; x++ {
				k := geo.Village
				if x%10 == 0 && y%10 == 0 {
					k = geo.Town
				}
				places = append(places, geo.Place{ID: gridID(x, y), Name: gridID(x, y), Kind: k, Governorate: "G",
					Source: "synthetic", Point: orb.Point{30 + 0.25*float64(x), 40 - 0.25*float64(y)}})
			}
		}
		var roads []geo.Road
		link := func(x0, y0, x1, y1 int, class geo.Class) {
			roads = append(roads, geo.Road{Name: "r", Class: class, Places: []string{gridID(x0, y0), gridID(x1, y1)}})
		}
		for y := 0; y < gridSide; y++ {
			for x := 0; x < gridSide; x++ {
				if x+1 < gridSide {
					link(x, y, x+1, y, geo.Primary)
				}
				if y+1 < gridSide {
					c := geo.Secondary
					if x == gridSide-1 {
						c = geo.Motorway
					}
					link(x, y, x, y+1, c)
				}
				if x+1 < gridSide && y+1 < gridSide && (x+y)%2 == 0 {
					link(x, y, x+1, y+1, geo.Track)
				}
			}
		}
		a, err := geo.NewAtlas(places, roads, nil)
		if err != nil {
			panic(err)
		}
		gr := sim.NewGraph(a)
		initial := make([]string, len(a.Places()))
		for i, p := range a.Places() {
			initial[i] = "regime"
			var x, y int
			if _, err := fmt.Sscanf(p.ID, "p-%d-%d", &x, &y); err == nil && x < gridSide/3 {
				initial[i] = "hts"
			}
		}
		return gr, &sim.Scenario{ID: "grid", Atlas: a, Start: sim.MustDate("2024-11-27"), End: sim.MustDate("2024-11-27"),
			Factions: []sim.Faction{{ID: "regime"}, {ID: "hts"}}, Initial: initial,
			// The route the benchmarks search across the whole map.
			Watch: sim.Watch{Routes: []sim.WatchRoute{{ID: "damascus-aleppo", Faction: "regime", From: "damascus", To: "aleppo"}}}}
	}
}

// BenchmarkReplayDayGrid replays one day on the synthetic grid: the day's
// snapshot of places and roads, every metric, and the regime's route
// search from Damascus to Aleppo across the whole map.
func BenchmarkReplayDayGrid(b *testing.B) {
	gr, s := grid(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cputime.Now()
	for b.Loop() {
		tl, err := sim.Replay(s, gr, nil)
		if err != nil {
			b.Fatal(err)
		}
		if !tl.Days[0].Metrics.FirstRouteOpen {
			b.Fatal("the regime should have a route")
		}
	}
	cpuPerOp(b, cpu0)
}

// BenchmarkReplayWeekGrid replays eight days on the grid with a capture
// and a contest on the front each day after the first: the later days
// derive only the segments around what changed and share the rest.
// Compare with BenchmarkReplayDayGrid: the difference over seven is the
// cost of a later day.
func BenchmarkReplayWeekGrid(b *testing.B) {
	gr, base := grid(b)
	s := *base
	s.End = s.Start + 7
	s.Events = nil
	for d := 1; d <= 7; d++ {
		y := 40 * d
		s.Events = append(s.Events,
			sim.Event{Date: s.Start + sim.Date(d), Target: sim.Target{Place: gridID(gridSide/3, y)}, Kind: sim.Captured, Faction: "hts"},
			sim.Event{Date: s.Start + sim.Date(d), Target: sim.Target{Place: gridID(gridSide/3+1, y)}, Kind: sim.Contested, Faction: "hts"})
	}
	b.ReportAllocs()
	cpu0 := cputime.Now()
	for b.Loop() {
		tl, err := sim.Replay(&s, gr, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(tl.Days) != 8 || !tl.Days[7].Metrics.FirstRouteOpen {
			b.Fatal("eight days, and the regime should keep its route")
		}
	}
	cpuPerOp(b, cpu0)
}

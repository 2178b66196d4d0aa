package scenarios_test

import (
	"fmt"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

// Load the built-in scenario, replay it, and read one day.
func ExampleDefault() {
	a := geo.MustDefault()
	s, err := scenarios.Default(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	tl, err := sim.Replay(s, sim.NewGraph(a), sim.NewTerritory(a))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.ID, s.Start, s.End)
	i, _ := a.Index("aleppo")
	for _, date := range []string{"2024-11-28", "2024-11-29", "2024-11-30"} {
		p := tl.Day(sim.MustDate(date)).Place(i)
		fmt.Println(date, "Aleppo:", p.Controller, p.Status)
	}
	fmt.Println("regime loses its road to Aleppo on", tl.FirstRouteLost)
	// Output:
	// offensive-2024 2024-11-26 2024-12-04
	// 2024-11-28 Aleppo: regime held
	// 2024-11-29 Aleppo: regime contested
	// 2024-11-30 Aleppo: hts held
	// regime loses its road to Aleppo on 2024-11-30
}

// A what-if file extends the built-in scenario and lists what differs.
func ExampleLoadBytes() {
	whatif := []byte(`
extends: offensive-2024
id: aleppo-holds
title: What if Aleppo held?
remove_events: [aleppo-most-taken, new-aleppo-taken]
`)
	a := geo.MustDefault()
	s, err := scenarios.LoadBytes("whatif.yaml", whatif, nil, a)
	if err != nil {
		fmt.Println(err)
		return
	}
	tl, _ := sim.Replay(s, sim.NewGraph(a), nil)
	i, _ := a.Index("aleppo")
	p := tl.Day(s.End).Place(i)
	fmt.Println(s.Title, "→ Aleppo on", s.End, "is", p.Controller, p.Status)
	// Output: What if Aleppo held? → Aleppo on 2024-12-04 is regime contested
}

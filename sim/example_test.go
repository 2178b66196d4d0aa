package sim_test

import (
	"fmt"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
)

// The cheapest road route from Aleppo to Hama follows the M5.
func ExampleGraph_ShortestRoute() {
	gr := sim.NewGraph(geo.MustDefault())
	r, err := gr.ShortestRoute("aleppo", "hama", sim.Filter{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Join(r.Places, " → "))
	fmt.Println(strings.Join(r.Roads(gr.Atlas), ", "))
	// Output:
	// aleppo → saraqib → maarat-al-numan → khan-sheikhoun → morek → suran → hama
	// M5
}

// A three-day replay of a scenario built in code: Saraqib is contested on
// the first day and captured on the second.
func ExampleReplay() {
	a := geo.MustDefault()
	gr := sim.NewGraph(a)
	initial := make([]string, len(a.Places()))
	for i := range initial {
		initial[i] = "regime"
	}
	s := &sim.Scenario{
		ID: "three-days", Atlas: a, Start: sim.MustDate("2024-11-28"), End: sim.MustDate("2024-11-30"),
		Factions: []sim.Faction{{ID: "regime"}, {ID: "hts"}},
		Initial:  initial,
		Events: []sim.Event{
			{Date: sim.MustDate("2024-11-28"), Target: sim.Target{Place: "saraqib"}, Kind: sim.Contested, Faction: "hts"},
			{Date: sim.MustDate("2024-11-29"), Target: sim.Target{Place: "saraqib"}, Kind: sim.Captured, Faction: "hts", Seq: 1},
		},
	}
	tl, err := sim.Replay(s, gr, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	i, _ := a.Index("saraqib")
	for _, d := range tl.Days {
		p := d.Place(i)
		fmt.Println(d.Date, p.Controller, p.Status, "since", p.Since)
	}
	// Output:
	// 2024-11-28 regime contested since 2024-11-28
	// 2024-11-29 hts held since 2024-11-29
	// 2024-11-30 hts held since 2024-11-29
}

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

package geo_test

import (
	"fmt"

	"github.com/frontline-sim/frontline/geo"
)

// The distance between two places, by any of their names.
func ExampleDistanceKm() {
	a := geo.MustDefault()
	aleppo, _ := a.Lookup("Halab")
	hama, _ := a.Lookup("Hama")
	fmt.Printf("%s to %s: %.0f km\n", aleppo.Name, hama.Name, geo.DistanceKm(aleppo.Point, hama.Point))
	// Output: Aleppo to Hama: 125 km
}

// Lookups forgive case, punctuation and transliteration, and suggest the
// closest name when nothing matches.
func ExampleAtlas_Lookup() {
	a := geo.MustDefault()
	p, _ := a.Lookup("Khan Shaykhun")
	fmt.Println(p.ID, p.Kind, p.Governorate)
	_, err := a.Lookup("Saraqibb")
	fmt.Println(err)
	// Output:
	// khan-sheikhoun town Idlib
	// unknown place "Saraqibb"; did you mean "saraqib"?
}

package geo

import (
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// DistanceKm returns the geodesic distance between two points in km, on
// orb's spherical earth (radius 6,378,137 m).
func DistanceKm(a, b orb.Point) float64 {
	return orbgeo.Distance(a, b) / 1000
}

// LengthKm returns the geodesic length of a polyline in km.
func LengthKm(ls orb.LineString) float64 {
	return orbgeo.Length(ls) / 1000
}

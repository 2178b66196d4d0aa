package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// EarthRadiusKm is the spherical earth radius orb uses, in km.
const EarthRadiusKm = 6378.137

// Equirect is an equirectangular projection to a local plane measured in
// km, true to scale along the latitude Lat0. Over Syria (32–37.5°N) the
// east-west scale error stays under 5%, which is ample for drawing and for
// nearest-place partitions; areas are computed on the sphere instead.
type Equirect struct {
	Lon0, Lat0 float64 // origin in degrees
	cos        float64
}

// NewEquirect returns an equirectangular projection centred on c.
func NewEquirect(c orb.Point) Equirect {
	return Equirect{Lon0: c.Lon(), Lat0: c.Lat(), cos: math.Cos(c.Lat() * math.Pi / 180)}
}

// SyriaProjection is the projection frontline uses for Syria: centred at
// 38.5°E 35°N.
var SyriaProjection = NewEquirect(orb.Point{38.5, 35})

// ToKm projects a (lon, lat) point to (x east, y north) in km.
func (e Equirect) ToKm(p orb.Point) orb.Point {
	const k = EarthRadiusKm * math.Pi / 180
	return orb.Point{(p.Lon() - e.Lon0) * k * e.cos, (p.Lat() - e.Lat0) * k}
}

// FromKm is the inverse of ToKm.
func (e Equirect) FromKm(q orb.Point) orb.Point {
	const k = EarthRadiusKm * math.Pi / 180
	return orb.Point{q[0]/(k*e.cos) + e.Lon0, q[1]/k + e.Lat0}
}

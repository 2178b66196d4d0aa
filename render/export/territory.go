package export

import (
	"fmt"
	"hash/fnv"
	"math"

	"github.com/frontline-sim/frontline/geo/territory"
	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// This file is the exporters' one view of the territory partition (issue
// 10's geo/territory, through sim): each day's dissolved polygons per
// faction and its front lines, as sim computed them, and the partition of
// an arbitrary assignment of places. When the partition changes
// representation, only this file changes.

// dayPolygons returns the dissolved territory per faction on day d.
func dayPolygons(d *sim.Day) map[string]orb.MultiPolygon { return d.Geometry.Polygons }

// dayArea is faction f's territory on day d in km², as replay reports it.
func dayArea(d *sim.Day, f string) float64 { return d.Metrics.AreaKm2[f] }

// frontLine returns day d's front lines as one multi-line and its length.
func frontLine(d *sim.Day) (orb.MultiLineString, float64) {
	var ml orb.MultiLineString
	km := 0.0
	for _, fr := range d.Geometry.Fronts {
		ml = append(ml, fr.Lines...)
		km += fr.LengthKm
	}
	return ml, km
}

// geomKey is a hash of a geometry's coordinates: equal keys, equal shapes.
func geomKey(g orb.Geometry) string {
	h := fnv.New64a()
	var walk func(g orb.Geometry)
	walk = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.MultiPolygon:
			for _, p := range g {
				walk(p)
			}
		case orb.Polygon:
			for _, r := range g {
				walk(orb.LineString(r))
			}
		case orb.MultiLineString:
			for _, l := range g {
				walk(l)
			}
		case orb.LineString:
			for _, p := range g {
				fmt.Fprintf(h, "%x,%x;", math.Float64bits(p[0]), math.Float64bits(p[1]))
			}
			h.Write([]byte("|"))
		}
	}
	walk(g)
	return fmt.Sprintf("%x", h.Sum64())
}

// bandPolygons dissolves part's territory by band of likelihood: the cells
// of place i (or, past the atlas's places, of zone i-n) go to the words of
// band bands[i]. It returns the dissolved polygons and the area in km² per
// band's words, but for the lowest band; the spread is not run again.
func bandPolygons(part *territory.Partition, bands []byte) (map[string]orb.MultiPolygon, map[string]float64) {
	// The lowest band, the rest of the map, is not drawn: as nobody's land
	// it is neither traced nor counted.
	words := func(b byte) string {
		if b == 0 {
			return ""
		}
		return likelihood.Bands[b].Words
	}
	n := len(bands) - part.Zones()
	ctrl := make([]string, n)
	for i := range ctrl {
		ctrl[i] = words(bands[i])
	}
	zones := make([]string, part.Zones())
	for z := range zones {
		zones[z] = words(bands[n+z])
	}
	q := part.Relabel(ctrl, zones)
	return q.Polygons(), q.Areas()
}

// geodesicArea is the area of a multipolygon on the sphere, in km².
func geodesicArea(mp orb.MultiPolygon) float64 {
	a := 0.0
	for _, poly := range mp {
		a += math.Abs(orbgeo.Area(orb.Polygon{poly[0]}))
		for _, h := range poly[1:] {
			a -= math.Abs(orbgeo.Area(orb.Polygon{h}))
		}
	}
	return a / 1e6
}

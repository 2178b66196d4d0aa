package export

import (
	"fmt"
	"hash/fnv"
	"math"

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

// partitionOf returns the dissolved territory of the places for which in
// is true, partitioned as the replay partitions control, and its area in
// km²; ok is false without a territory map.
func partitionOf(tl *sim.Timeline, in func(i int) bool) (orb.MultiPolygon, float64, bool) {
	if tl.Territory == nil || tl.Territory.Map == nil {
		return nil, 0, false
	}
	n := len(tl.Graph.Atlas.Places())
	ctrl := make([]string, n)
	any := false
	for i := range ctrl {
		ctrl[i] = "out"
		if in(i) {
			ctrl[i], any = "in", true
		}
	}
	if !any {
		return nil, 0, true
	}
	p := tl.Territory.Map.Partition(ctrl, nil)
	g := p.Geometry(func(a, b string) bool { return a != b })
	return g.Polygons["in"], p.Areas()["in"], true
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

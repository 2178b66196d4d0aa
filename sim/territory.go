package sim

import (
	"math"

	"github.com/frontline-sim/frontline/geo"
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// Cell is the territory of one place: the part of Syria nearer to it than
// to any other place.
type Cell struct {
	Polygon orb.MultiPolygon // (lon, lat); empty for a place that shares its site
	AreaKm2 float64          // on the sphere
}

// Border is the boundary between the cells of places A and B (A < B)
// inside Syria.
type Border struct {
	A, B     int
	Lines    orb.MultiLineString // (lon, lat)
	LengthKm float64
}

// Territory partitions Syria among the places: a Voronoi diagram of the
// places in the plane of geo.SyriaProjection, clipped to Syria's border.
// Control of a place is taken to extend over its cell, so area per faction
// is the sum of its places' cells and the front line runs along the borders
// between cells of hostile factions. docs/model.md argues the choice.
type Territory struct {
	Cells   []Cell // indexed like Atlas.Places
	Borders []Border
}

// NewTerritory computes the territory of every place of a. With no
// basemap, every cell is empty. It takes O(n·k·log n + n·v) time for n
// places with k nearby neighbours and a border of v vertices.
func NewTerritory(a *geo.Atlas) *Territory {
	places := a.Places()
	t := &Territory{Cells: make([]Cell, len(places))}
	if a.Basemap() == nil {
		return t
	}
	proj := geo.SyriaProjection
	var syria orb.MultiPolygon
	for _, poly := range a.Basemap().Syria() {
		r := make(orb.Ring, len(poly[0]))
		for i, p := range poly[0] {
			r[i] = proj.ToKm(p)
		}
		syria = append(syria, orb.Polygon{r})
	}
	sites := make([]orb.Point, len(places))
	for i, p := range places {
		sites[i] = proj.ToKm(p.Point)
	}
	box := syria.Bound().Pad(50)
	cells := geo.Voronoi(sites, box)
	for i, cell := range cells {
		ring := geo.Ring(cell)
		if ring == nil {
			continue
		}
		for _, poly := range syria {
			piece := geo.ClipToConvex(poly[0], ring)
			if piece == nil {
				continue
			}
			ll := make(orb.Ring, len(piece))
			for k, q := range piece {
				ll[k] = proj.FromKm(q)
			}
			t.Cells[i].Polygon = append(t.Cells[i].Polygon, orb.Polygon{ll})
			t.Cells[i].AreaKm2 += math.Abs(orbgeo.Area(orb.Polygon{ll})) / 1e6
		}
		for _, e := range cell {
			if e.Neighbor <= i {
				continue // each border once, from its lower place
			}
			b := Border{A: i, B: e.Neighbor}
			for _, ls := range geo.ClipSegment(e.A, e.B, syria) {
				ll := make(orb.LineString, len(ls))
				for k, q := range ls {
					ll[k] = proj.FromKm(q)
				}
				b.Lines = append(b.Lines, ll)
				b.LengthKm += geo.LengthKm(ll)
			}
			if len(b.Lines) > 0 {
				t.Borders = append(t.Borders, b)
			}
		}
	}
	return t
}

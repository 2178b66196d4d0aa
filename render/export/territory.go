package export

import (
	"math"
	"sort"

	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// This file is the exporters' one view of the territory partition
// (sim.Territory's cells and borders): who holds which cell, the dissolved
// area of each faction, and the front line. When the partition changes
// representation, only this file changes.

// factionCells returns, per faction, the indexes of the cells it holds on
// day d, in order.
func factionCells(tl *sim.Timeline, d *sim.Day) map[string][]int {
	out := map[string][]int{}
	if tl.Territory == nil {
		return out
	}
	for i, st := range d.Places {
		if st.Controller != "" && len(tl.Territory.Cells[i].Polygon) > 0 {
			out[st.Controller] = append(out[st.Controller], i)
		}
	}
	return out
}

// cellsWhere returns the indexes of the non-empty cells of the places
// for which keep is true, in order.
func cellsWhere(tl *sim.Timeline, keep func(i int) bool) []int {
	var out []int
	if tl.Territory == nil {
		return out
	}
	for i, c := range tl.Territory.Cells {
		if len(c.Polygon) > 0 && keep(i) {
			out = append(out, i)
		}
	}
	return out
}

// cellsArea is the area of the cells on the sphere, in km², as replay sums
// it.
func cellsArea(tl *sim.Timeline, cells []int) float64 {
	a := 0.0
	for _, i := range cells {
		a += tl.Territory.Cells[i].AreaKm2
	}
	return a
}

// frontBorders returns the indexes of the borders between cells of
// hostile factions on day d: the front line.
func frontBorders(tl *sim.Timeline, d *sim.Day) []int {
	var out []int
	if tl.Territory == nil {
		return out
	}
	for k, b := range tl.Territory.Borders {
		if tl.Scenario.Hostile(d.Places[b.A].Controller, d.Places[b.B].Controller) {
			out = append(out, k)
		}
	}
	return out
}

// frontLine returns the borders as one multi-line and its length in km.
func frontLine(tl *sim.Timeline, borders []int) (orb.MultiLineString, float64) {
	var ml orb.MultiLineString
	km := 0.0
	for _, k := range borders {
		b := tl.Territory.Borders[k]
		ml = append(ml, b.Lines...)
		km += b.LengthKm
	}
	return ml, km
}

// snap rounds a coordinate to 1e-7° (about a centimetre), so that the
// shared edges of neighbouring cells meet exactly.
func snap(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*1e7) / 1e7, math.Round(p[1]*1e7) / 1e7}
}

type edge struct{ a, b orb.Point }

// dissolve returns the union of the cells as a multipolygon: the edges two
// cells share are dropped and the rest are chained into rings,
// anticlockwise outside and clockwise around holes (RFC 7946). Cells of a
// partition meet edge to edge, which is what makes this exact; if the
// edges do not close into rings, it returns the cells undissolved.
func dissolve(tl *sim.Timeline, cells []int) orb.MultiPolygon {
	var rings []orb.Ring
	for _, i := range cells {
		for _, poly := range tl.Territory.Cells[i].Polygon {
			r := make(orb.Ring, 0, len(poly[0]))
			for _, p := range poly[0] {
				q := snap(p)
				if len(r) == 0 || r[len(r)-1] != q {
					r = append(r, q)
				}
			}
			if len(r) > 1 && r[0] == r[len(r)-1] {
				r = r[:len(r)-1]
			}
			if len(r) < 3 {
				continue
			}
			if ringArea(r) < 0 {
				r.Reverse()
			}
			rings = append(rings, r)
		}
	}
	rings = splitTJunctions(rings)
	count := map[edge]int{}
	var edges []edge
	for _, r := range rings {
		for k := range r {
			e := edge{r[k], r[(k+1)%len(r)]}
			edges = append(edges, e)
			count[undirected(e)]++
		}
	}
	next := map[orb.Point][]orb.Point{}
	var starts []orb.Point
	for _, e := range edges {
		if count[undirected(e)] > 1 {
			continue
		}
		if len(next[e.a]) == 0 {
			starts = append(starts, e.a)
		}
		next[e.a] = append(next[e.a], e.b)
	}
	var outers, holes []orb.Ring
	for _, s := range starts {
		for len(next[s]) > 0 {
			r := orb.Ring{s}
			cur := s
			for {
				nx := next[cur]
				if len(nx) == 0 {
					return undissolved(tl, cells) // an open chain
				}
				k := turn(r, nx)
				n := nx[k]
				next[cur] = append(nx[:k:k], nx[k+1:]...)
				r = append(r, n)
				cur = n
				if cur == s {
					break
				}
			}
			if ringArea(r) >= 0 {
				outers = append(outers, r)
			} else {
				holes = append(holes, r)
			}
		}
	}
	mp := make(orb.MultiPolygon, len(outers))
	for k, o := range outers {
		mp[k] = orb.Polygon{o}
	}
	for _, h := range holes {
		best, bestA := -1, math.Inf(1)
		for k, o := range outers {
			if a := ringArea(o); a < bestA && inRing(o, h[0], h[1%len(h)]) {
				best, bestA = k, a
			}
		}
		if best < 0 {
			return undissolved(tl, cells)
		}
		mp[best] = append(mp[best], h)
	}
	sort.SliceStable(mp, func(i, j int) bool { return ringArea(mp[i][0]) > ringArea(mp[j][0]) })
	return mp
}

// splitTJunctions inserts into each ring's edges the vertices of the
// other rings that lie on them, so that cells that meet where a third
// cell's corner sits on their common edge share whole edges.
func splitTJunctions(rings []orb.Ring) []orb.Ring {
	const cell = 0.05 // degrees: the grid of the vertex index
	const eps = 1e-6  // degrees: about 10 cm
	type key [2]int
	grid := map[key][]orb.Point{}
	seen := map[orb.Point]bool{}
	for _, r := range rings {
		for _, p := range r {
			if !seen[p] {
				seen[p] = true
				k := key{int(math.Floor(p[0] / cell)), int(math.Floor(p[1] / cell))}
				grid[k] = append(grid[k], p)
			}
		}
	}
	out := make([]orb.Ring, len(rings))
	for ri, r := range rings {
		var nr orb.Ring
		for k := range r {
			a, b := r[k], r[(k+1)%len(r)]
			nr = append(nr, a)
			dx, dy := b[0]-a[0], b[1]-a[1]
			l2 := dx*dx + dy*dy
			if l2 == 0 {
				continue
			}
			type hit struct {
				t float64
				p orb.Point
			}
			var hits []hit
			x0, x1 := int(math.Floor((math.Min(a[0], b[0])-eps)/cell)), int(math.Floor((math.Max(a[0], b[0])+eps)/cell))
			y0, y1 := int(math.Floor((math.Min(a[1], b[1])-eps)/cell)), int(math.Floor((math.Max(a[1], b[1])+eps)/cell))
			for gx := x0; gx <= x1; gx++ {
				for gy := y0; gy <= y1; gy++ {
					for _, p := range grid[key{gx, gy}] {
						if p == a || p == b {
							continue
						}
						t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l2
						if t <= 0 || t >= 1 {
							continue
						}
						ex, ey := a[0]+t*dx-p[0], a[1]+t*dy-p[1]
						if ex*ex+ey*ey < eps*eps {
							hits = append(hits, hit{t, p})
						}
					}
				}
			}
			sort.Slice(hits, func(i, j int) bool { return hits[i].t < hits[j].t })
			for _, h := range hits {
				nr = append(nr, h.p)
			}
		}
		out[ri] = nr
	}
	return out
}

// turn picks, among the edges leaving the end of the ring being walked,
// the first clockwise from the way back: the one that keeps the walk on
// the boundary of one face, so that where two parts touch at a vertex they
// become two rings rather than one ring crossing itself.
func turn(r orb.Ring, out []orb.Point) int {
	if len(out) == 1 || len(r) < 2 {
		return len(out) - 1
	}
	v, u := r[len(r)-1], r[len(r)-2]
	back := math.Atan2(u[1]-v[1], u[0]-v[0])
	best, bestA := 0, math.Inf(1)
	for k, w := range out {
		a := back - math.Atan2(w[1]-v[1], w[0]-v[0])
		for a <= 0 {
			a += 2 * math.Pi
		}
		for a > 2*math.Pi {
			a -= 2 * math.Pi
		}
		if a < bestA {
			best, bestA = k, a
		}
	}
	return best
}

func undirected(e edge) edge {
	if e.b[0] < e.a[0] || (e.b[0] == e.a[0] && e.b[1] < e.a[1]) {
		return edge{e.b, e.a}
	}
	return e
}

func undissolved(tl *sim.Timeline, cells []int) orb.MultiPolygon {
	var mp orb.MultiPolygon
	for _, i := range cells {
		mp = append(mp, tl.Territory.Cells[i].Polygon...)
	}
	return mp
}

// ringArea is the planar signed area in square degrees, positive
// anticlockwise.
func ringArea(r orb.Ring) float64 {
	a := 0.0
	for i := range r {
		j := (i + 1) % len(r)
		a += r[i][0]*r[j][1] - r[j][0]*r[i][1]
	}
	return a / 2
}

// inRing tests the midpoint of a hole's first edge (a vertex may lie on
// the outer ring where a hole touches it).
func inRing(r orb.Ring, a, b orb.Point) bool {
	p := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		if (r[i][1] > p[1]) != (r[j][1] > p[1]) &&
			p[0] < (r[j][0]-r[i][0])*(p[1]-r[i][1])/(r[j][1]-r[i][1])+r[i][0] {
			in = !in
		}
	}
	return in
}

// geodesicArea is the area of a multipolygon on the sphere, in km², as
// sim measures cells.
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

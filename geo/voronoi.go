package geo

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Edge is one side of a Voronoi cell: the segment A–B of the perpendicular
// bisector between the cell's site and site Neighbor, or, with Neighbor -1,
// a side of the bounding box.
type Edge struct {
	A, B     orb.Point
	Neighbor int
}

// Voronoi computes the Voronoi cell of every site within box, in the plane.
// Cells are convex and listed in site order; each is the list of its edges,
// counter-clockwise. Sites that coincide get empty cells after the first.
//
// The cell of a site is the box cut by the half-planes nearer to it than to
// each other site. Other sites are visited ring by ring through a uniform
// grid, nearest rings first, until no site farther out can reach the cell,
// so a cell costs O(k) for k nearby sites and the diagram O(n·k) for evenly
// spread sites (O(n²) at worst).
func Voronoi(sites []orb.Point, box orb.Bound) [][]Edge {
	cells := make([][]Edge, len(sites))
	g := newSiteGrid(sites, box)
	var cand []int
	for i, s := range sites {
		cell := []Edge{
			{box.Min, orb.Point{box.Max[0], box.Min[1]}, -1},
			{orb.Point{box.Max[0], box.Min[1]}, box.Max, -1},
			{box.Max, orb.Point{box.Min[0], box.Max[1]}, -1},
			{orb.Point{box.Min[0], box.Max[1]}, box.Min, -1},
		}
		cx, cy := g.cellOf(s)
	rings:
		for ring := 0; ; ring++ {
			// Every site in this ring or beyond is at least this far away.
			inner := math.Max(0, float64(ring-1)) * g.size
			reach := 0.0
			for _, e := range cell {
				reach = math.Max(reach, planar.DistanceSquared(s, e.A))
			}
			if len(cell) == 0 || inner*inner > 4*reach || ring > g.nx+g.ny {
				break
			}
			cand = g.ring(cx, cy, ring, cand[:0])
			sort.Slice(cand, func(a, b int) bool {
				da, db := planar.DistanceSquared(s, sites[cand[a]]), planar.DistanceSquared(s, sites[cand[b]])
				if da != db {
					return da < db
				}
				return cand[a] < cand[b]
			})
			for _, j := range cand {
				if j == i {
					continue
				}
				if sites[j] == s {
					if j < i {
						cell = nil // a duplicate site: the first one owns the cell
						break rings
					}
					continue
				}
				cell = clipHalfPlane(cell, s, sites[j], j)
				if len(cell) == 0 {
					break rings
				}
			}
		}
		cells[i] = cell
	}
	return cells
}

// siteGrid buckets sites into square cells about two sites wide.
type siteGrid struct {
	min     orb.Point
	size    float64
	nx, ny  int
	buckets [][]int
}

func newSiteGrid(sites []orb.Point, box orb.Bound) *siteGrid {
	w, h := box.Max[0]-box.Min[0], box.Max[1]-box.Min[1]
	size := math.Sqrt(w * h * 2 / float64(max(1, len(sites))))
	if size <= 0 || math.IsNaN(size) {
		size = 1
	}
	g := &siteGrid{min: box.Min, size: size, nx: int(w/size) + 1, ny: int(h/size) + 1}
	g.buckets = make([][]int, g.nx*g.ny)
	for i, s := range sites {
		x, y := g.cellOf(s)
		g.buckets[y*g.nx+x] = append(g.buckets[y*g.nx+x], i)
	}
	return g
}

func (g *siteGrid) cellOf(p orb.Point) (int, int) {
	x := int((p[0] - g.min[0]) / g.size)
	y := int((p[1] - g.min[1]) / g.size)
	return max(0, min(g.nx-1, x)), max(0, min(g.ny-1, y))
}

// ring appends the sites in the square ring of grid cells at Chebyshev
// distance r from (cx, cy).
func (g *siteGrid) ring(cx, cy, r int, out []int) []int {
	add := func(x, y int) {
		if x >= 0 && x < g.nx && y >= 0 && y < g.ny {
			out = append(out, g.buckets[y*g.nx+x]...)
		}
	}
	if r == 0 {
		add(cx, cy)
		return out
	}
	for x := cx - r; x <= cx+r; x++ {
		add(x, cy-r)
		add(x, cy+r)
	}
	for y := cy - r + 1; y <= cy+r-1; y++ {
		add(cx-r, y)
		add(cx+r, y)
	}
	return out
}

// clipHalfPlane keeps the part of the convex polygon cell that is nearer to
// s than to t, labelling the new side with neighbour j.
func clipHalfPlane(cell []Edge, s, t orb.Point, j int) []Edge {
	// Points p with (p - m)·n <= 0 are nearer s, where m is the midpoint and
	// n points from s to t.
	n := orb.Point{t[0] - s[0], t[1] - s[1]}
	m := orb.Point{(s[0] + t[0]) / 2, (s[1] + t[1]) / 2}
	side := func(p orb.Point) float64 { return (p[0]-m[0])*n[0] + (p[1]-m[1])*n[1] }
	const eps = 1e-12
	var out []Edge
	var enter orb.Point
	entered := false
	for _, e := range cell {
		da, db := side(e.A), side(e.B)
		inA, inB := da <= eps, db <= eps
		switch {
		case inA && inB:
			out = append(out, e)
		case inA && !inB:
			x := lerp(e.A, e.B, da/(da-db))
			out = append(out, Edge{e.A, x, e.Neighbor})
			out = append(out, Edge{x, x, j}) // closed below once we re-enter
		case !inA && inB:
			x := lerp(e.A, e.B, da/(da-db))
			enter, entered = x, true
			out = append(out, Edge{x, e.B, e.Neighbor})
		}
	}
	if !entered {
		if len(out) == len(cell) {
			return cell // nothing was cut
		}
		return nil
	}
	// Close the bisector edge: it runs from the exit point to the entry point.
	for k := range out {
		if out[k].Neighbor == j && out[k].A == out[k].B {
			out[k].B = enter
		}
	}
	return dropDegenerate(out)
}

func dropDegenerate(es []Edge) []Edge {
	out := es[:0]
	for _, e := range es {
		if e.A != e.B {
			out = append(out, e)
		}
	}
	return out
}

func lerp(a, b orb.Point, t float64) orb.Point {
	return orb.Point{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t}
}

// Ring returns the closed ring of a convex cell.
func Ring(cell []Edge) orb.Ring {
	if len(cell) == 0 {
		return nil
	}
	r := make(orb.Ring, 0, len(cell)+1)
	for _, e := range cell {
		r = append(r, e.A)
	}
	return append(r, cell[0].A)
}

// ClipToConvex returns the parts of the polygon subject that lie inside the
// convex, counter-clockwise ring clip (Sutherland–Hodgman). A result that
// falls apart into pieces is returned as one ring joined by zero-width
// seams, which leaves its area and its even-odd fill correct.
func ClipToConvex(subject orb.Ring, clip orb.Ring) orb.Ring {
	out := append(orb.Ring(nil), subject...)
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	for k := 0; k+1 < len(clip) && len(out) > 0; k++ {
		a, b := clip[k], clip[k+1]
		in := func(p orb.Point) float64 { return (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0]) }
		src := out
		out = nil
		for i := range src {
			p, q := src[i], src[(i+1)%len(src)]
			dp, dq := in(p), in(q)
			if dp >= 0 {
				out = append(out, p)
			}
			if (dp >= 0) != (dq >= 0) {
				out = append(out, lerp(p, q, dp/(dp-dq)))
			}
		}
	}
	if len(out) < 3 {
		return nil
	}
	return append(out, out[0])
}

// ClipSegment returns the parts of the segment a–b that lie inside the
// polygons of mp (outer rings only), in order from a to b. It takes
// O(v log v) for v polygon vertices.
func ClipSegment(a, b orb.Point, mp orb.MultiPolygon) []orb.LineString {
	ts := []float64{0, 1}
	d := orb.Point{b[0] - a[0], b[1] - a[1]}
	for _, poly := range mp {
		r := poly[0]
		for i := 0; i+1 < len(r); i++ {
			p, q := r[i], r[i+1]
			e := orb.Point{q[0] - p[0], q[1] - p[1]}
			den := d[0]*e[1] - d[1]*e[0]
			if den == 0 {
				continue
			}
			w := orb.Point{p[0] - a[0], p[1] - a[1]}
			t := (w[0]*e[1] - w[1]*e[0]) / den
			u := (w[0]*d[1] - w[1]*d[0]) / den
			if t > 0 && t < 1 && u >= 0 && u <= 1 {
				ts = append(ts, t)
			}
		}
	}
	sort.Float64s(ts)
	var out []orb.LineString
	for i := 0; i+1 < len(ts); i++ {
		if ts[i+1]-ts[i] < 1e-12 {
			continue
		}
		mid := lerp(a, b, (ts[i]+ts[i+1])/2)
		if !inMultiPolygon(mp, mid) {
			continue
		}
		p, q := lerp(a, b, ts[i]), lerp(a, b, ts[i+1])
		if n := len(out); n > 0 && out[n-1][len(out[n-1])-1] == p {
			out[n-1] = append(out[n-1], q)
			continue
		}
		out = append(out, orb.LineString{p, q})
	}
	return out
}

// inMultiPolygon reports whether p is inside an outer ring of mp, by ray
// casting (without orb's bound check, which costs more than the test for
// the short rings here).
func inMultiPolygon(mp orb.MultiPolygon, p orb.Point) bool {
	for _, poly := range mp {
		r := poly[0]
		in := false
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			if (r[i][1] > p[1]) != (r[j][1] > p[1]) &&
				p[0] < (r[j][0]-r[i][0])*(p[1]-r[i][1])/(r[j][1]-r[i][1])+r[i][0] {
				in = !in
			}
		}
		if in {
			return true
		}
	}
	return false
}

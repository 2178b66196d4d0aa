package territory

import (
	"math"
	"slices"
	"sort"

	"github.com/frontline-sim/frontline/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"
)

// SmoothPasses is how many Laplacian passes smooth the cell boundaries:
// enough to turn a 45° staircase of 1.5 km cells into a straight line at
// every zoom the viewer uses, few enough to keep a town's outline.
const SmoothPasses = 4

// Front is the front line between two hostile factions A < B.
type Front struct {
	A, B     string
	Lines    orb.MultiLineString // (lon, lat)
	LengthKm float64
}

const outside = "\x00outside"

// boundary is the grid geometry shared by Polygons and Fronts.
type boundary struct {
	pos map[int]orb.Point // smoothed km position per grid vertex on a boundary
}

// vertex index of grid corner (x, y), 0 <= x <= nx, 0 <= y <= ny.
func (m *Map) vid(x, y int) int { return y*(m.nx+1) + x }

func (m *Map) vxy(v int) (int, int) { return v % (m.nx + 1), v / (m.nx + 1) }

// key is the owner key of cell (x, y): its faction, "" for unheld land,
// outside for anything not in Syria.
func (p *Partition) key(x, y int) string {
	m := p.m
	if x < 0 || y < 0 || x >= m.nx || y >= m.ny || !m.land[y*m.nx+x] {
		return outside
	}
	return p.name(int32(y*m.nx + x))
}

// smooth computes the smoothed position of every vertex on a boundary
// between two owners. Vertices where three owners meet, or two meet
// corner to corner, stay fixed; every other boundary vertex has exactly two
// boundary neighbours, the same whichever side looks at it, so both sides
// of a border get the same line and no gap or overlap opens between them.
func (p *Partition) smooth() *boundary {
	m := p.m
	nbr := map[int][]int{}
	addEdge := func(a, b int) {
		nbr[a] = append(nbr[a], b)
		nbr[b] = append(nbr[b], a)
	}
	for y := -1; y < m.ny; y++ {
		for x := -1; x < m.nx; x++ {
			k := p.key(x, y)
			// right side of (x, y): the vertical edge x+1, from y to y+1
			if x+1 <= m.nx && y >= 0 && k != p.key(x+1, y) {
				addEdge(m.vid(x+1, y), m.vid(x+1, y+1))
			}
			// top side: the horizontal edge y+1, from x to x+1
			if y+1 <= m.ny && x >= 0 && k != p.key(x, y+1) {
				addEdge(m.vid(x, y+1), m.vid(x+1, y+1))
			}
		}
	}
	b := &boundary{pos: make(map[int]orb.Point, len(nbr))}
	fixed := map[int]bool{}
	ids := make([]int, 0, len(nbr))
	for v, ns := range nbr {
		ids = append(ids, v)
		x, y := m.vxy(v)
		b.pos[v] = orb.Point{m.origin[0] + float64(x)*m.cellKm, m.origin[1] + float64(y)*m.cellKm}
		if q, ok := m.snap[v]; ok {
			// On Syria's border: follow the basemap's line, fixed.
			b.pos[v] = q
			fixed[v] = true
			continue
		}
		if len(ns) != 2 {
			fixed[v] = true
			continue
		}
		keys := map[string]bool{p.key(x-1, y-1): true, p.key(x, y-1): true, p.key(x-1, y): true, p.key(x, y): true}
		if len(keys) > 2 {
			fixed[v] = true
		}
	}
	sort.Ints(ids)
	next := make(map[int]orb.Point, len(ids))
	for pass := 0; pass < SmoothPasses; pass++ {
		for _, v := range ids {
			q := b.pos[v]
			if !fixed[v] {
				a, c := b.pos[nbr[v][0]], b.pos[nbr[v][1]]
				q = orb.Point{0.5*q[0] + 0.25*(a[0]+c[0]), 0.5*q[1] + 0.25*(a[1]+c[1])}
			}
			next[v] = q
		}
		b.pos, next = next, b.pos
	}
	return b
}

// Polygons returns each faction's territory as one dissolved multipolygon
// in (lon, lat), outer rings counter-clockwise, holes clockwise, smoothed
// and simplified to 0.1 km.
func (p *Partition) Polygons() map[string]orb.MultiPolygon {
	return p.polygons(p.smooth())
}

func (p *Partition) polygons(b *boundary) map[string]orb.MultiPolygon {
	m := p.m
	// Directed boundary edges with the faction on the left, per faction.
	out := map[string]map[int][]int{}
	add := func(f string, from, to int) {
		if f == "" || f == outside {
			return
		}
		if out[f] == nil {
			out[f] = map[int][]int{}
		}
		out[f][from] = append(out[f][from], to)
	}
	for _, ci := range m.order {
		i := int(ci)
		x, y := i%m.nx, i/m.nx
		f := p.name(int32(i))
		if f == "" {
			continue
		}
		if p.key(x, y-1) != f {
			add(f, m.vid(x, y), m.vid(x+1, y))
		}
		if p.key(x+1, y) != f {
			add(f, m.vid(x+1, y), m.vid(x+1, y+1))
		}
		if p.key(x, y+1) != f {
			add(f, m.vid(x+1, y+1), m.vid(x, y+1))
		}
		if p.key(x-1, y) != f {
			add(f, m.vid(x, y+1), m.vid(x, y))
		}
	}
	res := map[string]orb.MultiPolygon{}
	for f, adj := range out {
		starts := make([]int, 0, len(adj))
		for v := range adj {
			starts = append(starts, v)
		}
		sort.Ints(starts)
		var outers []orb.Ring
		var holes []orb.Ring
		for _, s := range starts {
			for len(adj[s]) > 0 {
				for _, ring := range p.trace(adj, s, b) {
					if len(ring) < 4 {
						continue
					}
					if a := planar.Area(ring); a > 0 {
						outers = append(outers, ring)
					} else if a < 0 {
						holes = append(holes, ring)
					}
				}
			}
		}
		mp := make(orb.MultiPolygon, len(outers))
		for i, r := range outers {
			mp[i] = orb.Polygon{r}
		}
		for _, h := range holes {
			best, bestA := -1, math.Inf(1)
			// h[1], not h[0]: a hole split off at a pinch (trace) starts
			// on its outer ring.
			for i, r := range outers {
				if !r.Bound().Contains(h[1]) || !planar.RingContains(r, h[1]) {
					continue
				}
				if a := planar.Area(r); a < bestA {
					best, bestA = i, a
				}
			}
			if best >= 0 {
				mp[best] = append(mp[best], h)
			}
		}
		for i := range mp {
			for j := range mp[i] {
				// A small island can simplify to a line; GIS tools
				// reject a ring of under four points, so it keeps its
				// smoothed outline.
				r := simplify.DouglasPeucker(0.1).Ring(mp[i][j].Clone())
				if len(r) < 4 {
					r = mp[i][j]
				}
				mp[i][j] = toLonLat(r)
			}
		}
		res[f] = mp
	}
	return res
}

// trace follows directed edges from s until it returns to s, consuming
// them, and returns the rings it closed. At a vertex with two ways on, it
// takes the left turn, which keeps rings that touch at a corner apart;
// where the path still comes back to a vertex it passed (a pinch, which
// GIS tools reject as a ring that touches itself), the loop since that
// vertex becomes a ring of its own: a lobe, or a hole touching its ring.
func (p *Partition) trace(adj map[int][]int, s int, b *boundary) []orb.Ring {
	m := p.m
	var ring orb.Ring
	var rings []orb.Ring
	var ids []int
	at := map[int]int{}
	prev, cur := -1, s
	for steps := 0; steps < 4*len(m.land)+8; steps++ {
		if j, ok := at[cur]; ok {
			rings = append(rings, append(slices.Clone(ring[j:]), ring[j]))
			for _, v := range ids[j:] {
				delete(at, v)
			}
			ring, ids = ring[:j], ids[:j]
		}
		at[cur] = len(ring)
		ring = append(ring, b.pos[cur])
		ids = append(ids, cur)
		outs := adj[cur]
		if len(outs) == 0 {
			break
		}
		pick := 0
		if len(outs) > 1 && prev >= 0 {
			px, py := m.vxy(prev)
			cx, cy := m.vxy(cur)
			dx, dy := cx-px, cy-py
			for k, to := range outs {
				tx, ty := m.vxy(to)
				ex, ey := tx-cx, ty-cy
				if dx*ey-dy*ex > 0 { // left turn
					pick = k
				}
			}
		}
		next := outs[pick]
		adj[cur] = append(outs[:pick:pick], outs[pick+1:]...)
		if len(adj[cur]) == 0 {
			delete(adj, cur)
		}
		prev, cur = cur, next
		if cur == s {
			break
		}
	}
	if len(ring) > 0 {
		ring = append(ring, ring[0])
	}
	return append(rings, ring)
}

func toLonLat(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, q := range r {
		out[i] = geo.SyriaProjection.FromKm(q)
	}
	return out
}

// Fronts returns the front lines: the borders between land of factions
// that hostile says are hostile, one entry per pair (A < B), in (lon,
// lat), smoothed like the polygons, with their lengths on the sphere.
func (p *Partition) Fronts(hostile func(a, b string) bool) []Front {
	return p.fronts(p.smooth(), hostile)
}

func (p *Partition) fronts(b *boundary, hostile func(a, b string) bool) []Front {
	m := p.m
	type pair struct{ a, b string }
	edges := map[pair]map[int][]int{}
	add := func(f, g string, u, v int) {
		if f == "" || g == "" || f == outside || g == outside || f == g || !hostile(f, g) {
			return
		}
		if g < f {
			f, g = g, f
		}
		k := pair{f, g}
		if edges[k] == nil {
			edges[k] = map[int][]int{}
		}
		edges[k][u] = append(edges[k][u], v)
		edges[k][v] = append(edges[k][v], u)
	}
	for _, ci := range m.order {
		i := int(ci)
		x, y := i%m.nx, i/m.nx
		f := p.name(int32(i))
		add(f, p.key(x+1, y), m.vid(x+1, y), m.vid(x+1, y+1))
		add(f, p.key(x, y+1), m.vid(x, y+1), m.vid(x+1, y+1))
	}
	keys := make([]pair, 0, len(edges))
	for k := range edges {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].a != keys[j].a {
			return keys[i].a < keys[j].a
		}
		return keys[i].b < keys[j].b
	})
	var fronts []Front
	for _, k := range keys {
		adj := edges[k]
		fr := Front{A: k.a, B: k.b}
		for _, line := range chains(adj) {
			ls := make(orb.LineString, len(line))
			for i, v := range line {
				ls[i] = b.pos[v]
			}
			ls = simplify.DouglasPeucker(0.1).LineString(ls)
			ll := make(orb.LineString, len(ls))
			for i, q := range ls {
				ll[i] = geo.SyriaProjection.FromKm(q)
			}
			fr.Lines = append(fr.Lines, ll)
			fr.LengthKm += geo.LengthKm(ll)
		}
		fronts = append(fronts, fr)
	}
	return fronts
}

// chains splits an undirected graph of grid edges into polylines that end
// at vertices whose degree is not 2 (or close on themselves).
func chains(adj map[int][]int) [][]int {
	vs := make([]int, 0, len(adj))
	for v := range adj {
		vs = append(vs, v)
	}
	sort.Ints(vs)
	used := map[[2]int]bool{}
	key := func(a, b int) [2]int {
		if a > b {
			a, b = b, a
		}
		return [2]int{a, b}
	}
	walk := func(s, n int) []int {
		line := []int{s}
		prev, cur := s, n
		used[key(s, n)] = true
		for {
			line = append(line, cur)
			if len(adj[cur]) != 2 || cur == s {
				return line
			}
			nx := adj[cur][0]
			if nx == prev || used[key(cur, nx)] {
				nx = adj[cur][1]
			}
			if used[key(cur, nx)] {
				return line
			}
			used[key(cur, nx)] = true
			prev, cur = cur, nx
		}
	}
	var out [][]int
	// Open chains first, from their ends, then the closed loops.
	for _, v := range vs {
		if len(adj[v]) == 2 {
			continue
		}
		for _, n := range adj[v] {
			if !used[key(v, n)] {
				out = append(out, walk(v, n))
			}
		}
	}
	for _, v := range vs {
		for _, n := range adj[v] {
			if !used[key(v, n)] {
				out = append(out, walk(v, n))
			}
		}
	}
	return out
}

// FrontKm returns the total length of the front lines.
func FrontKm(fs []Front) float64 {
	t := 0.0
	for _, f := range fs {
		t += f.LengthKm
	}
	return t
}

// Geometry is a day's polygons and fronts, computed together so the
// smoothing runs once.
type Geometry struct {
	Polygons map[string]orb.MultiPolygon
	Fronts   []Front
}

// Geometry returns the polygons and fronts of the partition.
func (p *Partition) Geometry(hostile func(a, b string) bool) Geometry {
	b := p.smooth()
	return Geometry{Polygons: p.polygons(b), Fronts: p.fronts(b, hostile)}
}

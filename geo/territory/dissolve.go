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

// boundary is the grid geometry shared by Polygons and Fronts: the
// vertices on a border between two owners, numbered in the order the scan
// meets them, and their smoothed positions. Dense slices, not maps: a
// simulation's GeoJSON smooths a map per faction and day of change, and
// hashing every vertex was most of that cost.
type boundary struct {
	idx []int32     // per grid vertex: its number plus one, 0 when on no border
	ids []int       // the grid vertex of each number
	pos []orb.Point // smoothed km position per numbered vertex
	sc  *scratch    // idx's and ids' memory, given back by release
	// box holds every held cell: x0, y0, x1, y1, inclusive (empty when x0 > x1).
	box [4]int
}

// scratch is smooth's working memory, recycled through Map.scratch: a
// simulation's export smooths a map per faction and run of days, and
// allocating it afresh each time was a third of that export's garbage.
type scratch struct {
	idx []int32    // boundary.idx, zero between uses
	ids []int      // boundary.ids
	nbr [][4]int32 // per numbered vertex, its neighbours along borders
	deg []uint8    // and how many
	at  []int32    // trace's: per numbered vertex, its place on the ring being traced plus one; zero between uses
	ws  []*ways    // polygons' ways, free for the next owner
}

// ways returns empty ways over n numbered vertices, recycled if some are
// free.
func (sc *scratch) ways(n int) *ways {
	k := len(sc.ws) - 1
	if k < 0 {
		return &ways{to: make([][2]int32, n), n: make([]uint8, n)}
	}
	w := sc.ws[k]
	sc.ws = sc.ws[:k]
	if cap(w.n) < n {
		w.to, w.n = make([][2]int32, n), make([]uint8, n)
	}
	w.to, w.n, w.from = w.to[:n], w.n[:n], w.from[:0]
	clear(w.n)
	return w
}

// onRing returns trace's index of the n numbered vertices' places on a
// ring, all zero.
func (sc *scratch) onRing(n int) []int32 {
	if len(sc.at) < n {
		sc.at = make([]int32, n)
	}
	return sc.at[:n]
}

// newScratch returns smooth's working memory, recycled if some is free.
func (m *Map) newScratch() *scratch {
	if sc, ok := m.scratch.Get().(*scratch); ok {
		return sc
	}
	return &scratch{idx: make([]int32, (m.nx+1)*(m.ny+1))}
}

// release zeroes b's vertex index (only the entries smooth set) and gives
// its memory back for the next boundary; b is not used again.
func (m *Map) release(b *boundary) {
	for _, v := range b.ids {
		b.idx[v] = 0
	}
	m.scratch.Put(b.sc)
	b.idx, b.ids, b.sc = nil, nil, nil
}

// at is the smoothed position of grid vertex v (the zero point for a vertex
// on no border, which no ring or line visits).
func (b *boundary) at(v int) orb.Point {
	if k := b.idx[v]; k > 0 {
		return b.pos[k-1]
	}
	return orb.Point{}
}

// vertex index of grid corner (x, y), 0 <= x <= nx, 0 <= y <= ny.
func (m *Map) vid(x, y int) int { return y*(m.nx+1) + x }

func (m *Map) vxy(v int) (int, int) { return v % (m.nx + 1), v / (m.nx + 1) }

// key is the owner key of cell (x, y): its faction, "" for unheld land,
// outside for anything not in Syria.
func (p *Partition) key(x, y int) string {
	if c := p.code(x, y); c >= 0 {
		return p.fac[c]
	}
	return outside
}

// code is key as a number: the index in p.fac of the faction holding cell
// (x, y) (0 for unheld land), -1 for anything not in Syria. p.fac names
// each faction once, so two cells have the same key exactly when they have
// the same code.
func (p *Partition) code(x, y int) int {
	m := p.m
	if x < 0 || y < 0 || x >= m.nx || y >= m.ny || !m.land[y*m.nx+x] {
		return -1
	}
	return int(p.owner[y*m.nx+x])
}

// codeAt is code of cell index i, which must lie on the grid.
func (p *Partition) codeAt(i int) int {
	if !p.m.land[i] {
		return -1
	}
	return int(p.owner[i])
}

// smooth computes the smoothed position of every vertex on a boundary
// between two owners. Vertices where three owners meet, or two meet
// corner to corner, stay fixed; every other boundary vertex has exactly two
// boundary neighbours, the same whichever side looks at it, so both sides
// of a border get the same line and no gap or overlap opens between them.
func (p *Partition) smooth() *boundary {
	m := p.m
	sc := m.newScratch()
	b := &boundary{idx: sc.idx, sc: sc}
	ids := sc.ids[:0] // grid vertex of each numbered vertex
	nbr := sc.nbr[:0] // its neighbours along borders (numbers), at most four
	deg := sc.deg[:0]
	defer func() { sc.ids, sc.nbr, sc.deg = ids, nbr, deg }()
	number := func(v int) int32 {
		if b.idx[v] == 0 {
			ids = append(ids, v)
			nbr = append(nbr, [4]int32{})
			deg = append(deg, 0)
			b.idx[v] = int32(len(ids))
		}
		return b.idx[v] - 1
	}
	addEdge := func(v, w int) {
		i, j := number(v), number(w)
		nbr[i][deg[i]], nbr[j][deg[j]] = j, i
		deg[i]++
		deg[j]++
	}
	// Only the borders of held land are drawn (nobody's land and outside
	// are not), and a vertex that moves has two neighbours on the border of
	// the same held cells, so scanning the held cells' box and two cells
	// around it finds every vertex that matters: a simulation's band of
	// likelihood is often one corner of the map.
	b.box = p.heldBox()
	x0, y0, x1, y1 := b.box[0], b.box[1], b.box[2], b.box[3]
	for y := max(-1, y0-2); y <= min(m.ny-1, y1+2); y++ {
		for x := max(-1, x0-2); x <= min(m.nx-1, x1+2); x++ {
			if x >= 0 && y >= 0 && x+1 < m.nx && y+1 < m.ny {
				// Inside the grid, with both neighbours: by index.
				i := y*m.nx + x
				k := p.codeAt(i)
				if k != p.codeAt(i+1) {
					addEdge(m.vid(x+1, y), m.vid(x+1, y+1))
				}
				if k != p.codeAt(i+m.nx) {
					addEdge(m.vid(x, y+1), m.vid(x+1, y+1))
				}
				continue
			}
			k := p.code(x, y)
			// right side of (x, y): the vertical edge x+1, from y to y+1
			if x+1 <= m.nx && y >= 0 && k != p.code(x+1, y) {
				addEdge(m.vid(x+1, y), m.vid(x+1, y+1))
			}
			// top side: the horizontal edge y+1, from x to x+1
			if y+1 <= m.ny && x >= 0 && k != p.code(x, y+1) {
				addEdge(m.vid(x, y+1), m.vid(x+1, y+1))
			}
		}
	}
	b.ids = ids
	b.pos = make([]orb.Point, len(ids))
	fixed := make([]bool, len(ids))
	for i, v := range ids {
		x, y := m.vxy(v)
		b.pos[i] = orb.Point{m.origin[0] + float64(x)*m.cellKm, m.origin[1] + float64(y)*m.cellKm}
		if q, ok := m.snap[v]; ok {
			// On Syria's border: follow the basemap's line, fixed.
			b.pos[i] = q
			fixed[i] = true
			continue
		}
		if deg[i] != 2 {
			fixed[i] = true
			continue
		}
		if owners(p.code(x-1, y-1), p.code(x, y-1), p.code(x-1, y), p.code(x, y)) > 2 {
			fixed[i] = true
		}
	}
	next := make([]orb.Point, len(ids))
	for pass := 0; pass < SmoothPasses; pass++ {
		for i, q := range b.pos {
			if !fixed[i] {
				a, c := b.pos[nbr[i][0]], b.pos[nbr[i][1]]
				q = orb.Point{0.5*q[0] + 0.25*(a[0]+c[0]), 0.5*q[1] + 0.25*(a[1]+c[1])}
			}
			next[i] = q
		}
		b.pos, next = next, b.pos
	}
	return b
}

// heldBox is the smallest box of cells holding every held cell (x0 > x1
// when no cell is held).
func (p *Partition) heldBox() [4]int {
	m := p.m
	x0, y0, x1, y1 := m.nx, m.ny, -1, -1
	for _, ci := range m.order {
		if p.owner[ci] == 0 {
			continue
		}
		x, y := int(ci)%m.nx, int(ci)/m.nx
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	return [4]int{x0, y0, x1, y1}
}

// owners counts the distinct codes among the four cells around a vertex.
func owners(a, b, c, d int) int {
	n := 1
	if b != a {
		n++
	}
	if c != a && c != b {
		n++
	}
	if d != a && d != b && d != c {
		n++
	}
	return n
}

// Polygons returns each faction's territory as one dissolved multipolygon
// in (lon, lat), outer rings counter-clockwise, holes clockwise, smoothed
// and simplified to 0.1 km.
func (p *Partition) Polygons() map[string]orb.MultiPolygon {
	b := p.smooth()
	defer p.m.release(b)
	return p.polygons(b)
}

func (p *Partition) polygons(b *boundary) map[string]orb.MultiPolygon {
	// Directed boundary edges with the faction on the left, per faction
	// (by code).
	out := make([]*ways, len(p.fac))
	defer func() {
		for _, w := range out {
			if w != nil {
				b.sc.ws = append(b.sc.ws, w)
			}
		}
	}()
	add := func(c int, from, to int) {
		if out[c] == nil {
			out[c] = b.sc.ways(len(b.pos))
		}
		out[c].add(b, from, to)
	}
	// The held cells in index order (m.order's), which fixes the order of
	// the rings.
	for y := b.box[1]; y <= b.box[3]; y++ {
		for x := b.box[0]; x <= b.box[2]; x++ {
			if c := p.code(x, y); c > 0 {
				p.sides(x, y, c, add)
			}
		}
	}
	res := map[string]orb.MultiPolygon{}
	for c, w := range out {
		if w == nil {
			continue
		}
		f := p.fac[c]
		starts := w.from
		sort.Ints(starts)
		var outers []orb.Ring
		var holes []orb.Ring
		for _, s := range starts {
			for w.n[b.idx[s]-1] > 0 {
				for _, ring := range p.trace(w, s, b) {
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
		bounds := make([]orb.Bound, len(outers))
		areas := make([]float64, len(outers))
		for i, r := range outers {
			bounds[i], areas[i] = r.Bound(), planar.Area(r)
		}
		for _, h := range holes {
			// The smallest outer ring around the hole, the first of
			// equals. h[1], not h[0]: a hole split off at a pinch (trace)
			// starts on its outer ring.
			best, bestA := -1, math.Inf(1)
			for i, r := range outers {
				if areas[i] < bestA && bounds[i].Contains(h[1]) && planar.RingContains(r, h[1]) {
					best, bestA = i, areas[i]
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

// sides adds the sides of cell (x, y), held by code c, that border another
// owner, directed with the cell on the left.
func (p *Partition) sides(x, y, c int, add func(c, from, to int)) {
	m := p.m
	if p.code(x, y-1) != c {
		add(c, m.vid(x, y), m.vid(x+1, y))
	}
	if p.code(x+1, y) != c {
		add(c, m.vid(x+1, y), m.vid(x+1, y+1))
	}
	if p.code(x, y+1) != c {
		add(c, m.vid(x+1, y+1), m.vid(x, y+1))
	}
	if p.code(x-1, y) != c {
		add(c, m.vid(x, y+1), m.vid(x, y))
	}
}

// ways is one owner's directed border edges, the owner on the left: from
// each border vertex at most two ways on (two where its land meets itself
// corner to corner), in the order they were added.
type ways struct {
	to   [][2]int32 // per numbered vertex (boundary.idx): the grid vertices it leads to
	n    []uint8    // per numbered vertex: how many ways on are left
	from []int      // grid vertices with a way on, once each
}

func (w *ways) add(b *boundary, from, to int) {
	k := b.idx[from] - 1
	if w.n[k] == 0 {
		w.from = append(w.from, from)
	}
	w.to[k][w.n[k]] = int32(to)
	w.n[k]++
}

// trace follows directed edges from s until it returns to s, consuming
// them, and returns the rings it closed. At a vertex with two ways on, it
// takes the left turn, which keeps rings that touch at a corner apart;
// where the path still comes back to a vertex it passed (a pinch, which
// GIS tools reject as a ring that touches itself), the loop since that
// vertex becomes a ring of its own: a lobe, or a hole touching its ring.
func (p *Partition) trace(w *ways, s int, b *boundary) []orb.Ring {
	m := p.m
	var ring orb.Ring
	var rings []orb.Ring
	var ids []int32 // the numbers of ring's vertices
	at := b.sc.onRing(len(b.pos))
	defer func() {
		for _, k := range ids {
			at[k] = 0
		}
	}()
	prev, cur := -1, s
	for steps := 0; steps < 4*len(m.land)+8; steps++ {
		k := b.idx[cur] - 1
		if j := int(at[k]) - 1; j >= 0 {
			rings = append(rings, append(slices.Clone(ring[j:]), ring[j]))
			for _, v := range ids[j:] {
				at[v] = 0
			}
			ring, ids = ring[:j], ids[:j]
		}
		at[k] = int32(len(ring)) + 1
		ring = append(ring, b.at(cur))
		ids = append(ids, k)
		outs := w.to[k][:w.n[k]]
		if len(outs) == 0 {
			break
		}
		pick := 0
		if len(outs) > 1 && prev >= 0 {
			px, py := m.vxy(prev)
			cx, cy := m.vxy(cur)
			dx, dy := cx-px, cy-py
			for j, to := range outs {
				tx, ty := m.vxy(int(to))
				ex, ey := tx-cx, ty-cy
				if dx*ey-dy*ex > 0 { // left turn
					pick = j
				}
			}
		}
		next := int(outs[pick])
		// Consume it, keeping the other in place for a later visit.
		if pick == 0 {
			w.to[k][0] = w.to[k][1]
		}
		w.n[k]--
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
	b := p.smooth()
	defer p.m.release(b)
	return p.fronts(b, hostile)
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
				ls[i] = b.at(v)
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
	defer p.m.release(b)
	return Geometry{Polygons: p.polygons(b), Fronts: p.fronts(b, hostile)}
}

package territory

import (
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/frontline-sim/frontline/geo"
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"
)

// Costs are the travel costs of the spread, per km, relative to settled
// land. docs/model.md gives their sources.
type Costs struct {
	Settled float64 // land within SettledKm of a place
	Desert  float64 // open land farther than SettledKm from every place
	Road    float64 // land within RoadKm of a road segment
	// SettledKm is how far settled land reaches around a place; RoadKm how
	// wide a road's corridor is.
	SettledKm, RoadKm float64
}

// DefaultCosts are the costs the built-in partition uses.
var DefaultCosts = Costs{Settled: 1, Desert: 1.6, Road: 0.6, SettledKm: 12, RoadKm: 3}

// Config sets up a Map.
type Config struct {
	CellKm    float64    // raster cell size in km (1–2)
	Costs     Costs      // zero means DefaultCosts
	Barriers  []string   // names of basemap rivers that bar the spread
	Crossings []Crossing // where a barrier river may be crossed
	// CrossingKm is the reach of a crossing along its river: river cells
	// within it are passable there. Zero means 2.5 cell sizes.
	CrossingKm float64
}

// DefaultBarriers are the rivers the built-in partition treats as barriers.
var DefaultBarriers = []string{"Euphrates", "Khabur", "Orontes"}

// Map is the static raster of Syria the spread runs on. It is read-only
// once built and safe for concurrent use.
type Map struct {
	atlas  *geo.Atlas
	cellKm float64
	nx, ny int
	origin orb.Point // km, lower-left corner of cell 0

	land     []bool    // the cell's centre lies in Syria
	barrier  []bool    // a river or lake cell, not a crossing
	crossing []int16   // crossing index of a passable river cell, else -1
	cost     []float32 // per km, for land cells that are not barriers
	area     []float32 // the cell's area on the sphere, km²
	bank     []int32   // connected component of non-barrier land, -1 on barriers
	border   []uint8   // for land cells: bit 1 next to Iraq, bit 2 next to Turkey

	crossings []Crossing
	heads     [][]int // per crossing: atlas indexes of its bridgeheads
	source    []int32 // per place: its cell, -1 if it has none
	isBase    []bool  // per place
	totalKm2  float64 // Syria's area on the sphere, from the basemap polygon
	syria     orb.MultiPolygon
	cellArea  float64 // sum of the land cells' areas
	order     []int32 // land cells in index order
	// snap gives, for every grid vertex between land and the outside, the
	// nearest point of Syria's border: the polygons' outer edges follow
	// the basemap's border instead of the cells' staircase.
	snap map[int]orb.Point
	// scratch recycles smooth's working memory (*scratch), a slice over
	// every grid vertex among it.
	scratch sync.Pool
}

// New builds the raster for atlas a, which must have a basemap.
func New(a *geo.Atlas, cfg Config) (*Map, error) {
	bm := a.Basemap()
	if bm == nil || bm.Syria() == nil {
		return nil, fmt.Errorf("territory: the atlas has no basemap with Syria")
	}
	if cfg.CellKm <= 0 || math.IsNaN(cfg.CellKm) || math.IsInf(cfg.CellKm, 0) {
		return nil, fmt.Errorf("territory: cell size %v km; use a positive size such as 1.5", cfg.CellKm)
	}
	if cfg.Costs == (Costs{}) {
		cfg.Costs = DefaultCosts
	}
	if cfg.CrossingKm <= 0 {
		cfg.CrossingKm = 2.5 * cfg.CellKm
	}
	m := &Map{atlas: a, cellKm: cfg.CellKm, crossings: cfg.Crossings, syria: bm.Syria()}
	syriaKm := projectMP(bm.Syria())
	b := syriaKm.Bound().Pad(2 * cfg.CellKm)
	m.origin = b.Min
	m.nx = int(math.Ceil((b.Max[0]-b.Min[0])/cfg.CellKm)) + 1
	m.ny = int(math.Ceil((b.Max[1]-b.Min[1])/cfg.CellKm)) + 1
	n := m.nx * m.ny
	m.land = make([]bool, n)
	m.barrier = make([]bool, n)
	m.crossing = make([]int16, n)
	m.cost = make([]float32, n)
	m.area = make([]float32, n)
	m.bank = make([]int32, n)
	m.border = make([]uint8, n)
	for i := range m.crossing {
		m.crossing[i] = -1
	}
	m.rasterLand(syriaKm)
	m.totalKm2 = math.Abs(orbgeo.Area(bm.Syria())) / 1e6
	m.rasterBorders(bm)
	m.rasterBarriers(bm, cfg)
	m.rasterCosts(cfg.Costs)
	if err := m.placeSources(cfg); err != nil {
		return nil, err
	}
	m.components()
	m.snapBorder(syriaKm)
	return m, nil
}

func projectMP(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, poly := range mp {
		out[i] = make(orb.Polygon, len(poly))
		for j, r := range poly {
			out[i][j] = make(orb.Ring, len(r))
			for k, p := range r {
				out[i][j][k] = geo.SyriaProjection.ToKm(p)
			}
		}
	}
	return out
}

// centre returns the km-plane centre of cell (x, y).
func (m *Map) centre(x, y int) orb.Point {
	return orb.Point{m.origin[0] + (float64(x)+0.5)*m.cellKm, m.origin[1] + (float64(y)+0.5)*m.cellKm}
}

// cellAt returns the cell containing the km-plane point q, or -1.
func (m *Map) cellAt(q orb.Point) int {
	x := int(math.Floor((q[0] - m.origin[0]) / m.cellKm))
	y := int(math.Floor((q[1] - m.origin[1]) / m.cellKm))
	if x < 0 || y < 0 || x >= m.nx || y >= m.ny {
		return -1
	}
	return y*m.nx + x
}

func (m *Map) rasterLand(syriaKm orb.MultiPolygon) {
	cos0 := math.Cos(geo.SyriaProjection.Lat0 * math.Pi / 180)
	m.scanFill(syriaKm, func(i int) { m.land[i] = true })
	for i, in := range m.land {
		if !in {
			continue
		}
		lat := geo.SyriaProjection.FromKm(m.centre(i%m.nx, i/m.nx)).Lat()
		// The plane is true to scale at Lat0; the sphere's area element
		// shrinks with cos(lat).
		m.area[i] = float32(m.cellKm * m.cellKm * math.Cos(lat*math.Pi/180) / cos0)
		m.cellArea += float64(m.area[i])
		m.order = append(m.order, int32(i))
	}
}

// scanFill calls f for every cell whose centre lies inside mp (km plane,
// even-odd over all rings): a scanline fill, one pass per row of cells,
// which gives the same answer as a point-in-polygon test per cell at a
// fraction of the cost.
func (m *Map) scanFill(mp orb.MultiPolygon, f func(i int)) {
	type edge struct{ a, b orb.Point }
	var edges []edge
	for _, poly := range mp {
		for _, r := range poly {
			for k := 1; k < len(r); k++ {
				if r[k-1][1] != r[k][1] {
					edges = append(edges, edge{r[k-1], r[k]})
				}
			}
		}
	}
	bd := mp.Bound()
	_, y0 := m.xy(bd.Min)
	_, y1 := m.xy(bd.Max)
	var xs []float64
	for y := max(0, y0); y <= min(m.ny-1, y1); y++ {
		cy := m.origin[1] + (float64(y)+0.5)*m.cellKm
		xs = xs[:0]
		for _, e := range edges {
			if (e.a[1] > cy) != (e.b[1] > cy) {
				xs = append(xs, e.a[0]+(cy-e.a[1])*(e.b[0]-e.a[0])/(e.b[1]-e.a[1]))
			}
		}
		sort.Float64s(xs)
		for k := 0; k+1 < len(xs); k += 2 {
			// cells whose centre x lies in [xs[k], xs[k+1])
			xa := int(math.Ceil((xs[k]-m.origin[0])/m.cellKm - 0.5))
			xb := int(math.Ceil((xs[k+1]-m.origin[0])/m.cellKm-0.5)) - 1
			for x := max(0, xa); x <= min(m.nx-1, xb); x++ {
				f(y*m.nx + x)
			}
		}
	}
}

// rasterBorders marks land cells next to a cell that lies in Iraq or Turkey.
func (m *Map) rasterBorders(bm *geo.Basemap) {
	country := make([]uint8, len(m.land))
	for _, c := range bm.Countries {
		var bit uint8
		switch c.ISO {
		case "IRQ":
			bit = 1
		case "TUR":
			bit = 2
		default:
			continue
		}
		m.scanFill(projectMP(c.Polygon), func(i int) { country[i] |= bit })
	}
	for _, ci := range m.order {
		i := int(ci)
		x, y := i%m.nx, i/m.nx
		for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
			nx, ny := x+d[0], y+d[1]
			if nx < 0 || ny < 0 || nx >= m.nx || ny >= m.ny || m.land[ny*m.nx+nx] {
				continue
			}
			m.border[i] |= country[ny*m.nx+nx]
		}
	}
}

// rasterBarriers marks the cells the barrier rivers and Syria's lakes pass
// through. Lines are drawn 4-connected (every cell a segment touches), so
// no 8-connected step can slip between two of their cells.
func (m *Map) rasterBarriers(bm *geo.Basemap, cfg Config) {
	var river []int
	for _, r := range bm.Rivers {
		if !contains(cfg.Barriers, r.Name) {
			continue
		}
		for _, ls := range r.Lines {
			for k := 1; k < len(ls); k++ {
				river = m.supercover(geo.SyriaProjection.ToKm(ls[k-1]), geo.SyriaProjection.ToKm(ls[k]), river)
			}
		}
	}
	for _, lake := range bm.Lakes {
		lk := projectMP(lake.Polygon)
		bd := lk.Bound()
		if !bd.Intersects(orb.Bound{Min: m.origin, Max: orb.Point{m.origin[0] + float64(m.nx)*m.cellKm, m.origin[1] + float64(m.ny)*m.cellKm}}) {
			continue
		}
		for _, poly := range lk {
			for _, ring := range poly {
				for k := 1; k < len(ring); k++ {
					river = m.supercover(ring[k-1], ring[k], river)
				}
			}
		}
		m.scanFill(lk, func(i int) { river = append(river, i) })
	}
	for _, i := range river {
		if i >= 0 && m.land[i] {
			m.barrier[i] = true
		}
	}
	// Crossings open the river cells near them.
	for k, c := range cfg.Crossings {
		q := geo.SyriaProjection.ToKm(c.Point)
		r := int(math.Ceil(cfg.CrossingKm / m.cellKm))
		x0, y0 := m.xy(q)
		for y := y0 - r; y <= y0+r; y++ {
			for x := x0 - r; x <= x0+r; x++ {
				if x < 0 || y < 0 || x >= m.nx || y >= m.ny {
					continue
				}
				i := y*m.nx + x
				if m.barrier[i] && planar.Distance(m.centre(x, y), q) <= cfg.CrossingKm {
					m.barrier[i] = false
					m.crossing[i] = int16(k)
				}
			}
		}
	}
}

func (m *Map) xy(q orb.Point) (int, int) {
	return int(math.Floor((q[0] - m.origin[0]) / m.cellKm)), int(math.Floor((q[1] - m.origin[1]) / m.cellKm))
}

// supercover appends every cell the segment a–b passes through
// (Amanatides–Woo traversal), which makes a 4-connected line.
func (m *Map) supercover(a, b orb.Point, out []int) []int {
	fx := (a[0] - m.origin[0]) / m.cellKm
	fy := (a[1] - m.origin[1]) / m.cellKm
	gx := (b[0] - m.origin[0]) / m.cellKm
	gy := (b[1] - m.origin[1]) / m.cellKm
	x, y := int(math.Floor(fx)), int(math.Floor(fy))
	ex, ey := int(math.Floor(gx)), int(math.Floor(gy))
	dx, dy := gx-fx, gy-fy
	stepX, stepY := 1, 1
	if dx < 0 {
		stepX = -1
	}
	if dy < 0 {
		stepY = -1
	}
	tMaxX, tMaxY := math.Inf(1), math.Inf(1)
	tDX, tDY := math.Inf(1), math.Inf(1)
	if dx != 0 {
		next := float64(x)
		if stepX > 0 {
			next++
		}
		tMaxX = (next - fx) / dx
		tDX = math.Abs(1 / dx)
	}
	if dy != 0 {
		next := float64(y)
		if stepY > 0 {
			next++
		}
		tMaxY = (next - fy) / dy
		tDY = math.Abs(1 / dy)
	}
	add := func(x, y int) {
		if x >= 0 && y >= 0 && x < m.nx && y < m.ny {
			out = append(out, y*m.nx+x)
		}
	}
	add(x, y)
	for steps := 0; (x != ex || y != ey) && steps < 4*(m.nx+m.ny); steps++ {
		if tMaxX < tMaxY {
			x += stepX
			tMaxX += tDX
		} else {
			y += stepY
			tMaxY += tDY
		}
		add(x, y)
	}
	return out
}

// rasterCosts gives every land cell its cost per km.
func (m *Map) rasterCosts(c Costs) {
	places := m.atlas.Places()
	segs := m.atlas.Segments()
	pts := make([]orb.Point, len(places))
	for i, p := range places {
		pts[i] = geo.SyriaProjection.ToKm(p.Point)
	}
	lines := make([][2]orb.Point, len(segs))
	for k, s := range segs {
		lines[k] = [2]orb.Point{geo.SyriaProjection.ToKm(s.Line[0]), geo.SyriaProjection.ToKm(s.Line[len(s.Line)-1])}
	}
	for i := range m.cost {
		m.cost[i] = float32(c.Desert)
	}
	// Settled land: stamp a disc around each place.
	m.stamp(pts, c.SettledKm, float32(c.Settled))
	// Roads: stamp discs along each segment, every half cell.
	var along []orb.Point
	for _, l := range lines {
		d := planar.Distance(l[0], l[1])
		n := int(d/(m.cellKm/2)) + 1
		for s := 0; s <= n; s++ {
			t := float64(s) / float64(n)
			along = append(along, orb.Point{l[0][0] + (l[1][0]-l[0][0])*t, l[0][1] + (l[1][1]-l[0][1])*t})
		}
	}
	m.stamp(along, c.RoadKm, float32(c.Road))
}

// stamp lowers the cost of the cells within r km of any point to at most v.
func (m *Map) stamp(pts []orb.Point, r float64, v float32) {
	rc := int(math.Ceil(r / m.cellKm))
	for _, q := range pts {
		x0, y0 := m.xy(q)
		for y := y0 - rc; y <= y0+rc; y++ {
			for x := x0 - rc; x <= x0+rc; x++ {
				if x < 0 || y < 0 || x >= m.nx || y >= m.ny {
					continue
				}
				i := y*m.nx + x
				if m.cost[i] > v && planar.Distance(m.centre(x, y), q) <= r {
					m.cost[i] = v
				}
			}
		}
	}
}

// placeSources puts each place on a land cell that is not a barrier: its
// own, or the nearest such cell within 6 km (a town on a river bank whose
// point falls on the river line). Bases are never sources.
func (m *Map) placeSources(cfg Config) error {
	places := m.atlas.Places()
	m.source = make([]int32, len(places))
	m.isBase = make([]bool, len(places))
	for i, p := range places {
		m.isBase[i] = p.Kind == geo.Base
		m.source[i] = int32(m.nearestOpen(geo.SyriaProjection.ToKm(p.Point), 6))
	}
	m.heads = make([][]int, len(cfg.Crossings))
	for k, c := range cfg.Crossings {
		for _, id := range c.Places {
			j, ok := m.atlas.Index(id)
			if !ok {
				return fmt.Errorf("territory: crossing %s names unknown place %q", c.ID, id)
			}
			m.heads[k] = append(m.heads[k], j)
		}
	}
	return nil
}

func (m *Map) nearestOpen(q orb.Point, km float64) int {
	x0, y0 := m.xy(q)
	best, bestD := -1, math.Inf(1)
	r := int(math.Ceil(km / m.cellKm))
	for y := y0 - r; y <= y0+r; y++ {
		for x := x0 - r; x <= x0+r; x++ {
			if x < 0 || y < 0 || x >= m.nx || y >= m.ny {
				continue
			}
			i := y*m.nx + x
			if !m.land[i] || m.barrier[i] {
				continue
			}
			if d := planar.DistanceSquared(m.centre(x, y), q); d < bestD {
				best, bestD = i, d
			}
		}
	}
	return best
}

// components labels the banks: connected regions of land that is not a
// barrier, crossings included (8-connected, as the spread moves).
func (m *Map) components() {
	for i := range m.bank {
		m.bank[i] = -1
	}
	var stack []int
	next := int32(0)
	for _, ci := range m.order {
		i := int(ci)
		if m.bank[i] >= 0 || m.barrier[i] || m.crossing[i] >= 0 {
			continue
		}
		m.bank[i] = next
		stack = append(stack[:0], i)
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			m.neighbours(u, func(v int, _ float64) {
				if m.bank[v] < 0 && !m.barrier[v] && m.crossing[v] < 0 {
					m.bank[v] = next
					stack = append(stack, v)
				}
			})
		}
		next++
	}
}

var dirs = [8][3]float64{{1, 0, 1}, {-1, 0, 1}, {0, 1, 1}, {0, -1, 1},
	{1, 1, math.Sqrt2}, {1, -1, math.Sqrt2}, {-1, 1, math.Sqrt2}, {-1, -1, math.Sqrt2}}

// neighbours calls f for each 8-neighbour land cell of u with the step
// length in cells. A diagonal step between two barrier cells is refused,
// so it cannot cut the corner of a river.
func (m *Map) neighbours(u int, f func(v int, step float64)) {
	x, y := u%m.nx, u/m.nx
	for _, d := range dirs {
		nx, ny := x+int(d[0]), y+int(d[1])
		if nx < 0 || ny < 0 || nx >= m.nx || ny >= m.ny {
			continue
		}
		v := ny*m.nx + nx
		if !m.land[v] {
			continue
		}
		if d[2] > 1 && m.barrier[y*m.nx+nx] && m.barrier[ny*m.nx+x] {
			continue
		}
		f(v, d[2])
	}
}

// CellKm returns the raster's cell size.
func (m *Map) CellKm() float64 { return m.cellKm }

// Cells returns the number of land cells.
func (m *Map) Cells() int { return len(m.order) }

// SyriaKm2 returns Syria's area on the sphere, from the basemap polygon.
func (m *Map) SyriaKm2() float64 { return m.totalKm2 }

// Crossings returns the crossings the map was built with.
func (m *Map) Crossings() []Crossing { return m.crossings }

// Bank returns the bank (connected region between barriers) of the point
// p, or -1 when p is on a barrier or outside Syria.
func (m *Map) Bank(p orb.Point) int {
	i := m.cellAt(geo.SyriaProjection.ToKm(p))
	if i < 0 {
		return -1
	}
	return int(m.bank[i])
}

// PlaceBank returns the bank of place i's source cell, or -1.
func (m *Map) PlaceBank(i int) int {
	if m.source[i] < 0 {
		return -1
	}
	return int(m.bank[m.source[i]])
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]float64) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// snapBorder computes snap: each grid vertex with land on one side and
// the outside on another moves to the nearest point of Syria's outer
// rings. Border segments are bucketed by cell so the search stays local.
func (m *Map) snapBorder(syriaKm orb.MultiPolygon) {
	type seg struct{ a, b orb.Point }
	buckets := map[int][]seg{}
	for _, poly := range syriaKm {
		r := poly[0]
		for i := 1; i < len(r); i++ {
			s := seg{r[i-1], r[i]}
			bd := orb.Bound{Min: s.a, Max: s.a}.Extend(s.b)
			x0, y0 := m.xy(bd.Min)
			x1, y1 := m.xy(bd.Max)
			for y := max(0, y0); y <= min(m.ny, y1); y++ {
				for x := max(0, x0); x <= min(m.nx, x1); x++ {
					buckets[m.vid(x, y)] = append(buckets[m.vid(x, y)], s)
				}
			}
		}
	}
	isLand := func(x, y int) bool { return x >= 0 && y >= 0 && x < m.nx && y < m.ny && m.land[y*m.nx+x] }
	m.snap = map[int]orb.Point{}
	for vy := 0; vy <= m.ny; vy++ {
		for vx := 0; vx <= m.nx; vx++ {
			l := 0
			for _, c := range [4][2]int{{vx - 1, vy - 1}, {vx, vy - 1}, {vx - 1, vy}, {vx, vy}} {
				if isLand(c[0], c[1]) {
					l++
				}
			}
			if l == 0 || l == 4 {
				continue
			}
			q := orb.Point{m.origin[0] + float64(vx)*m.cellKm, m.origin[1] + float64(vy)*m.cellKm}
			best, bestD := q, math.Inf(1)
			for r := 1; r <= 3 && math.IsInf(bestD, 1); r++ {
				for y := max(0, vy-r); y <= min(m.ny, vy+r); y++ {
					for x := max(0, vx-r); x <= min(m.nx, vx+r); x++ {
						for _, s := range buckets[m.vid(x, y)] {
							p := closestOnSegment(s.a, s.b, q)
							if d := planar.DistanceSquared(p, q); d < bestD {
								best, bestD = p, d
							}
						}
					}
				}
			}
			// A border point farther than two cells would drag the ring
			// across land; keep the corner then.
			if bestD <= 4*m.cellKm*m.cellKm {
				m.snap[m.vid(vx, vy)] = best
			}
		}
	}
}

func closestOnSegment(a, b, q orb.Point) orb.Point {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := dx*dx + dy*dy
	if l == 0 {
		return a
	}
	t := ((q[0]-a[0])*dx + (q[1]-a[1])*dy) / l
	t = math.Max(0, math.Min(1, t))
	return orb.Point{a[0] + t*dx, a[1] + t*dy}
}

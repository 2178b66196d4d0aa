package territory

import (
	"math"
	"slices"
	"sort"

	"github.com/frontline-sim/frontline/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Zone is a fixed area a scenario gives to a faction, such as the al-Tanf
// deconfliction zone: every cell whose centre lies in Polygon belongs to
// Faction whatever the spread says.
type Zone struct {
	ID      string
	Faction string
	Polygon orb.MultiPolygon // (lon, lat)
}

// Circle returns the polygon of a circle of radius km around c, as a
// 72-gon on the sphere.
func Circle(c orb.Point, km float64) orb.MultiPolygon {
	r := make(orb.Ring, 0, 73)
	for k := 0; k <= 72; k++ {
		a := 2 * math.Pi * float64(k%72) / 72
		r = append(r, destination(c, km, a))
	}
	return orb.MultiPolygon{{r}}
}

// destination moves km from c along bearing a (radians from north).
func destination(c orb.Point, km, a float64) orb.Point {
	d := km / geo.EarthRadiusKm
	lat1, lon1 := c.Lat()*math.Pi/180, c.Lon()*math.Pi/180
	lat2 := math.Asin(math.Sin(lat1)*math.Cos(d) + math.Cos(lat1)*math.Sin(d)*math.Cos(a))
	lon2 := lon1 + math.Atan2(math.Sin(a)*math.Sin(d)*math.Cos(lat1), math.Cos(d)-math.Sin(lat1)*math.Sin(lat2))
	return orb.Point{lon2 * 180 / math.Pi, lat2 * 180 / math.Pi}
}

// Partition is one day's territory. It is read-only once built.
type Partition struct {
	m     *Map
	ctrl  []string // per place, as given
	zones []Zone

	label []int32  // per cell: the place that reached it, -2-z for zone z, -1 none
	via   []int16  // per cell: the last crossing its path used, -1 none
	owner []uint8  // per cell: index in fac
	fac   []string // faction names; fac[0] is "" (nobody)
	// shared by partitions with the same labels
	lab *labels
	// Changed is the number of cells whose owner differs from the partition
	// this one was derived from (all land cells for a fresh partition).
	Changed int
	// Incremental reports whether this partition reused its predecessor's
	// spread and relabelled only the cells of places that changed hands.
	Incremental bool
}

// labels is the spread's result, shared between partitions that have it.
type labels struct {
	label   []int32
	via     []int16
	byPlace [][]int32 // cells per place label
	crossed []bool    // per place: its spread held a crossing cell
}

// Partition computes the territory for the controllers ctrl (per atlas
// place; "" for a place nobody holds) and zones. Every land cell goes to
// the held place, not a base, that reaches it at least cost.
func (m *Map) Partition(ctrl []string, zones []Zone) *Partition {
	p := &Partition{m: m, ctrl: append([]string(nil), ctrl...), zones: zones}
	p.lab = m.spread(p.ctrl, zones)
	p.label, p.via = p.lab.label, p.lab.via
	p.fac = factionTable(nil, p.ctrl, zones)
	p.owner = make([]uint8, len(m.land))
	for _, ci := range m.order {
		p.owner[ci] = p.index(p.ownerOf(p.label[ci]))
	}
	p.Changed = len(m.order)
	return p
}

// Same returns the territory of a day on which no place changed hands:
// p's, shared (both are read-only), with nothing Changed. It takes O(1),
// so that days without captures cost nothing however many places there
// are.
func (p *Partition) Same() *Partition {
	q := *p
	q.Changed, q.Incremental = 0, true
	return &q
}

// Next returns the territory for new controllers ctrl with the same zones.
// When no changed place is a bridgehead, none of them reached a crossing,
// and the set of held places is the same, the spread cannot differ, so only
// the cells of the changed places are relabelled; otherwise the spread runs
// again.
func (p *Partition) Next(ctrl []string) *Partition {
	m := p.m
	q := &Partition{m: m, ctrl: append([]string(nil), ctrl...), zones: p.zones}
	var changed []int
	reuse := true
	for i := range ctrl {
		if ctrl[i] == p.ctrl[i] {
			continue
		}
		changed = append(changed, i)
		if m.respreads(i, p.ctrl[i], ctrl[i]) || p.lab.crossed[i] {
			reuse = false
		}
	}
	if !reuse {
		q.lab = m.spread(q.ctrl, q.zones)
		q.label, q.via = q.lab.label, q.lab.via
		q.fac = factionTable(p.fac, q.ctrl, q.zones)
		q.owner = make([]uint8, len(m.land))
		for _, ci := range m.order {
			q.owner[ci] = q.index(q.ownerOf(q.label[ci]))
			if q.fac[q.owner[ci]] != p.fac[p.owner[ci]] {
				q.Changed++
			}
		}
		return q
	}
	q.lab, q.label, q.via = p.lab, p.label, p.via
	q.fac = factionTable(p.fac, q.ctrl, q.zones)
	q.owner = append([]uint8(nil), p.owner...)
	q.Incremental = true
	for _, i := range changed {
		k := q.index(ctrl[i])
		for _, ci := range p.lab.byPlace[i] {
			q.owner[ci] = k
			q.Changed++
		}
	}
	return q
}

// Respreads reports whether the spread for the controllers to may differ
// from the one for from whatever that one was, so that Next(to) of a
// partition for from spreads again: a place was taken or left empty, or a
// bridgehead changed hands. (Next spreads again too when a place that
// changed hands had reached a crossing, which only the spread tells.) A
// caller that knows the controllers ahead can make those partitions
// fresh, on any core, instead of deriving each from the one before.
func (m *Map) Respreads(from, to []string) bool {
	for i := range to {
		if m.respreads(i, from[i], to[i]) {
			return true
		}
	}
	return false
}

// respreads reports whether place i's change from controller a to b may
// change the spread whatever it was (Respreads).
func (m *Map) respreads(i int, a, b string) bool {
	return a != b && ((a == "") != (b == "") || m.isHead(i))
}

// Relabel returns a partition with p's spread, every cell kept by the
// place (or zone) that reached it, but owned by a new key: ctrl[i] for the
// cells of place i and zoneOwner[z] for those of zone z ("" for nobody).
// It re-runs nothing, so one spread can be dissolved under any grouping of
// its places, such as a simulation's bands of likelihood. Places p left
// unheld reached no cells and their entries in ctrl are ignored; MayLand
// and FarBank of the result still describe p's spread.
func (p *Partition) Relabel(ctrl []string, zoneOwner []string) *Partition {
	zones := append([]Zone(nil), p.zones...)
	for z := range zones {
		zones[z].Faction = zoneOwner[z]
	}
	q := &Partition{m: p.m, ctrl: append([]string(nil), ctrl...), zones: zones, lab: p.lab, label: p.label, via: p.via}
	q.fac = factionTable(nil, q.ctrl, zones)
	q.owner = make([]uint8, len(p.m.land))
	// The owner of each place and zone looked up once, not per cell: a
	// simulation's GeoJSON relabels a map per faction and day of change.
	idx := make(map[string]uint8, len(q.fac))
	for i, f := range q.fac {
		idx[f] = uint8(i)
	}
	placeOwner := make([]uint8, len(q.ctrl))
	for i, f := range q.ctrl {
		placeOwner[i] = idx[f]
	}
	zoneOwnerIdx := make([]uint8, len(zones))
	for z, zone := range zones {
		zoneOwnerIdx[z] = idx[zone.Faction]
	}
	for _, ci := range p.m.order {
		switch l := q.label[ci]; {
		case l >= 0:
			q.owner[ci] = placeOwner[l]
		case l <= -2:
			q.owner[ci] = zoneOwnerIdx[-2-l]
		}
	}
	q.Changed = p.Diff(q)
	return q
}

// SameSpread reports whether p and q, partitions of one Map, have every
// cell reached by the same place or zone: then Relabel gives both the same
// territory for the same keys, and a caller may keep what it traced of
// one for the other. It is O(1) for partitions that share a spread (Same,
// and Next without a fresh one) and a pass over the cells otherwise.
func (p *Partition) SameSpread(q *Partition) bool {
	return p.lab == q.lab || (p.m == q.m && len(p.zones) == len(q.zones) && slices.Equal(p.label, q.label))
}

// Zones returns the number of zones of the partition.
func (p *Partition) Zones() int { return len(p.zones) }

func (m *Map) isHead(i int) bool {
	for _, hs := range m.heads {
		for _, h := range hs {
			if h == i {
				return true
			}
		}
	}
	return false
}

// factionTable extends base (whose indexes stay valid) with every faction
// of ctrl and zones it lacks. Index 0 is "", nobody.
func factionTable(base []string, ctrl []string, zones []Zone) []string {
	t := append([]string(nil), base...)
	if len(t) == 0 {
		t = []string{""}
	}
	seen := map[string]bool{}
	for _, f := range t {
		seen[f] = true
	}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			t = append(t, f)
		}
	}
	for _, f := range ctrl {
		add(f)
	}
	for _, z := range zones {
		add(z.Faction)
	}
	return t
}

// index returns f's index in p.fac, which factionTable made complete.
func (p *Partition) index(f string) uint8 {
	for i, g := range p.fac {
		if g == f {
			return uint8(i)
		}
	}
	panic("territory: faction " + f + " missing from the table")
}

// name returns the faction holding cell i, or "".
func (p *Partition) name(i int32) string { return p.fac[p.owner[i]] }

func (p *Partition) ownerOf(l int32) string {
	switch {
	case l >= 0:
		return p.ctrl[l]
	case l <= -2:
		return p.zones[-2-l].Faction
	}
	return ""
}

type item struct {
	d float32
	c int32
}

// pq is a binary min-heap of items by distance, then cell: a hand-rolled
// heap, since container/heap's interface boxing allocates per push.
type pq []item

func (h pq) less(i, j int) bool {
	if h[i].d != h[j].d {
		return h[i].d < h[j].d
	}
	return h[i].c < h[j].c
}

func (h *pq) push(x item) {
	*h = append(*h, x)
	q := *h
	for i := len(q) - 1; i > 0; {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

func (h *pq) pop() item {
	q := *h
	top := q[0]
	n := len(q) - 1
	q[0] = q[n]
	q = q[:n]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && q.less(l, m) {
			m = l
		}
		if r < n && q.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		q[i], q[m] = q[m], q[i]
		i = m
	}
	*h = q
	return top
}

// spread runs the multi-source Dijkstra.
func (m *Map) spread(ctrl []string, zones []Zone) *labels {
	n := len(m.land)
	lab := &labels{label: make([]int32, n), via: make([]int16, n), crossed: make([]bool, len(ctrl))}
	dist := make([]float32, n)
	inf := float32(math.Inf(1))
	for i := range dist {
		dist[i] = inf
		lab.label[i] = -1
		lab.via[i] = -1
	}
	// Zones first: their cells are owned and closed to the spread.
	closed := make([]bool, n)
	for z, zone := range zones {
		zk := projectMP(zone.Polygon)
		bd := zk.Bound()
		x0, y0 := m.xy(bd.Min)
		x1, y1 := m.xy(bd.Max)
		for y := max(0, y0); y <= min(m.ny-1, y1); y++ {
			for x := max(0, x0); x <= min(m.nx-1, x1); x++ {
				i := y*m.nx + x
				if m.land[i] && planar.MultiPolygonContains(zk, m.centre(x, y)) {
					lab.label[i] = int32(-2 - z)
					closed[i] = true
				}
			}
		}
	}
	h := &pq{}
	*h = make(pq, 0, 4096)
	for i, c := range ctrl {
		s := m.source[i]
		if c == "" || m.isBase[i] || s < 0 || closed[s] {
			continue
		}
		// Two places on one cell: the first in atlas order keeps it.
		if dist[s] == 0 {
			continue
		}
		dist[s] = 0
		lab.label[s] = int32(i)
		h.push(item{0, s})
	}
	srcBank := func(l int32) int32 { return m.bank[m.source[l]] }
	for len(*h) > 0 {
		it := h.pop()
		u := int(it.c)
		if it.d > dist[u] {
			continue
		}
		l := lab.label[u]
		f := ctrl[l]
		if m.crossing[u] >= 0 {
			lab.crossed[l] = true
		}
		m.neighbours(u, func(v int, step float64) {
			if closed[v] || m.barrier[v] {
				return
			}
			via := lab.via[u]
			if k := m.crossing[u]; k >= 0 && m.crossing[v] < 0 {
				// Leaving a crossing onto a bank.
				b := m.bank[v]
				if b != srcBank(l) && !m.mayLand(int(k), b, f, ctrl) {
					return
				}
				if b != srcBank(l) {
					via = k
				}
			}
			d := it.d + float32(step*m.cellKm)*(m.cost[u]+m.cost[v])/2
			if d < dist[v] || (d == dist[v] && l < lab.label[v]) {
				dist[v] = d
				lab.label[v] = l
				lab.via[v] = via
				h.push(item{d, int32(v)})
			}
		})
	}
	m.fill(lab.label, lab.via)
	lab.byPlace = make([][]int32, len(ctrl))
	for _, ci := range m.order {
		if l := lab.label[ci]; l >= 0 {
			lab.byPlace[l] = append(lab.byPlace[l], ci)
		}
	}
	return lab
}

// mayLand reports whether faction f may cross at crossing k onto bank b:
// it must hold the crossing's bridgehead on that bank, or, when the
// crossing has none there, one of its bridgeheads.
func (m *Map) mayLand(k int, b int32, f string, ctrl []string) bool {
	any, onBank := false, false
	for _, h := range m.heads[k] {
		held := ctrl[h] == f
		any = any || held
		if m.PlaceBank(h) == int(b) {
			if held {
				return true
			}
			onBank = true
		}
	}
	return !onBank && any
}

// Filled is the crossing recorded for cells the spread did not reach and
// fill gave a neighbour's label.
const Filled = -2

// fill gives the cells the spread did not reach (rivers, lakes, banks
// without a held place) the label of a neighbour, growing ring by ring so
// that a river is shared between its banks.
func (m *Map) fill(label []int32, via []int16) {
	var todo []int32
	for _, ci := range m.order {
		if label[ci] == -1 {
			todo = append(todo, ci)
		}
	}
	for len(todo) > 0 {
		var next []int32
		type set struct {
			c int32
			l int32
		}
		var sets []set
		for _, ci := range todo {
			u := int(ci)
			x, y := u%m.nx, u/m.nx
			best := int32(-1)
			for _, d := range [4][2]int{{0, 1}, {1, 0}, {0, -1}, {-1, 0}} {
				nx, ny := x+d[0], y+d[1]
				if nx < 0 || ny < 0 || nx >= m.nx || ny >= m.ny {
					continue
				}
				if l := label[ny*m.nx+nx]; l != -1 && m.land[ny*m.nx+nx] {
					best = l
					break
				}
			}
			if best == -1 {
				next = append(next, ci)
			} else {
				sets = append(sets, set{ci, best})
			}
		}
		if len(sets) == 0 {
			return // land with no held place anywhere near: stays empty
		}
		for _, s := range sets {
			label[s.c] = s.l
			via[s.c] = Filled
		}
		todo = next
	}
}

// Owner returns the faction holding the point p (lon, lat), or "".
func (p *Partition) Owner(pt orb.Point) string {
	i := p.m.cellAt(geo.SyriaProjection.ToKm(pt))
	if i < 0 || !p.m.land[i] {
		return ""
	}
	return p.name(int32(i))
}

// Areas returns each faction's area in km²: its share of the raster's land
// cells times Syria's area on the sphere. Factions with no land are absent.
func (p *Partition) Areas() map[string]float64 {
	// Summed by index in p.fac, then named.
	cells := make([]float64, len(p.fac))
	held := make([]bool, len(p.fac))
	for _, ci := range p.m.order {
		if c := p.owner[ci]; c != 0 {
			cells[c] += float64(p.m.area[ci])
			held[c] = true
		}
	}
	sum := map[string]float64{}
	for c, v := range cells {
		if held[c] {
			sum[p.fac[c]] = v / p.m.cellArea * p.m.totalKm2
		}
	}
	return sum
}

// Factions returns the factions that hold land, sorted.
func (p *Partition) Factions() []string {
	return sortedKeys(p.Areas())
}

// PlaceKm2 returns the area reached from each place, in km² (zero for
// bases, unheld places and places whose cell another place took).
func (p *Partition) PlaceKm2() []float64 {
	out := make([]float64, len(p.ctrl))
	for i, cells := range p.lab.byPlace {
		for _, ci := range cells {
			out[i] += float64(p.m.area[ci])
		}
		out[i] *= p.m.totalKm2 / p.m.cellArea
	}
	return out
}

// CrossingCheck is one cell whose territory lies on a different bank from
// the place that reached it, and the crossing its path used.
type CrossingCheck struct {
	Place    int    // atlas index of the place that reached the cell
	Faction  string // its controller
	Bank     int    // the cell's bank
	Crossing int    // crossing index, -1 if none was used (a violation)
	Cell     orb.Point
}

// FarBank lists, once per (place, bank, crossing), the cells the spread
// reached on a bank other than their place's own; tests use it to check
// that every such cell came over a crossing whose far bridgehead its side
// holds. Cells filled after the spread (rivers, lakes) are not listed.
func (p *Partition) FarBank() []CrossingCheck {
	seen := map[[3]int]bool{}
	var out []CrossingCheck
	for _, ci := range p.m.order {
		l := p.label[ci]
		if l < 0 || p.m.bank[ci] < 0 || p.m.barrier[ci] || p.via[ci] == Filled {
			continue
		}
		b := int(p.m.bank[ci])
		if b == p.m.PlaceBank(int(l)) {
			continue
		}
		k := [3]int{int(l), b, int(p.via[ci])}
		if seen[k] {
			continue
		}
		seen[k] = true
		x, y := int(ci)%p.m.nx, int(ci)/p.m.nx
		out = append(out, CrossingCheck{Place: int(l), Faction: p.ctrl[l], Bank: b, Crossing: int(p.via[ci]),
			Cell: geo.SyriaProjection.FromKm(p.m.centre(x, y))})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Place != b.Place {
			return a.Place < b.Place
		}
		if a.Bank != b.Bank {
			return a.Bank < b.Bank
		}
		return a.Crossing < b.Crossing
	})
	return out
}

// MayLand reports whether faction f may cross at crossing k onto bank b
// under the controllers of this partition.
func (p *Partition) MayLand(k, b int, f string) bool {
	return p.m.mayLand(k, int32(b), f, p.ctrl)
}

// BorderOwners returns the factions holding land cells along Syria's
// border with Iraq (iraq true) or Turkey, on bank b (any bank when b < 0),
// with their cell counts.
func (p *Partition) BorderOwners(iraq bool, b int) map[string]int {
	bit := uint8(2)
	if iraq {
		bit = 1
	}
	out := map[string]int{}
	for _, ci := range p.m.order {
		if p.m.border[ci]&bit == 0 || (b >= 0 && int(p.m.bank[ci]) != b) {
			continue
		}
		out[p.name(ci)]++
	}
	return out
}

// Diff returns the number of land cells whose owner differs between p and q,
// which must share a Map.
func (p *Partition) Diff(q *Partition) int {
	// in[a] is the index in q.fac of p's faction a, or -1: each table names
	// a faction once, so cells agree exactly when their indexes map.
	in := make([]int, len(p.fac))
	for a, f := range p.fac {
		in[a] = slices.Index(q.fac, f)
	}
	n := 0
	for _, ci := range p.m.order {
		if in[p.owner[ci]] != int(q.owner[ci]) {
			n++
		}
	}
	return n
}

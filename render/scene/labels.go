package scene

import (
	"math"
	"sort"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
)

// labelCandidate is a label that would like a place on the map.
type labelCandidate struct {
	text     string
	size     float64
	bold     bool
	priority float64
	place    int
	x, y, r  float64 // anchor and the clearance around it
}

// boxGrid is a uniform grid of placed boxes for collision tests in O(1)
// per box on average.
type boxGrid struct {
	cell  float64
	cells map[[2]int][]Rect
}

func newBoxGrid(cell float64) *boxGrid { return &boxGrid{cell: cell, cells: map[[2]int][]Rect{}} }

func (g *boxGrid) span(r Rect) (x0, y0, x1, y1 int) {
	return int(math.Floor(r.X / g.cell)), int(math.Floor(r.Y / g.cell)),
		int(math.Floor((r.X + r.W) / g.cell)), int(math.Floor((r.Y + r.H) / g.cell))
}

func (g *boxGrid) hits(r Rect) bool {
	x0, y0, x1, y1 := g.span(r)
	for x := x0; x <= x1; x++ {
		for y := y0; y <= y1; y++ {
			for _, o := range g.cells[[2]int{x, y}] {
				if o.Overlaps(r) {
					return true
				}
			}
		}
	}
	return false
}

func (g *boxGrid) add(r Rect) {
	x0, y0, x1, y1 := g.span(r)
	for x := x0; x <= x1; x++ {
		for y := y0; y <= y1; y++ {
			k := [2]int{x, y}
			g.cells[k] = append(g.cells[k], r)
		}
	}
}

// labelRule returns whether a place of this kind gets a label at the scale
// (pixels per km), and its priority. More labels show as the map zooms in:
// cities always, towns from about the north-west view, villages and sites
// closer still.
func labelRule(p geo.Place, scale float64) (bool, float64) {
	pri := float64(p.Population)
	switch p.Importance() {
	case 3:
		return true, pri + 5e9
	case 2:
		return scale >= 1.4, pri + 2e9
	}
	return scale >= 4, pri + 1e9
}

// firstPass is the priority from which a label may cover small symbols:
// cities, and places an event touched this day.
const firstPass = 3e9

// countryLabels anchor the names of the neighbours, in lon/lat.
var countryLabels = []struct {
	name string
	at   orb.Point
}{
	{"TURKEY", orb.Point{37.6, 37.75}},
	{"IRAQ", orb.Point{42.3, 34.2}},
	{"JORDAN", orb.Point{37.2, 32.0}},
	{"LEBANON", orb.Point{35.55, 33.55}},
	{"Mediterranean Sea", orb.Point{35.0, 34.6}},
}

func (b *Builder) labels(s *Scene, f Frame, day *sim.Day) {
	a := b.TL.Graph.Atlas
	v := f.View
	tz := f.TextZoom
	grid := newBoxGrid(64)
	minor := newBoxGrid(64) // small symbols: they give way to city names
	for _, r := range f.Avoid {
		grid.add(r)
	}
	// Cut marks are the day's news on the roads: keep them clear.
	if f.Show.Roads {
		vc := b.viewGeometry(v)
		for k, r := range day.Roads() {
			if r.Status != sim.CutStat || vc.segs[k] == nil {
				continue
			}
			if mid, ok := Midpoint(vc.segs[k]); ok {
				grid.add(Rect{float64(mid.X) - 12, float64(mid.Y) - 12, 24, 24})
			}
		}
	}
	// Symbols claim their space first, so no label covers a place.
	for _, m := range s.Markers {
		box := Rect{float64(m.X - m.R), float64(m.Y - m.R), float64(2 * m.R), float64(2 * m.R)}
		if a.Places()[m.Place].Importance() < 3 && !m.Highlight {
			minor.add(box)
		} else {
			grid.add(box)
		}
	}
	var cands []labelCandidate
	highlighted := map[int]bool{}
	for _, m := range s.Markers {
		if m.Highlight {
			highlighted[m.Place] = true
		}
	}
	for _, m := range s.Markers {
		p := a.Places()[m.Place]
		show, pri := labelRule(p, v.Scale)
		special := highlighted[m.Place] || m.Place == f.Pinned
		if !show && !special {
			continue
		}
		if special {
			pri += 2e9 // the day's story, after the cities that orient it
		}
		size := map[int]float64{3: 15, 2: 13, 1: 11.5}[p.Importance()] * tz
		cands = append(cands, labelCandidate{text: p.Name, size: size, bold: p.Importance() == 3 || special,
			priority: pri, place: m.Place, x: float64(m.X), y: float64(m.Y), r: float64(m.R)})
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].priority != cands[j].priority {
			return cands[i].priority > cands[j].priority
		}
		return cands[i].place < cands[j].place
	})
	// place puts c's label in the first of its positions that is free:
	// beside its symbol, then a little further out. Every label keeps
	// off every symbol. The map must name a city and the day's places
	// (story): they may stand further out, and, when no position is free,
	// cover small symbols. A minor label is left out rather than put where
	// it would pass for a neighbour's.
	place := func(c labelCandidate, story bool) {
		w := b.width(c.text, c.size, c.bold)
		h := c.size * 1.2
		halo := 1.5
		gaps := []float64{c.r + 4, c.r + 10}
		if story {
			gaps = append(gaps, c.r+18, c.r+28)
		}
		var options []Rect
		for _, gap := range gaps {
			options = append(options,
				Rect{c.x + gap, c.y - h/2, w, h},             // right
				Rect{c.x - gap - w, c.y - h/2, w, h},         // left
				Rect{c.x - w/2, c.y - gap - h, w, h},         // above
				Rect{c.x - w/2, c.y + gap, w, h},             // below
				Rect{c.x + gap*0.7, c.y - gap*0.7 - h, w, h}, // above right
				Rect{c.x + gap*0.7, c.y + gap*0.7, w, h},     // below right
				Rect{c.x - gap*0.7 - w, c.y - gap*0.7 - h, w, h},
				Rect{c.x - gap*0.7 - w, c.y + gap*0.7, w, h})
		}
		free := func(box Rect, coverMinor bool) bool {
			return v.Rect.Contains(box.X, box.Y) && v.Rect.Contains(box.X+box.W, box.Y+box.H) && !grid.hits(box) && (coverMinor || !minor.hits(box))
		}
		passes := []bool{false}
		if story {
			passes = append(passes, true)
		}
		for _, coverMinor := range passes {
			for k, o := range options {
				if coverMinor && k >= 8 {
					break // covering, it stays by its own symbol
				}
				box := Rect{o.X - halo, o.Y - halo, o.W + 2*halo, o.H + 2*halo}
				if !free(box, coverMinor) {
					continue
				}
				grid.add(box)
				s.Labels = append(s.Labels, Label{Text: c.text, X: float32(o.X), Y: float32(o.Y), Size: c.size, Bold: c.bold,
					Colour: InkColour, Halo: CasingColour, Box: box, Place: c.place})
				return
			}
		}
	}
	// Cities and the day's places first, then the highway shields, then
	// the rest: the story before the detail.
	rest := cands[:0:0]
	for _, c := range cands {
		if c.priority >= firstPass {
			place(c, true)
		} else {
			rest = append(rest, c)
		}
	}
	for _, sh := range b.shields(v, tz, day) {
		w := b.width(sh.text, sh.size, true) + 8
		h := sh.size + 5
		box := Rect{sh.x - w/2, sh.y - h/2, w, h}
		if !v.Rect.Inset(2).Contains(box.X, box.Y) || !v.Rect.Inset(2).Contains(box.X+box.W, box.Y+box.H) || grid.hits(box) {
			continue
		}
		grid.add(box)
		s.Labels = append(s.Labels, Label{Text: sh.text, X: float32(box.X + 4), Y: float32(box.Y + 2.5), Size: sh.size, Bold: true,
			Colour: CasingColour, Box: box, Place: -1, Shield: true, Fill: InkColour})
	}
	for _, c := range rest {
		place(c, false)
	}
	for _, cl := range countryLabels {
		x, y := v.ToScreen(cl.at)
		size := 13 * tz
		w := b.width(cl.name, size, false)
		box := Rect{x - w/2 - 2, y - size*0.6 - 2, w + 4, size*1.2 + 4}
		if !v.Rect.Contains(box.X, box.Y) || !v.Rect.Contains(box.X+box.W, box.Y+box.H) || grid.hits(box) {
			continue
		}
		grid.add(box)
		s.Labels = append(s.Labels, Label{Text: cl.name, X: float32(box.X + 2), Y: float32(box.Y + 2), Size: size,
			Colour: MutedInk, Halo: WithAlpha(CasingColour, 0.6), Box: box, Place: -1})
	}
}

type shield struct {
	text string
	x, y float64
	size float64
}

// shields places highway shields at the middle of long visible highway
// segments, at most one per 220 pixels of road, and never on a cut segment,
// whose middle carries the cut mark.
func (b *Builder) shields(v View, tz float64, day *sim.Day) []shield {
	a := b.TL.Graph.Atlas
	var out []shield
	for _, h := range b.TL.Scenario.Watch.Roads {
		var placed [][2]float64
		for k, seg := range a.Segments() {
			if seg.Road != h || day.Road(k).Status == sim.CutStat {
				continue
			}
			pts := ring(v, seg.Line)
			mid, ok := Midpoint(pts)
			if !ok || !v.Rect.Contains(float64(mid.X), float64(mid.Y)) {
				continue
			}
			l := math.Hypot(float64(pts[len(pts)-1].X-pts[0].X), float64(pts[len(pts)-1].Y-pts[0].Y))
			if l < 40 {
				continue
			}
			near := false
			for _, p := range placed {
				if math.Hypot(p[0]-float64(mid.X), p[1]-float64(mid.Y)) < 220 {
					near = true
				}
			}
			if near {
				continue
			}
			placed = append(placed, [2]float64{float64(mid.X), float64(mid.Y)})
			out = append(out, shield{text: h, x: float64(mid.X), y: float64(mid.Y), size: 12 * tz})
		}
	}
	return out
}

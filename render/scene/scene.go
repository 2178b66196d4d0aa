package scene

import (
	"image/color"
	"math"
	"sort"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

// Pt is a point on the screen, in pixels.
type Pt struct{ X, Y float32 }

// Fill is a polygon to fill: its rings are filled even-odd.
type Fill struct {
	Rings  [][]Pt
	Colour color.RGBA // straight alpha
}

// Stroke is a polyline to draw.
type Stroke struct {
	Points []Pt
	Width  float32
	Colour color.RGBA
	Round  bool // round caps and joins
}

// Layer is a named group of fills drawn before its strokes. The viewer's
// layer toggles switch layers by name.
type Layer struct {
	Name    string
	Fills   []Fill
	Strokes []Stroke
}

// Shape is the symbol of a place kind.
type Shape int

// The symbol shapes.
const (
	Circle Shape = iota
	Square
	Triangle
	Diamond
)

// Marker is the symbol of one place.
type Marker struct {
	Place   int     // index in Atlas.Places
	X, Y, R float32 // centre and radius in pixels
	Shape   Shape
	Fill    color.RGBA // the controller's colour
	Outline color.RGBA
	// Ring marks a contested (solid ring) or claimed (dashed ring) place in
	// the colour of the side that contests or claims it.
	Ring       color.RGBA
	RingDashed bool
	HasRing    bool
	Highlight  bool    // an event touched the place today, or it is pinned
	Scale      float32 // ring and outline widths scale with the scene; 0 means 1
}

// Label is a piece of text on the map.
type Label struct {
	Text   string
	X, Y   float32 // top-left of the text box
	Size   float64 // font size in pixels
	Bold   bool
	Colour color.RGBA
	Halo   color.RGBA
	Box    Rect // the area the label claims, halo included
	Place  int  // index of the labelled place, or -1
	Shield bool // a road shield: text on a filled box
	Fill   color.RGBA
	Scale  float32 // halo and border widths scale with the scene; 0 means 1
}

// Scene is everything the map shows for one frame, as plain data: what to
// draw, where, and in which colour. Backends only paint it: the Ebiten
// viewer (package render), render/raster and render/svg.
//
// A backend paints, in order: the background (unless it is transparent),
// the boxes, the layers (each layer's fills, then its strokes), the
// markers, the labels, and then the overlay, a scene of its own (the
// chrome of an exported frame). Panes, painted after the background, are
// scenes of their own clipped to their size at their place: the two
// halves of an exported compare (CompareScene).
type Scene struct {
	W, H       int
	Background color.RGBA
	Panes      []Pane
	Boxes      []Box
	Layers     []Layer
	Markers    []Marker
	Labels     []Label
	Overlay    *Scene
}

// Pane is a scene painted within the W×H rectangle at (X, Y) of the scene
// that holds it, in its own coordinates, and clipped to it.
type Pane struct {
	X, Y  int
	Scene *Scene
}

// Layer names.
const (
	LayerBasemap   = "basemap"
	LayerTerritory = "territory"
	LayerWater     = "water"
	LayerRoads     = "roads"
	LayerFront     = "front"
)

// Show says which optional layers to draw.
type Show struct {
	Territory, Roads, Labels bool
}

// ShowAll is the default: every layer on.
var ShowAll = Show{Territory: true, Roads: true, Labels: true}

// Frame is what the viewer asks the scene builder for: a moment between
// two days of the timeline, through a view.
type Frame struct {
	From, To int     // day indexes; From == To when settled
	T        float64 // progress from From to To in [0, 1]
	View     View
	Show     Show
	Pinned   int     // place index or -1
	TextZoom float64 // 1 normally, larger in presenter mode
	Avoid    []Rect  // screen areas under the chrome, kept free of labels
	// Banner is the part of the map the WHAT-IF and PROJECTED banners
	// keep within: the half a map shows of itself in compare mode's side
	// by side; zero for the whole view.
	Banner Rect
}

// bannerArea is where f's banners go: f.Banner, or the whole view.
func (f Frame) bannerArea() Rect {
	if f.Banner.W > 0 && f.Banner.H > 0 {
		return f.Banner
	}
	return f.View.Rect
}

// Settled returns a frame showing day i with nothing in transition.
func Settled(i int, v View) Frame {
	return Frame{From: i, To: i, T: 1, View: v, Show: ShowAll, Pinned: -1, TextZoom: 1}
}

// Builder builds scenes from a timeline. It holds what does not change
// from frame to frame (parsed colours, cells, label widths) and is not
// safe for concurrent use.
type Builder struct {
	TL       *sim.Timeline
	colours  map[string]color.RGBA
	patterns map[string]string
	widths   map[widthKey]float64
	// displaced holds a screen offset direction for places that share a
	// point with others (anchored places), so their symbols fan out as in
	// a point-displacement renderer.
	displaced []float64 // angle in radians, NaN when not displaced
	cache     viewCache
	// Sim, when set, is the simulation the timeline's days are the most
	// likely days of: the territory is shaded by probability and
	// projected days are hatched and bannered.
	Sim *Sim
	// Compare, when set, is compare mode's pairing of two simulations,
	// this builder's and another: the legend explains the difference
	// layer, which CompareMarks draws (on the what-if's side).
	Compare      *SimCompare
	CompareMarks bool
}

// viewCache holds what depends only on the view: the basemap layers and
// the screen geometry of cells, segments and borders. Frames of a
// transition share one view, so they rebuild only colours.
type viewCache struct {
	valid          bool
	v              View
	basemap, water Layer
	segs           [][]Pt // per segment: screen polyline, nil off screen
	days           map[*sim.Day]*dayGeom
	sims           map[int][]Fill // a simulation's shaded territory per day index
	projected      []Stroke       // the projection hatching
}

// dayGeom is a day's territory in screen space: the dissolved polygons per
// faction and the front lines, as sim computed them (render draws, it does
// not decide what is front).
type dayGeom struct {
	factions []string                    // sorted
	rings    map[string][][]Pt           // per faction: every ring, holes included (even-odd)
	polys    map[string]orb.MultiPolygon // the same, simplified to a pixel, for pattern clipping
	fronts   [][]Pt
	patterns []Stroke // built on first use: they depend only on the view, the day and the alpha
	patOK    bool
	patAlpha float64
}

// dayGeometry projects day d's territory for the cached view.
func (c *viewCache) dayGeometry(d *sim.Day) *dayGeom {
	if g, ok := c.days[d]; ok {
		return g
	}
	v, vb := c.v, c.v.Bounds()
	g := &dayGeom{rings: map[string][][]Pt{}, polys: map[string]orb.MultiPolygon{}}
	for f, mp := range d.Geometry.Polygons {
		g.factions = append(g.factions, f)
		for _, poly := range mp {
			if !visible(vb, poly.Bound()) {
				continue
			}
			var sp orb.Polygon
			for _, r := range poly {
				pts := ring(v, r)
				g.rings[f] = append(g.rings[f], pts)
				sp = append(sp, simplify.DouglasPeucker(1).Ring(toOrb(pts)))
			}
			g.polys[f] = append(g.polys[f], sp)
		}
	}
	sort.Strings(g.factions)
	for _, fr := range d.Geometry.Fronts {
		for _, ls := range fr.Lines {
			if visible(vb, ls.Bound()) {
				g.fronts = append(g.fronts, ring(v, ls))
			}
		}
	}
	c.days[d] = g
	return g
}

func (b *Builder) viewGeometry(v View) *viewCache {
	c := &b.cache
	if c.valid && c.v == v {
		return c
	}
	vb := v.Bounds()
	*c = viewCache{valid: true, v: v, basemap: b.basemap(v, vb), water: b.water(v, vb)}
	c.days = map[*sim.Day]*dayGeom{}
	c.sims = map[int][]Fill{}
	segs := b.TL.Graph.Atlas.Segments()
	c.segs = make([][]Pt, len(segs))
	for k, seg := range segs {
		if seg.LengthKm > 0 && visible(vb, seg.Line.Bound()) {
			c.segs[k] = ring(v, seg.Line)
		}
	}
	return c
}

type widthKey struct {
	text string
	size float64
	bold bool
}

// NewBuilder prepares a scene builder for tl.
func NewBuilder(tl *sim.Timeline) *Builder {
	b := &Builder{TL: tl, colours: map[string]color.RGBA{}, patterns: map[string]string{}, widths: map[widthKey]float64{}}
	for _, f := range tl.Scenario.Factions {
		c, err := ParseColour(f.Colour)
		if err != nil {
			c = NeutralColour
		}
		b.colours[f.ID] = c
		b.patterns[f.ID] = f.Pattern
	}
	places := tl.Graph.Atlas.Places()
	b.displaced = make([]float64, len(places))
	groups := map[orb.Point][]int{}
	for i, p := range places {
		b.displaced[i] = math.NaN()
		groups[p.Point] = append(groups[p.Point], i)
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		for k, i := range g {
			b.displaced[i] = 2*math.Pi*float64(k)/float64(len(g)) - math.Pi/2
		}
	}
	return b
}

// Colour returns a faction's colour; nobody is neutral grey.
func (b *Builder) Colour(faction string) color.RGBA {
	if c, ok := b.colours[faction]; ok {
		return c
	}
	return NeutralColour
}

func (b *Builder) width(text string, size float64, bold bool) float64 {
	k := widthKey{text, size, bold}
	if w, ok := b.widths[k]; ok {
		return w
	}
	w := TextWidth(text, size, bold)
	b.widths[k] = w
	return w
}

// PlacePoint returns the screen position of place i's symbol: its point,
// fanned out when it shares the point with other places.
func (b *Builder) PlacePoint(v View, i int) (float64, float64) {
	x, y := v.ToScreen(b.TL.Graph.Atlas.Places()[i].Point)
	if a := b.displaced[i]; !math.IsNaN(a) {
		x += 11 * math.Cos(a)
		y += 11 * math.Sin(a)
	}
	return x, y
}

// Build returns the scene for a frame. It does not modify the timeline,
// but for mapping a lazy simulation's days as they are drawn (Sim.MapDay).
func (b *Builder) Build(f Frame) *Scene {
	b.Sim.MapDay(f.From, f.To)
	v := f.View
	s := &Scene{W: int(v.Rect.X + v.Rect.W), H: int(v.Rect.Y + v.Rect.H), Background: SeaColour}
	from, to := &b.TL.Days[f.From], &b.TL.Days[f.To]
	t := f.T
	if f.From == f.To {
		t = 1
	}
	vc := b.viewGeometry(v)
	s.Layers = append(s.Layers, vc.basemap)
	if f.Show.Territory {
		if b.Sim != nil {
			i, d := f.To, to
			if t < 0.5 {
				i, d = f.From, from
			}
			s.Layers = append(s.Layers, b.simTerritory(vc, i, d))
		} else {
			s.Layers = append(s.Layers, b.territory(vc, from, to, t))
		}
	}
	s.Layers = append(s.Layers, vc.water)
	if f.Show.Roads {
		roads, marks := b.roads(vc, from, to, t)
		s.Layers = append(s.Layers, roads, marks)
	}
	if f.Show.Territory {
		s.Layers = append(s.Layers, b.front(vc, from, to, t))
	}
	shown := f.To
	if t < 0.5 {
		shown = f.From
	}
	projected := b.Projected(shown)
	if projected {
		s.Layers = append(s.Layers, b.projectedLayer(vc))
	}
	if b.Compare != nil && b.CompareMarks && b.Sim != nil {
		s.Layers = append(s.Layers, b.differenceLayer(vc, f, shown))
	}
	b.markers(s, f, from, to, t)
	banner, whatIf := b.whatIfBanner(f.bannerArea(), f.TextZoom, f.Avoid)
	if whatIf {
		f.Avoid = append(append([]Rect(nil), f.Avoid...), banner.Box.Inset(-4))
	}
	var pbanner Label
	if projected {
		pbanner = b.projectedBanner(f.bannerArea(), f.TextZoom, f.Avoid)
		f.Avoid = append(append([]Rect(nil), f.Avoid...), pbanner.Box.Inset(-4))
	}
	if f.Show.Labels {
		b.labels(s, f, to)
	}
	if whatIf {
		s.Labels = append(s.Labels, banner)
	}
	if projected {
		s.Labels = append(s.Labels, pbanner)
	}
	return s
}

// whatIfBanner is the label that marks a what-if on the map itself, top
// centre of area, clear of the chrome in avoid (placeBanner), its title
// shortened with "…" where the area is narrow: screenshots and exports
// travel without their window title, and must not pass for the
// documented history.
func (b *Builder) whatIfBanner(area Rect, tz float64, avoid []Rect) (Label, bool) {
	sc := b.TL.Scenario
	if !sc.WhatIf {
		return Label{}, false
	}
	if tz == 0 {
		tz = 1
	}
	text := "WHAT-IF · " + safetext.Cap(sc.Title, 60)
	if sc.Title == "" {
		text = "WHAT-IF · " + sc.ID
	}
	// Shortened, it keeps at least a few letters of the title, or says
	// WHAT-IF alone.
	keep := []rune(text)
	keep = keep[:min(len(keep), len([]rune("WHAT-IF · "))+4)]
	return b.placeBanner([]string{text, "WHAT-IF"}, string(keep), 15*tz, area, avoid, WhatIfColour), true
}

// ring projects a lon/lat ring to the screen.
func ring(v View, r []orb.Point) []Pt {
	out := make([]Pt, len(r))
	for i, p := range r {
		x, y := v.ToScreen(p)
		out[i] = Pt{float32(x), float32(y)}
	}
	return out
}

func visible(vb orb.Bound, g orb.Bound) bool { return vb.Intersects(g) }

func (b *Builder) basemap(v View, vb orb.Bound) Layer {
	l := Layer{Name: LayerBasemap}
	bm := b.TL.Graph.Atlas.Basemap()
	if bm == nil {
		return l
	}
	l.Fills = append(l.Fills, beyond(v, vb, bm.Bound)...)
	for _, c := range bm.Countries {
		col := LandColour
		if c.ISO == "SYR" {
			col = SyriaColour
		}
		for _, poly := range c.Polygon {
			if !visible(vb, poly.Bound()) {
				continue
			}
			l.Fills = append(l.Fills, polygonFill(v, poly, col))
			// Syria's own border is drawn over the territory, in water().
			if c.ISO != "SYR" {
				for _, part := range offEdge(poly[0], bm.Bound) {
					l.Strokes = append(l.Strokes, Stroke{Points: ring(v, part), Width: 1, Colour: BorderColour})
				}
			}
		}
	}
	return l
}

// offEdge splits a ring into the runs of edges that do not lie along the
// edge of the basemap's box: where the neighbours are clipped is no
// border, and is not drawn as one.
func offEdge(r orb.Ring, b orb.Bound) []orb.LineString {
	const eps = 1e-6
	on := func(p, q orb.Point) bool {
		for k := 0; k < 2; k++ {
			for _, e := range []float64{b.Min[k], b.Max[k]} {
				if math.Abs(p[k]-e) < eps && math.Abs(q[k]-e) < eps {
					return true
				}
			}
		}
		return false
	}
	var out []orb.LineString
	var cur orb.LineString
	for i := 1; i < len(r); i++ {
		if on(r[i-1], r[i]) {
			if len(cur) > 1 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		if len(cur) == 0 {
			cur = orb.LineString{r[i-1]}
		}
		cur = append(cur, r[i])
	}
	if len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}

// beyond returns land-coloured fills for the parts of the view east,
// north and south of the basemap's box (lon 34.5–43.5, lat 31.5–38.5),
// which are land (Iraq and Iran, Turkey, Sinai and Arabia): without them a
// wide view shows the background's sea where there is none. West of the
// box is the Mediterranean, which the background already is.
func beyond(v View, vb, bm orb.Bound) []Fill {
	if bm.IsEmpty() {
		return nil
	}
	far := 10.0 // degrees past the view, so the fills cover it whole
	var rects []orb.Bound
	if vb.Max[0] > bm.Max[0] {
		rects = append(rects, orb.Bound{Min: orb.Point{bm.Max[0], vb.Min[1] - far}, Max: orb.Point{vb.Max[0] + far, vb.Max[1] + far}})
	}
	if vb.Max[1] > bm.Max[1] {
		rects = append(rects, orb.Bound{Min: orb.Point{bm.Min[0], bm.Max[1]}, Max: orb.Point{bm.Max[0], vb.Max[1] + far}})
	}
	if vb.Min[1] < bm.Min[1] {
		rects = append(rects, orb.Bound{Min: orb.Point{bm.Min[0], vb.Min[1] - far}, Max: orb.Point{bm.Max[0], bm.Min[1]}})
	}
	var out []Fill
	for _, r := range rects {
		out = append(out, polygonFill(v, r.ToPolygon(), LandColour))
	}
	return out
}

// polygonFill projects a polygon, holes included, to a fill.
func polygonFill(v View, poly orb.Polygon, col color.RGBA) Fill {
	f := Fill{Colour: col}
	for _, r := range poly {
		f.Rings = append(f.Rings, ring(v, r))
	}
	return f
}

func (b *Builder) water(v View, vb orb.Bound) Layer {
	l := Layer{Name: LayerWater}
	bm := b.TL.Graph.Atlas.Basemap()
	if bm == nil {
		return l
	}
	for _, lake := range bm.Lakes {
		for _, poly := range lake.Polygon {
			if visible(vb, poly.Bound()) {
				l.Fills = append(l.Fills, polygonFill(v, poly, LakeColour))
			}
		}
	}
	w := float32(math.Max(1.2, math.Min(3, v.Scale*0.6)))
	for _, r := range bm.Rivers {
		for _, ls := range r.Lines {
			if visible(vb, ls.Bound()) {
				l.Strokes = append(l.Strokes, Stroke{Points: ring(v, ls), Width: w, Colour: RiverColour, Round: true})
			}
		}
	}
	// Syria's border goes over the territory so the country reads as one.
	for _, c := range bm.Countries {
		if c.ISO != "SYR" {
			continue
		}
		for _, poly := range c.Polygon {
			l.Strokes = append(l.Strokes, Stroke{Points: ring(v, poly[0]), Width: 2.2, Colour: SyriaBorder, Round: true})
		}
	}
	return l
}

// controllerAt returns the colour of place i in transition from day a to
// day b at progress t.
func (b *Builder) controllerColour(a, d *sim.Day, i int, t float64) color.RGBA {
	ca, cb := b.Colour(a.Place(i).Controller), b.Colour(d.Place(i).Controller)
	return Mix(ca, cb, t)
}

func (b *Builder) territory(vc *viewCache, from, to *sim.Day, t float64) Layer {
	l := Layer{Name: LayerTerritory}
	// A transition shows the day it is nearer to; the viewer cross-fades
	// its cached day pictures on top of this.
	d := to
	if t < 0.5 {
		d = from
	}
	g := vc.dayGeometry(d)
	for _, f := range g.factions {
		rings := g.rings[f]
		if len(rings) == 0 {
			continue
		}
		l.Fills = append(l.Fills, Fill{Rings: rings, Colour: WithAlpha(b.Colour(f), TerritoryOpacity)})
	}
	l.Strokes = append(l.Strokes, b.dayPatterns(g, 1)...)
	return l
}

func toOrb(pts []Pt) orb.Ring {
	r := make(orb.Ring, len(pts))
	for i, p := range pts {
		r[i] = orb.Point{float64(p.X), float64(p.Y)}
	}
	return r
}

// pattern returns the pattern strokes of faction f over the screen polygon
// mp, at opacity alpha.
func (b *Builder) pattern(mp orb.MultiPolygon, f string, alpha float64) []Stroke {
	if alpha <= 0.01 {
		return nil
	}
	col := WithAlpha(Darken(b.Colour(f), 0.3), 0.55*alpha)
	return Hatch(mp, b.patterns[f], 9, 1.1, col)
}

// roads returns the road network, and the cut marks as a layer of their own
// so that they paint over every highway.
func (b *Builder) roads(vc *viewCache, from, to *sim.Day, t float64) (Layer, Layer) {
	l := Layer{Name: LayerRoads}
	a := b.TL.Graph.Atlas
	minor := float32(math.Max(1, math.Min(2.2, vc.v.Scale*0.7)))
	var casings, highways, marks []Stroke
	for k, seg := range a.Segments() {
		pts := vc.segs[k]
		if pts == nil {
			continue
		}
		if !b.TL.Scenario.Watch.Watches(seg.Road) {
			l.Strokes = append(l.Strokes, Stroke{Points: pts, Width: minor, Colour: RoadColour, Round: true})
			continue
		}
		casings = append(casings, Stroke{Points: pts, Width: 7, Colour: CasingColour, Round: true})
		r := to.Road(k)
		prev := from.Road(k)
		switch r.Status {
		case sim.Open:
			col := Darken(b.Colour(r.Controller), 0.2)
			if prev.Status == sim.Open {
				col = Mix(Darken(b.Colour(prev.Controller), 0.2), col, t)
			}
			highways = append(highways, Stroke{Points: pts, Width: 4, Colour: col, Round: true})
		case sim.ContestedRd:
			highways = append(highways, Stroke{Points: pts, Width: 4, Colour: Lighten(ContestedRoad, 0.55), Round: true})
			highways = append(highways, Dash(pts, 7, 5, 4, ContestedRoad)...)
		case sim.CutStat:
			highways = append(highways, Stroke{Points: pts, Width: 4, Colour: Lighten(CutColour, 0.6), Round: true})
			highways = append(highways, Dash(pts, 5, 5, 4, CutColour)...)
			marks = append(marks, CutMark(pts, 8, CutColour)...)
		}
	}
	l.Strokes = append(l.Strokes, casings...)
	l.Strokes = append(l.Strokes, highways...)
	return l, Layer{Name: LayerRoads, Strokes: marks}
}

func (b *Builder) front(vc *viewCache, from, to *sim.Day, t float64) Layer {
	l := Layer{Name: LayerFront}
	d := to
	if t < 0.5 {
		d = from
	}
	var casing, line []Stroke
	for _, pts := range vc.dayGeometry(d).fronts {
		casing = append(casing, Stroke{Points: pts, Width: 6, Colour: WithAlpha(CasingColour, 0.85), Round: true})
		line = append(line, Stroke{Points: pts, Width: 3, Colour: FrontColour, Round: true})
	}
	l.Strokes = append(casing, line...)
	return l
}

// shapeOf maps a place kind to its symbol.
func shapeOf(k geo.Kind) Shape {
	switch k {
	case geo.Airbase:
		return Triangle
	case geo.Site, geo.District, geo.Base:
		return Square
	case geo.Junction:
		return Diamond
	}
	return Circle
}

// radius returns a symbol's radius in pixels: by importance, growing a
// little as the map zooms in.
func radius(p geo.Place, scale, textZoom float64) float32 {
	base := map[int]float64{3: 6.5, 2: 4.8, 1: 3.6}[p.Importance()]
	grow := math.Max(0.85, math.Min(1.6, math.Pow(scale/1.5, 0.25)))
	return float32(base * grow * math.Sqrt(textZoom))
}

func (b *Builder) markers(s *Scene, f Frame, from, to *sim.Day, t float64) {
	a := b.TL.Graph.Atlas
	// Places whose control an event changed or disputed this day; strikes
	// and statements (annotations) are in the panel, not highlighted.
	touched := map[string]bool{}
	for _, k := range to.Events {
		if e := b.TL.Scenario.Events[k]; e.Kind != sim.Annotation {
			touched[e.Target.Place] = true
		}
	}
	for i, p := range a.Places() {
		x, y := b.PlacePoint(f.View, i)
		r := radius(p, f.View.Scale, f.TextZoom)
		if !f.View.Rect.Inset(-float64(r)).Contains(x, y) {
			continue
		}
		st := to.Place(i)
		fill := b.controllerColour(from, to, i, t)
		if sd := b.simDay(f.To); sd != nil {
			fill = b.simMarkerFill(sd, st.Controller, i)
		}
		m := Marker{Place: i, X: float32(x), Y: float32(y), R: r, Shape: shapeOf(p.Kind),
			Fill: fill, Outline: InkColour,
			Highlight: (touched[p.ID] && f.To > 0) || i == f.Pinned}
		switch st.Status {
		case sim.ContestedStat:
			m.HasRing, m.Ring = true, b.Colour(st.By)
			if st.By == "" {
				m.Ring = InkColour
			}
		case sim.ClaimedStat:
			m.HasRing, m.Ring, m.RingDashed = true, b.Colour(st.By), true
		}
		s.Markers = append(s.Markers, m)
	}
	// Larger symbols last, so small ones are not hidden under them.
	sort.SliceStable(s.Markers, func(i, j int) bool { return s.Markers[i].R < s.Markers[j].R })
}

// PlaceAt returns the place whose symbol is under the screen point (x, y),
// the nearest if several are, or -1. It is the hit test for hover and click.
func (s *Scene) PlaceAt(x, y float64) int {
	best, bestD := -1, math.Inf(1)
	for _, m := range s.Markers {
		dx, dy := float64(m.X)-x, float64(m.Y)-y
		d := math.Hypot(dx, dy)
		if d <= float64(m.R)+5 && d < bestD {
			best, bestD = m.Place, d
		}
	}
	return best
}

// Marker returns the marker of place i, if it is on screen.
func (s *Scene) Marker(i int) (Marker, bool) {
	for _, m := range s.Markers {
		if m.Place == i {
			return m, true
		}
	}
	return Marker{}, false
}

// Scaled returns a copy of s with every position, width and size
// multiplied by k: the painter draws a scene at k times its size and
// shrinks it, which smooths edges far more cheaply than antialiasing each
// path in a software renderer.
func (s *Scene) Scaled(k float64) *Scene {
	kf := float32(k)
	pts := func(in []Pt) []Pt {
		out := make([]Pt, len(in))
		for i, p := range in {
			out[i] = Pt{p.X * kf, p.Y * kf}
		}
		return out
	}
	rect := func(r Rect) Rect { return Rect{r.X * k, r.Y * k, r.W * k, r.H * k} }
	out := &Scene{W: int(float64(s.W) * k), H: int(float64(s.H) * k), Background: s.Background}
	for _, bx := range s.Boxes {
		bx.R, bx.Radius = rect(bx.R), bx.Radius*k
		out.Boxes = append(out.Boxes, bx)
	}
	if s.Overlay != nil {
		out.Overlay = s.Overlay.Scaled(k)
	}
	for _, pn := range s.Panes {
		out.Panes = append(out.Panes, Pane{X: int(float64(pn.X) * k), Y: int(float64(pn.Y) * k), Scene: pn.Scene.Scaled(k)})
	}
	for _, l := range s.Layers {
		nl := Layer{Name: l.Name}
		for _, f := range l.Fills {
			nf := Fill{Colour: f.Colour}
			for _, r := range f.Rings {
				nf.Rings = append(nf.Rings, pts(r))
			}
			nl.Fills = append(nl.Fills, nf)
		}
		for _, st := range l.Strokes {
			nl.Strokes = append(nl.Strokes, Stroke{Points: pts(st.Points), Width: st.Width * kf, Colour: st.Colour, Round: st.Round})
		}
		out.Layers = append(out.Layers, nl)
	}
	for _, m := range s.Markers {
		m.X, m.Y, m.R = m.X*kf, m.Y*kf, m.R*kf
		m.Scale = kf
		out.Markers = append(out.Markers, m)
	}
	for _, lb := range s.Labels {
		lb.X, lb.Y, lb.Size, lb.Box = lb.X*kf, lb.Y*kf, lb.Size*k, rect(lb.Box)
		lb.Scale = kf
		out.Labels = append(out.Labels, lb)
	}
	return out
}

// dayPatterns returns the sides' patterns over g's polygons at the given
// alpha, built once per day, view and alpha. Patterns tell the sides apart
// without hue; a polygon too small to show one is left plain.
func (b *Builder) dayPatterns(g *dayGeom, alpha float64) []Stroke {
	if g.patOK && g.patAlpha == alpha {
		return g.patterns
	}
	g.patOK, g.patAlpha, g.patterns = true, alpha, nil
	for _, f := range g.factions {
		for _, poly := range g.polys[f] {
			bd := poly.Bound()
			if bd.Max[0]-bd.Min[0] < 20 || bd.Max[1]-bd.Min[1] < 20 {
				continue
			}
			g.patterns = append(g.patterns, b.pattern(orb.MultiPolygon{poly}, f, alpha)...)
		}
	}
	return g.patterns
}

// FillGroup is the fills of one colour, painted as one even-odd path.
type FillGroup struct {
	Colour color.RGBA
	Fills  []Fill
}

// GroupFills groups fs by colour, in order of each colour's first
// appearance, so that the viewer and the raster painter stack a scene's
// fills the same way and a colour's overlapping rings are one coverage.
func GroupFills(fs []Fill) []FillGroup {
	var out []FillGroup
	at := map[color.RGBA]int{}
	for _, f := range fs {
		k, ok := at[f.Colour]
		if !ok {
			k = len(out)
			at[f.Colour] = k
			out = append(out, FillGroup{Colour: f.Colour})
		}
		out[k].Fills = append(out[k].Fills, f)
	}
	return out
}

package scene

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// SimCompare is what compare mode shows of two ensembles, A (the history)
// and B (a what-if), run on common random numbers: per simulated day and
// place, how B moves the odds that the place is held by A's most likely
// controller there, with the paired interval.
type SimCompare struct {
	TitleA, TitleB string
	Days           [][]Change // [day][place]
	// HandA and HandB are each side's last day taken from the documents
	// (ensemble.Meta.ForcedUntil; nil in a free run): where they differ,
	// the difference holds the model's days against documented ones as
	// well as the what-if's change, and the note says so.
	HandA, HandB *sim.Date
}

// Change is how B moves the odds of one place on one day.
type Change struct {
	// Holder is A's most likely controller of the place ("" nobody).
	Holder string
	// Held is the difference, B minus A, in the probability that Holder
	// holds it: paired (sim.PairedTally.Held), or of two independent
	// ensembles.
	Held sim.PairedPlace
}

// Moved reports whether c is a change worth showing: at least
// MinChange, with a 95% interval that excludes no change.
func (c Change) Moved() bool {
	d := math.Abs(c.Held.Diff)
	return d >= MinChange && d > c.Held.HalfWidth
}

// MinChange is the smallest change in the odds of holding a place that the
// difference layer and the panel show: 5 points, about the half width of
// the interval of 200 paired runs where the odds move most.
const MinChange = 0.05

// NewSimCompare pairs the two results ra and rb of the atlas a over the
// same days (ensemble.Pair.Results) with their paired tally; with pt nil
// (two saved simulations, whose runs cannot be paired) the interval is
// that of two independent ensembles, which is wider. The changes are per
// place of a, in its order; a place a result does not list does not move.
func NewSimCompare(a *geo.Atlas, ra, rb *ensemble.Result, pt *sim.PairedTally) (*SimCompare, error) {
	places := a.Places()
	if !sameDays(ra, rb) || !slices.Equal(ra.Factions, rb.Factions) || (pt != nil && (pt.A.Days != len(ra.Days) || pt.A.Places != len(places))) {
		return nil, fmt.Errorf("compare: the simulations %q and %q do not cover the same days of the same places and factions; simulate both with the same --until", ra.Title, rb.Title)
	}
	listed := map[string]bool{}
	for _, pl := range ra.Places {
		listed[pl.ID] = true
	}
	c := &SimCompare{TitleA: ra.Title, TitleB: rb.Title, Days: make([][]Change, len(ra.Days)), HandA: ra.ForcedUntil, HandB: rb.ForcedUntil}
	for d := range c.Days {
		c.Days[d] = make([]Change, len(places))
		for i, pl := range places {
			if !listed[pl.ID] {
				c.Days[d][i] = Change{Held: sim.PairedPlace{Place: i}}
				continue
			}
			ca, cb := ra.Days[d].Control[pl.ID], rb.Days[d].Control[pl.ID]
			h := mostLikely(ca)
			ch := Change{Holder: h}
			if pt != nil {
				ch.Held = pt.Held(d, i, slices.Index(ra.Factions, h))
			} else {
				key := h
				if h == "" {
					key = "none"
				}
				ch.Held = unpaired(i, ca[key], ra.Runs, cb[key], rb.Runs)
			}
			c.Days[d][i] = ch
		}
	}
	return c, nil
}

// sameDays reports whether a and b cover the same days.
func sameDays(a, b *ensemble.Result) bool {
	if len(a.Days) != len(b.Days) {
		return false
	}
	for d := range a.Days {
		if a.Days[d].Date != b.Days[d].Date {
			return false
		}
	}
	return true
}

// unpaired is the difference pb − pa of two shares of independent
// ensembles of na and nb runs, with 1.96 standard errors of it.
func unpaired(place int, pa float64, na int, pb float64, nb int) sim.PairedPlace {
	v := pa*(1-pa)/float64(max(1, na)) + pb*(1-pb)/float64(max(1, nb))
	return sim.PairedPlace{Place: place, PA: pa, PB: pb, Diff: pb - pa, HalfWidth: 1.96 * math.Sqrt(v)}
}

// Moves returns the places whose odds B moves on day d, most moved first
// (ties in atlas order).
func (c *SimCompare) Moves(d int) []int {
	if c == nil || d < 0 || d >= len(c.Days) {
		return nil
	}
	var out []int
	for i, ch := range c.Days[d] {
		if ch.Moved() {
			out = append(out, i)
		}
	}
	sort.SliceStable(out, func(x, y int) bool {
		return math.Abs(c.Days[d][out[x]].Held.Diff) > math.Abs(c.Days[d][out[y]].Held.Diff)
	})
	return out
}

// ChangeLine says how B moves place i's odds on day d, as the panel
// lists it: "Hama held by REGIME on 8 Dec: 53% → 6% (±7%)", the odds of
// A's most likely holder in A and in B and the 95% interval of the
// difference.
func (b *Builder) ChangeLine(d, i int) string {
	date := b.TL.Days[min(d, len(b.TL.Days)-1)].Date.Time().Format("2 Jan")
	return b.changeLine(d, i, " on "+date)
}

// changeLine is ChangeLine with when ("" in the note of a day, whose date
// box says it).
func (b *Builder) changeLine(d, i int, when string) string {
	ch := b.Compare.Days[d][i]
	return fmt.Sprintf("%s held by %s%s: %.0f%% → %.0f%% (±%.0f%%)", b.TL.Graph.Atlas.Places()[i].Name, b.shortName(ch.Holder), when,
		100*ch.Held.PA, 100*ch.Held.PB, math.Max(1, math.Round(100*ch.Held.HalfWidth)))
}

// LayerDifference is compare mode's difference layer: a ring on each place
// whose odds the what-if moves.
const LayerDifference = "difference"

// The ends of the difference layer's diverging palette (ColorBrewer RdBu,
// whose ends no faction's colour is near): crimson where the what-if makes
// the history's most likely holder of a place less likely to hold it,
// blue where it makes it likelier, each from a pale tint at no change to
// the full colour at FullChange.
var (
	DiffLoseColour = color.RGBA{0xb2, 0x18, 0x2b, 0xff}
	DiffKeepColour = color.RGBA{0x21, 0x66, 0xac, 0xff}
)

// FullChange is the change in the odds, 50 points, that the difference
// layer draws in its palette's full colour and largest ring.
const FullChange = 0.5

// DiffColour is the difference layer's colour for dp, B's change in the
// odds that the history's most likely holder holds a place.
func DiffColour(dp float64) color.RGBA {
	end := DiffKeepColour
	if dp < 0 {
		end = DiffLoseColour
	}
	return Mix(Lighten(end, 0.55), end, math.Min(1, math.Abs(dp)/FullChange))
}

// DiffRadius is the ring's radius for a change of odds dp at text zoom tz:
// the ring grows with the change, so that size reads as size.
func DiffRadius(dp, tz float64) float64 {
	return (10 + 26*math.Min(1, math.Abs(dp)/FullChange)) * tz
}

// diffRing is the cased ring of a change dp around (x, y).
func diffRing(x, y, dp, tz float64) []Stroke {
	pts := circle(x, y, DiffRadius(dp, tz), 40)
	return []Stroke{{Points: pts, Width: float32(6 * tz), Colour: WithAlpha(CasingColour, 0.9), Round: true},
		{Points: pts, Width: float32(3.2 * tz), Colour: DiffColour(dp), Round: true}}
}

// differenceLayer is the difference layer of day i: each highway
// segment whose odds B moves (segmentChange) drawn in DiffColour, and
// over them each place whose odds B moves (Change.Moved) ringed in
// DiffColour, the ring the larger the larger the change, the largest
// drawn first. It records the symbols it draws in s.
func (b *Builder) differenceLayer(s *Scene, vc *viewCache, f Frame, i int) Layer {
	l := Layer{Name: LayerDifference}
	tz := f.TextZoom
	if tz == 0 {
		tz = 1
	}
	a := b.TL.Graph.Atlas
	for k, seg := range a.Segments() {
		pts := vc.segs[k]
		if pts == nil || !b.TL.Scenario.Watch.Watches(seg.Road) {
			continue
		}
		if dp, ok := b.segmentChange(seg, i); ok {
			l.Strokes = append(l.Strokes, Stroke{Points: pts, Width: float32(9 * tz), Colour: WithAlpha(CasingColour, 0.9), Round: true},
				Stroke{Points: pts, Width: float32(5 * tz), Colour: DiffColour(dp), Round: true})
			s.uses(Symbol{Kind: SymDiffRoad})
		}
	}
	for _, p := range b.Compare.Moves(i) {
		dp := b.Compare.Days[i][p].Held.Diff
		x, y := b.PlacePoint(f.View, p)
		if !f.View.Rect.Inset(-DiffRadius(dp, tz)).Contains(x, y) {
			continue
		}
		l.Strokes = append(l.Strokes, diffRing(x, y, dp, tz)...)
		if dp < 0 {
			s.uses(Symbol{Kind: SymDiffLose})
		} else {
			s.uses(Symbol{Kind: SymDiffKeep})
		}
	}
	return l
}

// segmentChange is how B moves the odds of a road segment's ends on day
// i: the mean of its two ends' changes (Change.Held.Diff), when B moves
// at least one of them (Change.Moved), both the same way, and the mean is
// at least MinChange. The ensembles keep no joint odds of a segment's two
// ends, so this is a display rule that carries the rings' changes along
// the roads between them, not the segment's own paired difference.
func (b *Builder) segmentChange(seg geo.Segment, i int) (float64, bool) {
	a := b.TL.Graph.Atlas
	u, ok1 := a.Index(seg.From)
	v, ok2 := a.Index(seg.To)
	if !ok1 || !ok2 {
		return 0, false
	}
	cu, cv := b.Compare.Days[i][u], b.Compare.Days[i][v]
	if !cu.Moved() && !cv.Moved() || cu.Moved() && cv.Moved() && (cu.Held.Diff > 0) != (cv.Held.Diff > 0) {
		return 0, false
	}
	dp := (cu.Held.Diff + cv.Held.Diff) / 2
	return dp, math.Abs(dp) >= MinChange
}

// legendDiffTitle is the title of the difference rings' rows.
const legendDiffTitle = "ring: the odds move (5–50 points)"

// compareLegendSwatch draws in sw the swatch of a difference row of kind
// k: a small and a large ring, history's likely holder less likely
// (SymDiffLose) or likelier (SymDiffKeep); or a highway drawn in both
// ends of the palette (SymDiffRoad).
func compareLegendSwatch(lay *Layer, k SymbolKind, sw Rect) {
	dp := FullChange
	switch k {
	case SymDiffLose:
		dp = -dp
	case SymDiffRoad:
		cy := float32(sw.Y + sw.H/2)
		for j, c := range []float64{-dp, dp} {
			x0 := float32(sw.X) + float32(j)*float32(sw.W/2)
			line := []Pt{{x0 + 1, cy}, {x0 + float32(sw.W/2) - 1, cy}}
			lay.Strokes = append(lay.Strokes, Stroke{Points: line, Width: 7, Colour: CasingColour, Round: true},
				Stroke{Points: line, Width: 4, Colour: DiffColour(c), Round: true})
		}
		return
	}
	cy := sw.Y + sw.H/2
	small, large := 0.22*sw.H, 0.5*sw.H
	for _, r := range []struct{ x, r, t float64 }{{sw.X + small + 1, small, 0.2}, {sw.X + sw.W - large, large, 1}} {
		pts := circle(r.x, cy, r.r, 28)
		lay.Strokes = append(lay.Strokes, Stroke{Points: pts, Width: 4, Colour: CasingColour, Round: true},
			Stroke{Points: pts, Width: 2.2, Colour: DiffColour(dp * r.t), Round: true})
	}
}

// Compared is compare mode's two simulations: each side's most likely
// days and simulation (SimView), and how B moves the odds.
type Compared struct {
	A, B       *sim.Timeline
	SimA, SimB *Sim
	Diff       *SimCompare
}

// WhatIf returns a builder of the what-if's side, which draws the
// difference layer (CompareMarks).
func (c *Compared) WhatIf() *Builder {
	b := NewBuilder(c.B)
	b.Sim, b.Compare, b.CompareMarks = c.SimB, c.Diff, true
	return b
}

// CompareViews maps the simulations ra of tla and rb of tlb (SimView)
// and pairs them (NewSimCompare; pt nil for two unpaired saved ones).
// progress, if set, is told the steps of mapping both.
func CompareViews(tla *sim.Timeline, ra *ensemble.Result, tlb *sim.Timeline, rb *ensemble.Result, pt *sim.PairedTally, progress func(done, total int)) (*Compared, error) {
	c, err := CompareViewsLazy(tla, ra, tlb, rb, pt)
	if err != nil {
		return nil, err
	}
	tell := func(off int) func(done, total int) {
		return func(done, total int) {
			if progress != nil {
				progress(off+done, 2*total)
			}
		}
	}
	c.SimA.MapAll(tell(0))
	c.SimB.MapAll(tell(2 * len(rb.Days)))
	return c, nil
}

// CompareViewsLazy is CompareViews with each side's days mapped as they
// are drawn (SimViewLazy).
func CompareViewsLazy(tla *sim.Timeline, ra *ensemble.Result, tlb *sim.Timeline, rb *ensemble.Result, pt *sim.PairedTally) (*Compared, error) {
	diff, err := NewSimCompare(tla.Graph.Atlas, ra, rb, pt)
	if err != nil {
		return nil, err
	}
	c := &Compared{Diff: diff}
	if c.A, c.SimA, err = SimViewLazy(tla, ra); err != nil {
		return nil, err
	}
	if c.B, c.SimB, err = SimViewLazy(tlb, rb); err != nil {
		return nil, err
	}
	return c, nil
}

// FirstMove returns the first day on which B moves the odds of any place
// (Moves), or -1 if it never does.
func (c *SimCompare) FirstMove() int {
	if c == nil {
		return -1
	}
	for d := range c.Days {
		if len(c.Moves(d)) > 0 {
			return d
		}
	}
	return -1
}

// PairedMessages say how the what-if moves the odds on day i, as compare
// mode's note shows it, the fullest first (CompareNote shows the first
// that fits): the number of places it moves, over runs paired runs, and
// the most moved of those in the view v and not under its chrome (hide,
// in v's coordinates) (ChangeLine, at most four, then fewer), so that the
// note names places the reader can see. b is the history's side, with
// Compare set.
func (b *Builder) PairedMessages(i, runs int, v View, hide []Rect) []string {
	d := b.TL.Days[i].Date
	moves := b.Compare.Moves(i)
	if len(moves) == 0 {
		if first := b.Compare.FirstMove(); first > i {
			return []string{fmt.Sprintf("%s: the what-if moves no place's odds by %.0f points yet; it does from %s (%d paired runs).",
				LongDate(d), 100*MinChange, LongDate(b.TL.Days[first].Date), runs)}
		}
		return []string{fmt.Sprintf("%s: the what-if moves no place's odds by %.0f points or more (%d paired runs).", LongDate(d), 100*MinChange, runs)}
	}
	var seen []int
	for _, p := range moves {
		x, y := v.ToScreen(b.TL.Graph.Atlas.Places()[p].Point)
		if v.Rect.Contains(x, y) && !slices.ContainsFunc(hide, func(r Rect) bool { return r.Contains(x, y) }) {
			seen = append(seen, p)
		}
	}
	places := "places"
	if len(moves) == 1 {
		places = "place"
	}
	head := fmt.Sprintf("The what-if moves the odds of %d %s, ringed (%d paired runs, 95%% intervals%s)", len(moves), places, runs, b.Compare.handOverNote())
	var out []string
	for n := min(4, len(seen)); n > 0; n-- {
		parts := make([]string, 0, n+1)
		for _, p := range seen[:n] {
			parts = append(parts, b.changeLine(i, p, ""))
		}
		if len(moves) > n {
			parts = append(parts, fmt.Sprintf("and %d more", len(moves)-n))
		}
		out = append(out, fmt.Sprintf("%s. %s.", head, strings.Join(parts, "; ")))
	}
	return append(out, head+".")
}

// handOverNote is what the note adds of the days each side takes from
// the documents, so that a reader knows what the left half is: the model's
// days of the history too, on the paired compare's one hand-over ("; both
// follow the documents to 28 Nov", "; both modelled from the start"), or,
// for two saved simulations that hand over on different days, that the
// rings hold the model's days against documented ones as well as the
// what-if's change ("; left follows the documents to 4 Dec, right to 28
// Nov").
func (c *SimCompare) handOverNote() string {
	to := func(d *sim.Date) string {
		if d == nil {
			return "not at all"
		}
		return "to " + d.Time().Format("2 Jan")
	}
	switch {
	case c.HandA == nil && c.HandB == nil:
		return "; both modelled from the start"
	case c.HandA != nil && c.HandB != nil && *c.HandA == *c.HandB:
		return "; both follow the documents " + to(c.HandA)
	}
	return fmt.Sprintf("; left follows the documents %s, right %s", to(c.HandA), to(c.HandB))
}

// CompareLabels lays out the labels that name compare mode's two sides
// over the map area m, split at x: their texts, shortened to fit a half,
// and boxes, each on its side of the split in CompareLabelBand.
func CompareLabels(m Rect, x float64, leftTitle, rightTitle string, tz float64) (left, right string, lr, rr Rect) {
	size := 14 * tz
	band := CompareLabelBand(m, tz)
	half := m.W/2 - 36
	left = FitText("left: "+leftTitle, size, true, half)
	right = FitText("right: "+rightTitle, size, true, half)
	lw, rw := TextWidth(left, size, true)+16, TextWidth(right, size, true)+16
	return left, right, Rect{X: x - lw - 6, Y: band.Y, W: lw, H: band.H}, Rect{X: x + 6, Y: band.Y, W: rw, H: band.H}
}

// DividerCasing and DividerLine are the widths of compare mode's line
// between the sides: a white casing and a dark line in it.
const DividerCasing, DividerLine = 5, 2

// comparePanes are the two panes of a compare over the view v, the
// history's on the left and the what-if's on the right, split at x, and
// the view of each in its own coordinates: the middle half of v, so that
// both centre on the same point at the same scale.
func comparePanes(v View) (x float64, panes [2]Rect, views [2]View) {
	m := v.Rect
	x = math.Round(m.X + m.W/2)
	panes = [2]Rect{{X: m.X, Y: m.Y, W: x - m.X, H: m.H}, {X: x, Y: m.Y, W: m.X + m.W - x, H: m.H}}
	for k, r := range panes {
		views[k] = View{Center: v.Center, Scale: v.Scale, Rect: Rect{W: r.W, H: r.H}}
	}
	return x, panes, views
}

// CompareChrome is the layout of the chrome of a compare picture: the
// symbols its legend lists (both panes', the what-if's difference layer
// with them), the sides' labels, the note and its lines, and the areas
// that the panes' labels keep clear of, in the picture's coordinates.
type CompareChrome struct {
	Symbols       []Symbol
	Left, Right   string
	LeftR, RightR Rect
	Note          Rect
	NoteLines     []string
	Avoid         []Rect
}

// CompareLayout lays out the chrome of day i of the compare of a (the
// history, with Compare set) and b (the what-if, with Compare and
// CompareMarks set) over the view v at text zoom tz.
func CompareLayout(a, b *Builder, i int, v View, tz float64) CompareChrome {
	m := v.Rect
	x, _, views := comparePanes(v)
	var lists [][]Symbol
	for k, side := range []*Builder{a, b} {
		f := Settled(i, views[k])
		f.TextZoom = tz
		lists = append(lists, side.Symbols(f))
	}
	c := CompareChrome{Symbols: a.MergeSymbols(lists...)}
	c.Left, c.Right, c.LeftR, c.RightR = CompareLabels(m, x, a.TL.Scenario.Title, b.TL.Scenario.Title, tz)
	leg := a.LegendRect(c.Symbols, m, tz)
	c.Avoid = append(a.ChromeAvoidOf(i, v, tz, c.Symbols), c.LeftR.Inset(-4), c.RightR.Inset(-4))
	// The places it names are in the what-if's pane, clear of its chrome.
	var hide []Rect
	for _, r := range c.Avoid {
		hide = append(hide, Rect{X: r.X - x, Y: r.Y - m.Y, W: r.W, H: r.H})
	}
	c.Note, c.NoteLines = CompareNote(a.TL, i, v, tz, leg, a.PairedMessages(i, a.Sim.Runs, views[1], hide), 14*tz)
	c.Avoid = append(c.Avoid, c.Note.Inset(-4))
	return c
}

// CompareScene is an exported picture of day i of a compare by ensembles,
// as the viewer shows it side by side over the view v: the history (a,
// with Compare set) in the left pane and the what-if (b, with Compare and
// CompareMarks set) in the right (comparePanes); over them the divider,
// the chrome of a (date, legend of both panes' symbols, scale, credit),
// the sides' labels and the note of the places whose odds move most
// (CompareLayout).
func CompareScene(a, b *Builder, i int, v View, tz float64) *Scene {
	m := v.Rect
	c := CompareLayout(a, b, i, v, tz)
	o := a.ChromeWith(i, v, tz, ChromeAll, c.Symbols)
	size := 14 * tz
	for _, l := range []struct {
		text string
		r    Rect
	}{{c.Left, c.LeftR}, {c.Right, c.RightR}} {
		o.Boxes = append(o.Boxes, Box{R: l.r, Radius: 4, Fill: WithAlpha(PanelColour, 0.94), Border: InkColour})
		o.text(l.text, size, true, l.r.X+8, l.r.Y+5, InkColour)
	}
	o.Boxes = append(o.Boxes, Box{R: c.Note, Radius: 5, Fill: WithAlpha(PanelColour, 0.94), Border: InkColour})
	for k, l := range c.NoteLines {
		o.text(l, size, false, c.Note.X+12, c.Note.Y+7+float64(k)*size*1.35, InkColour)
	}
	x, panes, views := comparePanes(v)
	line := []Pt{{float32(x), float32(m.Y)}, {float32(x), float32(m.Y + m.H)}}
	o.Layers = append(o.Layers, Layer{Name: "divider", Strokes: []Stroke{
		{Points: line, Width: DividerCasing, Colour: CasingColour}, {Points: line, Width: DividerLine, Colour: InkColour}}})

	s := &Scene{W: int(m.X + m.W), H: int(m.Y + m.H), Background: SeaColour, Overlay: o}
	for k, side := range []*Builder{a, b} {
		r := panes[k]
		f := Settled(i, views[k])
		f.TextZoom = tz
		for _, av := range c.Avoid {
			f.Avoid = append(f.Avoid, Rect{X: av.X - r.X, Y: av.Y - r.Y, W: av.W, H: av.H})
		}
		s.Panes = append(s.Panes, Pane{X: int(r.X), Y: int(r.Y), Scene: side.Build(f)})
	}
	return s
}

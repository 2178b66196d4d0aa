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
	c := &SimCompare{TitleA: ra.Title, TitleB: rb.Title, Days: make([][]Change, len(ra.Days))}
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

// ChangeLine says how B moves place i's odds on day d, as the panel and
// the note of compare mode list it: "Hama held by REGIME on 8 Dec: 53% →
// 6% (±7%)", the odds of A's most likely holder in A and in B and the
// 95% interval of the difference.
func (b *Builder) ChangeLine(d, i int) string {
	ch := b.Compare.Days[d][i]
	date := b.TL.Days[min(d, len(b.TL.Days)-1)].Date.Time().Format("2 Jan")
	return fmt.Sprintf("%s held by %s on %s: %.0f%% → %.0f%% (±%.0f%%)", b.TL.Graph.Atlas.Places()[i].Name, b.shortName(ch.Holder), date,
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
// drawn first.
func (b *Builder) differenceLayer(vc *viewCache, f Frame, i int) Layer {
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
		}
	}
	for _, p := range b.Compare.Moves(i) {
		dp := b.Compare.Days[i][p].Held.Diff
		x, y := b.PlacePoint(f.View, p)
		if !f.View.Rect.Inset(-DiffRadius(dp, tz)).Contains(x, y) {
			continue
		}
		l.Strokes = append(l.Strokes, diffRing(x, y, dp, tz)...)
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

// The rows a compare's legend adds after a simulation's: a title and the
// palette's two ends, each with a small and a large ring.
const (
	legendDiffTitle = "ring: the what-if moves the odds (5–50 points)"
	legendDiffLose  = "history's likely holder less likely"
	legendDiffKeep  = "history's likely holder likelier"
	legendDiffRoad  = "road: the mean of its two ends"
)

// compareLegendRows are the legend's rows for the difference layer; none
// outside compare mode.
func (b *Builder) compareLegendRows() []string {
	if b.Compare == nil {
		return nil
	}
	return []string{legendDiffTitle, legendDiffLose, legendDiffKeep, legendDiffRoad}
}

// isCompareLegendRow reports whether a legend row is one of
// compareLegendRows.
func isCompareLegendRow(text string) bool {
	return text == legendDiffTitle || text == legendDiffLose || text == legendDiffKeep || text == legendDiffRoad
}

// compareLegendSwatch draws the swatch of a compare legend row in sw, a
// small and a large ring (a road's: a crimson and a blue road), and
// reports whether the row is the title, which has none.
func compareLegendSwatch(lay *Layer, text string, sw Rect) (title bool) {
	dp := FullChange
	switch text {
	case legendDiffTitle:
		return true
	case legendDiffLose:
		dp = -dp
	case legendDiffRoad:
		cy := float32(sw.Y + sw.H/2)
		for k, c := range []float64{-dp, dp} {
			x0 := float32(sw.X) + float32(k)*float32(sw.W/2)
			line := []Pt{{x0 + 1, cy}, {x0 + float32(sw.W/2) - 1, cy}}
			lay.Strokes = append(lay.Strokes, Stroke{Points: line, Width: 7, Colour: CasingColour, Round: true},
				Stroke{Points: line, Width: 4, Colour: DiffColour(c), Round: true})
		}
		return false
	}
	cy := sw.Y + sw.H/2
	small, large := 0.22*sw.H, 0.5*sw.H
	for _, r := range []struct{ x, r, t float64 }{{sw.X + small + 1, small, 0.2}, {sw.X + sw.W - large, large, 1}} {
		pts := circle(r.x, cy, r.r, 28)
		lay.Strokes = append(lay.Strokes, Stroke{Points: pts, Width: 4, Colour: CasingColour, Round: true},
			Stroke{Points: pts, Width: 2.2, Colour: DiffColour(dp * r.t), Round: true})
	}
	return false
}

// Compared is compare mode's two simulations: each side's most likely
// days and simulation (SimView), and how B moves the odds.
type Compared struct {
	A, B       *sim.Timeline
	SimA, SimB *Sim
	Diff       *SimCompare
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

// PairedMessage says how the what-if moves the odds on day i, as compare
// mode's note shows it: the places it moves most (ChangeLine, at most
// four), over runs paired runs. b is the history's side, with Compare set.
func (b *Builder) PairedMessage(i, runs int) string {
	d := b.TL.Days[i].Date
	moves := b.Compare.Moves(i)
	if len(moves) == 0 {
		if first := b.Compare.FirstMove(); first > i {
			return fmt.Sprintf("%s: the what-if moves no place's odds by %.0f points yet; it does from %s (%d paired runs).",
				LongDate(d), 100*MinChange, LongDate(b.TL.Days[first].Date), runs)
		}
		return fmt.Sprintf("%s: the what-if moves no place's odds by %.0f points or more (%d paired runs).", LongDate(d), 100*MinChange, runs)
	}
	var parts []string
	for k, p := range moves {
		if k == 4 {
			parts = append(parts, fmt.Sprintf("and %d more", len(moves)-4))
			break
		}
		parts = append(parts, b.ChangeLine(i, p))
	}
	return fmt.Sprintf("%s: the what-if moves the odds of %d places, ringed (%d paired runs, 95%% intervals). %s.",
		LongDate(d), len(moves), runs, strings.Join(parts, "; "))
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

// CompareScene is an exported picture of day i of a compare by ensembles,
// as the viewer shows it side by side over the view v: the history (a,
// with Compare set) in the left pane and the what-if (b, with Compare and
// CompareMarks set) in the right, each pane the middle half of v, so
// that both centre on the same point at the same scale; over them the
// divider, the chrome of a (date, legend with the difference layer's
// rows, scale, credit), the sides' labels and the note of the places
// whose odds move most (PairedMessage).
func CompareScene(a, b *Builder, i int, v View, tz float64) *Scene {
	m := v.Rect
	x := math.Round(m.X + m.W/2)
	o := a.Chrome(i, v, tz)
	avoid := a.ChromeAvoid(i, v, tz)
	// The sides' labels and the note.
	lt, rt, lr, rr := CompareLabels(m, x, a.TL.Scenario.Title, b.TL.Scenario.Title, tz)
	size := 14 * tz
	for _, l := range []struct {
		text string
		r    Rect
	}{{lt, lr}, {rt, rr}} {
		o.Boxes = append(o.Boxes, Box{R: l.r, Radius: 4, Fill: WithAlpha(PanelColour, 0.94), Border: InkColour})
		o.text(l.text, size, true, l.r.X+8, l.r.Y+5, InkColour)
	}
	nr, lines := CompareNote(a.TL, i, v, tz, a.PairedMessage(i, a.Sim.Runs), size)
	o.Boxes = append(o.Boxes, Box{R: nr, Radius: 5, Fill: WithAlpha(PanelColour, 0.94), Border: InkColour})
	for k, l := range lines {
		o.text(l, size, false, nr.X+12, nr.Y+7+float64(k)*size*1.35, InkColour)
	}
	avoid = append(avoid, lr.Inset(-4), rr.Inset(-4), nr.Inset(-4))
	line := []Pt{{float32(x), float32(m.Y)}, {float32(x), float32(m.Y + m.H)}}
	o.Layers = append(o.Layers, Layer{Name: "divider", Strokes: []Stroke{
		{Points: line, Width: DividerCasing, Colour: CasingColour}, {Points: line, Width: DividerLine, Colour: InkColour}}})

	s := &Scene{W: int(m.X + m.W), H: int(m.Y + m.H), Background: SeaColour, Overlay: o}
	for k, side := range []*Builder{a, b} {
		r := Rect{X: m.X, Y: m.Y, W: x - m.X, H: m.H}
		if k == 1 {
			r = Rect{X: x, Y: m.Y, W: m.X + m.W - x, H: m.H}
		}
		hv := View{Center: v.Center, Scale: v.Scale, Rect: Rect{W: r.W, H: r.H}}
		f := Settled(i, hv)
		f.TextZoom = tz
		for _, av := range avoid {
			f.Avoid = append(f.Avoid, Rect{X: av.X - r.X, Y: av.Y - r.Y, W: av.W, H: av.H})
		}
		s.Panes = append(s.Panes, Pane{X: int(r.X), Y: int(r.Y), Scene: side.Build(f)})
	}
	return s
}

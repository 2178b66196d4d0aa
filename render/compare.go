package render

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"

	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// comparison is compare mode: a second timeline (a what-if) shown on the
// right of a swipe line over the first (the history), on the same view and
// day, with the places whose control differs ringed.
type comparison struct {
	b         *Game           // the right-hand side, kept on g's view and day
	img       *ebiten.Image   // its frame
	swipeMode bool            // a swipe line over one map, instead of side by side
	swipe     float64         // the line's position across the map, 0 to 1
	firstDiff int             // index in g's days of the first day they differ; -1 if never
	paired    *scene.Compared // compare by ensembles; nil for two replays
}

// CompareRingColour rings the places that differ in compare mode.
var CompareRingColour = color.RGBA{R: 0x11, G: 0x11, B: 0x11, A: 0xff}

func (g *Game) initCompare() {
	if g.opts.Compare == nil {
		return
	}
	bo := Options{Draft: g.opts.Draft, CPUMaps: g.opts.CPUMaps}
	pc := g.opts.Paired
	if pc != nil {
		bo.Sim = pc.SimB
	}
	b := NewGame(g.opts.Compare, bo)
	b.mapOnly = true
	g.cmp = &comparison{b: b, swipe: 0.5, firstDiff: -1, paired: pc}
	if pc != nil {
		// Both legends explain the difference layer; the what-if's side
		// draws it.
		g.builder.Compare, b.builder.Compare, b.builder.CompareMarks = pc.Diff, pc.Diff, true
		g.cmp.firstDiff = pc.Diff.FirstMove()
		return
	}
	for i, d := range g.TL.Days {
		if len(differing(g.TL, g.opts.Compare, d.Date)) > 0 {
			g.cmp.firstDiff = i
			break
		}
	}
}

// openPaired swaps compare mode's two replays for its ensembles, run in
// the background (Options.CompareSimulate), keeping the day and a view the
// user has moved; or moving to the day the options ask for, which may be
// a projected day the replays do not have, and to its view.
func (g *Game) openPaired(pc *scene.Compared) {
	day := g.TL.Days[g.dayShown()].Date
	asked := g.opts.Day != 0 && pc.A.Index(g.opts.Day) >= 0 && day == g.TL.Days[0].Date && day != g.opts.Day
	if asked {
		day = g.opts.Day
	}
	// A view nobody has moved from its opening framing follows the
	// compare's framing (scene.Framing.OnCompare) once the ensembles are in.
	untouched := g.viewInit && g.view == g.initialView()
	swipe := g.cmp != nil && g.cmp.swipeMode
	if g.cmp != nil && g.cmp.img != nil {
		g.cmp.img.Deallocate()
	}
	g.TL, g.builder = pc.A, scene.NewBuilder(pc.A)
	g.builder.Sim = pc.SimA
	g.opts.Compare, g.opts.Paired, g.opts.Sim = pc.B, pc, pc.SimA
	g.initCompare()
	g.cmp.swipeMode = swipe
	g.pos, g.target, g.playing = 0, 0, false
	if i := pc.A.Index(day); i >= 0 {
		g.pos, g.target = float64(i), float64(i)
	}
	if g.viewInit && (asked || untouched) {
		// On the day the replays did not have, or in a view the user has
		// not moved: its view, as the options frame it (on what the
		// what-if changes, unless they say more).
		g.view = g.initialView()
	}
	g.dropFrames()
}

// FirstDifference returns the first day on which compare mode's two
// timelines differ, or 0 outside compare mode or when they never do.
func (g *Game) FirstDifference() sim.Date {
	if g.cmp == nil || g.cmp.firstDiff < 0 {
		return 0
	}
	return g.TL.Days[g.cmp.firstDiff].Date
}

// differing lists the places whose controller differs between a and b on
// date d, in atlas order. A date outside b's span differs nowhere.
func differing(a, b *sim.Timeline, d sim.Date) []int {
	ia, ib := a.Index(d), b.Index(d)
	if ia < 0 || ib < 0 {
		return nil
	}
	da, db := &a.Days[ia], &b.Days[ib]
	var out []int
	for i := range da.NumPlaces() {
		if i < db.NumPlaces() && da.Place(i).Controller != db.Place(i).Controller {
			out = append(out, i)
		}
	}
	return out
}

// sideBySide reports whether compare mode shows two maps side by side.
func (g *Game) sideBySide() bool { return g.cmp != nil && !g.cmp.swipeMode }

// compareShift is how far left the left-hand map is drawn side by side:
// each half shows the middle half of its map, so both centre on the view's
// centre.
func (g *Game) compareShift() float64 {
	if !g.sideBySide() {
		return 0
	}
	return math.Round(g.lay.Map.W / 4)
}

// leftSide is where the left-hand map is drawn: the map's left half side
// by side, else all of dst.
func (g *Game) leftSide(dst *ebiten.Image) *ebiten.Image {
	if !g.sideBySide() {
		return dst
	}
	m := g.lay.Map
	return dst.SubImage(image.Rect(int(m.X), int(m.Y), int(m.X+m.W/2), int(m.Y+m.H))).(*ebiten.Image)
}

// onRightSide reports whether screen x is on the what-if's side.
func (g *Game) onRightSide(x float64) bool {
	return g.cmp != nil && x >= g.swipeX()
}

// sideFrame is how compare mode's right-hand map shows, in its own
// coordinates: side by side, its middle half; under the chrome the
// left-hand game draws over the window.
type sideFrame struct {
	area  scene.Rect   // side by side, the half of its map on the screen, which its banner keeps within; zero for all of it
	avoid []scene.Rect // the chrome over it, which its labels and banner keep clear of
}

// syncCompare puts the right-hand side on g's view, layers and day.
func (g *Game) syncCompare() {
	b := g.cmp.b
	if b.lay != g.lay {
		b.lay = g.lay
		b.scratch = nil
	}
	// The right-hand map lies under the left-hand game's chrome; side by
	// side it shows its middle half, drawn a quarter of the map left.
	m, shift := g.lay.Map, g.compareShift()
	b.side = &sideFrame{avoid: shiftRects(append(g.chromeAvoid(), g.compareAvoid()...), -shift)}
	if g.sideBySide() {
		b.side.area = scene.Rect{X: m.X + m.W/2 - shift, Y: m.Y, W: m.W / 2, H: m.H}
	}
	b.view, b.viewInit = g.view, true
	b.show, b.present, b.panel = g.show, g.present, g.panel
	b.motion, b.dragging, b.playing = g.motion, g.dragging, false
	b.hovered, b.pinned = -1, -1
	i := int(math.Floor(g.pos + 1e-9))
	frac := g.pos - float64(i)
	j := b.TL.Index(g.TL.Days[min(i, g.days()-1)].Date)
	if j < 0 {
		j = 0
	}
	b.pos, b.target = float64(j)+frac, float64(j)+frac
	if b.pos > float64(b.days()-1) {
		b.pos, b.target = float64(b.days()-1), float64(b.days()-1)
	}
	b.dirty = true
}

// drawCompare draws the right-hand side's map right of the swipe line, the
// line, and the rings on the places that differ. render calls it after
// the left-hand map and before the chrome.
func (g *Game) drawCompare(dst *ebiten.Image) {
	if g.cmp == nil {
		return
	}
	c := g.cmp
	g.syncCompare()
	if c.img == nil || c.img.Bounds().Dx() != g.lay.W || c.img.Bounds().Dy() != g.lay.H {
		if c.img != nil {
			c.img.Deallocate()
		}
		c.img = ebiten.NewImage(g.lay.W, g.lay.H)
	}
	c.b.render(c.img)
	m := g.lay.Map
	x := g.swipeX()
	shift := g.compareShift()
	// Side by side, the right half shows the middle half of the what-if's
	// map; with the swipe, the what-if's map right of the line.
	sub := c.img.SubImage(image.Rect(int(x-shift), int(m.Y), int(m.X+m.W-shift), int(m.Y+m.H))).(*ebiten.Image)
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(x, m.Y)
	dst.DrawImage(sub, op)
	if !g.moving() && c.paired == nil {
		// Two replays: ring the places whose controller differs (by
		// ensembles, the difference layer shows how the odds move).
		ring := func(px, py float64, left bool) {
			if m.Contains(px, py) && (px < x) == left {
				vector.StrokeCircle(dst, float32(px), float32(py), 12, 5, scene.CasingColour, true)
				vector.StrokeCircle(dst, float32(px), float32(py), 12, 2.2, CompareRingColour, true)
			}
		}
		for _, i := range differing(g.TL, c.b.TL, g.TL.Days[g.dayShown()].Date) {
			px, py := g.view.ToScreen(g.TL.Graph.Atlas.Places()[i].Point)
			ring(px-shift, py, true)
			ring(px+shift, py, false)
		}
	}
	vector.StrokeLine(dst, float32(x), float32(m.Y), float32(x), float32(m.Y+m.H), scene.DividerCasing, scene.CasingColour, false)
	vector.StrokeLine(dst, float32(x), float32(m.Y), float32(x), float32(m.Y+m.H), scene.DividerLine, scene.InkColour, false)
	if c.swipeMode {
		vector.FillCircle(dst, float32(x), float32(m.Y+m.H/2), 12, scene.InkColour, true)
		g.painter.Text(dst, "<>", g.painter.face(13, true), x-8, m.Y+m.H/2-8, scene.CasingColour)
	}
}

// swipeX is the swipe line's x on the screen.
func (g *Game) swipeX() float64 {
	m := g.lay.Map
	if g.sideBySide() {
		return math.Round(m.X + m.W/2)
	}
	return math.Round(m.X + m.W*g.cmp.swipe)
}

// nearSwipe reports whether (x, y) grabs the swipe line.
func (g *Game) nearSwipe(x, y float64) bool {
	return g.cmp != nil && g.cmp.swipeMode && g.lay.Map.Contains(x, y) && math.Abs(x-g.swipeX()) < 14
}

// dragSwipe moves the line to x.
func (g *Game) dragSwipe(x float64) {
	m := g.lay.Map
	g.cmp.swipe = math.Max(0.05, math.Min(0.95, (x-m.X)/m.W))
	g.dirty = true
}

// compareLabels lays out the labels that name the two sides: their texts
// and boxes on the screen, each on its half of the map.
func (g *Game) compareLabels() (left, right string, lr, rr scene.Rect) {
	m := g.lay.Map
	x := g.swipeX()
	if g.sideBySide() {
		x = m.X + m.W/2
	}
	return scene.CompareLabels(m, x, g.TL.Scenario.Title, g.cmp.b.TL.Scenario.Title, g.tz())
}

// compareMsgs say what differs between the two sides on the day shown,
// the fullest first (scene.CompareNote shows the first that fits).
func (g *Game) compareMsgs() []string {
	if g.cmp.paired != nil {
		return g.pairedMsgs()
	}
	return []string{g.compareMsg()}
}

// compareMsg says which places differ between the two replays on the day
// shown.
func (g *Game) compareMsg() string {
	c := g.cmp
	d := g.TL.Days[g.dayShown()].Date
	diff := differing(g.TL, c.b.TL, d)
	switch {
	case len(diff) == 0 && c.firstDiff >= 0 && g.dayShown() < c.firstDiff:
		return fmt.Sprintf("%s: the two agree; they differ from %s.", longDate(d), longDate(g.TL.Days[c.firstDiff].Date))
	case len(diff) == 0:
		return fmt.Sprintf("%s: the two agree on who holds every place.", longDate(d))
	}
	var parts []string
	for k, i := range diff {
		if k == 4 {
			parts = append(parts, fmt.Sprintf("and %d more", len(diff)-4))
			break
		}
		pl := g.TL.Graph.Atlas.Places()[i]
		ia, ib := g.TL.Index(d), c.b.TL.Index(d)
		parts = append(parts, fmt.Sprintf("%s: %s left, %s right", pl.Name,
			factionShort(g.TL.Days[ia].Place(i).Controller), factionShort(c.b.TL.Days[ib].Place(i).Controller)))
	}
	return fmt.Sprintf("%s: %d places differ, ringed. %s.", longDate(d), len(diff), strings.Join(parts, "; "))
}

// compareNote lays out the note of compareMsg: its box and lines.
func (g *Game) compareNote() (scene.Rect, []string) {
	return scene.CompareNote(g.TL, g.dayShown(), g.view, g.tz(), g.legendRect(), g.compareMsgs(), 14*g.tz())
}

// compareAvoid is the chrome compare mode adds over the map, on the
// screen: the two sides' labels and the note, with a margin.
func (g *Game) compareAvoid() []scene.Rect {
	_, _, lr, rr := g.compareLabels()
	nr, _ := g.compareNote()
	return []scene.Rect{lr.Inset(-4), rr.Inset(-4), nr.Inset(-4)}
}

// drawCompareChrome labels the two sides, marks the first day they differ
// on the timeline, and says what differs on the day shown.
func (g *Game) drawCompareChrome(dst *ebiten.Image) {
	if g.cmp == nil {
		return
	}
	c := g.cmp
	p := g.painter
	size := 14 * g.tz()
	// Each label stays on its half of the map.
	left, right, lr, rr := g.compareLabels()
	p.Box(dst, lr, 4, color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xf0}, scene.InkColour)
	p.Text(dst, left, p.face(size, true), lr.X+8, lr.Y+5, scene.InkColour)
	p.Box(dst, rr, 4, color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xf0}, scene.InkColour)
	p.Text(dst, right, p.face(size, true), rr.X+8, rr.Y+5, scene.InkColour)

	// The first day they differ, on the timeline.
	if c.firstDiff >= 0 {
		fx := float32(g.lay.DayX(float64(c.firstDiff), g.days()))
		ty := g.trackY()
		vector.StrokeLine(dst, fx, ty-16, fx, ty+8, 3, color.RGBA{R: 0xd0, G: 0x30, B: 0x30, A: 0xff}, false)
		p.Text(dst, "they differ from here", p.face(11, true), float64(fx)+5, float64(ty)-27, color.RGBA{R: 0xff, G: 0x9a, B: 0x8a, A: 0xff})
	}

	// What differs on the day shown.
	r, lines := g.compareNote()
	p.Box(dst, r, 5, color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xf0}, scene.InkColour)
	y := r.Y + 7
	for _, l := range lines {
		p.Text(dst, l, p.face(size, false), r.X+12, y, scene.InkColour)
		y += size * 1.35
	}
}

// pairedMsgs say how the what-if moves the odds on the day shown
// (scene's PairedMessages, which exported compares show too), naming
// places in the what-if's view: side by side, the middle half of the map.
func (g *Game) pairedMsgs() []string {
	v := g.view
	_, _, lr, rr := g.compareLabels()
	hide := append(g.chromeAvoid(), lr, rr)
	if g.sideBySide() {
		// The what-if's half shows its map's middle half, W/4 right of it.
		v.Rect.X, v.Rect.W = v.Rect.X+math.Round(v.Rect.W/4), math.Round(v.Rect.W/2)
		hide = shiftRects(hide, -g.compareShift())
	}
	return g.builder.PairedMessages(g.dayShown(), g.cmp.paired.SimA.Runs, v, hide)
}

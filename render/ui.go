package render

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// chromeKey identifies the content of the cached chrome.
type chromeKey struct {
	day     int
	present bool
	lay     scene.Layout
	speed   int
	playing bool
	legend  string // the legend's symbols
}

// drawChrome paints everything around the map: the date, legend, scale,
// tooltip, captions panel, timeline, search box and help. What changes
// only with the day is painted once into a cached image.
func (g *Game) drawChrome(dst *ebiten.Image) {
	key := chromeKey{g.dayShown(), g.present, g.lay, g.speed, g.playing, fmt.Sprint(g.legendSymbols())}
	if g.chromeImg == nil || key != g.chromeKey {
		if g.chromeImg == nil || g.chromeImg.Bounds().Dx() != g.lay.W || g.chromeImg.Bounds().Dy() != g.lay.H {
			g.chromeImg = ebiten.NewImage(g.lay.W, g.lay.H)
		}
		g.chromeImg.Clear()
		g.chromeKey = key
		g.drawDate(g.chromeImg)
		g.drawLegend(g.chromeImg)
		g.drawTimeline(g.chromeImg)
	}
	dst.DrawImage(g.chromeImg, nil)
	g.drawProgress(dst)
	g.drawScale(dst)
	if g.lay.Panel.W > 0 {
		g.drawPanel(dst)
	}
	if !g.present && g.hovered >= 0 && g.dragging == 0 && !g.moving() {
		g.drawTooltip(dst)
	}
	g.drawCompareChrome(dst)
	if g.searching {
		g.drawSearch(dst)
	}
	if g.help {
		g.drawHelp(dst)
	}
	if g.problems != "" {
		g.drawProblems(dst)
	}
	if g.simBusy.Load() {
		g.drawSimProgress(dst)
	}
}

// drawSimProgress paints the background ensemble's progress over the
// map, top centre: the replay stays usable underneath.
func (g *Game) drawSimProgress(dst *ebiten.Image) {
	p := g.painter
	size := 14 * g.tz()
	done, total := int(g.simDone.Load()), max(1, g.simTotal)
	msg := fmt.Sprintf("Simulating: %d of %d runs — the map shows the documented replay until it is done", done, total)
	if done >= total {
		// The runs are done; the map of each day's most likely control
		// follows, and the bar starts again for it.
		done, total = int(g.mapDone.Load()), max(1, int(g.mapTotal.Load()))
		msg = fmt.Sprintf("Simulated %d runs: mapping each day's most likely territory", g.simTotal)
	}
	w := scene.TextWidth(msg, size, false) + 32
	r := scene.Rect{X: g.lay.Map.X + g.lay.Map.W/2 - w/2, Y: g.lay.Map.Y + g.lay.Map.H - size*3.4 - 20, W: w, H: size*3.4 + 4}
	p.Box(dst, r, 6, scene.PanelColour, scene.ProjectedColour)
	p.Text(dst, msg, p.face(size, false), r.X+16, r.Y+8, scene.InkColour)
	bx, by, bw := float32(r.X+16), float32(r.Y+size*1.9+6), float32(r.W-32)
	vector.FillRect(dst, bx, by, bw, 8, nrgba(scene.WithAlpha(scene.InkColour, 0.15)), false)
	vector.FillRect(dst, bx, by, bw*float32(min(done, total))/float32(total), 8, nrgba(scene.ProjectedColour), false)
}

func (g *Game) tz() float64 { return g.textZoom() }

func longDate(d sim.Date) string { return scene.LongDate(d) }

// chromeAvoid is the chrome over the map on the screen: the date box, the
// legend and the scale bar, with a margin, which labels keep clear of.
func (g *Game) chromeAvoid() []scene.Rect {
	return []scene.Rect{g.dateRect().Inset(-4), g.legendRect().Inset(-4), g.scaleRect().Inset(-4)}
}

// shiftRects returns rs moved right by dx.
func shiftRects(rs []scene.Rect, dx float64) []scene.Rect {
	out := make([]scene.Rect, len(rs))
	for k, r := range rs {
		r.X += dx
		out[k] = r
	}
	return out
}

// dateRect is the area of the date box, top left of the map.
func (g *Game) dateRect() scene.Rect { return g.builder.DateRect(g.dayShown(), g.lay.Map, g.tz()) }

// drawDate paints the date box, as render/scene builds it for the viewer
// and the exports alike.
func (g *Game) drawDate(dst *ebiten.Image) {
	g.painter.Scene(dst, g.builder.ChromeOf(g.dayShown(), g.view, g.tz(), scene.ChromeDate), nil)
}

// legendRect is the legend's area, bottom right of the map.
func (g *Game) legendRect() scene.Rect {
	return g.builder.LegendRect(g.legendSymbols(), g.lay.Map, g.tz())
}

// legendSymbols are the symbols the map of the shown day draws (in
// compare mode, either side's): what the legend lists.
func (g *Game) legendSymbols() []scene.Symbol {
	syms := g.builder.Symbols(g.shownFrame())
	if g.cmp != nil {
		syms = g.builder.MergeSymbols(syms, g.cmp.b.builder.Symbols(g.cmp.b.shownFrame()))
	}
	return syms
}

// shownFrame is the clock's frame settled on the day shown.
func (g *Game) shownFrame() scene.Frame {
	f := g.clockFrame()
	f.From, f.To, f.T = g.dayShown(), g.dayShown(), 1
	return f
}

// drawLegend paints the legend of the symbols on the map.
func (g *Game) drawLegend(dst *ebiten.Image) {
	g.painter.Scene(dst, g.builder.ChromeWith(g.dayShown(), g.view, g.tz(), scene.ChromeLegend, g.legendSymbols()), nil)
}

// scaleRect is the scale bar's area, bottom left of the map.
func (g *Game) scaleRect() scene.Rect { return scene.ScaleRect(g.view.Scale, g.lay.Map, g.tz()) }

// drawScale paints the scale bar, which follows the zoom.
func (g *Game) drawScale(dst *ebiten.Image) {
	g.painter.Scene(dst, g.builder.ChromeOf(g.dayShown(), g.view, g.tz(), scene.ChromeScale), nil)
}

func (g *Game) drawTooltip(dst *ebiten.Image) {
	p := g.painter
	a := g.TL.Graph.Atlas
	i := g.hovered
	pl := a.Places()[i]
	d := g.TL.Days[g.dayShown()]
	st := d.Place(i)
	size := 13.0
	lines := []statusLine{{pl.Name, true, scene.InkColour}}
	lines = append(lines, statusLine{fmt.Sprintf("%s, %s governorate", pl.Kind, pl.Governorate), false, scene.MutedInk})
	simView := g.builder.Sim != nil
	if simView {
		lines = append(lines, statusLine{g.builder.SimTooltip(g.dayShown(), i, st.Controller), true, scene.InkColour})
		if g.builder.Projected(g.dayShown()) {
			lines = append(lines, statusLine{"projected: the model alone, past the documents", false, scene.ProjectedColour})
		}
	} else {
		lines = append(lines, statusLine{g.describeState(st), false, scene.InkColour})
	}
	// The last changes of control, not the strikes and statements.
	var evs []int
	for _, k := range g.TL.EventsOn(pl.ID, d.Date) {
		if g.TL.Scenario.Events[k].Kind != sim.Annotation {
			evs = append(evs, k)
		}
	}
	if len(evs) > 3 {
		evs = evs[len(evs)-3:]
	}
	for _, k := range evs {
		e := g.TL.Scenario.Events[k]
		lines = append(lines, statusLine{fmt.Sprintf("%s  %s by %s (%s)", e.Date.Time().Format("2 Jan"), e.Kind, factionShort(e.Faction), e.Certainty), false, scene.MutedInk})
	}
	if from := scene.BorrowedLine(a, pl); from != "" {
		lines = append(lines, statusLine{from, false, scene.MutedInk})
	}
	if !simView {
		lines = append(lines, statusLine{"click to pin its history", false, scene.MutedInk})
	}
	// In compare mode by ensembles, both sides' fans: the history's, then
	// the what-if's.
	fans := []*scene.Builder{g.builder}
	if simView && g.cmp != nil && g.cmp.paired != nil {
		fans = append(fans, g.cmp.b.builder)
		lines = append(lines, statusLine{g.builder.ChangeLine(g.dayShown(), i), true, scene.InkColour},
			statusLine{"fall-date fans: left side above, right side below", false, scene.MutedInk})
	}
	w := 0.0
	for _, l := range lines {
		w = math.Max(w, scene.TextWidth(l.text, size, l.bold))
	}
	w += 20
	h := float64(len(lines))*size*1.35 + 14
	fw, fh := 0.0, 0.0
	if simView {
		// The place's fall-date fan, under its lines.
		fw, fh = scene.FanSize(1)
		w = math.Max(w, fw)
		h += float64(len(fans)) * (fh + 4)
	}
	// Clear of the place's neighbours and of the chrome (scene.TooltipRect).
	var x, y float64
	if g.scene != nil {
		// The scene is in the map's own coordinates, compareShift right
		// of the screen's in side-by-side compare mode.
		dx := g.compareShift()
		area := g.lay.Map
		area.X += dx
		tr := scene.TooltipRect(g.scene, i, float64(g.mouseX)+dx, float64(g.mouseY), w, h, area, shiftRects(g.chromeAvoid(), dx))
		x, y = tr.X-dx, tr.Y
	}
	p.Box(dst, scene.Rect{X: x, Y: y, W: w, H: h}, 5, color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xf5}, scene.WithAlpha(scene.InkColour, 0.4))
	ty := y + 7
	for _, l := range lines {
		p.Text(dst, l.text, p.face(size, l.bold), x+10, ty, l.colour)
		ty += size * 1.35
	}
	if simView {
		for k, b := range fans {
			fy := y + h - float64(len(fans)-k)*(fh+4) + 4
			if fan := b.FanChart(i, scene.Rect{X: x, Y: fy, W: w, H: fh}, g.dayShown(), 1); fan != nil {
				p.Scene(dst, fan, nil)
			}
		}
	}
}

func factionShort(id string) string {
	if id == "" {
		return "—"
	}
	return strings.ToUpper(id)
}

func (g *Game) factionName(id string) string {
	if f, ok := g.TL.Scenario.Faction(id); ok {
		return f.Name
	}
	if id == "" {
		return "nobody"
	}
	return id
}

func (g *Game) describeState(st sim.PlaceState) string {
	since := st.Since.Time().Format("2 Jan")
	switch st.Status {
	case sim.ContestedStat:
		if st.By != "" {
			return fmt.Sprintf("%s holds it; contested by %s since %s", factionShort(st.Controller), factionShort(st.By), since)
		}
		return fmt.Sprintf("%s holds it; contested since %s", factionShort(st.Controller), since)
	case sim.ClaimedStat:
		return fmt.Sprintf("%s holds it; %s claims it (unconfirmed) since %s", factionShort(st.Controller), factionShort(st.By), since)
	}
	if st.Since == g.TL.Scenario.Start {
		return fmt.Sprintf("held by %s from the start", g.factionName(st.Controller))
	}
	return fmt.Sprintf("held by %s since %s", g.factionName(st.Controller), since)
}

func (g *Game) drawTimeline(dst *ebiten.Image) {
	p := g.painter
	t := g.lay.Timeline
	vector.FillRect(dst, float32(t.X), float32(t.Y), float32(t.W), float32(t.H), nrgba(color.RGBA{R: 0x2b, G: 0x2b, B: 0x2e, A: 0xff}), false)
	// Play button.
	b := g.lay.PlayButton()
	p.Box(dst, b, 24, color.RGBA{R: 0x45, G: 0x45, B: 0x4a, A: 0xff}, color.RGBA{})
	cx, cy := float32(b.X+b.W/2), float32(b.Y+b.H/2)
	p.path.Reset()
	if g.playing {
		vector.FillRect(dst, cx-8, cy-9, 5, 18, nrgba(scene.CasingColour), false)
		vector.FillRect(dst, cx+3, cy-9, 5, 18, nrgba(scene.CasingColour), false)
	} else {
		p.path.MoveTo(cx-6, cy-10)
		p.path.LineTo(cx+10, cy)
		p.path.LineTo(cx-6, cy+10)
		p.path.Close()
		vector.FillPath(dst, &p.path, nil, drawOpts(scene.CasingColour))
	}
	n := g.days()
	tr := g.lay.Track()
	y := g.trackY()
	p.strokes(dst, []scene.Stroke{{Points: []scene.Pt{{X: float32(tr.X), Y: y}, {X: float32(tr.X + tr.W), Y: y}}, Width: 3, Colour: color.RGBA{R: 0x70, G: 0x70, B: 0x75, A: 0xff}, Round: true}})
	size := 12 * g.tz()
	layout := "2 Jan"
	if n > 370 {
		layout = "Jan 2006"
	}
	if first := g.firstProjected(); first >= 0 {
		// Projected days: hatched and labelled on the track, as on the map.
		x0 := math.Max(tr.X-6, g.lay.DayX(float64(first)-0.5, n))
		pr := scene.Rect{X: x0, Y: float64(y) - 16, W: tr.X + tr.W + 6 - x0, H: 32}
		vector.FillRect(dst, float32(pr.X), float32(pr.Y), float32(pr.W), float32(pr.H), nrgba(color.RGBA{R: 0x3a, G: 0x44, B: 0x58, A: 0xff}), false)
		p.strokes(dst, scene.Hatch(scene.RectPolygon(pr), "backhatch", 7, 1.2, color.RGBA{R: 0x8a, G: 0x9a, B: 0xba, A: 0xff}))
		lbl := "projected"
		p.Text(dst, lbl, p.face(11*g.tz(), true), pr.X+4, pr.Y-13*g.tz()-2, color.RGBA{R: 0xc8, G: 0xd4, B: 0xee, A: 0xff})
	}
	perDay := g.lay.Track().W / math.Max(1, float64(n-1))
	step := scene.TimelineStep(n, perDay, scene.TextWidth(layout, size, true)+10)
	for i, d := range g.TL.Days {
		// Event marks: one dot per control change, stacked above the day,
		// and a tick only where days are far enough apart to see one, so
		// that ten years cost no more to draw than nine days.
		changes := 0
		for _, k := range d.Events {
			if g.TL.Scenario.Events[k].Kind != sim.Annotation {
				changes++
			}
		}
		labelled := i%step == 0
		if !labelled && changes == 0 && perDay < 4 {
			continue
		}
		x := float32(g.lay.DayX(float64(i), n))
		if labelled || perDay >= 4 {
			p.strokes(dst, []scene.Stroke{{Points: []scene.Pt{{X: x, Y: y - 6}, {X: x, Y: y + 6}}, Width: 1.5, Colour: color.RGBA{R: 0xd0, G: 0xd0, B: 0xd0, A: 0xff}}})
		}
		for c := 0; c < min(changes, 6); c++ {
			vector.FillCircle(dst, x, y-11-float32(c)*5, 2.2, nrgba(color.RGBA{R: 0xff, G: 0x9f, B: 0x43, A: 0xff}), false)
		}
		if !labelled {
			continue
		}
		lbl := d.Date.Time().Format(layout)
		col := color.RGBA{R: 0xc8, G: 0xc8, B: 0xc8, A: 0xff}
		bold := false
		if i == g.dayShown() {
			col, bold = scene.CasingColour, true
		}
		lw := scene.TextWidth(lbl, size, bold)
		p.Text(dst, lbl, p.face(size, bold), float64(x)-lw/2, float64(y)+10, col)
	}
	// Speed.
	sp := fmt.Sprintf("%g day/s", Speeds[g.speed])
	p.Text(dst, sp, p.face(11*g.tz(), false), b.X-6, b.Y+b.H+2, color.RGBA{R: 0xb0, G: 0xb0, B: 0xb0, A: 0xff})
}

// firstProjected is the first projected day of a simulation, or -1.
func (g *Game) firstProjected() int {
	for i := range g.days() {
		if g.builder.Projected(i) {
			return i
		}
	}
	return -1
}

// trackY is the y of the timeline's track.
func (g *Game) trackY() float32 {
	tr := g.lay.Track()
	return float32(tr.Y + tr.H*0.42)
}

// drawProgress draws the moving part of the timeline: the elapsed track and
// the handle at the clock's position.
func (g *Game) drawProgress(dst *ebiten.Image) {
	tr := g.lay.Track()
	y := g.trackY()
	px := float32(g.lay.DayX(g.pos, g.days()))
	vector.StrokeLine(dst, float32(tr.X), y, px, y, 3, nrgba(scene.HighlightColour), false)
	vector.FillCircle(dst, px, y, 8, nrgba(scene.HighlightColour), false)
	vector.StrokeCircle(dst, px, y, 8, 2, nrgba(scene.InkColour), false)
}

func (g *Game) drawSearch(dst *ebiten.Image) {
	p := g.painter
	size := 16.0
	w := 480.0
	const row = 22.0
	r := scene.Rect{X: g.lay.Map.X + g.lay.Map.W/2 - w/2, Y: g.lay.Map.Y + 18, W: w, H: 64 + row*float64(len(g.suggest))}
	p.Box(dst, r, 6, color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xfa}, scene.InkColour)
	p.Text(dst, "Find a place: "+g.query+"_", p.face(size, true), r.X+12, r.Y+10, scene.InkColour)
	// The suggestions as the name is typed, the one Enter goes to marked.
	for k, pl := range g.suggest {
		y := r.Y + 36 + row*float64(k)
		if k == g.searchPick {
			vector.FillRect(dst, float32(r.X+6), float32(y-2), float32(r.W-12), float32(row), nrgba(scene.WithAlpha(scene.ProjectedColour, 0.14)), false)
		}
		p.Text(dst, pl.Name+"  ("+string(pl.Kind)+")", p.face(14, k == g.searchPick), r.X+14, y, scene.InkColour)
	}
	msg := g.searchMsg
	switch {
	case msg != "":
	case len(g.suggest) > 0:
		msg = "↑ ↓: choose. Enter: go. Esc: cancel."
	case g.query != "":
		msg = "no place starts so, or is near it: try another spelling"
	default:
		msg = "names and aliases work: Halab, Khan Shaykhun. Enter: go. Esc: cancel."
	}
	p.Text(dst, msg, p.face(12, false), r.X+12, r.Y+r.H-26, scene.MutedInk)
}

// helpRows are the key list's rows: keys, then what they do.
var helpRows = [][2]string{
	{"Space", "play / pause"},
	{"← →", "previous / next day"},
	{"Home  End", "first / last day"},
	{"[  ]", "slower / faster"},
	{"drag, Shift+arrows", "pan"},
	{"wheel, +  −", "zoom about the cursor"},
	{"1   2", "fit Syria, fit the north-west"},
	{"hover a place", "its state and last changes"},
	{"click a place", "pin its full history"},
	{"click an event", "go to it on the map"},
	{"/  Ctrl+F", "find a place by name or alias"},
	{"T  R  L  C", "territory, roads, labels, captions on/off"},
	{"E", "simulate: 200 runs of the model, or back to the replay"},
	{"F", "presenter mode: full screen, large type"},
	{"H", "this list"},
	{"Esc", "close, unpin, leave presenter mode"},
}

func (g *Game) drawHelp(dst *ebiten.Image) {
	p := g.painter
	size := 15 * g.tz()
	kw, dw := 0.0, 0.0
	for _, r := range helpRows {
		kw = math.Max(kw, scene.TextWidth(r[0], size, true))
		dw = math.Max(dw, scene.TextWidth(r[1], size, false))
	}
	w := kw + dw + 64
	h := float64(len(helpRows))*size*1.5 + 64
	r := scene.Rect{X: g.lay.Map.X + g.lay.Map.W/2 - w/2, Y: g.lay.Map.Y + g.lay.Map.H/2 - h/2, W: w, H: h}
	p.Box(dst, r, 8, color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xf8}, scene.InkColour)
	p.Text(dst, "Keys", p.face(size*1.2, true), r.X+20, r.Y+14, scene.InkColour)
	y := r.Y + 14 + size*1.9
	for _, row := range helpRows {
		p.Text(dst, row[0], p.face(size, true), r.X+20, y, scene.InkColour)
		p.Text(dst, row[1], p.face(size, false), r.X+44+kw, y, scene.InkColour)
		y += size * 1.5
	}
}

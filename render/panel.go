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

// panelState is the captions panel's: whether it is shown, its scroll,
// the entries a click goes to, and its cached picture. Game embeds it.
type panelState struct {
	panel       bool       // shown, when the window is wide enough
	panelScroll float64    // pixels scrolled down
	eventHits   []eventHit // the entries of the panel painted last, on the screen
	panelImg    *ebiten.Image
	panelKey    panelKey // what panelImg shows
}

// eventHit is a panel entry on the screen, and the place a click on it
// goes to ("" for none).
type eventHit struct {
	r     scene.Rect
	place string
}

// panelKey identifies what the cached panel shows.
type panelKey struct {
	day, pinned int
	step        int
	scroll      float64
	rect        scene.Rect
	present     bool
}

// The panel's margins, in pixels: its text sits panelPad in from the
// sides and starts panelTop down.
const (
	panelPad = 18.0
	panelTop = 16.0
)

// panelPage is the panel laid out as plain data: what it draws, in its
// own coordinates (its top left at 0, 0) and in drawing order; the
// entries a click goes to, on the screen; and the scroll, kept within
// the content.
type panelPage struct {
	items  []panelItem
	hits   []eventHit
	scroll float64
}

// panelItem is one thing the panel draws: a line of text at (x, y), its
// top left; a badge's box; or a rule from (x, y), w long, h thick.
type panelItem struct {
	kind   panelItemKind
	text   string // itemText
	size   float64
	bold   bool
	colour color.RGBA
	x, y   float64
	w, h   float64 // itemBox: its size; itemRule: its length and thickness
}

type panelItemKind int

const (
	itemText panelItemKind = iota
	itemBox
	itemRule
)

// panelWriter lays out the panel from the top down: y is where the next
// line goes.
type panelWriter struct {
	page         *panelPage
	y            float64
	width, lastY float64 // the text's width; lines from lastY down are cut
}

// text writes s wrapped to the panel's width less indent; lines outside
// the panel are left out.
func (w *panelWriter) text(s string, size float64, bold bool, col color.RGBA, indent float64) {
	for _, line := range scene.WrapText(s, size, bold, w.width-indent) {
		if w.y > -size*2 && w.y < w.lastY {
			w.page.items = append(w.page.items, panelItem{kind: itemText, text: line, size: size, bold: bold, colour: col, x: panelPad + indent, y: w.y})
		}
		w.y += size * 1.3
	}
}

// rule draws a line across the panel's text at y, thick pixels thick.
func (w *panelWriter) rule(thick float64, col color.RGBA) {
	w.page.items = append(w.page.items, panelItem{kind: itemRule, colour: col, x: panelPad, y: w.y, w: w.width, h: thick})
}

// drawPanel draws the captions panel, from a cache unless its content
// changed: its text is the costliest thing on screen.
func (g *Game) drawPanel(dst *ebiten.Image) {
	r := g.lay.Panel
	key := panelKey{g.dayShown(), g.pinned, g.Step(), g.panelScroll, r, g.present}
	if g.panelImg == nil || key != g.panelKey {
		if g.panelImg == nil || g.panelImg.Bounds().Dx() != int(r.W) || g.panelImg.Bounds().Dy() != int(r.H) {
			g.panelImg = ebiten.NewImage(int(r.W), int(r.H))
		}
		g.panelKey = key
		g.paintPanel(g.panelImg)
		if g.panelKey.scroll != g.panelScroll { // the scroll was clamped
			g.panelKey.scroll = g.panelScroll
		}
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(r.X, r.Y)
	dst.DrawImage(g.panelImg, op)
}

// paintPanel paints the panel's content, as layoutPanel lays it out,
// onto img, whose origin is the panel's top left.
func (g *Game) paintPanel(img *ebiten.Image) {
	page := g.layoutPanel()
	g.eventHits, g.panelScroll = page.hits, page.scroll
	p := g.painter
	img.Fill(nrgba(color.RGBA{R: 0xfb, G: 0xfa, B: 0xf7, A: 0xff}))
	vector.StrokeLine(img, 0.5, 0, 0.5, float32(g.lay.Panel.H), 1, nrgba(scene.WithAlpha(scene.InkColour, 0.3)), false)
	for _, it := range page.items {
		switch it.kind {
		case itemText:
			p.Text(img, it.text, p.face(it.size, it.bold), it.x, it.y, it.colour)
		case itemBox:
			p.Box(img, scene.Rect{X: it.x, Y: it.y, W: it.w, H: it.h}, 3, it.colour, color.RGBA{})
		case itemRule:
			vector.StrokeLine(img, float32(it.x), float32(it.y), float32(it.x+it.w), float32(it.y), float32(it.h), nrgba(it.colour), false)
		}
	}
}

// layoutPanel lays out the panel: a pinned place's history; else the
// story step in presenter mode, then the day's date, status lines,
// caption and events, each event with its badge, place, quote and
// source, and a click on it going to its place.
func (g *Game) layoutPanel() panelPage {
	r := g.lay.Panel
	page := panelPage{scroll: g.panelScroll}
	w := &panelWriter{page: &page, y: panelTop - g.panelScroll, width: r.W - 2*panelPad, lastY: r.H}
	text := w.text
	if g.pinned >= 0 {
		g.drawHistory(w)
		return page
	}
	if g.inStory() {
		g.storyPanel(w)
	}
	quote := func(q string, size float64, col color.RGBA) {
		if q != "" { // a hypothetical event has no quote
			text("“"+q+"”", size, false, col, 8)
		}
	}
	tz := g.tz()
	i := g.dayShown()
	d := g.TL.Days[i]
	text(longDate(d.Date), 20*tz, true, scene.InkColour, 0)
	w.y += 2
	for _, sl := range g.statusLines(&d) {
		text(sl.text, 13*tz, sl.bold, sl.colour, 0)
	}
	w.y += 8
	if c := g.TL.Scenario.Captions[d.Date]; c != "" {
		text(c, 16*tz, false, scene.InkColour, 0)
		w.y += 10
	}
	if len(d.Events) == 0 {
		text("No events reported for this day.", 14*tz, false, scene.MutedInk, 0)
		return page
	}
	a := g.TL.Graph.Atlas
	for _, k := range scene.PanelOrder(g.TL, d.Events) {
		e := g.TL.Scenario.Events[k]
		top := w.y
		w.y += 6
		target := e.Target.Place
		name := target
		if pl, ok := a.Place(target); ok {
			name = pl.Name
		}
		if e.Target.IsRoad() {
			fp, _ := a.Place(e.Target.From)
			tp, _ := a.Place(e.Target.To)
			name = fmt.Sprintf("%s %s–%s", e.Target.Road, fp.Name, tp.Name)
			target = e.Target.From
		}
		// Badge: kind and certainty, in the faction's colour.
		badge := strings.ToUpper(string(e.Kind))
		if e.Faction != "" {
			badge += " · " + strings.ToUpper(e.Faction)
		}
		badge += " · " + string(e.Certainty)
		bs := 11 * tz
		bw := scene.TextWidth(badge, bs, true) + 12
		col := g.builder.Colour(e.Faction)
		if e.Kind == sim.Annotation {
			col = scene.NeutralColour
		}
		page.items = append(page.items,
			panelItem{kind: itemBox, colour: col, x: panelPad, y: w.y, w: bw, h: bs + 8},
			panelItem{kind: itemText, text: badge, size: bs, bold: true, colour: badgeInk(col), x: panelPad + 6, y: w.y + 3})
		w.y += bs + 12
		text(name, 16*tz, true, scene.InkColour, 0)
		if !g.present {
			quote(e.Quote, 13.5*tz, scene.InkColour)
		} else {
			quote(e.Quote, 14*tz, scene.InkColour)
		}
		text("— "+e.Source.Citation(), 12*tz, false, scene.MutedInk, 8)
		if e.Note != "" && !g.present {
			text(e.Note, 12*tz, false, scene.MutedInk, 8)
		}
		w.y += 8
		page.hits = append(page.hits, eventHit{scene.Rect{X: r.X, Y: r.Y + top, W: r.W, H: w.y - top}, target})
		w.rule(1, scene.WithAlpha(scene.InkColour, 0.15))
	}
	// Keep the scroll within the content.
	if over := w.y + page.scroll - (r.H - 20); page.scroll > math.Max(0, over) {
		page.scroll = math.Max(0, over)
	}
	return page
}

// drawHistory writes every event of the pinned place up to the shown day.
func (g *Game) drawHistory(w *panelWriter) {
	text := w.text
	a := g.TL.Graph.Atlas
	pl := a.Places()[g.pinned]
	d := g.TL.Days[g.dayShown()]
	tz := g.tz()
	text(pl.Name, 22*tz, true, scene.InkColour, 0)
	text(fmt.Sprintf("%s · %s governorate · %.4f°N %.4f°E", pl.Kind, pl.Governorate, pl.Lat(), pl.Lon()), 12*tz, false, scene.MutedInk, 0)
	text("coordinates: "+pl.Source, 12*tz, false, scene.MutedInk, 0)
	w.y += 6
	text(g.describeState(d.Place(g.pinned)), 15*tz, false, scene.InkColour, 0)
	w.y += 8
	evs := g.TL.EventsOn(pl.ID, g.TL.Scenario.End)
	if len(evs) == 0 {
		text("No event in the ledger names this place.", 13*tz, false, scene.MutedInk, 0)
	}
	for _, k := range evs {
		e := g.TL.Scenario.Events[k]
		col := scene.InkColour
		if e.Date > d.Date {
			col = scene.WithAlpha(scene.MutedInk, 0.6) // still to come
		}
		text(fmt.Sprintf("%s — %s by %s (%s)", longDate(e.Date), e.Kind, g.factionName(e.Faction), e.Certainty), 13.5*tz, true, col, 0)
		if e.Quote != "" { // a hypothetical event has no quote
			text("“"+e.Quote+"”", 13*tz, false, col, 8)
		}
		text("— "+e.Source.Citation(), 12*tz, false, scene.MutedInk, 8)
		w.y += 6
	}
	w.y += 6
	text("Esc or click the map to unpin.", 12*tz, false, scene.MutedInk, 0)
}

// badgeInk picks black or white text for a badge colour by luminance.
func badgeInk(c color.RGBA) color.RGBA {
	l := 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
	if l > 150 {
		return scene.InkColour
	}
	return scene.CasingColour
}

// panelChanges is how many of the places the what-if moves most the
// panel lists.
const panelChanges = 12

// changeLines list, in compare mode by ensembles, the places whose odds
// the what-if moves most on the day shown, with the paired difference and
// its interval.
func (g *Game) changeLines() []statusLine {
	if g.cmp == nil || g.cmp.paired == nil {
		return nil
	}
	i := g.dayShown()
	moves := g.cmp.paired.Diff.Moves(i)
	out := []statusLine{{fmt.Sprintf("Where the what-if moves the odds most (left → right, %d paired runs, 95%% interval):", g.builder.Sim.Runs), true, scene.InkColour}}
	if len(moves) == 0 {
		return append(out, statusLine{fmt.Sprintf("Nowhere by %.0f points or more on this day.", 100*scene.MinChange), false, scene.MutedInk})
	}
	for k, p := range moves {
		if k == panelChanges {
			out = append(out, statusLine{fmt.Sprintf("and %d more, ringed on the map", len(moves)-k), false, scene.MutedInk})
			break
		}
		out = append(out, statusLine{g.builder.ChangeLine(i, p), false, scene.InkColour})
	}
	return out
}

type statusLine struct {
	text   string
	bold   bool
	colour color.RGBA
}

// statusLines summarise the day's strategic picture: the routes and roads
// the scenario watches (its 'watch:' section).
func (g *Game) statusLines(d *sim.Day) []statusLine {
	var out []statusLine
	if sv := g.builder.Sim; sv != nil {
		// A simulation: what the map shows instead of the watched roads,
		// which the ensemble's JSON does not carry per road.
		out = append(out, statusLine{fmt.Sprintf("Simulation: %d runs", sv.Runs), true, scene.InkColour})
		out = append(out, statusLine{"Each place in the colour of its most likely controller; the paler, the less likely (legend). Hover a place for its odds and when it falls.", false, scene.MutedInk})
		proj := statusLine{fmt.Sprintf("The documents end %s; later days are projected by the model alone (hatched).", longDate(sv.LastDocumented)), false, scene.MutedInk}
		if g.builder.Projected(g.dayShown()) {
			proj.text, proj.bold, proj.colour = "PROJECTED: this day is past the documents ("+longDate(sv.LastDocumented)+"), the model alone.", true, scene.ProjectedColour
		}
		return append(append(out, proj), g.changeLines()...)
	}
	if note := g.TL.Scenario.ModelOnly(); note != "" && g.cmp == nil {
		out = append(out, statusLine{note + " Press E to simulate it.", true, scene.WhatIfColour})
	}
	for k, r := range d.Metrics.Routes {
		name := g.TL.Scenario.Watch.Routes[k].Name
		if r.Open {
			out = append(out, statusLine{fmt.Sprintf("%s: open (%.0f km)", name, r.Km), false, scene.InkColour})
		} else {
			out = append(out, statusLine{fmt.Sprintf("%s: LOST since %s", name, longDate(g.TL.RouteLost[k])), true, scene.CutColour})
		}
	}
	for _, h := range g.TL.Scenario.Watch.Roads {
		km := d.Metrics.HighwayKm[h]
		var parts []string
		for _, f := range g.TL.Scenario.Factions {
			if km[f.ID] > 0 {
				parts = append(parts, fmt.Sprintf("%s %.0f km", strings.ToUpper(f.ID), km[f.ID]))
			}
		}
		if km["cut"] > 0 {
			parts = append(parts, fmt.Sprintf("cut %.0f km", km["cut"]))
		}
		if km["contested"] > 0 {
			parts = append(parts, fmt.Sprintf("contested %.0f km", km["contested"]))
		}
		out = append(out, statusLine{h + ": " + strings.Join(parts, " · "), false, scene.MutedInk})
	}
	return out
}

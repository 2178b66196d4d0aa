package scene

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"github.com/frontline-sim/frontline/sim"
)

// Box is a rounded rectangle: the background of a panel of the chrome.
type Box struct {
	R      Rect
	Radius float64
	Fill   color.RGBA
	Border color.RGBA // zero for none
}

// DateRect is the date box's area, top left of the map area m.
func DateRect(tl *sim.Timeline, i int, m Rect, tz float64) Rect {
	big, small := 34*tz, 14*tz
	w := math.Max(TextWidth(LongDate(tl.Days[i].Date), big, true), TextWidth(DateSub(tl, i), small, false)) + 28
	return Rect{m.X + 14, m.Y + 14, w, big*1.2 + small*1.3 + 18}
}

// LegendRect is the legend's area, bottom right of the map area m.
func LegendRect(tl *sim.Timeline, i int, m Rect, tz float64) Rect {
	size := 13 * tz
	row := size * 1.55
	shown := LegendFactions(tl, i)
	w := 0.0
	for _, f := range shown {
		w = math.Max(w, TextWidth(f.Name, size, false))
	}
	for _, k := range LegendKeys {
		w = math.Max(w, TextWidth(k, size, false))
	}
	w += 60
	h := float64(len(shown)+len(LegendKeys))*row + 18
	return Rect{m.X + m.W - w - 14, m.Y + m.H - h - 14, w, h}
}

// DateRect is the date box's area for day i: DateRect, with a line more
// on a simulated day (SimDateLine).
func (b *Builder) DateRect(i int, m Rect, tz float64) Rect {
	r := DateRect(b.TL, i, m, tz)
	if line, _ := b.SimDateLine(i); line != "" {
		small := 14 * tz
		r.W = math.Max(r.W, TextWidth(line, small, true)+28)
		r.H += small * 1.3
	}
	return r
}

// LegendRect is the legend's area for day i: LegendRect, or a
// simulation's legend (the bands of likelihood and the projection).
func (b *Builder) LegendRect(i int, m Rect, tz float64) Rect {
	if b.Sim == nil {
		return LegendRect(b.TL, i, m, tz)
	}
	tz = b.simLegendZoom(i, m, tz)
	size := 13 * tz
	row := size * 1.55
	shown := LegendFactions(b.TL, i)
	rows := b.simLegendRows()
	w := 0.0
	for _, f := range shown {
		w = math.Max(w, TextWidth(f.Name, size, false)+60)
	}
	for k, t := range rows {
		if k == 0 {
			w = math.Max(w, TextWidth(t, size, true)+20)
			continue
		}
		w = math.Max(w, TextWidth(t, size, false)+60)
	}
	h := float64(len(shown)+len(rows))*row + 18
	return Rect{m.X + m.W - w - 14, m.Y + m.H - h - 14, w, h}
}

// ScaleRect is the scale bar's area, bottom left of the map area m.
func ScaleRect(scale float64, m Rect, tz float64) Rect {
	px := ScaleKm(scale) * scale
	size := 12 * tz
	return Rect{m.X + 14, m.Y + m.H - size - 36, px + 20, size + 22}
}

// ChromeAvoid returns the areas of the date box, legend, scale bar and
// credit of an exported frame of day i over the view v, which labels keep
// clear of.
func ChromeAvoid(tl *sim.Timeline, i int, v View, tz float64) []Rect {
	return NewBuilder(tl).ChromeAvoid(i, v, tz)
}

// ChromeAvoid is ChromeAvoid for the builder's timeline and simulation.
func (b *Builder) ChromeAvoid(i int, v View, tz float64) []Rect {
	out := []Rect{b.DateRect(i, v.Rect, tz).Inset(-4), b.LegendRect(i, v.Rect, tz).Inset(-4), ScaleRect(v.Scale, v.Rect, tz).Inset(-4)}
	if r, _, ok := b.creditRect(i, v, tz); ok {
		out = append(out, r.Inset(-2))
	}
	return out
}

// creditRect is the box of the credit line, bottom centre, and its text;
// ok is false when it would run into the legend or the scale bar.
func (b *Builder) creditRect(i int, v View, tz float64) (Rect, string, bool) {
	tl := b.TL
	m := v.Rect
	size := 11 * tz
	fits := func(credit string) (Rect, bool) {
		w := TextWidth(credit, size, false)
		r := Rect{m.X + m.W/2 - w/2 - 6, m.Y + m.H - size*1.2 - 8, w + 12, size*1.2 + 4}
		return r, r.X >= m.X && !r.Overlaps(b.LegendRect(i, m, tz)) && !r.Overlaps(ScaleRect(v.Scale, m, tz))
	}
	if b.Sim == nil {
		// The documents the day's map rests on, as fully as the width
		// allows.
		cands := CreditLines(tl, i)
		for _, c := range cands {
			if r, ok := fits(c); ok {
				return r, c, true
			}
		}
		r, _ := fits(cands[len(cands)-1])
		return r, cands[len(cands)-1], false
	}
	// A simulation's picture names the model, not the documents alone.
	title := b.Sim.Title
	if title == "" {
		title = tl.Scenario.Title
	}
	credit := fmt.Sprintf("frontline · a simulation, %d runs, of %s · model: docs/model.md", b.Sim.Runs, title)
	r, ok := fits(credit)
	return r, credit, ok
}

// CreditLines returns the credit line of day i of a replay, the fullest
// first: it names the scenario and the documents its events up to the day
// cite (by number and the first words of their titles, then by number
// alone), so that a reader of a picture can find them in docs/sources.md.
func CreditLines(tl *sim.Timeline, i int) []string {
	day := tl.Days[i].Date
	var docs []*sim.Document
	var files []string
	seen := map[string]bool{}
	for _, e := range tl.Scenario.Events {
		f := e.Source.Document
		if e.Date > day || f == "" || seen[f] {
			continue
		}
		seen[f] = true
		if e.Source.Doc != nil {
			docs = append(docs, e.Source.Doc)
		} else {
			files = append(files, f)
		}
	}
	sort.Slice(docs, func(a, b int) bool { return docs[a].File < docs[b].File })
	sort.Strings(files)
	head := "frontline · " + tl.Scenario.Title + " · "
	if len(docs)+len(files) == 0 {
		return []string{head + "no sourced event yet", "frontline · no sourced event yet"}
	}
	name := func(words int) string {
		parts := make([]string, 0, len(docs)+len(files))
		for _, d := range docs {
			parts = append(parts, d.Short(words))
		}
		return strings.Join(append(parts, files...), ", ")
	}
	src := "sources: "
	if len(docs) > 0 {
		src = "sources (docs/sources.md): "
	}
	return []string{head + src + name(6), head + src + name(3), "frontline · " + src + name(3), "frontline · " + src + name(2), "frontline · " + src + name(0)}
}

// ChromePart is a part of the chrome of the map.
type ChromePart uint8

// The parts of the chrome: the date box (top left), the legend (bottom
// right), the scale bar (bottom left) and the credit line (bottom
// centre, exports only).
const (
	ChromeDate ChromePart = 1 << iota
	ChromeLegend
	ChromeScale
	ChromeCredit
	ChromeAll = ChromeDate | ChromeLegend | ChromeScale | ChromeCredit
)

// Chrome returns the overlay of an exported frame of day i over the view
// v: the date box, the legend and the scale bar, as the viewer draws them,
// and a credit line naming the scenario and where the sources are.
func (b *Builder) Chrome(i int, v View, tz float64) *Scene { return b.ChromeOf(i, v, tz, ChromeAll) }

// ChromeOf returns the parts of the chrome of day i over the view v as a
// scene; the viewer paints the date and legend once a day and the scale
// bar as the view moves.
func (b *Builder) ChromeOf(i int, v View, tz float64, parts ChromePart) *Scene {
	m := v.Rect
	o := &Scene{W: int(m.X + m.W), H: int(m.Y + m.H)}
	lay := Layer{Name: "chrome"}

	if parts&ChromeDate != 0 {
		b.chromeDate(o, i, m, tz)
	}
	if parts&ChromeLegend != 0 {
		b.chromeLegend(o, &lay, i, m, tz)
	}
	if parts&ChromeScale != 0 {
		chromeScale(o, &lay, v, tz)
	}
	if parts&ChromeCredit != 0 {
		// Who made the map and where its sources are.
		if cr, credit, ok := b.creditRect(i, v, tz); ok {
			o.Boxes = append(o.Boxes, Box{R: cr, Radius: 3, Fill: WithAlpha(PanelColour, 0.8)})
			o.text(credit, 11*tz, false, cr.X+6, cr.Y+2, MutedInk)
		}
	}
	o.Layers = []Layer{lay}
	return o
}

// text adds a label of chrome text, with no halo, its top-left at (x, y).
func (s *Scene) text(t string, size float64, bold bool, x, y float64, c color.RGBA) {
	s.Labels = append(s.Labels, Label{Text: t, X: float32(x), Y: float32(y), Size: size, Bold: bold, Colour: c, Place: -1})
}

func (b *Builder) chromeDate(o *Scene, i int, m Rect, tz float64) {
	tl := b.TL
	big, small := 34*tz, 14*tz
	r := b.DateRect(i, m, tz)
	line, projected := b.SimDateLine(i)
	border := WithAlpha(InkColour, 0.25)
	if projected {
		border = ProjectedColour
	}
	o.Boxes = append(o.Boxes, Box{R: r, Radius: 6, Fill: PanelColour, Border: border})
	o.text(LongDate(tl.Days[i].Date), big, true, r.X+14, r.Y+7, InkColour)
	o.text(DateSub(tl, i), small, false, r.X+14, r.Y+9+big*1.2, MutedInk)
	if line != "" {
		col := MutedInk
		if projected {
			col = ProjectedColour
		}
		o.text(line, small, projected, r.X+14, r.Y+9+big*1.2+small*1.3, col)
	}
}

// simLegendZoom shrinks a simulation's legend, which has more rows than
// a replay's, to at most 62% of a short map's height (down to 70% of its
// size), so that it does not cover the map of a small window; and, where
// even that is taller than the map (presenter type in a small picture),
// further, so that it fits the map with its margins.
func (b *Builder) simLegendZoom(i int, m Rect, tz float64) float64 {
	rows := float64(len(LegendFactions(b.TL, i)) + len(b.simLegendRows()))
	fit := (0.62*m.H - 18) / (rows * 13 * 1.55)
	all := (m.H - 28 - 18) / (rows * 13 * 1.55)
	return math.Min(math.Max(0.7*tz, math.Min(tz, fit)), all)
}

func (b *Builder) chromeLegend(o *Scene, lay *Layer, i int, m Rect, tz float64) {
	tl := b.TL
	r := b.LegendRect(i, m, tz) // at the legend's own zoom
	if b.Sim != nil {
		tz = b.simLegendZoom(i, m, tz)
	}
	size := 13 * tz
	row := size * 1.55
	o.Boxes = append(o.Boxes, Box{R: r, Radius: 6, Fill: PanelColour, Border: WithAlpha(InkColour, 0.25)})
	y := r.Y + 9
	for _, f := range LegendFactions(tl, i) {
		sw := Rect{r.X + 10, y + 2, 28, row - 6}
		c := b.Colour(f.ID)
		o.Boxes = append(o.Boxes, Box{R: sw, Radius: 2, Fill: Over(WithAlpha(c, TerritoryOpacity), SyriaColour), Border: InkColour})
		lay.Strokes = append(lay.Strokes, Hatch(RectPolygon(sw.Inset(1)), f.Pattern, 6, 1.1, WithAlpha(Darken(c, 0.3), 0.8))...)
		o.text(f.Name, size, false, r.X+48, y+(row-size*1.2)/2, InkColour)
		y += row
	}
	if b.Sim != nil {
		b.simLegend(o, lay, r, y, row, size)
		return
	}
	cx := float32(r.X + 24)
	for _, k := range LegendKeys {
		cy := float32(y + row/2)
		mk := Marker{Place: -1, X: cx, Y: cy, R: 4.5, Fill: NeutralColour, Outline: InkColour}
		switch k {
		case "contested":
			mk.HasRing, mk.Ring = true, InkColour
			o.Markers = append(o.Markers, mk)
		case "claimed (unconfirmed)":
			mk.HasRing, mk.RingDashed, mk.Ring = true, true, InkColour
			o.Markers = append(o.Markers, mk)
		case "front line":
			line := []Pt{{cx - 13, cy}, {cx + 13, cy}}
			lay.Strokes = append(lay.Strokes, Stroke{Points: line, Width: 6, Colour: CasingColour, Round: true},
				Stroke{Points: line, Width: 3, Colour: FrontColour, Round: true})
		case "road cut":
			lay.Strokes = append(lay.Strokes, CutMark([]Pt{{cx - 10, cy}, {cx + 10, cy}}, 6, CutColour)...)
		case "changed this day":
			mk.Highlight = true
			o.Markers = append(o.Markers, mk)
		}
		o.text(k, size, false, r.X+48, y+(row-size*1.2)/2, InkColour)
		y += row
	}
}

func chromeScale(o *Scene, lay *Layer, v View, tz float64) {
	m := v.Rect
	km := ScaleKm(v.Scale)
	px := float32(km * v.Scale)
	ssize := 12 * tz
	r := ScaleRect(v.Scale, m, tz)
	o.Boxes = append(o.Boxes, Box{R: r, Radius: 4, Fill: WithAlpha(PanelColour, 0.85)})
	x0, y0 := float32(r.X+10), float32(r.Y+r.H-7)
	lay.Strokes = append(lay.Strokes, Stroke{Points: []Pt{{x0, y0 - 5}, {x0, y0}, {x0 + px, y0}, {x0 + px, y0 - 5}}, Width: 2, Colour: InkColour})
	label := fmt.Sprintf("%g km", km)
	o.text(label, ssize, false, float64(x0+px/2)-TextWidth(label, ssize, false)/2, r.Y+3, InkColour)
}

// CompareNote lays out compare mode's note of what differs on day i, msg
// at font size size, over the view v: bottom left, above the scale bar and
// left of the legend, so that it covers neither; where the column left of
// the legend is too narrow for a comfortable note, above the legend across
// the map instead, if that keeps below the date box, else in the narrow
// column all the same; lines that would rise past the date box or the
// sides' names (CompareLabelBand) are dropped, the last kept ending in "…". It returns the note's box and its
// lines, each size·1.35 tall from the box's top plus 7.
func CompareNote(tl *sim.Timeline, i int, v View, tz float64, msg string, size float64) (Rect, []string) {
	m := v.Rect
	leg := LegendRect(tl, i, m, tz)
	date := DateRect(tl, i, m, tz)
	scale := ScaleRect(v.Scale, m, tz)
	band := CompareLabelBand(m, tz)
	top := math.Max(date.Y+date.H, band.Y+band.H) + 8
	note := func(w, bottom float64) (Rect, []string) {
		lines := WrapText(msg, size, false, w-24)
		// No higher than the date box's foot: the lines that do not fit
		// are dropped, the last kept ending in "…".
		if n := max(1, int((bottom-top-14)/(size*1.35))); len(lines) > n {
			lines = lines[:n]
			lines[n-1] = FitText(lines[n-1]+" …", size, false, w-24)
		}
		tw := 0.0
		for _, l := range lines {
			tw = math.Max(tw, TextWidth(l, size, false))
		}
		w = math.Min(w, tw+24) // no wider than its text
		h := float64(len(lines))*size*1.35 + 14
		return Rect{m.X + 14, bottom - h, w, h}, lines
	}
	column := math.Min(leg.X-14-(m.X+14), 760)
	if column >= 240 {
		return note(column, scale.Y-8)
	}
	// Too narrow a column: above the legend, across the map.
	r, lines := note(math.Min(m.W-28, 760), math.Min(scale.Y-8, leg.Y-8))
	if r.Y >= top || column < 140 {
		return r, lines
	}
	return note(column, scale.Y-8)
}

// CompareLabelBand is the band of compare mode's labels that name the two
// sides ("left: …", "right: …"), across the map area m below the date box.
func CompareLabelBand(m Rect, tz float64) Rect {
	return Rect{m.X, m.Y + 110*tz, m.W, 14*tz + 12}
}

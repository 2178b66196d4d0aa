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

// DaySymbols are the symbols of day i settled through the view v at
// text zoom tz, every layer shown (Symbols): what an exported day's
// legend lists.
func (b *Builder) DaySymbols(i int, v View, tz float64) []Symbol {
	f := Settled(i, v)
	f.TextZoom = tz
	return b.Symbols(f)
}

// ScaleRect is the scale bar's area, bottom left of the map area m.
func ScaleRect(scale float64, m Rect, tz float64) Rect {
	px := ScaleKm(scale) * scale
	size := 12 * tz
	return Rect{m.X + 14, m.Y + m.H - size - 36, px + 20, size + 22}
}

// ChromeAvoid returns the areas of the date box, legend, scale bar and
// credit of an exported frame of day i over the view v, which labels keep
// clear of; the legend lists DaySymbols.
func (b *Builder) ChromeAvoid(i int, v View, tz float64) []Rect {
	return b.ChromeAvoidOf(i, v, tz, b.DaySymbols(i, v, tz))
}

// ChromeAvoidOf is ChromeAvoid with a legend of syms.
func (b *Builder) ChromeAvoidOf(i int, v View, tz float64, syms []Symbol) []Rect {
	out := []Rect{b.DateRect(i, v.Rect, tz).Inset(-4), b.LegendRect(syms, v.Rect, tz).Inset(-4), ScaleRect(v.Scale, v.Rect, tz).Inset(-4)}
	if r, _, ok := b.creditRect(i, v, tz, syms); ok {
		out = append(out, r.Inset(-2))
	}
	return out
}

// creditRect is the box of the credit line, bottom centre (or left of a
// wide legend), and its text;
// ok is false when it would run into the legend or the scale bar.
func (b *Builder) creditRect(i int, v View, tz float64, syms []Symbol) (Rect, string, bool) {
	tl := b.TL
	m := v.Rect
	size := 11 * tz
	leg := b.LegendRect(syms, m, tz)
	scale := ScaleRect(v.Scale, m, tz)
	// Centred, or where a wide legend is in the way, just left of it.
	fits := func(credit string) (Rect, bool) {
		w := TextWidth(credit, size, false)
		r := Rect{m.X + m.W/2 - w/2 - 6, m.Y + m.H - size*1.2 - 8, w + 12, size*1.2 + 4}
		if r.Overlaps(leg) {
			r.X = leg.X - 8 - r.W
		}
		return r, r.X >= m.X && !r.Overlaps(leg) && !r.Overlaps(scale)
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
// v: the date box, the legend (of DaySymbols) and the scale bar, as the
// viewer draws them, and a credit line naming the scenario and its
// sources.
func (b *Builder) Chrome(i int, v View, tz float64) *Scene { return b.ChromeOf(i, v, tz, ChromeAll) }

// ChromeOf returns the parts of the chrome of day i over the view v as a
// scene, the legend of DaySymbols.
func (b *Builder) ChromeOf(i int, v View, tz float64, parts ChromePart) *Scene {
	return b.ChromeWith(i, v, tz, parts, b.DaySymbols(i, v, tz))
}

// ChromeWith is ChromeOf with a legend of syms, the symbols the map under
// it draws (Symbols, or Scene.Symbols): the viewer paints the date and
// legend once a day and the scale bar as the view moves.
func (b *Builder) ChromeWith(i int, v View, tz float64, parts ChromePart, syms []Symbol) *Scene {
	m := v.Rect
	o := &Scene{W: int(m.X + m.W), H: int(m.Y + m.H)}
	lay := Layer{Name: "chrome"}

	if parts&ChromeDate != 0 {
		b.chromeDate(o, i, m, tz)
	}
	if parts&ChromeLegend != 0 {
		b.legend(o, &lay, syms, m, tz)
	}
	if parts&ChromeScale != 0 {
		chromeScale(o, &lay, v, tz)
	}
	if parts&ChromeCredit != 0 {
		// Who made the map and where its sources are.
		if cr, credit, ok := b.creditRect(i, v, tz, syms); ok {
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

// CompareNote lays out compare mode's note of what differs on day i, the
// first of msgs (the fullest first) that fits, at font size size, over
// the view v: bottom left, above the scale bar and left of the legend, so
// that it covers neither, and no wider than half the map where it can be;
// where the column left of the legend is too
// narrow for a comfortable note, above the legend across the map instead,
// if that keeps below the date box, else in the narrow column all the
// same. It keeps within noteTall of the map's height (two lines at
// least), so as not to cover the action at the map's middle, and below
// the date box and the sides' names (CompareLabelBand): where even the
// last of msgs is too long, its lines past those are dropped, the last
// kept ending in "…". leg is the legend's box. It returns the note's box
// and its lines, each size·1.35 tall from the box's top plus 7.
func CompareNote(tl *sim.Timeline, i int, v View, tz float64, leg Rect, msgs []string, size float64) (Rect, []string) {
	m := v.Rect
	date := DateRect(tl, i, m, tz)
	scale := ScaleRect(v.Scale, m, tz)
	band := CompareLabelBand(m, tz)
	top := math.Max(date.Y+date.H, band.Y+band.H) + 8
	note := func(w, bottom float64) (Rect, []string) {
		n := max(1, int((bottom-top-14)/(size*1.35)))
		n = min(n, max(2, int((noteTall*m.H-14)/(size*1.35))))
		var lines []string
		for _, msg := range msgs {
			if lines = WrapText(msg, size, false, w-24); len(lines) <= n {
				break
			}
		}
		if len(lines) > n {
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
	// No wider than a half of the map, where it can: it stays on the
	// history's side of a compare side by side.
	widest := math.Min(math.Max(m.W/2-28, 300), 760)
	column := math.Min(leg.X-14-(m.X+14), widest)
	if column >= 240 {
		return note(column, scale.Y-8)
	}
	// Too narrow a column: above the legend, across the map.
	r, lines := note(math.Min(m.W-28, widest), math.Min(scale.Y-8, leg.Y-8))
	if r.Y >= top || column < 140 {
		return r, lines
	}
	return note(column, scale.Y-8)
}

// noteTall is the most of the map's height that compare mode's note
// takes.
const noteTall = 0.22

// CompareLabelBand is the band of compare mode's labels that name the two
// sides ("left: …", "right: …"), across the map area m below the date box.
func CompareLabelBand(m Rect, tz float64) Rect {
	return Rect{m.X, m.Y + 110*tz, m.W, 14*tz + 12}
}

package scene

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/frontline-sim/frontline/internal/likelihood"
)

// SymbolKind is a kind of symbol the map draws. The legend has a row for
// each kind a scene draws, and for no other: Build records the kinds in
// Scene.Symbols as it draws them, and the legend reads that list, so that
// the two cannot drift apart.
type SymbolKind int

// The kinds of symbol, in the legend's order.
const (
	SymTerritory     SymbolKind = iota // a side's land (Faction)
	SymHolder                          // place symbols in a side's colour, its land not drawn (Faction)
	SymShade                           // a simulation's land of a side in a band of likelihood (Faction, Band)
	SymPlace                           // a place symbol of one shape (Shape)
	SymContested                       // a solid ring: contested
	SymClaimed                         // a dashed ring: claimed, unconfirmed
	SymChanged                         // the yellow halo: changed this day, or pinned
	SymRoadHeld                        // a watched road open, in its holder's colour
	SymRoadContested                   // a watched road contested: grey dashes
	SymRoadCut                         // a watched road cut: red dashes and a cross
	SymRoadOther                       // a road nobody watches: thin grey
	SymFront                           // the front line
	SymProjected                       // the projection's hatching
	SymDiffLose                        // a difference ring: history's holder less likely
	SymDiffKeep                        // a difference ring: history's holder likelier
	SymDiffRoad                        // a highway whose ends' odds the what-if moves
	SymStoryRing                       // a story step's ring
)

// Symbol is one kind of symbol as drawn: its kind, and the side, band of
// likelihood or shape that tells it from others of its kind.
type Symbol struct {
	Kind    SymbolKind
	Faction string // SymTerritory, SymHolder, SymShade
	Band    int    // SymShade: an index in likelihood.Bands
	Shape   Shape  // SymPlace
}

// uses records that s draws sym.
func (s *Scene) uses(sym Symbol) { s.Symbols = append(s.Symbols, sym) }

// MergeSymbols returns the symbols of lists, each once, in the legend's
// order: by kind, sides in the scenario's order, bands from the likeliest,
// shapes in Shape's order.
func (b *Builder) MergeSymbols(lists ...[]Symbol) []Symbol {
	var out []Symbol
	for _, l := range lists {
		out = append(out, l...)
	}
	rank := map[string]int{}
	for k, f := range b.TL.Scenario.Factions {
		rank[f.ID] = k + 1
	}
	slices.SortFunc(out, func(x, y Symbol) int {
		switch {
		case x.Kind != y.Kind:
			return int(x.Kind) - int(y.Kind)
		case x.Band != y.Band:
			return y.Band - x.Band
		case x.Faction != y.Faction:
			if rank[x.Faction] != rank[y.Faction] {
				return rank[x.Faction] - rank[y.Faction]
			}
			return strings.Compare(x.Faction, y.Faction)
		}
		return int(x.Shape) - int(y.Shape)
	})
	return slices.Compact(out)
}

// LegendRow is one row of the legend: its text, whether it is a title
// (bold, no swatch), and the symbols its swatch shows.
type LegendRow struct {
	Text    string
	Title   bool
	Symbols []Symbol
}

// shapeWords names the places a symbol shape stands for (shapeOf).
var shapeWords = map[Shape]string{Circle: "city, town or village", Square: "site, district or base", Triangle: "airbase", Diamond: "junction"}

// symbolWords are the rows' texts of the kinds that have one row each.
var symbolWords = map[SymbolKind]string{
	SymContested:     "contested",
	SymClaimed:       "claimed (unconfirmed)",
	SymChanged:       "changed this day",
	SymRoadHeld:      "highway, in its holder's colour",
	SymRoadContested: "highway contested (grey dashes)",
	SymRoadCut:       "highway cut",
	SymRoadOther:     "other road",
	SymFront:         "front line",
	SymProjected:     "projected (model only)",
	SymDiffLose:      "history's likely holder less likely",
	SymDiffKeep:      "history's likely holder likelier",
	SymDiffRoad:      "highway: the mean of its two ends",
	SymStoryRing:     "this step's places",
}

// LegendRows turns syms (MergeSymbols' order) into the legend's rows: a
// row per side, per shape and per other kind; the bands of likelihood one
// row each, its swatch in the tint of every side shaded in it, under a
// title; the difference rings under theirs.
func (b *Builder) LegendRows(syms []Symbol) []LegendRow {
	var rows []LegendRow
	for _, s := range syms {
		last := len(rows) - 1
		switch s.Kind {
		case SymTerritory, SymHolder:
			name := s.Faction
			if f, ok := b.TL.Scenario.Faction(s.Faction); ok {
				name = f.Name
			}
			rows = append(rows, LegendRow{Text: name, Symbols: []Symbol{s}})
		case SymShade:
			if last >= 0 && rows[last].Symbols != nil && rows[last].Symbols[0].Kind == SymShade && rows[last].Symbols[0].Band == s.Band {
				rows[last].Symbols = append(rows[last].Symbols, s)
				continue
			}
			if last < 0 || rows[last].Symbols == nil || rows[last].Symbols[0].Kind != SymShade {
				rows = append(rows, LegendRow{Text: "shade: how likely it holds", Title: true})
			}
			band := likelihood.Bands[s.Band]
			rows = append(rows, LegendRow{Text: fmt.Sprintf("%s, %s", band.Words, band.Range()), Symbols: []Symbol{s}})
		case SymPlace:
			rows = append(rows, LegendRow{Text: shapeWords[s.Shape], Symbols: []Symbol{s}})
		default:
			if isDiff(s.Kind) && (last < 0 || rows[last].Symbols == nil || !isDiff(rows[last].Symbols[0].Kind)) {
				rows = append(rows, LegendRow{Text: legendDiffTitle, Title: true})
			}
			rows = append(rows, LegendRow{Text: symbolWords[s.Kind], Symbols: []Symbol{s}})
		}
	}
	return rows
}

// legendLayout is where the legend's rows go: its box, its type's size
// and row height, the scale of its swatches, and each row's top left.
type legendLayout struct {
	box       Rect
	size, row float64
	zoom      float64 // of the swatches and margins: 1 at text zoom 1
	x, y      []float64
}

// The legend's shape: it keeps within legendTall of the map's height and
// legendWide of its width (short of the middle, where the action is; in
// the what-if's pane of a compare), in up to legendCols columns, its type
// no smaller than legendMinZoom of the text zoom, unless even that would
// leave the map.
const (
	legendTall, legendWide = 0.45, 0.45
	legendCols             = 3
	legendMinZoom          = 0.7
)

// layoutLegend lays out rows bottom right of the map area m at text zoom
// tz: in the fewest columns, up to legendCols and each split where a
// group begins, that keep it within legendTall of the map's height and
// legendWide of its width at tz; where none does, in those that need its
// type shrunk least (legendAt), or, all at legendMinZoom, that overrun
// those bounds least.
func (b *Builder) layoutLegend(rows []LegendRow, m Rect, tz float64) legendLayout {
	var best legendLayout
	bestOver := math.Inf(1)
	for cols := 1; cols <= legendCols; cols++ {
		l := b.legendAt(rows, splitLegend(rows, cols), m, tz)
		over := math.Max(l.box.H/(legendTall*m.H), l.box.W/(legendWide*m.W-14))
		if cols == 1 || l.zoom > best.zoom*1.02 || l.zoom >= best.zoom && over < bestOver*0.95 {
			best, bestOver = l, over
		}
		if l.zoom >= tz {
			break
		}
	}
	return best
}

// splitLegend returns the first row of each of cols columns of rows, as
// even as may be, each column but the first beginning where a group
// begins (a title, or a kind after another) when one is within two rows.
func splitLegend(rows []LegendRow, cols int) []int {
	starts := []int{0}
	n := len(rows)
	if n == 0 {
		return starts
	}
	group := func(k int) bool {
		if k <= 0 || k >= n || rows[k-1].Title {
			return false
		}
		return rows[k].Title || rows[k].Symbols[0].Kind != rows[k-1].Symbols[0].Kind
	}
	for c := 1; c < cols; c++ {
		at := (n*c + cols - 1) / cols
		for _, d := range []int{0, -1, 1, -2, 2} {
			if group(at + d) {
				at += d
				break
			}
		}
		if rows[max(0, at-1)].Title {
			at--
		}
		if at <= starts[len(starts)-1] || at >= n {
			break
		}
		starts = append(starts, at)
	}
	return starts
}

// legendAt lays out rows in the columns that begin at starts, at the
// largest zoom, up to tz and down to legendMinZoom of it, that keeps
// within legendTall and legendWide of m, or smaller where even that
// leaves the map.
func (b *Builder) legendAt(rows []LegendRow, starts []int, m Rect, tz float64) legendLayout {
	tall := 0
	for c := range starts {
		tall = max(tall, colEnd(starts, c, len(rows))-starts[c])
	}
	// Its height and width at zoom 1; both are proportional to the zoom.
	h := float64(max(1, tall))*13*1.55 + 18
	widths := make([]float64, len(starts))
	w := 8.0 + 12*float64(len(starts)-1)
	for c := range starts {
		for _, r := range rows[starts[c]:colEnd(starts, c, len(rows))] {
			if r.Title {
				widths[c] = math.Max(widths[c], TextWidth(r.Text, 13, true)+12)
			} else {
				widths[c] = math.Max(widths[c], TextWidth(r.Text, 13, false)+52)
			}
		}
		w += widths[c]
	}
	fit := math.Min((legendTall*m.H)/h, (legendWide*m.W-14)/w)
	all := math.Min((m.H-28)/h, (m.W-28)/w)
	z := math.Min(math.Max(legendMinZoom*tz, math.Min(tz, fit)), all)
	l := legendLayout{size: 13 * z, row: 13 * z * 1.55, zoom: z, x: make([]float64, len(rows)), y: make([]float64, len(rows))}
	l.box = Rect{W: w * z, H: h * z}
	l.box.X, l.box.Y = m.X+m.W-l.box.W-14, m.Y+m.H-l.box.H-14
	x := l.box.X + 10*z
	for c := range starts {
		for k := starts[c]; k < colEnd(starts, c, len(rows)); k++ {
			l.x[k], l.y[k] = x, l.box.Y+9*z+float64(k-starts[c])*l.row
		}
		x += (widths[c] + 12) * z
	}
	return l
}

// colEnd is the end of column c of n rows in columns beginning at starts.
func colEnd(starts []int, c, n int) int {
	if c+1 < len(starts) {
		return starts[c+1]
	}
	return n
}

// LegendRect is the area, bottom right of the map area m, of the legend
// of syms at text zoom tz (layoutLegend).
func (b *Builder) LegendRect(syms []Symbol, m Rect, tz float64) Rect {
	return b.layoutLegend(b.LegendRows(syms), m, tz).box
}

// swatchRect is row k's swatch in the layout l.
func (l legendLayout) swatchRect(k int) Rect {
	return Rect{l.x[k], l.y[k] + 2*l.zoom, 28 * l.zoom, l.row - 6*l.zoom}
}

// legend draws the legend of syms into o and lay.
func (b *Builder) legend(o *Scene, lay *Layer, syms []Symbol, m Rect, tz float64) {
	rows := b.LegendRows(syms)
	l := b.layoutLegend(rows, m, tz)
	o.Boxes = append(o.Boxes, Box{R: l.box, Radius: 6, Fill: PanelColour, Border: WithAlpha(InkColour, 0.25)})
	for k, lr := range rows {
		ty := l.y[k] + (l.row-l.size*1.2)/2
		if lr.Title {
			o.text(lr.Text, l.size, true, l.x[k], ty, InkColour)
		} else {
			b.swatch(o, lay, lr.Symbols, l.swatchRect(k))
			o.text(lr.Text, l.size, false, l.x[k]+38*l.zoom, ty, InkColour)
		}
	}
}

// LegendSwatches returns the swatch areas of the legend of syms, one per
// row (zero for a title), as legend draws them: for tests of their tints.
func (b *Builder) LegendSwatches(syms []Symbol, m Rect, tz float64) ([]LegendRow, []Rect) {
	rows := b.LegendRows(syms)
	l := b.layoutLegend(rows, m, tz)
	out := make([]Rect, len(rows))
	for k, lr := range rows {
		if !lr.Title {
			out[k] = l.swatchRect(k)
		}
	}
	return rows, out
}

// swatch draws a row's symbols in sw with the map's own drawing rules.
func (b *Builder) swatch(o *Scene, lay *Layer, syms []Symbol, sw Rect) {
	s := syms[0]
	cx, cy := float32(sw.X+sw.W/2), float32(sw.Y+sw.H/2)
	// Drawn for a swatch 28 wide (text zoom 1), smaller in a smaller one.
	z := float32(sw.W / 28)
	line := []Pt{{cx - 13*z, cy}, {cx + 13*z, cy}}
	mk := Marker{Place: -1, X: cx, Y: cy, R: 4.5 * z, Fill: NeutralColour, Outline: InkColour}
	switch s.Kind {
	case SymTerritory:
		c := b.Colour(s.Faction)
		o.Boxes = append(o.Boxes, Box{R: sw, Radius: 2, Fill: Over(WithAlpha(c, TerritoryOpacity), SyriaColour), Border: InkColour})
		lay.Strokes = append(lay.Strokes, Hatch(RectPolygon(sw.Inset(1)), b.patterns[s.Faction], 6, 1.1, WithAlpha(Darken(c, 0.3), 0.8))...)
	case SymHolder:
		mk.Fill, mk.R = b.Colour(s.Faction), 5.5*z
		o.Markers = append(o.Markers, mk)
	case SymShade:
		// One part per side shaded in the band, in its tint.
		w := sw.W / float64(len(syms))
		for k, sh := range syms {
			part := Rect{sw.X + float64(k)*w, sw.Y, w, sw.H}
			o.Boxes = append(o.Boxes, Box{R: part, Fill: ShadeSwatch(b.Colour(sh.Faction), sh.Band)})
		}
		o.Boxes = append(o.Boxes, Box{R: sw, Radius: 2, Border: WithAlpha(InkColour, 0.5)})
	case SymPlace:
		mk.Shape, mk.R = s.Shape, 5.5*z
		o.Markers = append(o.Markers, mk)
	case SymContested:
		mk.HasRing, mk.Ring = true, InkColour
		o.Markers = append(o.Markers, mk)
	case SymClaimed:
		mk.HasRing, mk.RingDashed, mk.Ring = true, true, InkColour
		o.Markers = append(o.Markers, mk)
	case SymChanged:
		mk.Highlight = true
		o.Markers = append(o.Markers, mk)
	case SymRoadHeld:
		// Split in the colours of the first two sides: whoever holds it.
		fs := b.TL.Scenario.Factions
		left, right := NeutralColour, NeutralColour
		if len(fs) > 0 {
			left, right = b.Colour(fs[0].ID), b.Colour(fs[min(1, len(fs)-1)].ID)
		}
		lay.Strokes = append(lay.Strokes, Stroke{Points: line, Width: 7 * z, Colour: CasingColour, Round: true})
		lay.Strokes = append(lay.Strokes, heldRoad([]Pt{line[0], {cx, cy}}, left), heldRoad([]Pt{{cx, cy}, line[1]}, right))
	case SymRoadContested:
		lay.Strokes = append(lay.Strokes, Stroke{Points: line, Width: 7 * z, Colour: CasingColour, Round: true})
		lay.Strokes = append(lay.Strokes, contestedRoad(line)...)
	case SymRoadCut:
		lay.Strokes = append(lay.Strokes, Stroke{Points: line, Width: 7 * z, Colour: CasingColour, Round: true})
		lay.Strokes = append(lay.Strokes, cutRoad(line)...)
		lay.Strokes = append(lay.Strokes, CutMark([]Pt{{cx - 10*z, cy}, {cx + 10*z, cy}}, 6*z, CutColour)...)
	case SymRoadOther:
		lay.Strokes = append(lay.Strokes, Stroke{Points: line, Width: 1.6, Colour: RoadColour, Round: true})
	case SymFront:
		lay.Strokes = append(lay.Strokes, frontStrokes(line)...)
	case SymProjected:
		o.Boxes = append(o.Boxes, Box{R: sw, Radius: 2, Fill: SyriaColour, Border: ProjectedColour})
		lay.Strokes = append(lay.Strokes, Hatch(RectPolygon(sw.Inset(1)), "backhatch", 6, 1.4, ProjectedColour)...)
	case SymDiffLose, SymDiffKeep, SymDiffRoad:
		compareLegendSwatch(lay, s.Kind, sw)
	case SymStoryRing:
		lay.Strokes = append(lay.Strokes, storyRing(float64(cx), float64(cy), 0.5*sw.H, 0.5)...)
	}
}

// isDiff reports whether k is a kind of the difference layer's, which
// the legend lists under one title.
func isDiff(k SymbolKind) bool { return k == SymDiffLose || k == SymDiffKeep || k == SymDiffRoad }

// ShadeSwatch is the colour of a side's land of colour c in band bi of
// likelihood over Syria, as the map shades it.
func ShadeSwatch(c color.RGBA, bi int) color.RGBA {
	return Over(WithAlpha(c, ShadeOpacity(bi)), SyriaColour)
}

package export

import (
	"image/color"
	"io"
	"math"
	"path/filepath"
	"sync"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/internal/numfmt"
	"github.com/frontline-sim/frontline/render/scene"
	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The charts are set in the map's own fonts (the Go fonts that
// render/scene embeds) and inks, and lay out their title, key and panels
// themselves (figure), so that no title is clipped and no key sits on the
// lines.

// chartDPI is the PNG charts' resolution: a 10-inch chart is 960 pixels.
const chartDPI = 96

// mapText is the text handler of every chart: a font cache holding only
// the map's two faces, so every style falls back to them.
var mapText = sync.OnceValue(func() text.Handler {
	return text.Plain{Fonts: font.NewCache(font.Collection{
		{Font: font.Font{Typeface: "Go"}, Face: scene.Font(false)},
		{Font: font.Font{Typeface: "Go", Weight: xfont.WeightBold}, Face: scene.Font(true)},
	})}
})

// textStyle is the map's font at size points in colour c.
func textStyle(size vg.Length, bold bool, c color.Color) text.Style {
	f := font.Font{Typeface: "Go", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return text.Style{Color: c, Font: f, Handler: mapText(), XAlign: draw.XLeft, YAlign: draw.YTop}
}

// newPlot is a plot in the map's fonts and inks, with no title of its own
// (the figure draws it).
func newPlot() *plot.Plot {
	p := plot.New()
	p.TextHandler = mapText()
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle = textStyle(9, false, scene.MutedInk)
		ax.Label.TextStyle.XAlign, ax.Label.TextStyle.YAlign = draw.XCenter, draw.YBottom
		ax.Tick.Label = textStyle(8.5, false, scene.InkColour)
		ax.Tick.Label.XAlign, ax.Tick.Label.YAlign = draw.XCenter, draw.YTop
		ax.LineStyle.Color, ax.Tick.LineStyle.Color = scene.MutedInk, scene.MutedInk
	}
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.Y.Label.TextStyle.Rotation = math.Pi / 2
	p.Legend.TextStyle = textStyle(9, false, scene.InkColour)
	return p
}

// gridColour is the faint grid of every chart.
var gridColour = color.RGBA{0xdd, 0xdb, 0xd6, 0xff}

// faintGrid is a grid in gridColour.
func faintGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = gridColour, gridColour
	return g
}

// numTicks labels a value axis with round steps (1, 2 or 5 × 10ⁿ, never
// below 1 when the values are counts) in one format for every chart:
// thousands separators, no decimals, and a sign when the axis is a change.
type numTicks struct {
	change bool    // label "+4,000", "−2,000", "±0"
	suffix string  // "%" for a probability axis, scaled by 100
	scale  float64 // value × scale is shown (100 for %); 0 means 1
}

func (n numTicks) Ticks(lo, hi float64) []plot.Tick {
	scale := n.scale
	if scale == 0 {
		scale = 1
	}
	step := niceStep((hi - lo) * scale / 5)
	var out []plot.Tick
	for v := math.Ceil(lo*scale/step) * step; v <= hi*scale+step*1e-9; v += step {
		label := numfmt.Thousands(v)
		if n.change {
			label = numfmt.Change(v)
		}
		out = append(out, plot.Tick{Value: v / scale, Label: label + n.suffix})
	}
	return out
}

// niceStep is the smallest of 1, 2, 2.5 or 5 × 10ⁿ (n ≥ 0; 2.5 only
// from 25, so steps stay whole) at least rough.
func niceStep(rough float64) float64 {
	if rough <= 1 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(rough)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m == 2.5 && mag < 10 {
			continue
		}
		if m*mag >= rough {
			return m * mag
		}
	}
	return 10 * mag
}

// dayTicks labels a day axis (offsets from the first day) with dates, at
// most max of them, always the first and the last when a step fits both.
type dayTicks struct {
	date func(i int) string // "26 Nov"; "" past the days
	n    int                // days
	max  int
}

func (d dayTicks) Ticks(lo, hi float64) []plot.Tick {
	step := labelStep(d.n, d.max)
	var out []plot.Tick
	for i := int(math.Ceil(lo)); float64(i) <= hi; i++ {
		t := plot.Tick{Value: float64(i)}
		if i >= 0 && i < d.n && i%step == 0 {
			t.Label = d.date(i)
		}
		out = append(out, t)
	}
	return out
}

// labelStep is the step between labelled days: the smallest that gives at
// most max labels, preferring one that lands on the last day.
func labelStep(n, max int) int {
	if n <= 1 || max < 2 {
		return 1
	}
	least := (n - 1 + max - 2) / (max - 1)
	for s := least; s <= least+2 && s < n; s++ {
		if (n-1)%s == 0 {
			return s
		}
	}
	return least
}

// A keyEntry is one item of a figure's key: a swatch and its words.
type keyEntry struct {
	label  string
	colour color.Color
	dashed bool
	glyph  draw.GlyphDrawer // a dot or cross instead of a line; nil for a line
	bar    bool             // a thick translucent bar (a percentile range)
}

// A panel is one small multiple: a header (a swatch, a bold name and a
// line of figures) over its plot.
type panel struct {
	name, figures string
	colour        color.Color
	plot          *plot.Plot
}

// A figure is a chart as a briefer reads it: a bold title and a muted
// subtitle at the top, a key under them, the panels in a grid below, all
// inside the page.
type figure struct {
	title, subtitle string
	key             []keyEntry
	panels          []panel
	cols            int
	w, h            vg.Length
}

// figureLayout is where a figure's parts go, in points from the bottom
// left, so that tests can check them against each other and the page.
type figureLayout struct {
	page, title, subtitle, key vg.Rectangle
	grid                       vg.Rectangle   // the panels' area
	panels                     []vg.Rectangle // each panel's tile, header included
	titleSize                  vg.Length
}

const (
	figMargin  = 12
	headerH    = 28 // a panel's header: name and figures
	titleSize  = 14
	subSize    = 10
	keySize    = 9
	keyRowH    = 16
	panelNameS = 10
)

// layout places the title (shrunk until it fits the width), subtitle, key
// and the grid of panels.
func (f figure) layout() figureLayout {
	L := figureLayout{page: vg.Rectangle{Max: vg.Point{X: f.w, Y: f.h}}}
	inner := f.w - 2*figMargin
	L.titleSize = titleSize
	for L.titleSize > 8 && textStyle(L.titleSize, true, nil).Width(f.title) > inner {
		L.titleSize -= 0.5
	}
	top := f.h - figMargin
	L.title = vg.Rectangle{Min: vg.Point{X: figMargin, Y: top - L.titleSize*1.25}, Max: vg.Point{X: figMargin + textStyle(L.titleSize, true, nil).Width(f.title), Y: top}}
	top = L.title.Min.Y - 3
	if f.subtitle != "" {
		st := textStyle(subSize, false, nil)
		L.subtitle = vg.Rectangle{Min: vg.Point{X: figMargin, Y: top - subSize*1.3}, Max: vg.Point{X: figMargin + vg.Length(math.Min(float64(st.Width(f.subtitle)), float64(inner))), Y: top}}
		top = L.subtitle.Min.Y - 4
	}
	if len(f.key) > 0 {
		rows := f.keyRows(inner)
		L.key = vg.Rectangle{Min: vg.Point{X: figMargin, Y: top - vg.Length(len(rows))*keyRowH}, Max: vg.Point{X: f.w - figMargin, Y: top}}
		top = L.key.Min.Y - 2
	}
	cols, rows := f.gridSize()
	tiles := gridTiles(cols, rows)
	L.grid = vg.Rectangle{Min: vg.Point{X: figMargin, Y: figMargin}, Max: vg.Point{X: f.w - figMargin, Y: top - 4}}
	for k := range f.panels {
		L.panels = append(L.panels, tiles.At(draw.Canvas{Rectangle: L.grid}, k%cols, k/cols).Rectangle)
	}
	return L
}

// gridSize is the columns and rows of the figure's panels.
func (f figure) gridSize() (cols, rows int) {
	cols = max(1, min(f.cols, len(f.panels)))
	return cols, (len(f.panels) + cols - 1) / cols
}

// gridTiles is the grid of a figure's panels.
func gridTiles(cols, rows int) draw.Tiles {
	return draw.Tiles{Cols: cols, Rows: rows, PadX: 14, PadY: 10}
}

// keyRows breaks the key into rows that fit width.
func (f figure) keyRows(width vg.Length) [][]keyEntry {
	st := textStyle(keySize, false, nil)
	var rows [][]keyEntry
	var row []keyEntry
	x := vg.Length(0)
	for _, e := range f.key {
		w := 26 + st.Width(e.label) + 14
		if len(row) > 0 && x+w > width {
			rows, row, x = append(rows, row), nil, 0
		}
		row, x = append(row, e), x+w
	}
	return append(rows, row)
}

// draw draws the figure on c, a canvas of f.w × f.h.
func (f figure) draw(c draw.Canvas) {
	L := f.layout()
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	c.FillText(textStyle(L.titleSize, true, scene.InkColour), vg.Point{X: L.title.Min.X, Y: L.title.Max.Y}, f.title)
	if f.subtitle != "" {
		c.FillText(textStyle(subSize, false, scene.MutedInk), vg.Point{X: L.subtitle.Min.X, Y: L.subtitle.Max.Y}, f.subtitle)
	}
	f.drawKey(c, L.key)
	// Align the panels' data areas across the grid, then give each the
	// same header above it.
	cols, rows := f.gridSize()
	grid := make([][]*plot.Plot, rows)
	for j := range grid {
		grid[j] = make([]*plot.Plot, cols)
	}
	for k, p := range f.panels {
		grid[k/cols][k%cols] = p.plot
	}
	tiles := plot.Align(grid, gridTiles(cols, rows), draw.Canvas{Canvas: c.Canvas, Rectangle: L.grid})
	for k, p := range f.panels {
		tc := tiles[k/cols][k%cols]
		if p.name != "" {
			f.drawHeader(c, p, tc.Rectangle)
			tc.Max.Y -= headerH
		}
		p.plot.Draw(tc)
	}
}

// drawHeader draws a panel's swatch, name and figures at the top of r.
func (f figure) drawHeader(c draw.Canvas, p panel, r vg.Rectangle) {
	x, y := r.Min.X+4, r.Max.Y
	sw := vg.Rectangle{Min: vg.Point{X: x, Y: y - 11}, Max: vg.Point{X: x + 10, Y: y - 1}}
	c.SetColor(p.colour)
	c.Fill(sw.Path())
	width := r.Max.X - x - 14
	size := vg.Length(panelNameS)
	for size > 7 && textStyle(size, true, nil).Width(p.name) > width {
		size -= 0.5
	}
	c.FillText(textStyle(size, true, scene.InkColour), vg.Point{X: x + 14, Y: y}, p.name)
	c.FillText(textStyle(9, false, scene.MutedInk), vg.Point{X: x + 14, Y: y - 13}, p.figures)
}

// drawKey draws the key's rows in r.
func (f figure) drawKey(c draw.Canvas, r vg.Rectangle) {
	st := textStyle(keySize, false, scene.InkColour)
	st.YAlign = draw.YCenter
	for j, row := range f.keyRows(r.Max.X - r.Min.X) {
		x, y := r.Min.X, r.Max.Y-vg.Length(j)*keyRowH-keyRowH/2
		for _, e := range row {
			switch {
			case e.glyph != nil:
				c.DrawGlyph(draw.GlyphStyle{Color: e.colour, Radius: 4, Shape: e.glyph}, vg.Point{X: x + 11, Y: y})
			default:
				ls := draw.LineStyle{Color: e.colour, Width: 2.2}
				if e.bar {
					ls.Width = 7
				}
				if e.dashed {
					ls.Dashes = []vg.Length{4, 2}
				}
				c.StrokeLine2(ls, x, y, x+22, y)
			}
			c.FillText(st, vg.Point{X: x + 26, Y: y}, e.label)
			x += 26 + st.Width(e.label) + 14
		}
	}
}

// saveFigures makes n figures in turn (fig returns each's name and
// figure, or a nil figure to skip it), saves each (saveFigure) and
// reports the progress; it returns the paths written.
func saveFigures(n int, dir string, pr Progress, fig func(k int) (string, *figure, error)) ([]string, error) {
	var paths []string
	for k := range n {
		name, f, err := fig(k)
		if err != nil {
			return paths, err
		}
		if f == nil {
			continue
		}
		written, err := saveFigure(*f, dir, name)
		paths = append(paths, written...)
		if err != nil {
			return paths, err
		}
		pr.report("charts", k+1, n)
	}
	return paths, nil
}

// saveFigure writes f as dir/name.png and dir/name.svg (with the map's
// fonts embedded, so the SVG reads the same anywhere), each atomically,
// and returns the paths written.
func saveFigure(f figure, dir, name string) ([]string, error) {
	var paths []string
	for _, ext := range []string{"png", "svg"} {
		var wt io.WriterTo
		if ext == "png" {
			cv := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(f.w, f.h), vgimg.UseDPI(chartDPI))}
			f.draw(draw.New(cv))
			wt = cv
		} else {
			cv := vgsvg.NewWith(vgsvg.UseWH(f.w, f.h), vgsvg.EmbedFonts(true))
			f.draw(draw.New(cv))
			wt = cv
		}
		path := filepath.Join(dir, name+"."+ext)
		if err := atomicfile.WriteFile(path, 0o644, func(w io.Writer) error { _, err := wt.WriteTo(w); return err }); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

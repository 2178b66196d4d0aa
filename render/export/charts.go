package export

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/internal/numfmt"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A chart is one small multiple per series over the days, every panel on
// the same scale, so that no line hides another and a side's change reads
// against the others'.
type chart struct {
	name, title, unit string
	// change plots each series as its change since the first day (km²
	// gained or lost); otherwise the values themselves, from zero.
	change bool
	series []series
}

type series struct {
	label  string
	colour color.RGBA
	dashed bool
	y      []float64 // per day
}

// charts returns the replay's charts: places and territory gained or lost
// per faction, and the kilometres of each highway held by each faction,
// cut or contested.
func charts(tl *sim.Timeline, from, to int) []chart {
	s := tl.Scenario
	b := scene.NewBuilder(tl)
	per := func(f func(d *sim.Day) float64) []float64 {
		var ys []float64
		for i := from; i <= to; i++ {
			ys = append(ys, f(&tl.Days[i]))
		}
		return ys
	}
	first := tl.Days[from].Date.Time().Format("2 Jan")
	places := chart{name: "places", title: "Places gained or lost since " + first, unit: "places", change: true}
	area := chart{name: "territory", title: "Territory gained or lost since " + first, unit: "km²", change: true}
	for _, f := range s.Factions {
		id := f.ID
		ys := per(func(d *sim.Day) float64 { return float64(d.Metrics.Places[id]) })
		if peak(ys) == 0 {
			continue
		}
		places.series = append(places.series, series{label: f.Name, colour: b.Colour(id), y: ys})
		area.series = append(area.series, series{label: f.Name, colour: b.Colour(id),
			y: per(func(d *sim.Day) float64 { return d.Metrics.AreaKm2[id] })})
	}
	out := []chart{places, area}
	for _, h := range tl.Scenario.Watch.Roads {
		c := chart{name: "highway-" + strings.ToLower(h), title: h + ": kilometres held by each side, cut or contested", unit: "km"}
		var keys []roadKey
		for _, f := range s.Factions {
			keys = append(keys, roadKey{f.ID, f.Name, b.Colour(f.ID), false})
		}
		keys = append(keys, roadKey{"cut", "Cut", scene.CutColour, true}, roadKey{"contested", "Contested", scene.ContestedRoad, true})
		for _, k := range keys {
			key := k.key
			ys := per(func(d *sim.Day) float64 { return d.Metrics.HighwayKm[h][key] })
			if peak(ys) == 0 {
				continue
			}
			c.series = append(c.series, series{label: k.label, colour: k.colour, dashed: k.dashed, y: ys})
		}
		out = append(out, c)
	}
	return out
}

// roadKey is a series of a highway chart: a faction, or cut or contested.
type roadKey struct {
	key, label string
	colour     color.RGBA
	dashed     bool
}

func peak(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		if x > m {
			m = x
		}
	}
	return m
}

// values is what panel k plots: the series, or its change since the
// first day.
func (c chart) values(k int) []float64 {
	y := c.series[k].y
	if !c.change {
		return y
	}
	out := make([]float64, len(y))
	for i, v := range y {
		out[i] = v - y[0]
	}
	return out
}

// yRange is the scale every panel shares: all the values and zero, with
// room above and below, and never narrower than a few of the unit's steps.
func (c chart) yRange() (lo, hi float64) {
	for k := range c.series {
		for _, v := range c.values(k) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	least := map[string]float64{"km²": 1000, "places": 4}[c.unit]
	if least == 0 {
		least = 10
	}
	if d := least - (hi - lo); d > 0 {
		if c.change {
			lo, hi = lo-d/2, hi+d/2
		} else {
			hi += d
		}
	}
	pad := 0.08 * (hi - lo)
	if lo < 0 {
		lo -= pad
	}
	return lo, hi + pad
}

// figures is a panel's line of numbers, "−5,432 km²: 112,345 → 106,913",
// with the peak when it passed both ends ("at most 50 on 28 Nov"), so a
// road cut and reopened does not read as never cut.
func (c chart) figures(k int, date func(int) string) string {
	y := c.series[k].y
	a, b := y[0], y[len(y)-1]
	out := fmt.Sprintf("%s %s: %s → %s", numfmt.Change(b-a), c.unit, numfmt.Thousands(a), numfmt.Thousands(b))
	top := 0
	for i, v := range y {
		if v > y[top] {
			top = i
		}
	}
	if math.Round(y[top]) > math.Round(math.Max(a, b)) {
		out += fmt.Sprintf(", at most %s on %s", numfmt.Thousands(y[top]), date(top))
	}
	return out
}

// figure lays the chart out as small multiples, one per series.
func (c chart) figure(tl *sim.Timeline, from int) (figure, error) {
	n := len(c.series[0].y)
	first, last := tl.Days[from].Date.Time(), tl.Days[from+n-1].Date.Time()
	sub := fmt.Sprintf("%s · %s to %s · ", tl.Scenario.Title, first.Format("2 Jan"), last.Format("2 Jan 2006"))
	if c.change {
		sub += fmt.Sprintf("%s gained (+) or lost (−) since %s", c.unit, first.Format("2 Jan"))
	} else {
		sub += c.unit
	}
	f := figure{title: c.title, subtitle: sub + "; every panel on the same scale", cols: 2, w: 10 * vg.Inch, h: 6 * vg.Inch}
	if len(c.series) > 4 {
		f.cols = 3
	}
	lo, hi := c.yRange()
	date := func(i int) string { return tl.Days[from+i].Date.Time().Format("2 Jan") }
	for k, s := range c.series {
		p, err := c.panelPlot(s, c.values(k), lo, hi, dayTicks{date, n, 3})
		if err != nil {
			return f, err
		}
		f.panels = append(f.panels, panel{name: s.label, figures: c.figures(k, date), colour: s.colour, plot: p})
	}
	return f, nil
}

// panelPlot is one series' panel: its values as a line over a light fill
// in its colour, from zero.
func (c chart) panelPlot(s series, ys []float64, lo, hi float64, days dayTicks) (*plot.Plot, error) {
	p := newPlot()
	n := len(ys)
	p.X.Min, p.X.Max = -0.3, float64(n-1)+0.3
	p.Y.Min, p.Y.Max = lo, hi
	p.X.Tick.Marker = days
	p.Y.Tick.Marker = numTicks{change: c.change}
	g := faintGrid()
	g.Vertical.Color = nil
	p.Add(g)
	pts := make(plotter.XYs, n)
	fill := plotter.XYs{{X: 0, Y: 0}}
	for i, y := range ys {
		pts[i] = plotter.XY{X: float64(i), Y: y}
	}
	fill = append(append(fill, pts...), plotter.XY{X: float64(n - 1), Y: 0})
	poly, err := plotter.NewPolygon(fill)
	if err != nil {
		return nil, err
	}
	poly.Color = color.NRGBA(scene.WithAlpha(s.colour, 0.18)) // vg reads color.RGBA as premultiplied
	poly.LineStyle.Width = 0
	p.Add(poly)
	if c.change {
		zero, err := plotter.NewLine(plotter.XYs{{X: p.X.Min, Y: 0}, {X: p.X.Max, Y: 0}})
		if err != nil {
			return nil, err
		}
		zero.Color, zero.Width = scene.MutedInk, vg.Points(0.8)
		p.Add(zero)
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil, err
	}
	l.Color = s.colour
	l.Width = vg.Points(2.2)
	if s.dashed {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: s.colour, Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}
	p.Add(l, sc)
	return p, nil
}

// WriteCharts writes each chart as PNG and SVG into dir and returns the
// paths.
func WriteCharts(tl *sim.Timeline, from, to int, dir string, pr Progress) ([]string, error) {
	cs := charts(tl, from, to)
	return saveFigures(len(cs), dir, pr, func(k int) (string, *figure, error) {
		if len(cs[k].series) == 0 {
			return "", nil, nil
		}
		f, err := cs[k].figure(tl, from)
		return cs[k].name, &f, err
	})
}

// saveChart writes plot p as dir/name.png and dir/name.svg, each
// atomically, with a border of margin in the plot's background around
// it, and returns the paths written.
func saveChart(p *plot.Plot, dir, name string, w, h vg.Length, margin vg.Length) ([]string, error) {
	var paths []string
	for _, ext := range []string{"png", "svg"} {
		wt, err := draw.NewFormattedCanvas(w, h, ext)
		if err != nil {
			return paths, err
		}
		dc := draw.New(wt)
		dc.SetColor(p.BackgroundColor)
		dc.Fill(dc.Rectangle.Path())
		p.Draw(draw.Crop(dc, margin, -margin, margin, -margin))
		path := filepath.Join(dir, name+"."+ext)
		if err := atomicfile.WriteFile(path, 0o644, func(w io.Writer) error { _, err := wt.WriteTo(w); return err }); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

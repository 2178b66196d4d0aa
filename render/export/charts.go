package export

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A chart is a line per series over the days.
type chart struct {
	name, title, ylabel string
	series              []series
}

type series struct {
	label  string
	colour color.RGBA
	dashed bool
	y      []float64 // per day
}

// charts returns the replay's charts: places and territory per faction,
// and the kilometres of each highway held by each faction, cut or
// contested.
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
	places := chart{name: "places", title: "Places held per faction", ylabel: "places"}
	area := chart{name: "territory", title: "Territory per faction", ylabel: "thousand km²"}
	for _, f := range s.Factions {
		id := f.ID
		ys := per(func(d *sim.Day) float64 { return float64(d.Metrics.Places[id]) })
		if peak(ys) == 0 {
			continue
		}
		places.series = append(places.series, series{label: f.Name, colour: b.Colour(id), y: ys})
		area.series = append(area.series, series{label: f.Name, colour: b.Colour(id),
			y: per(func(d *sim.Day) float64 { return d.Metrics.AreaKm2[id] / 1000 })})
	}
	out := []chart{places, area}
	for _, h := range tl.Scenario.Watch.Roads {
		c := chart{name: "highway-" + strings.ToLower(h), title: h + ": kilometres held per day", ylabel: "km"}
		var keys []roadKey
		for _, f := range s.Factions {
			keys = append(keys, roadKey{f.ID, f.Name, b.Colour(f.ID), false})
		}
		keys = append(keys, roadKey{"cut", "cut", scene.CutColour, true}, roadKey{"contested", "contested", scene.ContestedRoad, true})
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

// dateTicks labels the x axis, whose values are day offsets from the
// first day, with dates.
type dateTicks struct {
	tl   *sim.Timeline
	from int
}

func (d dateTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	n := int(hi-lo) + 1
	step := 1
	for n/step > 10 {
		step++
	}
	for i := int(lo); float64(i) <= hi; i++ {
		t := plot.Tick{Value: float64(i)}
		if (i-int(lo))%step == 0 && d.from+i < len(d.tl.Days) {
			t.Label = d.tl.Days[d.from+i].Date.Time().Format("2 Jan")
		}
		out = append(out, t)
	}
	return out
}

func (c chart) plot(tl *sim.Timeline, from int) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = c.title + " — " + tl.Scenario.Title
	p.Y.Label.Text = c.ylabel
	p.X.Label.Text = fmt.Sprintf("%s to %s", tl.Days[from].Date, tl.Days[from+len(c.series[0].y)-1].Date)
	p.X.Tick.Marker = dateTicks{tl, from}
	p.Y.Min = 0
	// Head room for the legend, top right, above the lines.
	top := 0.0
	for _, s := range c.series {
		top = math.Max(top, peak(s.y))
	}
	p.Y.Max = math.Max(1, top) * (1.08 + 0.075*float64(len(c.series)))
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.Left = false
	for _, s := range c.series {
		pts := make(plotter.XYs, len(s.y))
		for i, y := range s.y {
			pts[i] = plotter.XY{X: float64(i), Y: y}
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		l.Color = s.colour
		l.Width = vg.Points(2)
		if s.dashed {
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: s.colour, Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}
		p.Add(l, sc)
		p.Legend.Add(s.label, l)
	}
	return p, nil
}

// WriteCharts writes each chart as PNG and SVG into dir and returns the
// paths.
func WriteCharts(tl *sim.Timeline, from, to int, dir string, pr Progress) ([]string, error) {
	cs := charts(tl, from, to)
	var paths []string
	for k, c := range cs {
		if len(c.series) == 0 {
			continue
		}
		p, err := c.plot(tl, from)
		if err != nil {
			return paths, err
		}
		written, err := saveChart(p, dir, c.name, 8*vg.Inch, 4.5*vg.Inch)
		paths = append(paths, written...)
		if err != nil {
			return paths, err
		}
		pr.report("charts", k+1, len(cs))
	}
	return paths, nil
}

// saveChart writes plot p as dir/name.png and dir/name.svg, each
// atomically, and returns the paths written.
func saveChart(p *plot.Plot, dir, name string, w, h vg.Length) ([]string, error) {
	var paths []string
	for _, ext := range []string{"png", "svg"} {
		wt, err := p.WriterTo(w, h, ext)
		if err != nil {
			return paths, err
		}
		path := filepath.Join(dir, name+"."+ext)
		if err := atomicfile.WriteFile(path, 0o644, func(w io.Writer) error { _, err := wt.WriteTo(w); return err }); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

package export

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// KeyPlaces are the places a simulation's probability charts follow, when
// the simulation has them: the towns of the offensive's road south.
var KeyPlaces = []string{"aleppo", "saraqib", "maarat-al-numan", "khan-sheikhoun", "hama", "homs"}

// simDays labels a simulation's x axis (day offsets) with dates.
type simDays struct{ s *ensemble.Result }

func (d simDays) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	step := max(1, int(math.Ceil((hi-lo+1)/9)))
	for i := int(math.Ceil(lo)); float64(i) <= hi; i++ {
		t := plot.Tick{Value: float64(i)}
		if i%step == 0 && i >= 0 && i < len(d.s.Days) {
			t.Label = d.s.Days[i].Date.Time().Format("2 Jan")
		}
		out = append(out, t)
	}
	return out
}

// shadeProjection greys the days past the last documented one and labels
// the shade at height labelY.
func shadeProjection(p *plot.Plot, s *ensemble.Result, ymin, ymax, labelY float64) error {
	first := -1
	for k, d := range s.Days {
		if d.Projected {
			first = k
			break
		}
	}
	if first < 0 {
		return nil
	}
	x0, x1 := float64(first)-0.5, float64(len(s.Days)-1)+0.5
	poly, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: ymin}, {X: x1, Y: ymin}, {X: x1, Y: ymax}, {X: x0, Y: ymax}})
	if err != nil {
		return err
	}
	poly.Color = color.RGBA{0xe4, 0xe4, 0xe8, 0xff}
	poly.LineStyle.Width = 0
	p.Add(poly)
	lbl, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x0 + 0.15, Y: labelY}}, Labels: []string{"projection (model only)"}})
	if err != nil {
		return err
	}
	lbl.TextStyle[0] = textStyle(9, false, scene.MutedInk)
	p.Add(lbl)
	return nil
}

func dayIndex(s *ensemble.Result, d sim.Date) float64 { return float64(d - s.Days[0].Date) }

// fanChart plots, per place likely to fall, the 10th to 90th percentile
// of its fall date with the median, and the documented fall date.
func fanChart(tl *sim.Timeline, s *ensemble.Result) (figure, error) {
	f := figure{title: "When places fall: 10th–90th percentile and median",
		subtitle: fmt.Sprintf("%s · %d runs · a dashed bar runs past the last day; the shade is the model's projection", s.Title, s.Runs),
		key: []keyEntry{
			{label: "median fall date, in the colour of the side most likely to take the place", colour: scene.MutedInk, glyph: draw.CircleGlyph{}},
			{label: "10th–90th percentile", colour: color.NRGBA(scene.WithAlpha(scene.MutedInk, 0.45)), bar: true},
		},
		cols: 1, w: 10 * vg.Inch, h: 7 * vg.Inch}
	type row struct {
		pl     ensemble.Place
		median sim.Date
	}
	var rows []row
	for _, pl := range s.Places {
		if pl.FallDate != nil && pl.FallDate.Median != nil && pl.FallProbability >= 0.1 {
			rows = append(rows, row{pl, *pl.FallDate.Median})
		}
	}
	// The 24 likeliest to fall, latest at the bottom.
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].pl.FallProbability > rows[j].pl.FallProbability })
	if len(rows) > 24 {
		rows = rows[:24]
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].median != rows[j].median {
			return rows[i].median > rows[j].median
		}
		return rows[i].pl.ID > rows[j].pl.ID
	})
	p := newPlot()
	p.X.Tick.Marker = simDays{s}
	p.X.Min, p.X.Max = -0.5, float64(len(s.Days))-0.5
	p.Y.Min, p.Y.Max = -0.8, float64(len(rows))-0.2
	if err := shadeProjection(p, s, p.Y.Min, p.Y.Max, p.Y.Max); err != nil {
		return f, err
	}
	p.Add(faintGrid())
	var ticks []plot.Tick
	b := scene.NewBuilder(tl)
	last := float64(len(s.Days) - 1)
	legend := false
	for y, r := range rows {
		fd := r.pl.FallDate
		lo := dayIndex(s, r.median)
		if fd.P10 != nil {
			lo = dayIndex(s, *fd.P10)
		}
		open := fd.P90 == nil // later than the last day in over 10% of runs
		hi := last + 0.5
		if !open {
			hi = dayIndex(s, *fd.P90)
		}
		col := scene.Darken(b.Colour(attacker(s, r.pl)), 0.1)
		bar, err := plotter.NewLine(plotter.XYs{{X: lo, Y: float64(y)}, {X: hi, Y: float64(y)}})
		if err != nil {
			return f, err
		}
		bar.Width = vg.Points(7)
		bar.Color = color.NRGBA(scene.WithAlpha(col, 0.45)) // vg reads color.RGBA as premultiplied
		if open {
			bar.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
		}
		med, err := plotter.NewScatter(plotter.XYs{{X: dayIndex(s, r.median), Y: float64(y)}})
		if err != nil {
			return f, err
		}
		med.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
		p.Add(bar, med)
		if r.pl.Documented != nil {
			doc, err := plotter.NewScatter(plotter.XYs{{X: dayIndex(s, *r.pl.Documented), Y: float64(y)}})
			if err != nil {
				return f, err
			}
			doc.GlyphStyle = draw.GlyphStyle{Color: scene.InkColour, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
			p.Add(doc)
			if !legend {
				f.key = append(f.key, keyEntry{label: "documented fall", colour: scene.InkColour, glyph: draw.CrossGlyph{}})
				legend = true
			}
		}
		ticks = append(ticks, plot.Tick{Value: float64(y), Label: fmt.Sprintf("%s: falls, %s", r.pl.Name, likelihood.Phrase(r.pl.FallProbability))})
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	f.panels = []panel{{plot: p}}
	return f, nil
}

// attacker is the faction most likely to hold a fallen place at the end.
func attacker(s *ensemble.Result, pl ensemble.Place) string {
	ps := s.Days[len(s.Days)-1].Control[pl.ID]
	best, bp := "", -1.0
	keys := make([]string, 0, len(ps))
	for f := range ps {
		keys = append(keys, f)
	}
	sort.Strings(keys)
	for _, f := range keys {
		if f != pl.Initial && ps[f] > bp {
			best, bp = f, ps[f]
		}
	}
	return best
}

// controlChart plots the probability that each faction holds a place,
// day by day, with the projection shaded.
func controlChart(tl *sim.Timeline, s *ensemble.Result, pl ensemble.Place) (figure, error) {
	f := figure{title: "Who holds " + pl.Name, subtitle: fmt.Sprintf("%s · %d runs · probability of control; the shade is the model's projection", s.Title, s.Runs),
		cols: 1, w: 10 * vg.Inch, h: 5.5 * vg.Inch}
	p := newPlot()
	p.X.Tick.Marker = simDays{s}
	p.X.Min, p.X.Max = -0.5, float64(len(s.Days))-0.5
	// Room above 100% for the shade's label, clear of the lines.
	p.Y.Min, p.Y.Max = 0, 1.1
	// The edges of the likelihood words' bands, as on the map.
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0%"}, {Value: 0.2, Label: "20%"}, {Value: 0.45, Label: "45%"},
		{Value: 0.55, Label: "55%"}, {Value: 0.8, Label: "80%"}, {Value: 1, Label: "100%"}})
	if err := shadeProjection(p, s, 0, 1.1, 1.09); err != nil {
		return f, err
	}
	p.Add(faintGrid())
	b := scene.NewBuilder(tl)
	factions := append(append([]string{}, s.Factions...), "none")
	for _, fac := range factions {
		pts := make(plotter.XYs, len(s.Days))
		peak := 0.0
		for k, d := range s.Days {
			pts[k] = plotter.XY{X: float64(k), Y: d.Control[pl.ID][fac]}
			peak = math.Max(peak, pts[k].Y)
		}
		if peak < 0.01 {
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return f, err
		}
		l.Color = b.Colour(fac)
		l.Width = vg.Points(2.2)
		label := fac
		if fa, ok := tl.Scenario.Faction(fac); ok {
			label = fa.Name
		}
		if fac == "none" {
			label, l.Dashes = "nobody", []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l)
		f.key = append(f.key, keyEntry{label: fmt.Sprintf("%s: %s at the end", label, likelihood.Phrase(pts[len(pts)-1].Y)), colour: l.Color, dashed: len(l.Dashes) > 0})
	}
	if pl.Documented != nil {
		x := dayIndex(s, *pl.Documented)
		l, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: 1}})
		if err != nil {
			return f, err
		}
		l.Color, l.Dashes = scene.InkColour, []vg.Length{vg.Points(2), vg.Points(2)}
		p.Add(l)
		f.key = append(f.key, keyEntry{label: "documented fall", colour: scene.InkColour, dashed: true})
	}
	f.panels = []panel{{plot: p}}
	return f, nil
}

// WriteSimCharts writes a simulation's charts into dir as PNG and SVG: the
// fan chart of fall dates (fall-dates) and, for each key place, the
// probability of control over time (control-PLACE).
func WriteSimCharts(tl *sim.Timeline, s *ensemble.Result, dir string, pr Progress) ([]string, error) {
	type named struct {
		name string
		make func() (figure, error)
	}
	charts := []named{{"fall-dates", func() (figure, error) { return fanChart(tl, s) }}}
	for _, id := range KeyPlaces {
		for _, pl := range s.Places {
			if pl.ID == id {
				charts = append(charts, named{"control-" + id, func() (figure, error) { return controlChart(tl, s, pl) }})
			}
		}
	}
	return saveFigures(len(charts), dir, pr, func(k int) (string, *figure, error) {
		f, err := charts[k].make()
		return charts[k].name, &f, err
	})
}

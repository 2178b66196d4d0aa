package export

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/sweep"
)

// The sweep charts' inks: the estimates, their 90% bands, and the two
// measures of a Sobol analysis.
var (
	sweepInk   = color.NRGBA{0x1f, 0x4e, 0x79, 0xff}
	sweepFaint = color.NRGBA{0x1f, 0x4e, 0x79, 0x80}
	sweepBand  = color.NRGBA{0x1f, 0x4e, 0x79, 0x40}
	trendInk   = color.NRGBA{0xd9, 0x5f, 0x0e, 0xff}
	firstInk   = color.NRGBA{0x9d, 0xc3, 0xe6, 0xff}
	totalInk   = color.NRGBA{0x1f, 0x4e, 0x79, 0xff}
	whiskerInk = color.NRGBA{0x33, 0x33, 0x33, 0xff}
)

// sweepMargin is the white border around a sweep chart, so that no
// title or tick label ends on the picture's edge.
const sweepMargin = 8 // points

// maxErrorBars is the most points that get their own interval whisker in
// an outcome-against-factor chart; past it the whiskers hide the points.
const maxErrorBars = 120

// WriteSweepCharts writes a sweep's charts into dir as PNG and SVG: each
// outcome against each factor with its 90% intervals
// (outcome-FACTOR-OUTCOME), and per outcome a sensitivity bar chart
// (tornado-OUTCOME).
func WriteSweepCharts(r *sweep.Result, dir string, pr Progress) ([]string, error) {
	type named struct {
		name string
		make func() (*plot.Plot, error)
	}
	var charts []named
	for k, o := range r.Outcomes {
		for i, f := range r.Factors {
			charts = append(charts, named{"outcome-" + f.ID + "-" + o.ID, func() (*plot.Plot, error) { return outcomeChart(r, i, k) }})
		}
	}
	for _, o := range r.Outcomes {
		charts = append(charts, named{"tornado-" + o.ID, func() (*plot.Plot, error) { return tornadoChart(r, o) }})
	}
	var paths []string
	for n, c := range charts {
		p, err := c.make()
		if err != nil {
			return paths, err
		}
		written, err := saveChart(p, dir, c.name, 8*vg.Inch, 5*vg.Inch, sweepMargin)
		paths = append(paths, written...)
		if err != nil {
			return paths, err
		}
		pr.report("charts", n+1, len(charts))
	}
	return paths, nil
}

// outcomeLabel names an outcome and its unit for an axis.
func outcomeLabel(r *sweep.Result, o sweep.Outcome) string {
	switch o.Kind {
	case sweep.Held:
		return fmt.Sprintf("P(%s holds %s on %s)", o.Faction, o.Place, o.On)
	case sweep.RouteBroken:
		return fmt.Sprintf("P(%s broken on %s)", o.Route, o.On)
	}
	if o.Quantile == 50 {
		return fmt.Sprintf("%s's fall: the median day", o.Place)
	}
	return fmt.Sprintf("%s's fall: the day by which it has fallen in %d%% of runs", o.Place, o.Quantile)
}

// outcomeChart plots outcome k against factor i at every point, with the
// 90% interval as a band when the points lie on one line (a sweep of one
// factor), or as whiskers otherwise; there, the other factors vary too.
func outcomeChart(r *sweep.Result, i, k int) (*plot.Plot, error) {
	f, o := r.Factors[i], r.Outcomes[k]
	var pts, lo, hi plotter.XYs
	for p := range r.Points {
		row := r.Rows[p*len(r.Outcomes)+k]
		pts = append(pts, plotter.XY{X: row.Values[i], Y: row.Estimate})
		lo = append(lo, plotter.XY{X: row.Values[i], Y: row.Lo})
		hi = append(hi, plotter.XY{X: row.Values[i], Y: row.Hi})
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s against %s — %s", o.ID, f.ID, r.Title)
	p.X.Label.Text = factorName(f)
	p.Y.Label.Text = outcomeLabel(r, o)
	logX := f.Distribution == sweep.LogUniform && f.Min > 0
	switch {
	case f.IsDate():
		p.X.Tick.Marker = sweepDates{}
	case logX:
		// A factor drawn uniformly in log reads on a log axis: its points
		// spread evenly there instead of crowding at the low end.
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, logTicks{}
	}
	// Head room above the points for the legend; the ticks stop at the
	// axis's last value, a probability of 1 or "holds past until".
	p.Y.Min, p.Y.Max = 0, 1.3
	p.Y.Tick.Marker = boundedTicks{step: 0.2, last: 1}
	if o.Kind == sweep.FallDay {
		days := float64(r.Until - r.Start + 1)
		p.Y.Max = days * 1.3
		p.Y.Tick.Marker = fallTicks{start: r.Start, until: r.Until}
	}
	p.Add(plotter.NewGrid())
	if len(r.Factors) == 1 {
		order := make([]int, len(pts))
		for j := range order {
			order[j] = j
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(pts[a].X, pts[b].X) })
		var band, line plotter.XYs
		for _, j := range order {
			band, line = append(band, hi[j]), append(line, pts[j])
		}
		for n := len(order) - 1; n >= 0; n-- {
			band = append(band, lo[order[n]])
		}
		poly, err := plotter.NewPolygon(band)
		if err != nil {
			return nil, err
		}
		poly.Color, poly.LineStyle.Width = sweepBand, 0
		l, err := plotter.NewLine(line)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = sweepInk, vg.Points(2)
		p.Add(poly, l)
		p.Legend.Add("estimate", l)
		p.Legend.Add("90% interval", poly)
	} else if len(pts) <= maxErrorBars {
		bars := make(sweepErrors, len(pts))
		for j := range pts {
			bars[j] = [3]float64{pts[j].X, lo[j].Y, hi[j].Y}
		}
		eb, err := plotter.NewYErrorBars(bars)
		if err != nil {
			return nil, err
		}
		eb.Color = sweepBand
		eb.Width = vg.Points(1.5)
		p.Add(eb)
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: sweepInk, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
	if len(pts) > maxErrorBars {
		sc.GlyphStyle.Color, sc.GlyphStyle.Radius = sweepFaint, vg.Points(1.6)
	}
	p.Add(sc)
	if len(r.Factors) > 1 {
		what := "a point of the %s design, with its 90%% interval (the other factors vary)"
		if len(pts) > maxErrorBars {
			what = "a point of the %s design (the other factors vary)"
		}
		p.Legend.Add(fmt.Sprintf(what, r.Design.Method), sc)
		// A fall day's estimate is censored at "holds past until": a mean
		// would put a bin where half its points hold on a day none falls,
		// so its trend is the median.
		median := o.Kind == sweep.FallDay
		if trend := binnedTrend(pts, logX, median); len(trend) > 1 {
			l, err := plotter.NewLine(trend)
			if err != nil {
				return nil, err
			}
			l.Color, l.Width = trendInk, vg.Points(2.5)
			p.Add(l)
			what := "mean"
			if median {
				what = "median"
			}
			p.Legend.Add(fmt.Sprintf("%s over the other factors, in %d bins of %s", what, len(trend), f.ID), l)
		}
	}
	p.Legend.Top, p.Legend.Left = true, true
	return p, nil
}

// binnedTrend returns a point for each of up to ten bins of equal count
// along x: the outcome's trend in one factor over the others, the mean
// of each bin's outcomes, or with median their median; none for fewer
// than ten points. A bin's x is its points' mean, or with logX their
// geometric mean, its centre on a log axis.
func binnedTrend(pts plotter.XYs, logX, median bool) plotter.XYs {
	sorted := slices.Clone(pts)
	slices.SortStableFunc(sorted, func(a, b plotter.XY) int { return cmp.Compare(a.X, b.X) })
	bins := min(10, len(sorted)/5)
	var out plotter.XYs
	for b := range bins {
		part := sorted[b*len(sorted)/bins : (b+1)*len(sorted)/bins]
		var m plotter.XY
		ys := make([]float64, len(part))
		for k, q := range part {
			x := q.X
			if logX {
				x = math.Log(x)
			}
			m.X, m.Y, ys[k] = m.X+x, m.Y+q.Y, q.Y
		}
		m.X, m.Y = m.X/float64(len(part)), m.Y/float64(len(part))
		if logX {
			m.X = math.Exp(m.X)
		}
		if median {
			slices.Sort(ys)
			m.Y = (ys[(len(ys)-1)/2] + ys[len(ys)/2]) / 2
		}
		out = append(out, m)
	}
	return out
}

// factorName names a factor on an axis: its id, and what it sets when
// the id does not say so already.
func factorName(f sweep.Factor) string {
	if strings.NewReplacer("_", "-", ".", "-").Replace(f.Target()) == f.ID {
		return f.ID
	}
	return fmt.Sprintf("%s (%s)", f.ID, f.Target())
}

// boundedTicks labels every multiple of step from 0 to last, and no
// further: the head room above a probability of 1 gets no tick.
type boundedTicks struct{ step, last float64 }

func (b boundedTicks) Ticks(lo, hi float64) []plot.Tick {
	return stepTicks(b.step).Ticks(lo, min(hi, b.last))
}

// fallTicks labels an axis of fall days, days after start, with their
// dates, and its last day, until − start + 1, as "holds past until".
type fallTicks struct{ start, until sim.Date }

func (f fallTicks) Ticks(lo, hi float64) []plot.Tick {
	never := float64(f.until - f.start + 1)
	var out []plot.Tick
	for _, t := range (sweepDates{}).Ticks(float64(f.start)+lo, float64(f.start)+min(hi, never-1)) {
		t.Value -= float64(f.start)
		out = append(out, t)
	}
	if never >= lo && never <= hi {
		out = append(out, plot.Tick{Value: never, Label: "holds past " + f.until.Time().Format("2 Jan")})
	}
	return out
}

// logTicks labels a log axis at 1, 2 and 5 times each power of ten
// within it, with unlabelled ticks at the other whole multiples: a range
// of less than two decades, as a factor's, gets labels enough to read.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for e := math.Floor(math.Log10(lo)); math.Pow(10, e) <= hi; e++ {
		for m := 1; m < 10; m++ {
			v := float64(m) * math.Pow(10, e)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'g', 3, 64)
			}
			out = append(out, t)
		}
	}
	return out
}

// stepTicks labels every multiple of step.
type stepTicks float64

func (s stepTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for v := math.Ceil(lo/float64(s)) * float64(s); v <= hi+1e-9; v += float64(s) {
		out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(math.Round(v*100)/100+0, 'g', -1, 64)})
	}
	return out
}

// sweepErrors are points with their intervals: x, low, high.
type sweepErrors [][3]float64

func (e sweepErrors) Len() int                    { return len(e) }
func (e sweepErrors) XY(i int) (float64, float64) { return e[i][0], (e[i][1] + e[i][2]) / 2 }
func (e sweepErrors) YError(i int) (float64, float64) {
	mid := (e[i][1] + e[i][2]) / 2
	return mid - e[i][1], e[i][2] - mid
}

// sweepDates labels an axis of dates (days since 1970) as dates.
type sweepDates struct{}

func (sweepDates) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	step := max(1, int(math.Ceil((hi-lo+1)/8)))
	for d := int(math.Ceil(lo)); float64(d) <= hi; d++ {
		t := plot.Tick{Value: float64(d)}
		if d%step == 0 {
			t.Label = sim.Date(d).Time().Format("2 Jan")
		}
		out = append(out, t)
	}
	return out
}

// tornadoChart draws outcome o's sensitivity to each factor as
// horizontal bars with their 90% intervals, the most influential factor
// on top: first-order and total Sobol indices side by side for a sobol
// design, ranked by the total index; main effects otherwise.
func tornadoChart(r *sweep.Result, o sweep.Outcome) (*plot.Plot, error) {
	byFactor := map[string]map[string]sweep.Index{}
	for _, ix := range r.Sensitivity {
		if ix.Outcome != o.ID {
			continue
		}
		if byFactor[ix.Factor] == nil {
			byFactor[ix.Factor] = map[string]sweep.Index{}
		}
		byFactor[ix.Factor][ix.Measure] = ix
	}
	measures := []string{sweep.MainEffect}
	if r.Design.Method == sweep.Sobol {
		measures = []string{sweep.FirstOrder, sweep.Total}
	}
	rank := measures[len(measures)-1]
	var factors []sweep.Factor
	for _, f := range r.Factors {
		if _, ok := byFactor[f.ID][rank]; ok {
			factors = append(factors, f)
		}
	}
	// Least influential first: the plot draws the first bar at the bottom.
	slices.SortStableFunc(factors, func(a, b sweep.Factor) int {
		return cmp.Compare(math.Abs(byFactor[a.ID][rank].Estimate), math.Abs(byFactor[b.ID][rank].Estimate))
	})
	p := plot.New()
	p.Title.Text = fmt.Sprintf("What drives %s — %s", o.ID, r.Title)
	if r.Design.Method == sweep.Sobol {
		p.X.Label.Text = fmt.Sprintf("Sobol index of %s (share of its variance), 90%% bootstrap interval", o.ID)
	} else {
		unit := "probability"
		if o.Kind == sweep.FallDay {
			unit = "days"
		}
		p.X.Label.Text = fmt.Sprintf("main effect on %s (%s): top level less bottom level, 90%% interval", o.ID, unit)
	}
	var names []string
	for _, f := range factors {
		names = append(names, factorName(f))
	}
	p.NominalY(names...)
	p.Add(plotter.NewGrid())
	// Bars are drawn in data units, a row's height being 1, so that each
	// whisker sits on its bar: one bar of 0.5 per row, or two of 0.36.
	half, step := 0.25, 0.0
	if len(measures) == 2 {
		half, step = 0.18, 0.19
	}
	type key struct {
		label string
		bar   *plotter.Polygon
	}
	var keys []key
	for m, ms := range measures {
		var whiskers sweepXErrors
		ink := totalInk
		if ms == sweep.FirstOrder {
			ink = firstInk
		}
		var legend *plotter.Polygon
		for j, f := range factors {
			ix := byFactor[f.ID][ms]
			y := float64(j) + (float64(m)-float64(len(measures)-1)/2)*2*step
			bar, err := plotter.NewPolygon(plotter.XYs{{X: 0, Y: y - half}, {X: ix.Estimate, Y: y - half}, {X: ix.Estimate, Y: y + half}, {X: 0, Y: y + half}})
			if err != nil {
				return nil, err
			}
			bar.Color, bar.LineStyle.Width = ink, 0
			p.Add(bar)
			legend = bar
			whiskers = append(whiskers, [4]float64{y, ix.Estimate, ix.Lo, ix.Hi})
		}
		eb, err := plotter.NewXErrorBars(whiskers)
		if err != nil {
			return nil, err
		}
		eb.Color = whiskerInk
		p.Add(eb)
		if legend != nil {
			label := map[string]string{sweep.FirstOrder: "first-order S_i", sweep.Total: "total S_Ti", sweep.MainEffect: "main effect"}[ms]
			keys = append(keys, key{label, legend})
		}
	}
	// The legend lists the measures top to bottom as each row's bars are.
	for _, k := range slices.Backward(keys) {
		p.Legend.Add(k.label, k.bar)
	}
	p.Y.Min, p.Y.Max = -0.6, float64(len(factors))-0.4
	// The whole of every bar and whisker, and 0, with a margin, so that
	// none ends on the frame.
	lo, hi := 0.0, 0.0
	for _, f := range factors {
		for _, ms := range measures {
			ix := byFactor[f.ID][ms]
			lo, hi = min(lo, ix.Lo, ix.Estimate), max(hi, ix.Hi, ix.Estimate)
		}
	}
	pad := max(hi-lo, 1e-3) * 0.08
	p.X.Min, p.X.Max = lo-pad, hi+pad
	if lo == 0 {
		p.X.Min = 0
	}
	if r.Design.Method == sweep.Sobol {
		// Indices in quarters; in halves when the intervals of a small
		// design spread wide, so that the labels stay apart.
		p.X.Tick.Marker = stepTicks(0.25)
		if hi-lo > 1.6 {
			p.X.Tick.Marker = stepTicks(0.5)
		}
	}
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.XOffs = -vg.Points(6) // its swatches clear of the frame
	return p, nil
}

// sweepXErrors are bars' estimates with intervals: row, estimate, low,
// high.
type sweepXErrors [][4]float64

func (e sweepXErrors) Len() int                    { return len(e) }
func (e sweepXErrors) XY(i int) (float64, float64) { return e[i][1], e[i][0] }
func (e sweepXErrors) XError(i int) (float64, float64) {
	return e[i][1] - e[i][2], e[i][3] - e[i][1]
}

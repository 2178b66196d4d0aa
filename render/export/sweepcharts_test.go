package export

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/sweep"
)

// labels returns the labelled ticks' values and labels.
func labels(ts []plot.Tick) (vals []float64, names []string) {
	for _, t := range ts {
		if t.Label != "" {
			vals, names = append(vals, t.Value), append(names, t.Label)
		}
	}
	return vals, names
}

// A fall day's axis reads as dates, its last value as "holds past" the
// last day, with no tick in the head room above; a probability's axis
// stops at 1.
func TestSweepChartTicks(t *testing.T) {
	start, until := sim.MustDate("2024-11-26"), sim.MustDate("2024-12-12")
	for _, tt := range []struct {
		name   string
		marker plot.Ticker
		hi     float64
		vals   []float64
		labels []string
	}{
		{"fall days", fallTicks{start: start, until: until}, 17 * 1.3, []float64{2, 5, 8, 11, 14, 17},
			[]string{"28 Nov", "1 Dec", "4 Dec", "7 Dec", "10 Dec", "holds past 12 Dec"}},
		{"probability", boundedTicks{step: 0.2, last: 1}, 1.3, []float64{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1},
			[]string{"0", "0.2", "0.4", "0.6", "0.8", "1"}},
	} {
		ts := tt.marker.Ticks(0, tt.hi)
		vals, names := labels(ts)
		if !slices.Equal(names, tt.labels) || !slices.Equal(vals, tt.vals) {
			t.Errorf("%s: ticks %v %q, want %v %q", tt.name, vals, names, tt.vals, tt.labels)
		}
		if last := ts[len(ts)-1].Value; last > tt.vals[len(tt.vals)-1] {
			t.Errorf("%s: a tick at %v, above the axis's last value", tt.name, last)
		}
	}
}

// A log axis over a factor's range of under two decades (tau_hours'
// ±2 s.e.) is labelled at 1, 2 and 5 times the powers of ten within it.
func TestSweepLogTicks(t *testing.T) {
	_, names := labels(logTicks{}.Ticks(0.306, 10.91))
	if want := []string{"0.5", "1", "2", "5", "10"}; !slices.Equal(names, want) {
		t.Errorf("log ticks over 0.306..10.91: %q, want %q", names, want)
	}
	for _, tk := range (logTicks{}).Ticks(0.306, 10.91) {
		if tk.Value < 0.306 || tk.Value > 10.91 {
			t.Errorf("a tick at %v, outside the axis", tk.Value)
		}
	}
}

// A factor drawn log-uniformly is drawn on a log axis, its trend's bins
// centred there (geometric means); a uniform one on a linear axis. A
// fall day's trend is the median of each bin, a probability's the mean.
func TestSweepLogAxis(t *testing.T) {
	held := sim.MustDate("2024-12-08")
	r := &sweep.Result{Meta: sweep.Meta{Title: "t", Design: sweep.Design{Method: sweep.Latin},
		Factors: []sweep.Factor{
			{ID: "tau", Parameter: "tau_hours", Min: 0.3, Max: 10, Distribution: sweep.LogUniform},
			{ID: "base", Parameter: "base", Min: -3, Max: -1},
		},
		Outcomes: []sweep.Outcome{{ID: "hama-held", Kind: sweep.Held, Place: "hama", Faction: "regime", On: &held}}}}
	for p := range 20 {
		x := []float64{0.3 * math.Pow(10/0.3, float64(p)/19), -3 + float64(p)/10}
		r.Points = append(r.Points, x)
		r.Rows = append(r.Rows, sweep.Row{Point: p, Values: x, Estimate: 0.5, Lo: 0.4, Hi: 0.6})
	}
	for i, want := range []bool{true, false} {
		p, err := outcomeChart(r, i, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, log := p.X.Scale.(plot.LogScale); log != want {
			t.Errorf("factor %s: log axis %v, want %v", r.Factors[i].ID, log, want)
		}
	}
	// Two bins of 1 and 100: the geometric mean 10 on a log axis.
	pts := plotter.XYs{{X: 1}, {X: 1}, {X: 1}, {X: 1}, {X: 1}, {X: 100}, {X: 100}, {X: 100}, {X: 100}, {X: 100}}
	if got := binnedTrend(pts, true, false); len(got) != 2 || math.Abs(got[0].X-1) > 1e-12 || math.Abs(got[1].X-100) > 1e-9 {
		t.Errorf("binned means on a log axis: %v", got)
	}
	if got := binnedTrend(plotter.XYs{{X: 1}, {X: 1}, {X: 1}, {X: 1}, {X: 100}}, true, false); len(got) != 1 || math.Abs(got[0].X-math.Pow(100, 0.2)) > 1e-9 {
		t.Errorf("one bin of 1, 1, 1, 1, 100 on a log axis: %v, want x %v", got, math.Pow(100, 0.2))
	}
	// A bin of five fall days, three of which hold past the end (17):
	// the median holds, the mean (12.2) would put a fall on a day none falls.
	five := plotter.XYs{{X: 1, Y: 3}, {X: 2, Y: 17}, {X: 3, Y: 17}, {X: 4, Y: 7}, {X: 5, Y: 17}}
	if got := binnedTrend(five, false, true); len(got) != 1 || got[0].Y != 17 || got[0].X != 3 {
		t.Errorf("the median of 3, 17, 17, 7, 17: %v, want (3, 17)", got)
	}
	if got := binnedTrend(five, false, false); len(got) != 1 || math.Abs(got[0].Y-12.2) > 1e-12 {
		t.Errorf("the mean of 3, 17, 17, 7, 17: %v, want 12.2", got)
	}
}

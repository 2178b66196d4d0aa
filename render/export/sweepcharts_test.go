package export

import (
	"slices"
	"testing"

	"gonum.org/v1/plot"

	"github.com/frontline-sim/frontline/sim"
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

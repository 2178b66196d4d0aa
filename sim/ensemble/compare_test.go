package ensemble_test

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// TestCompare: the differences of two results, day by day, with the days
// only one has and the watch compared only when both follow it.
func TestCompare(t *testing.T) {
	a, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	read := func(s string) *ensemble.Result {
		r, err := ensemble.Read(strings.NewReader(s), "r.json", a)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	base := read(validResult)
	changed := read(mutate(t, func(m map[string]any) {
		c := control(m, 1, "hama")
		c["regime"], c["hts"] = 0.5, 0.5
		day(m, 1)["p_no_regime_route"] = 0.9
	}))
	other := read(mutate(t, func(m map[string]any) {
		m["watch"].(map[string]any)["route"] = "other"
		day(m, 1)["p_no_regime_route"] = 0.9
	}))
	shorter := read(mutate(t, func(m map[string]any) {
		m["days"] = m["days"].([]any)[:1]
	}))
	far := read(mutate(t, func(m map[string]any) {
		m["start"], m["last_documented"], m["until"], m["forced_until"] = "2025-11-26", "2025-11-27", "2025-11-28", "2025-11-27"
		for k, d := range []string{"2025-11-26", "2025-11-27", "2025-11-28"} {
			day(m, k)["date"] = d
		}
		place(m, 0)["fall_date"], place(m, 1)["fall_date"], place(m, 1)["documented_fall"] = nil, nil, nil
	}))
	d27 := sim.MustDate("2024-11-27")
	for _, tt := range []struct {
		name      string
		a, b      *ensemble.Result
		threshold float64
		days      []ensemble.DayDiff
		onlyA     []ensemble.Span
		watch     bool
	}{
		{"the same", base, base, 0, nil, nil, true},
		{"a share and the watch", base, changed, 0.02, []ensemble.DayDiff{{Date: d27, Changes: []ensemble.Change{
			{Place: "hama", Name: "Hama", Faction: "hts", A: 0.2, B: 0.5},
			{Place: "hama", Name: "Hama", Faction: "regime", A: 0.8, B: 0.5},
			{A: 0.5, B: 0.9}}}}, nil, true},
		{"under the threshold", base, changed, 0.5, nil, nil, true},
		{"another route", base, other, 0.02, nil, nil, false},
		{"days only A has", base, shorter, 0.02, nil, []ensemble.Span{{From: d27, To: d27 + 1}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ensemble.Compare(tt.a, tt.b, tt.threshold)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.Days, tt.days) || !reflect.DeepEqual(c.OnlyA, tt.onlyA) || c.OnlyB != nil || c.Watch != tt.watch {
				t.Errorf("got days %+v, only A %v, only B %v, watch %v; want %+v, %v, none, %v", c.Days, c.OnlyA, c.OnlyB, c.Watch, tt.days, tt.onlyA, tt.watch)
			}
		})
	}
	if c, err := ensemble.Compare(shorter, base, 0); err != nil || len(c.OnlyB) != 1 || c.OnlyB[0].Days() != 2 || c.Common != 1 {
		t.Errorf("B longer: %+v, %v", c, err)
	}
	for _, th := range []float64{math.NaN(), -0.1, 1.5} {
		if _, err := ensemble.Compare(base, base, th); err == nil {
			t.Errorf("threshold %v accepted", th)
		}
	}
	if _, err := ensemble.Compare(base, far, 0.02); err == nil || !strings.Contains(err.Error(), "no day in common") {
		t.Errorf("no common day: %v", err)
	}
}

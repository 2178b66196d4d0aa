package sweep

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// testResult is a small analysed sweep with made-up counts: a grid over
// one number and one date, and an outcome of each kind.
func testResult(t testing.TB) *Result {
	start := sim.MustDate("2024-11-26")
	on := start + 5
	m := &Meta{Sweep: "t", Version: Version, Scenario: "s", Modelled: ensemble.Modelled{Mode: "free", Start: start, LastDocumented: start + 8, Until: start + 9},
		Factors: []Factor{{ID: "a", Parameter: "base", Values: []float64{0, 1}}, {ID: "d", Intervention: "i", Field: FieldFrom, Min: float64(start + 1), Max: float64(start + 3), Distribution: Days}},
		Design:  Design{Method: Grid, Levels: 2, Runs: 10, Seed: 1},
		Outcomes: []Outcome{{ID: "held", Kind: Held, Place: "p", Faction: "f", On: &on}, {ID: "fall", Kind: FallDay, Place: "p", Quantile: 50},
			{ID: "broken", Kind: RouteBroken, Route: "r", On: &on}}}
	m.Points = m.Design.Matrix(m.Factors)
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	c := newCounts(m, 0, m.TotalRuns())
	for p := range m.Points {
		c.Runs[p] = 10
		c.Hits[p][0], c.Hits[p][2] = int64(p), int64(10-p)
		c.Falls[p][1][p+1] = 10
	}
	return Analyse(m, c)
}

// What Analyse writes, Read takes back whole, the points' values too.
func TestReadRoundTrip(t *testing.T) {
	r := testResult(t)
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !Is(data) || Is([]byte(`{"kind":"frontline-sweep-shard","sweep":"t","rows":[]}`)) || Is([]byte(`{"scenario":"x","days":[]}`)) {
		t.Fatal("Is tells a sweep result from a shard or a simulation wrongly")
	}
	back, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(back)
	if string(again) != string(data) || len(back.Rows[5].Values) != 2 || back.Rows[5].Values[1] != r.Rows[5].Values[1] {
		t.Error("Read does not give back what was written")
	}
	for _, tt := range []struct{ from, to, want string }{
		{`"outcome":"fall"`, `"outcome":"other"`, "row 1"},
		{`"version":1`, `"version":0`, "no version"},
		{`"id":"a"`, `"id":"../a"`, "lowercase words"},
		{`"measure":"main_effect"`, `"measure":"guess"`, "sensitivity row"},
		// Ids are bounded (they name columns), and echoed at most 80
		// characters.
		{`"id":"a"`, `"id":"` + strings.Repeat("a", sim.MaxIDLen+1) + `"`, "at most 64 characters"},
		{`"id":"held"`, `"id":"` + strings.Repeat("h", 1000) + `"`, `hhh"…`},
		// A decoding error names its line and column.
		{`"version":1`, `"version":"1"`, "1:"},
	} {
		bad := strings.Replace(string(data), tt.from, tt.to, 1)
		if _, err := Read([]byte(bad)); err == nil || !strings.Contains(err.Error(), tt.want) || len(err.Error()) > 300 {
			t.Errorf("%.100s → %.100s: %.300v; want an error with %q, of at most 300 bytes", tt.from, tt.to, err, tt.want)
		}
	}
}

// FuzzRead: a sweep result, however hostile, is read or refused; it never
// panics, and what is read has a row per point and outcome.
func FuzzRead(f *testing.F) {
	data, err := json.Marshal(testResult(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"sweep":"x","rows":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Read(data)
		if err != nil {
			return
		}
		if len(r.Rows) != len(r.Points)*len(r.Outcomes) {
			t.Fatalf("%d rows for %d points and %d outcomes", len(r.Rows), len(r.Points), len(r.Outcomes))
		}
		for _, row := range r.Rows {
			if len(row.Values) != len(r.Factors) {
				t.Fatalf("a row has %d values for %d factors", len(row.Values), len(r.Factors))
			}
		}
	})
}

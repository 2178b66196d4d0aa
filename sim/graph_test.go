package sim_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
)

func TestGraphConnected(t *testing.T) {
	gr := sim.NewGraph(geo.MustDefault())
	if !gr.Connected() {
		a := gr.Atlas
		reach := gr.Reachable(0, sim.Filter{})
		for i, ok := range reach {
			if !ok {
				t.Errorf("%s cannot be reached from %s", a.Places()[i].ID, a.Places()[0].ID)
			}
		}
	}
}

// subsequence reports whether want appears in got in order.
func subsequence(got, want []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

func TestShortestRoute(t *testing.T) {
	gr := sim.NewGraph(geo.MustDefault())
	tests := []struct {
		from, to string
		through  []string
		roads    []string
	}{
		{"aleppo", "hama", []string{"aleppo", "saraqib", "maarat-al-numan", "khan-sheikhoun", "hama"}, []string{"M5"}},
		{"latakia", "aleppo", []string{"latakia", "ariha", "saraqib", "aleppo"}, []string{"M4", "M5"}},
		{"damascus", "aleppo", []string{"damascus", "homs", "hama", "khan-sheikhoun", "saraqib", "aleppo"}, []string{"M5"}},
		{"deir-ez-zor", "al-mayadeen", []string{"deir-ez-zor", "al-mayadeen"}, nil},
		{"hama", "hama", []string{"hama"}, nil},
	}
	for _, tt := range tests {
		r, err := gr.ShortestRoute(tt.from, tt.to, sim.Filter{})
		if err != nil {
			t.Errorf("%s→%s: %v", tt.from, tt.to, err)
			continue
		}
		if !subsequence(r.Places, tt.through) {
			t.Errorf("%s→%s goes %v, want it through %v in order", tt.from, tt.to, r.Places, tt.through)
		}
		if tt.roads != nil && !slices.Equal(r.Roads(gr.Atlas), tt.roads) {
			t.Errorf("%s→%s uses %v, want %v", tt.from, tt.to, r.Roads(gr.Atlas), tt.roads)
		}
		if r.Places[0] != tt.from || r.Places[len(r.Places)-1] != tt.to || len(r.Segments) != len(r.Places)-1 {
			t.Errorf("%s→%s: malformed route %+v", tt.from, tt.to, r)
		}
	}
}

func TestRestrictedRoute(t *testing.T) {
	a := geo.MustDefault()
	gr := sim.NewGraph(a)
	saraqib, _ := a.Index("saraqib")
	// Without Saraqib the M5 is broken: the route must detour.
	r, err := gr.ShortestRoute("aleppo", "hama", sim.Filter{Place: func(i int) bool { return i != saraqib }})
	if err != nil {
		t.Fatalf("detour: %v", err)
	}
	if slices.Contains(r.Places, "saraqib") {
		t.Errorf("restricted route passes Saraqib: %v", r.Places)
	}
	full, _ := gr.ShortestRoute("aleppo", "hama", sim.Filter{})
	if r.Hours <= full.Hours {
		t.Errorf("detour costs %.2f h, not more than the direct %.2f h", r.Hours, full.Hours)
	}
	// With no segment allowed nothing is reachable.
	_, err = gr.ShortestRoute("aleppo", "hama", sim.Filter{Segment: func(int) bool { return false }})
	var nr *sim.NoRouteError
	if !errors.As(err, &nr) {
		t.Errorf("error = %v, want *NoRouteError", err)
	}
}

func BenchmarkNewGraph(b *testing.B) {
	a := geo.MustDefault()
	b.ReportAllocs()
	for b.Loop() {
		sim.NewGraph(a)
	}
}

func BenchmarkShortestRoute(b *testing.B) {
	gr := sim.NewGraph(geo.MustDefault())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gr.ShortestRoute("latakia", "damascus", sim.Filter{}); err != nil {
			b.Fatal(err)
		}
	}
}

// The CSR search and gonum's Dijkstra agree on every pair of places of
// the built-in atlas.
func TestSearchAgreesWithGonum(t *testing.T) {
	gr := sim.NewGraph(geo.MustDefault())
	g := gr.Gonum()
	n := len(gr.Atlas.Places())
	s := sim.NewSearch(n)
	for u := range n {
		sh := path.DijkstraFrom(simple.Node(u), g)
		s.Run(gr.C, []int32{int32(u)}, sim.SearchOptions{Target: -1})
		for v := range n {
			want := sh.WeightTo(int64(v))
			if got := s.Dist(int32(v)); math.Abs(got-want) > 1e-9 && !(math.IsInf(got, 1) && math.IsInf(want, 1)) {
				t.Fatalf("%d→%d: CSR %v h, gonum %v h", u, v, got, want)
			}
		}
	}
}

// A cut-off stops the search; a floor lifts zero-length segments.
func TestSearchCutoffAndFloor(t *testing.T) {
	a := geo.MustDefault()
	gr := sim.NewGraph(a)
	nayrab, _ := a.Index("nayrab-airbase")
	airport, _ := a.Index("aleppo-airport")
	s := sim.NewSearch(len(a.Places()))
	s.Run(gr.C, []int32{int32(nayrab)}, sim.SearchOptions{Target: -1})
	raw := s.Dist(int32(airport))
	s.Run(gr.C, []int32{int32(nayrab)}, sim.SearchOptions{Target: -1, Floor: 0.25})
	if got := s.Dist(int32(airport)); got < 0.25 || got < raw {
		t.Errorf("with a 0.25 h floor Nayrab–airport is %v h (raw %v h)", got, raw)
	}
	s.Run(gr.C, []int32{int32(nayrab)}, sim.SearchOptions{Target: -1, Cutoff: 1})
	for _, v := range s.Reached {
		if s.Dist(v) > 1 {
			t.Errorf("%s settled at %v h beyond the 1 h cut-off", a.Places()[v].ID, s.Dist(v))
		}
	}
	if len(s.Reached) >= len(a.Places()) {
		t.Error("a 1 h cut-off reached every place")
	}
}

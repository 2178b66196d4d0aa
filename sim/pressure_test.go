package sim_test

import (
	"math"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
)

// lineWorld is the synthetic map of the pressure tests: A–B–C on a line,
// B a town, and with bypass a second road A–D–C through D, a village
// off the line. HTS attacks the regime from the start.
func lineWorld(t *testing.T, bypass bool, p sim.Params) (*sim.Model, *sim.Graph) {
	t.Helper()
	return lineWorldOf(t, bypass, p, geo.Town, 36.2)
}

// lineWorldOf is lineWorld with B of kind kindB and C at longitude lonC.
func lineWorldOf(t *testing.T, bypass bool, p sim.Params, kindB geo.Kind, lonC float64) (*sim.Model, *sim.Graph) {
	t.Helper()
	places := []geo.Place{
		{ID: "a", Name: "A", Kind: geo.Village, Point: orb.Point{36.0, 35.0}},
		{ID: "b", Name: "B", Kind: kindB, Point: orb.Point{36.1, 35.0}},
		{ID: "c", Name: "C", Kind: geo.Village, Point: orb.Point{lonC, 35.0}},
		{ID: "d", Name: "D", Kind: geo.Village, Point: orb.Point{36.1, 35.1}},
	}
	for k := range places {
		places[k].Governorate, places[k].Source = "G", "synthetic"
	}
	link := func(x, y string) geo.Road {
		return geo.Road{Name: x + y, Class: geo.Primary, Places: []string{x, y}}
	}
	roads := []geo.Road{link("a", "b"), link("b", "c")}
	if bypass {
		roads = append(roads, link("a", "d"), link("d", "c"))
	}
	a, err := geo.NewAtlas(places, roads, nil)
	if err != nil {
		t.Fatal(err)
	}
	gr := sim.NewGraph(a)
	start := sim.MustDate("2024-11-27")
	s := &sim.Scenario{ID: "line", Start: start, End: start, Atlas: a,
		Factions:      []sim.Faction{{ID: "regime"}, {ID: "hts"}},
		Initial:       []string{"hts", "regime", "regime", ""},
		Interventions: []sim.Intervention{{Kind: sim.Attack, From: start, Faction: "hts"}},
		Params:        p}
	m, err := sim.NewModel(s, gr, p, start+2)
	if err != nil {
		t.Fatal(err)
	}
	return m, gr
}

// hoursOf returns the travel time of the road from place x to y, at least
// floor_hours.
func hoursOf(t *testing.T, gr *sim.Graph, p sim.Params, x, y string) float64 {
	t.Helper()
	i, _ := gr.Atlas.Index(x)
	j, _ := gr.Atlas.Index(y)
	cs := gr.C
	for k := cs.Start[i]; k < cs.Start[i+1]; k++ {
		if int(cs.To[k]) == j {
			return max(cs.Hours[k], p.FloorHours)
		}
	}
	t.Fatalf("no road %s–%s", x, y)
	return 0
}

// The pressure term of a path of cost hours, by hand (docs/model.md).
func pressByHand(p sim.Params, cost float64) float64 {
	if cost > p.CutoffHours {
		return 0
	}
	return math.Exp(-cost/p.TauHours) - math.Exp(-p.CutoffHours/p.TauHours)
}

const (
	regime, hts    = 0, 1
	pA, pB, pC, pD = 0, 1, 2, 3
)

func ctrlOf(a, b, c, d int8) []int8 { return []int8{a, b, c, d} }

// Blocking, bypass and the hand-over of a fallen place: E(C, HTS) on the
// line A–B–C and with the road A–D–C, each term computed by hand, and the
// hazard of C from it; the runner's incremental update agrees with its
// rebuild.
func TestPressureThroughHeldGround(t *testing.T) {
	p := sim.DefaultParams()
	p.Supply, p.Momentum, p.Collapse = 0, 0, 0
	const nf = 2
	at := func(E []float64, i int) float64 { return E[i*nf+hts] }
	for _, block := range []float64{0, 0.5, 3, 100} {
		p.BlockHours = block
		m, gr := lineWorld(t, false, p)
		hAB, hBC := hoursOf(t, gr, p, "a", "b"), hoursOf(t, gr, p, "b", "c")
		wA, wB := 1.0, p.SizeWeight // a village, a town

		// Blocking: B, the regime's, lies between A and C.
		held := ctrlOf(hts, regime, regime, -1)
		E := sim.Pressure(m, 0, held)
		want := wA * pressByHand(p, hAB+hBC+block*wB)
		if got := at(E, pC); math.Abs(got-want) > 1e-12 {
			t.Errorf("block_hours %g: E(C) = %v, want %v", block, got, want)
		}
		if block == 100 && at(E, pC) != 0 {
			t.Errorf("block_hours 100: C is pressed (%v) through the regime's B", at(E, pC))
		}
		if got, want := at(E, pB), wA*pressByHand(p, hAB); math.Abs(got-want) > 1e-12 {
			t.Errorf("E(B) = %v, want %v", got, want)
		}
		// The hazard by hand: a village at the start, the regime's air
		// support at 1, every other factor 1.
		h := sim.Hazards(m, 0, held)
		if want := math.Exp(p.Base) * want * math.Exp(-p.AirEffect); math.Abs(h[pC*nf+hts]-want) > 1e-12*max(1, want) {
			t.Errorf("block_hours %g: h(C, HTS) = %v, want %v", block, h[pC*nf+hts], want)
		}

		// B falls: C is pressed from B and, through it, from A.
		fallen := ctrlOf(hts, hts, regime, -1)
		E = sim.Pressure(m, 0, fallen)
		want = wB*pressByHand(p, hBC) + wA*pressByHand(p, hAB+hBC)
		if got := at(E, pC); math.Abs(got-want) > 1e-12 {
			t.Errorf("block_hours %g, B fallen: E(C) = %v, want %v", block, got, want)
		}
		if inc := sim.PressureAfter(m, 0, held, fallen); !equalFloats(inc, E) {
			t.Errorf("block_hours %g: the incremental E %v differs from the rebuilt %v", block, inc, E)
		}

		// Bypass: D, nobody's, opens a second road A–D–C.
		m, gr = lineWorld(t, true, p)
		hAD, hDC := hoursOf(t, gr, p, "a", "d"), hoursOf(t, gr, p, "d", "c")
		E = sim.Pressure(m, 0, held)
		want = wA * pressByHand(p, min(hAB+hBC+block*wB, hAD+hDC))
		if got := at(E, pC); math.Abs(got-want) > 1e-12 || got == 0 {
			t.Errorf("block_hours %g, bypass: E(C) = %v, want %v > 0", block, got, want)
		}
		// D held by the regime blocks the bypass too (a village: weight 1).
		E = sim.Pressure(m, 0, ctrlOf(hts, regime, regime, regime))
		want = wA * pressByHand(p, min(hAB+hBC+block*wB, hAD+hDC+block))
		if got := at(E, pC); math.Abs(got-want) > 1e-12 {
			t.Errorf("block_hours %g, bypass held: E(C) = %v, want %v", block, got, want)
		}
	}
}

// Strongholds: a city the defender holds ends every path through it, so
// that on the line A–B–C with B a regime city, C is not pressed from A
// at any block_hours, until B falls or a road around it opens; a place
// within floor_hours of the city (its outskirts) is pressed through it as
// through any held place.
func TestStrongholds(t *testing.T) {
	p := sim.DefaultParams()
	p.Supply, p.Momentum, p.Collapse = 0, 0, 0
	const nf = 2
	at := func(E []float64, i int) float64 { return E[i*nf+hts] }
	held := ctrlOf(hts, regime, regime, -1)
	for _, tc := range []struct {
		name      string
		lonC      float64 // C at 36.2 lies 9 km (0.15 hours) from B, at 36.4 27 km
		bypass    bool
		outskirts bool // C is pressed through the held city
	}{
		{"beyond the city", 36.4, false, false},
		{"beyond the city, road around it", 36.4, true, false},
		{"the city's outskirts", 36.2, false, true},
	} {
		for _, block := range []float64{0, 0.5} {
			p.BlockHours = block
			m, gr := lineWorldOf(t, tc.bypass, p, geo.City, tc.lonC)
			hAB, hBC := hoursOf(t, gr, p, "a", "b"), hoursOf(t, gr, p, "b", "c")
			through := 1.0 * pressByHand(p, hAB+hBC+block*p.SizeWeight*p.SizeWeight) // B a city: weight size_weight²
			want := 0.0
			if tc.outskirts {
				want = through
			}
			if tc.bypass {
				want = pressByHand(p, hoursOf(t, gr, p, "a", "d")+hoursOf(t, gr, p, "d", "c"))
			}
			E := sim.Pressure(m, 0, held)
			if got := at(E, pC); math.Abs(got-want) > 1e-12 {
				t.Errorf("%s, block_hours %g: E(C) = %v, want %v", tc.name, block, got, want)
			}
			if got := at(E, pB); got <= 0 {
				t.Errorf("%s: the city itself is not pressed (%v)", tc.name, got)
			}
			fallen := ctrlOf(hts, hts, regime, -1)
			want = p.SizeWeight*p.SizeWeight*pressByHand(p, hBC) + pressByHand(p, hAB+hBC)
			if tc.bypass {
				want = p.SizeWeight*p.SizeWeight*pressByHand(p, hBC) + pressByHand(p, min(hAB+hBC, hoursOf(t, gr, p, "a", "d")+hoursOf(t, gr, p, "d", "c")))
			}
			E = sim.Pressure(m, 0, fallen)
			if got := at(E, pC); math.Abs(got-want) > 1e-12 {
				t.Errorf("%s, block_hours %g, city fallen: E(C) = %v, want %v", tc.name, block, got, want)
			}
			if inc := sim.PressureAfter(m, 0, held, fallen); !equalFloats(inc, E) {
				t.Errorf("%s, block_hours %g: the incremental E %v differs from the rebuilt %v", tc.name, block, inc, E)
			}
		}
	}
}

func equalFloats(x, y []float64) bool {
	if len(x) != len(y) {
		return false
	}
	for k := range x {
		if math.Abs(x[k]-y[k]) > 1e-12 {
			return false
		}
	}
	return true
}

// The runner and the likelihood compute the same E(i,a) and h(i,a) on
// every documented state of the built-in ledger.
func TestHazardRunnerMatchesLikelihood(t *testing.T) {
	s, gr, tl := builtin(t)
	m, err := sim.NewModel(s, gr, s.Params, s.End)
	if err != nil {
		t.Fatal(err)
	}
	gap, n := sim.HazardGap(m, tl)
	if n < 100 || gap > 1e-9 {
		t.Errorf("runner and likelihood differ by %g (relative) over %d hazards", gap, n)
	}
}

// No islands: in free runs and in forced runs of the built-in scenario,
// no place falls to an attacker behind its defender's lines.
func TestNoIslands(t *testing.T) {
	s, gr, tl := builtin(t)
	m, err := sim.NewModel(s, gr, s.Params, sim.MustDate("2024-12-12"))
	if err != nil {
		t.Fatal(err)
	}
	for _, forced := range []sim.Date{s.Start - 1, s.End} {
		if out := sim.Islands(m, tl, 200, forced); len(out) > 0 {
			t.Errorf("forced until %s: %d islands, the first %v", forced, len(out), out[:min(5, len(out))])
		}
	}
}

// The runner's E, kept up to date as places change hands (and rebuilt
// when the model takes over from the documented days), equals E rebuilt
// from scratch after every modelled day: forced and free runs, the point
// estimates and posterior draws.
func TestIncrementalPressure(t *testing.T) {
	s, gr, tl := builtin(t)
	for _, posterior := range []bool{false, true} {
		m, err := sim.NewModel(s, gr, s.Params, sim.MustDate("2024-12-12"))
		if err != nil {
			t.Fatal(err)
		}
		if posterior {
			if err := m.SetParamDraws(sim.DefaultCovariance(), nil); err != nil {
				t.Fatal(err)
			}
		}
		for _, forced := range []sim.Date{s.Start - 1, sim.MustDate("2024-11-29"), s.End} {
			days, diff := sim.IncrementalMismatch(m, tl, 30, forced)
			if diff != "" {
				t.Errorf("posterior %v, forced until %s: %s", posterior, forced, diff)
			}
			if days < 30*8 {
				t.Errorf("posterior %v, forced until %s: only %d days compared", posterior, forced, days)
			}
		}
	}
}

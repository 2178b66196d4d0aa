package sim_test

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
)

// theatreWorld is a road of villages x0–x6 from west to east, and y east
// of x6: HTS holds x0, the SDF y, the regime the rest. The ledger has
// HTS contest x1 on the first day and take x2 on the second, so the
// theatres' reach is the road's one hop from x1 to x2. The SDF attacks
// the regime by an intervention alone, when sdfAttacks is set.
func theatreWorld(t *testing.T, ledger, sdfAttacks bool) (*sim.Model, *sim.Graph) {
	t.Helper()
	var places []geo.Place
	var roads []geo.Road
	ids := []string{"x0", "x1", "x2", "x3", "x4", "x5", "x6", "y"}
	for k, id := range ids {
		places = append(places, geo.Place{ID: id, Name: id, Kind: geo.Village, Governorate: "G", Source: "synthetic",
			Point: orb.Point{36 + 0.1*float64(k), 35}})
		if k > 0 {
			roads = append(roads, geo.Road{Name: ids[k-1] + id, Class: geo.Primary, Places: []string{ids[k-1], id}})
		}
	}
	a, err := geo.NewAtlas(places, roads, nil)
	if err != nil {
		t.Fatal(err)
	}
	gr := sim.NewGraph(a)
	start := sim.MustDate("2024-11-27")
	s := &sim.Scenario{ID: "theatre", Start: start, End: start + 1, Atlas: a,
		Factions: []sim.Faction{{ID: "regime"}, {ID: "hts"}, {ID: "sdf"}},
		Initial:  []string{"hts", "regime", "regime", "regime", "regime", "regime", "regime", "sdf"},
		Params:   sim.DefaultParams()}
	if ledger {
		s.Events = []sim.Event{
			{Date: start, Target: sim.Target{Place: "x1"}, Kind: sim.Contested, Faction: "hts"},
			{Date: start + 1, Target: sim.Target{Place: "x2"}, Kind: sim.Captured, Faction: "hts"},
		}
	} else {
		s.Interventions = append(s.Interventions, sim.Intervention{Kind: sim.Attack, From: start, Faction: "hts"})
	}
	if sdfAttacks {
		s.Interventions = append(s.Interventions, sim.Intervention{Kind: sim.Attack, From: start, Faction: "sdf", Against: []string{"regime"}})
	}
	m, err := sim.NewModel(s, gr, s.Params, start+3)
	if err != nil {
		t.Fatal(err)
	}
	return m, gr
}

// A front is fought where the ledger shows it: an attacker presses a
// defender's place only within the theatres' reach R of the places the
// ledger puts it at, R the farthest a documented capture lies from where
// its front was first seen; a front that only an attack intervention
// opens reaches R from the attacker's own places; and a ledger that
// shows no advance leaves the whole map open.
func TestTheatre(t *testing.T) {
	p := sim.DefaultParams()
	for _, tc := range []struct {
		name        string
		ledger, sdf bool
		hts, sdf2   string // for each place x1..x6, y: in the front's theatre
		wholeMap    bool
	}{
		{"ledger", true, false, "1110000", "0000000", false},
		{"ledger and an SDF attack", true, true, "1110000", "0000010", false},
		{"no advance in the ledger", false, true, "1111111", "1111111", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, gr := theatreWorld(t, tc.ledger, tc.sdf)
			want := hoursOf(t, gr, p, "x1", "x2")
			if tc.wholeMap {
				want = 0
			}
			if got := m.TheatreHours(); math.Abs(got-want) > 1e-12 {
				t.Errorf("reach %v h, want %v", got, want)
			}
			for k := 1; k <= 6; k++ {
				if got := m.InTheatre("hts", "regime", k); got != (tc.hts[k-1] == '1') {
					t.Errorf("x%d in HTS's theatre: %v, want %v", k, got, !got)
				}
				if got := m.InTheatre("sdf", "regime", k); got != (tc.sdf2[k-1] == '1' && tc.sdf) {
					t.Errorf("x%d in the SDF's theatre: %v, want %v", k, got, !got)
				}
			}
		})
	}
}

// A place outside the theatre has no hazard however close the attacker
// stands (and its row of E is not searched); inside, it has.
func TestTheatreHazard(t *testing.T) {
	m, _ := theatreWorld(t, true, false)
	open, _ := theatreWorld(t, false, false)
	const regime, hts, sdf = 0, 1, 2
	nf := 3
	for _, tc := range []struct {
		held    int // HTS holds x0..x(held-1)
		pressed int // the place next to them
		want    bool
	}{
		{3, 3, true},  // x3, within reach of x2
		{4, 4, false}, // x4, beyond it
		{6, 6, false},
	} {
		t.Run(fmt.Sprint("x", tc.pressed), func(t *testing.T) {
			ctrl := []int8{regime, regime, regime, regime, regime, regime, regime, sdf}
			for k := range tc.held {
				ctrl[k] = hts
			}
			// On the same map with no theatre, the place is pressed.
			if E := sim.Pressure(open, 1, ctrl); E[tc.pressed*nf+hts] <= 0 {
				t.Fatalf("no road pressure on x%d (%v): the test's map is wrong", tc.pressed, E)
			}
			h := sim.Hazards(m, 1, ctrl)
			if got := h[tc.pressed*nf+hts] > 0; got != tc.want {
				t.Errorf("h(x%d, HTS) = %v, want positive: %v", tc.pressed, h[tc.pressed*nf+hts], tc.want)
			}
		})
	}
}

// In forced and free runs of the built-in scenario, no place outside the
// theatre of its attacker's front falls but with a capture inside it,
// on the path by which that place was taken (the carry): the SDF, strong
// in the fit, takes the Euphrates valley by Deir ez-Zor, never Homs or
// the coast.
func TestNoFallOutsideTheatres(t *testing.T) {
	s, gr, tl := builtin(t)
	m, err := sim.NewModel(s, gr, s.Params, sim.MustDate("2024-12-12"))
	if err != nil {
		t.Fatal(err)
	}
	for _, forced := range []sim.Date{s.Start - 1, s.End} {
		if out := sim.OutsideTheatres(m, tl, 200, forced); len(out) > 0 {
			t.Errorf("forced until %s: %d falls outside their theatre, the first %v", forced, len(out), out[:min(5, len(out))])
		}
	}
}

// docs/model.md's account of the built-in theatres ("Theatres") is the
// model's.
func TestTheatreDoc(t *testing.T) {
	s, gr, _ := builtin(t)
	m, err := sim.NewModel(s, gr, s.Params, s.End)
	if err != nil {
		t.Fatal(err)
	}
	side := func(a, b string, ids ...string) (in, out []string) {
		for _, id := range ids {
			i, ok := gr.Atlas.Index(id)
			if !ok {
				t.Fatalf("no place %s", id)
			}
			name := gr.Atlas.Places()[i].Name
			if m.InTheatre(a, b, i) {
				in = append(in, name)
			} else {
				out = append(out, name)
			}
		}
		return in, out
	}
	list := func(names []string, and string) string {
		if len(names) < 2 {
			return strings.Join(names, "")
		}
		return strings.Join(names[:len(names)-1], ", ") + " " + and + " " + names[len(names)-1]
	}
	htsIn, htsOut := side("hts", "regime", "hama", "homs", "salamiyah", "latakia", "tartus", "damascus")
	sdfIn, sdfOut := side("sdf", "regime", "deir-ez-zor", "al-mayadeen", "sukhnah", "palmyra")
	snaIn, snaOut := side("sna", "sdf", "manbij", "raqqa")
	want := fmt.Sprintf("R = %.2f road-hours. HTS's theatre against the regime holds %s, not %s; the SDF's holds %s, not %s; the SNA's against the SDF holds %s, not %s.",
		m.TheatreHours(), list(htsIn, "and"), list(htsOut, "or"), list(sdfIn, "and"), list(sdfOut, "or"), list(snaIn, "and"), list(snaOut, "or"))
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(doc)), " "), want) {
		t.Errorf("docs/model.md's \"Theatres\" should end: %s", want)
	}
}

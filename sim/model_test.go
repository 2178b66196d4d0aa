package sim_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
)

func gridlessAtlas(t *testing.T) *geo.Atlas { t.Helper(); return geo.MustDefault() }

// The tally is the same for any number of workers and any split of runs.
func TestEnsembleWorkersAndShards(t *testing.T) {
	s, gr, tl := builtin(t)
	m, err := sim.NewModel(s, gr, s.Params, sim.MustDate("2024-12-12"))
	if err != nil {
		t.Fatal(err)
	}
	o := sim.EnsembleOptions{Seed: 3, Last: 200, Timeline: tl, ForcedUntil: sim.MustDate("2024-11-29"), Workers: 1}
	one := m.Ensemble(o)
	o.Workers = 2
	if two := m.Ensemble(o); !reflect.DeepEqual(one, two) {
		t.Error("two workers give another tally than one")
	}
	o.Last = 77
	part := m.Ensemble(o)
	o.First, o.Last = 77, 200
	if err := part.Add(m.Ensemble(o)); err != nil || !reflect.DeepEqual(one, part) {
		t.Errorf("runs 0–76 plus 77–199 differ from 0–199 (%v)", err)
	}
	if one.Runs != 200 {
		t.Errorf("%d runs counted", one.Runs)
	}
}

// Forced days follow the ledger exactly; the watches follow the replay's.
func TestForcedDaysFollowTheLedger(t *testing.T) {
	s, gr, tl := builtin(t)
	m, _ := sim.NewModel(s, gr, s.Params, s.End)
	ids := s.FactionIDs()
	m.NewRunner().Run(1, 0, tl, s.End, func(d *sim.DayResult) {
		day := tl.Days[d.Day]
		if d.Modelled {
			t.Errorf("%s: modelled in a fully forced run", day.Date)
		}
		for i, c := range d.Ctrl {
			want := day.Place(i).Controller
			if got := ""; c >= 0 {
				got = ids[c]
				if got != want {
					t.Errorf("%s %s: %s, ledger %s", day.Date, gr.Atlas.Places()[i].ID, got, want)
				}
			}
		}
		if d.RouteOpen != day.Metrics.FirstRouteOpen {
			t.Errorf("%s: route open %v, replay %v", day.Date, d.RouteOpen, day.Metrics.FirstRouteOpen)
		}
		// The M5 is closed to the regime wherever the replay has a segment
		// of it not the regime's (the ledger cuts it on 11-28).
		m5 := day.Metrics.Highways["M5"]
		open := m5["regime"]
		total := 0
		for _, n := range m5 {
			total += n
		}
		if cut := open < total; d.HighwayCut != cut {
			t.Errorf("%s: M5 cut %v, replay %v (%v)", day.Date, d.HighwayCut, cut, m5)
		}
	})
}

// Common random numbers: a run's places draw only from their own streams,
// so a change that matters nowhere changes nothing, and one run repeated
// is the same run.
func TestCommonRandomNumbers(t *testing.T) {
	s, gr, _ := builtin(t)
	m1, _ := sim.NewModel(s, gr, s.Params, sim.MustDate("2024-12-12"))
	s2 := *s
	s2.Interventions = append(append([]sim.Intervention(nil), s.Interventions...),
		sim.Intervention{Kind: sim.Reinforce, From: s.Start, Places: []int{0}, Factor: 1})
	m2, _ := sim.NewModel(&s2, gr, s.Params, sim.MustDate("2024-12-12"))
	o := sim.EnsembleOptions{Seed: 9, Last: 100, ForcedUntil: s.Start - 1}
	if !reflect.DeepEqual(m1.Ensemble(o), m2.Ensemble(o)) {
		t.Error("a reinforcement by a factor of 1 changed the ensemble")
	}
	a1, a2 := sim.StreamSeed(1, 2, 3)
	b1, b2 := sim.StreamSeed(1, 2, 4)
	if a1 == b1 || a2 == b2 {
		t.Error("two places share a stream")
	}
}

// Fronts come from the ledger: an attacker presses a defender from the
// first day the ledger puts it at one of the defender's places, if it
// ever takes, contests or claims one; the regime and the coalition never
// attack in the built-in, the SDF never presses HTS or the SNA, and the
// SNA presses the SDF from 12-01 (Tel Rifaat entered).
func TestAttackStarts(t *testing.T) {
	s, gr, _ := builtin(t)
	m, _ := sim.NewModel(s, gr, s.Params, s.End)
	for id, want := range map[string]string{"hts": "2024-11-27", "sna": "2024-12-01", "sdf": "2024-12-04", "regime": "", "coalition": ""} {
		d, ok := m.AttackStart(id)
		if (want == "") == ok || (ok && d.String() != want) {
			t.Errorf("%s attacks from %v (%v), want %q", id, d, ok, want)
		}
	}
	for _, tc := range []struct{ a, b, want string }{
		{"hts", "regime", "2024-11-27"}, {"hts", "sdf", ""},
		{"sna", "sdf", "2024-12-01"}, {"sna", "regime", ""},
		{"sdf", "regime", "2024-12-04"}, {"sdf", "hts", ""}, {"sdf", "sna", ""},
		{"regime", "hts", ""}, {"coalition", "regime", ""},
	} {
		d, ok := m.Front(tc.a, tc.b)
		if (tc.want == "") == ok || (ok && d.String() != tc.want) {
			t.Errorf("front %s→%s opens %v (%v), want %q", tc.a, tc.b, d, ok, tc.want)
		}
	}
}

func TestSizeClass(t *testing.T) {
	a := gridlessAtlas(t)
	for id, want := range map[string]int{"aleppo": 3, "hama": 3, "idlib": 2, "saraqib": 1, "nayrab-airbase": 1, "al-jubayn": 0} {
		p, _ := a.Place(id)
		if got := sim.SizeClass(p); got != want {
			t.Errorf("%s: size class %d, want %d", id, got, want)
		}
	}
}

// An attack or passive intervention with against: touches only the fronts
// against those factions.
func TestInterventionAgainst(t *testing.T) {
	s, gr, _ := builtin(t)
	withIv := func(iv ...sim.Intervention) *sim.Model {
		s2 := *s
		s2.Interventions = append(append([]sim.Intervention(nil), s.Interventions...), iv...)
		m, err := sim.NewModel(&s2, gr, s.Params, sim.MustDate("2024-12-12"))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := withIv(sim.Intervention{Kind: sim.Attack, Faction: "regime", From: sim.MustDate("2024-12-02"), Against: []string{"sdf"}})
	for _, tc := range []struct{ a, b, want string }{{"regime", "sdf", "2024-12-02"}, {"regime", "hts", ""}, {"regime", "sna", ""}} {
		d, ok := m.Front(tc.a, tc.b)
		if (tc.want == "") == ok || (ok && d.String() != tc.want) {
			t.Errorf("attack against sdf: front %s→%s opens %v (%v), want %q", tc.a, tc.b, d, ok, tc.want)
		}
	}
	// HTS passive against the regime only: no regime place falls to HTS,
	// while with the same seeds HTS takes regime places without it.
	ids := s.FactionIDs()
	hts, regime := int8(slices.Index(ids, "hts")), int8(slices.Index(ids, "regime"))
	count := func(m *sim.Model) (n int) {
		r := m.NewRunner()
		for run := range 20 {
			r.Run(1, run, nil, s.Start-1, func(d *sim.DayResult) {
				for i, c := range d.Ctrl {
					if c == hts && s.Initial[i] == "regime" {
						n++
					}
				}
			})
		}
		return n
	}
	if n := count(withIv(sim.Intervention{Kind: sim.Passive, Faction: "hts", From: s.Start, Against: []string{"regime"}})); n != 0 {
		t.Errorf("hts passive against the regime still took %d place-days of the regime's", n)
	}
	if n := count(withIv(sim.Intervention{Kind: sim.Passive, Faction: "hts", From: s.Start, Against: []string{"sdf"}})); n == 0 || regime < 0 {
		t.Error("hts passive against the sdf only took nothing of the regime's")
	}
}

// --workers 10000 over ten years once kept 10000 full tallies: workers
// are bounded by MaxWorkers and by MaxTallyBytes.
func TestEnsembleWorkersBounded(t *testing.T) {
	s, gr, tl := builtin(t)
	for _, until := range []string{"2024-12-12", "2034-11-26"} {
		m, err := sim.NewModel(s, gr, s.Params, sim.MustDate(until))
		if err != nil {
			t.Fatal(err)
		}
		o := sim.EnsembleOptions{Last: 10000, Timeline: tl, Workers: 10000}
		w := m.Workers(o)
		if w < 1 || w > sim.MaxWorkers() || w*m.TallyBytes() > max(sim.MaxTallyBytes, m.TallyBytes()) {
			t.Errorf("until %s: %d workers of %d-byte tallies; want 1 to %d, within %d bytes", until, w, m.TallyBytes(), sim.MaxWorkers(), sim.MaxTallyBytes)
		}
		if o.Last = 3; m.Workers(o) > 3 {
			t.Errorf("more workers than runs")
		}
	}
}

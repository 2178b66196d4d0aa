package ensemble_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

var builtin struct {
	sync.Once
	tl  *sim.Timeline
	err error
}

// replay is the built-in scenario's replay, made once.
func replay(t testing.TB) *sim.Timeline {
	t.Helper()
	builtin.Do(func() {
		a, err := geo.Default()
		if err != nil {
			builtin.err = err
			return
		}
		s, err := scenarios.Load(scenarios.DefaultID, a)
		if err != nil {
			builtin.err = err
			return
		}
		builtin.tl, builtin.err = sim.Replay(s, sim.NewGraph(a), nil)
	})
	if builtin.err != nil {
		t.Fatal(builtin.err)
	}
	return builtin.tl
}

func TestNewOptions(t *testing.T) {
	tl := replay(t)
	start, end := tl.Scenario.Start, tl.Scenario.End
	until := sim.MustDate("2024-12-12")
	for _, tt := range []struct {
		name   string
		o      ensemble.Options
		option string // "" for no error
		mode   string
		forced sim.Date
	}{
		{"default hand-over", ensemble.Options{Runs: 10, Until: until}, "", "forced", end},
		{"free", ensemble.Options{Runs: 10, Until: until, Free: true}, "", "free", start - 1},
		{"forced until a day", ensemble.Options{Runs: 10, Until: until, ForcedUntil: ptr(start + 2)}, "", "forced", start + 2},
		{"hand-over after until", ensemble.Options{Runs: 10, Until: start + 1}, "", "forced", start + 1},
		{"no runs", ensemble.Options{Runs: 0, Until: until}, "runs", "", 0},
		{"too many runs", ensemble.Options{Runs: ensemble.MaxRuns + 1, Until: until}, "runs", "", 0},
		{"until before start", ensemble.Options{Runs: 10, Until: start - 1}, "until", "", 0},
		{"until too late", ensemble.Options{Runs: 10, Until: start + 4000}, "until", "", 0},
		{"forced past the documents", ensemble.Options{Runs: 10, Until: until, ForcedUntil: ptr(end + 1)}, "forced-until", "", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ensemble.New(tl, tt.o)
			var oe *ensemble.OptionError
			switch {
			case tt.option != "":
				if !errors.As(err, &oe) || oe.Option != tt.option || !strings.HasPrefix(err.Error(), "--"+tt.option+" ") {
					t.Fatalf("err = %v, want an OptionError for --%s", err, tt.option)
				}
			case err != nil:
				t.Fatal(err)
			default:
				if r.Meta.Mode != tt.mode || r.ForcedUntil != tt.forced {
					t.Errorf("mode %s, forced until %s; want %s, %s", r.Meta.Mode, r.ForcedUntil, tt.mode, tt.forced)
				}
				if (r.Meta.ForcedUntil != nil) != (tt.mode == "forced") {
					t.Errorf("forced_until %v in %s mode", r.Meta.ForcedUntil, tt.mode)
				}
				if len(r.Meta.Places) != len(tl.Graph.Atlas.Places()) {
					t.Errorf("%d places in the header, want %d", len(r.Meta.Places), len(tl.Graph.Atlas.Places()))
				}
			}
		})
	}
}

func ptr(d sim.Date) *sim.Date { return &d }

// TestHandOver: the hand-over is decided by one rule, and no date stands
// for "unset": a scenario on 1970-01-01, day 0 of sim.Date, hands over
// like any other.
func TestHandOver(t *testing.T) {
	epoch := sim.MustDate("1970-01-01")
	at := func(start string, own ...bool) *sim.Scenario {
		s := &sim.Scenario{ID: "s", Start: sim.MustDate(start), End: sim.MustDate(start) + 9}
		for k, o := range own {
			s.Interventions = append(s.Interventions, sim.Intervention{Kind: sim.Passive, Faction: "hts", From: s.Start + 1 + sim.Date(k), Own: o})
		}
		return s
	}
	for _, tt := range []struct {
		name string
		s    *sim.Scenario
		o    ensemble.Options
		day  sim.Date
		free bool
		err  bool
	}{
		{"the scenario's end", at("1970-01-01"), ensemble.Options{}, epoch + 9, false, false},
		{"free", at("1970-01-01"), ensemble.Options{Free: true}, epoch - 1, true, false},
		{"chosen: day 0", at("1970-01-01"), ensemble.Options{ForcedUntil: ptr(epoch)}, epoch, false, false},
		{"chosen before the start", at("1970-01-02"), ensemble.Options{ForcedUntil: ptr(epoch)}, 0, false, true},
		{"chosen after the end", at("1970-01-01"), ensemble.Options{ForcedUntil: ptr(epoch + 10)}, 0, false, true},
		{"own intervention on day 1", at("1970-01-01", true), ensemble.Options{}, epoch, false, false},
		{"the first own intervention", at("2024-11-26", false, true, true), ensemble.Options{}, sim.MustDate("2024-11-27"), false, false},
		{"inherited interventions only", at("1970-01-01", false, false), ensemble.Options{}, epoch + 9, false, false},
		{"chosen wins over own", at("1970-01-01", true), ensemble.Options{ForcedUntil: ptr(epoch + 5)}, epoch + 5, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			day, free, err := ensemble.HandOver(tt.s, tt.o)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want an error: %v", err, tt.err)
			}
			if err == nil && (day != tt.day || free != tt.free) {
				t.Errorf("hand-over %s (free %v), want %s (free %v)", day, free, tt.day, tt.free)
			}
		})
	}
	// An own intervention from the start makes the default free.
	s := at("1970-01-01", true)
	s.Interventions[0].From = s.Start
	if _, free, _ := ensemble.HandOver(s, ensemble.Options{}); !free {
		t.Error("an own intervention from the start does not give free runs")
	}
	// Compared side by side, both take the earlier default; a chosen
	// hand-over stays.
	history, whatIf := at("1970-01-01"), at("1970-01-01", false, false, true)
	if o := ensemble.Shared(ensemble.Options{}, history, whatIf); o.Free || o.ForcedUntil == nil || *o.ForcedUntil != epoch+2 {
		t.Errorf("shared hand-over %+v, want forced until %s", o, epoch+2)
	}
	if o := ensemble.Shared(ensemble.Options{}, whatIf, s); !o.Free {
		t.Errorf("shared hand-over %+v with a free side, want free", o)
	}
	if o := ensemble.Shared(ensemble.Options{ForcedUntil: ptr(epoch + 7)}, whatIf); *o.ForcedUntil != epoch+7 {
		t.Errorf("a chosen hand-over became %s", *o.ForcedUntil)
	}
}

// TestResultRoundTrip: what Build makes is what Read reads back of its
// JSON, so a simulation run in the viewer or the web page draws exactly
// what the saved file draws; and the bytes do not depend on the workers.
func TestResultRoundTrip(t *testing.T) {
	tl := replay(t)
	r, err := ensemble.New(tl, ensemble.Options{Runs: 40, Seed: 3, Until: sim.MustDate("2024-12-08")})
	if err != nil {
		t.Fatal(err)
	}
	var out [2][]byte
	var built *ensemble.Result
	for k, workers := range []int{1, 3} {
		built = r.Result(workers, nil)
		if out[k], err = json.Marshal(built); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Fatal("1 and 3 workers give different results")
	}
	back, err := ensemble.Read(bytes.NewReader(out[0]), "r.json", tl.Graph.Atlas)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, built) {
		t.Error("Read(JSON(Build)) differs from Build")
	}
	if !ensemble.Is(out[0]) {
		t.Error("Is does not recognise a Result")
	}
	if last := back.Days[len(back.Days)-1]; !last.Projected || !last.Modelled {
		t.Errorf("the last day, %s, is not marked projected and modelled", last.Date)
	}
}

// FuzzRead: a saved simulation is untrusted; Read never panics, and what
// it accepts holds only places of the map and probabilities.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"runs": 1, "places": [{"id": "hama"}], "days": [{"date": "2024-11-26", "control": {"hama": {"hts": 0.5}}}]}`))
	f.Add([]byte(`{"version": 1, "runs": 2, "places": [{"id": "aleppo", "fall_date": {"median": "2024-11-30"}}], "days": [{"date": "2024-11-26"}, {"date": "2024-11-27", "projected": true}]}`))
	f.Add([]byte(`{"runs": 1, "days": [{"date": "2024-02-30"}]}`))
	f.Add([]byte(validResult))
	a, err := geo.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ensemble.Read(bytes.NewReader(data), "f.json", a)
		if err != nil {
			return
		}
		if r.Version < 1 || r.Version > ensemble.Version || r.Runs < 1 || int(r.Until-r.Start) >= ensemble.MaxDays || len(r.Days) > ensemble.MaxDays {
			t.Fatalf("accepted header %+v", r.Meta)
		}
		for _, p := range r.Places {
			if !(p.FallProbability >= 0 && p.FallProbability <= 1) {
				t.Fatalf("accepted fall probability %v", p.FallProbability)
			}
		}
		for _, d := range r.Days {
			if d.Date < r.Start || d.Date > r.Until || !(d.PFirstRouteClosed >= 0 && d.PFirstRouteClosed <= 1) || !(d.PHighwayCut >= 0 && d.PHighwayCut <= 1) {
				t.Fatalf("accepted day %+v", d)
			}
			for id, ps := range d.Control {
				if _, ok := a.Index(id); !ok {
					t.Fatalf("accepted place %q", id)
				}
				for _, p := range ps {
					if !(p >= 0 && p <= 1) {
						t.Fatalf("accepted probability %v", p)
					}
				}
			}
		}
	})
}

// BenchmarkWebEnsemble is the ensemble the E key and the web page's
// Simulate button run: 200 runs of the built-in scenario to 12 December,
// on one worker as in a browser (docs/performance.md; run it under wasm
// with GOOS=js GOARCH=wasm and go_js_wasm_exec for the page's figure).
func BenchmarkWebEnsemble(b *testing.B) {
	tl := replay(b)
	r, err := ensemble.New(tl, ensemble.Options{Runs: 200, Seed: 1, Until: ensemble.DefaultUntil})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r.Result(1, nil)
	}
}

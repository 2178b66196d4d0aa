package ensemble

import (
	"fmt"

	"github.com/frontline-sim/frontline/sim"
)

// Options choose what an ensemble simulates.
type Options struct {
	Runs int    // runs in the ensemble, 1 to MaxRuns
	Seed uint64 // the seed of every run's streams
	// Until is the last day modelled: days past the scenario's end are
	// projected. It must lie within ten years of the start.
	Until sim.Date
	// ForcedUntil is the last day taken from the ledger; nil for the
	// scenario's default (see HandOver). Free models from the start state
	// instead.
	ForcedUntil *sim.Date
	Free        bool
	// ParamDraws is sim.DrawPosterior (each run draws the fitted
	// parameters from the fit's posterior; the default when empty) or
	// sim.DrawFixed (every run uses the point estimates).
	ParamDraws string
}

// DefaultUntil is the end of the default forecast: a week past the last
// documented day of the built-in scenario.
var DefaultUntil = sim.MustDate("2024-12-12")

// MaxRuns bounds Options.Runs.
const MaxRuns = 10_000_000

// OptionError is an Options value the scenario cannot take. Option is
// its name as the command line spells it ("until"), so that a command can
// report it as a usage error.
type OptionError struct {
	Option string
	Msg    string
}

func (e *OptionError) Error() string { return "--" + e.Option + " " + e.Msg }

// Run is a scenario's model with its options, ready to make runs.
type Run struct {
	Meta        Meta
	Model       *sim.Model
	Timeline    *sim.Timeline // the scenario's replay, which forced runs follow
	ForcedUntil sim.Date      // the hand-over day; before Start in free mode
}

// New compiles the model of the scenario replayed as tl for the options o.
func New(tl *sim.Timeline, o Options) (*Run, error) {
	s := tl.Scenario
	if o.Runs <= 0 || o.Runs > MaxRuns {
		return nil, &OptionError{"runs", fmt.Sprintf("%d: use a number from 1 to %d", o.Runs, MaxRuns)}
	}
	if o.Until < s.Start || int(o.Until-s.Start) >= MaxDays {
		return nil, &OptionError{"until", fmt.Sprintf("%s must lie between the scenario's start (%s) and ten years later", o.Until, s.Start)}
	}
	forced, free, err := HandOver(s, o)
	if err != nil {
		return nil, err
	}
	mode := "forced"
	if free {
		mode = "free"
	}
	forced = min(forced, o.Until)
	m, err := sim.NewModel(s, tl.Graph, s.Params, o.Until)
	if err != nil {
		return nil, err
	}
	draws := o.ParamDraws
	switch draws {
	case "", sim.DrawPosterior:
		draws = sim.DrawPosterior
		if err := m.SetParamDraws(sim.DefaultCovariance(), s.PinnedParam); err != nil {
			return nil, err
		}
	case sim.DrawFixed:
	default:
		return nil, &OptionError{"params", fmt.Sprintf("%q: use posterior or fixed", draws)}
	}
	meta := Meta{Scenario: s.ID, Title: s.Title, Version: Version, Seed: o.Seed, Runs: o.Runs,
		Modelled:     Modelled{Mode: mode, Start: s.Start, LastDocumented: s.End, Until: o.Until},
		Draws:        Draws{Params: s.Params.String(), ParamDraws: draws},
		AttackStarts: map[string]*sim.Date{}, Fronts: map[string]map[string]sim.Date{}}
	if mode == "forced" {
		meta.ForcedUntil = &forced
	}
	if wr, roads, ok := m.Watched(); ok {
		meta.Watch = &Watch{Route: wr.ID, Name: wr.Name, Faction: wr.Faction, From: wr.From, To: wr.To, Highways: append([]string{}, roads...)}
	}
	for _, fa := range s.Factions {
		meta.Factions = append(meta.Factions, fa.ID)
		meta.AttackStarts[fa.ID] = nil
		if d, ok := m.AttackStart(fa.ID); ok {
			meta.AttackStarts[fa.ID] = &d
		}
		for _, fb := range s.Factions {
			if d, ok := m.Front(fa.ID, fb.ID); ok {
				if meta.Fronts[fa.ID] == nil {
					meta.Fronts[fa.ID] = map[string]sim.Date{}
				}
				meta.Fronts[fa.ID][fb.ID] = d
			}
		}
	}
	docFall := map[int]sim.Date{}
	for _, cp := range m.Captures(tl) {
		docFall[cp.Place] = cp.By
	}
	for i, p := range tl.Graph.Atlas.Places() {
		pm := PlaceMeta{ID: p.ID, Name: p.Name, Initial: s.Initial[i], Observed: m.Observed[i]}
		if d, ok := docFall[i]; ok {
			pm.Documented = &d
		}
		meta.Places = append(meta.Places, pm)
	}
	return &Run{Meta: meta, Model: m, Timeline: tl, ForcedUntil: forced}, nil
}

// HandOver decides the hand-over of scenario s under options o: the last
// day taken from the documents (the ledger), after which the model runs
// on. It is the one home of that rule. o.Free runs the model from the
// start (day is then s.Start−1); o.ForcedUntil chooses a documented day;
// by default, the hand-over is the scenario's last day, or, in a what-if
// file, the day before the first of its own interventions (Intervention.
// Own), so that its change acts; free when that is the start. A chosen
// day outside the documents is an *OptionError.
func HandOver(s *sim.Scenario, o Options) (day sim.Date, free bool, err error) {
	switch {
	case o.Free:
		return s.Start - 1, true, nil
	case o.ForcedUntil != nil:
		if d := *o.ForcedUntil; d < s.Start || d > s.End {
			return 0, false, &OptionError{"forced-until", fmt.Sprintf("%s is outside the documented days (%s to %s); use none for a free run", d, s.Start, s.End)}
		}
		return *o.ForcedUntil, false, nil
	}
	day = s.End
	for _, iv := range s.Interventions {
		if iv.Own {
			day = min(day, max(s.Start, iv.From)-1)
		}
	}
	return day, day < s.Start, nil
}

// Shared returns o with the one hand-over that the scenarios compared
// side by side take (frontline diff): the one o chooses, or else the
// earliest of their defaults, so that a what-if's change acts on every
// side and the comparison is like with like.
func Shared(o Options, ss ...*sim.Scenario) Options {
	if o.Free || o.ForcedUntil != nil || len(ss) == 0 {
		return o
	}
	var earliest sim.Date
	for k, s := range ss {
		day, free, _ := HandOver(s, o) // the defaults are never an error
		if free {
			o.Free = true
			return o
		}
		if k == 0 || day < earliest {
			earliest = day
		}
	}
	o.ForcedUntil = &earliest
	return o
}

// Tally makes runs first to last−1 on workers goroutines (0: one per
// CPU); the tally is the same for any number of workers. progress, if
// set, is told the runs done so far.
func (r *Run) Tally(first, last, workers int, progress func(done int)) *sim.Tally {
	return r.Model.Ensemble(sim.EnsembleOptions{Seed: r.Meta.Seed, First: first, Last: last, Workers: workers,
		Timeline: r.Timeline, ForcedUntil: r.ForcedUntil, Progress: progress})
}

// Result makes all the runs and returns their Result.
func (r *Run) Result(workers int, progress func(done int)) *Result {
	return Build(&r.Meta, r.Tally(0, r.Meta.Runs, workers, progress))
}

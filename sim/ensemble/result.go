package ensemble

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
)

// Version is the version of the simulate JSON contract written and read
// here. Fields are only added within a version.
const Version = 1

// MaxBytes bounds what Read reads: a year of days for the whole gazetteer
// is a few megabytes.
const MaxBytes = 64 << 20

// Meta is everything about a simulation but its counts: the header of the
// JSON, and what `frontline merge` checks its shards agree on.
type Meta struct {
	Scenario       string               `json:"scenario"`
	Title          string               `json:"title"`
	Version        int                  `json:"version"`
	Seed           uint64               `json:"seed"`
	Runs           int                  `json:"runs"`
	Mode           string               `json:"mode"` // "forced" or "free"
	ForcedUntil    *sim.Date            `json:"forced_until"`
	Start          sim.Date             `json:"start"`
	LastDocumented sim.Date             `json:"last_documented"`
	Until          sim.Date             `json:"until"`
	Factions       []string             `json:"factions"`
	AttackStarts   map[string]*sim.Date `json:"attack_starts"` // faction → date, or nil when it never attacks
	// Fronts: attacker → defender → the day the front opens (from the
	// ledger, or an attack intervention); pairs that never open are absent.
	Fronts map[string]map[string]sim.Date `json:"fronts"`
	Params string                         `json:"params"`
	// ParamDraws says where each run's parameters come from: "posterior"
	// (drawn from the fit's Laplace approximation, Params pinned by the
	// scenario kept) or "fixed" (Params in every run). A file written
	// before the field existed is "fixed".
	ParamDraws string      `json:"param_draws"`
	Places     []PlaceMeta `json:"places"`
}

// PlaceMeta is what a simulation knows of a place before it runs.
type PlaceMeta struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Initial    string    `json:"initial"`
	Documented *sim.Date `json:"documented_fall"`
	Observed   bool      `json:"mentioned"`
}

// Result is the whole contract: the header, each place's chance of
// falling and when, and each day's probabilities of control.
type Result struct {
	Meta
	Places []Place `json:"places"`
	Days   []Day   `json:"days"`
}

// Place is a place's result: its chance of falling by the end and when.
type Place struct {
	PlaceMeta
	FallProbability float64   `json:"fall_probability"`
	FallDate        *FallDate `json:"fall_date"` // nil when it falls in fewer than half the runs
}

// FallDate is the first day by which a place has fallen in 10%, 50% and
// 90% of all runs; nil where that share is not reached.
type FallDate struct {
	P10    *sim.Date `json:"p10"`
	Median *sim.Date `json:"median"`
	P90    *sim.Date `json:"p90"`
}

// Day is one day's probabilities: Control[place][faction], with "none"
// for nobody, and factions with share 0 left out.
type Day struct {
	Date           sim.Date                      `json:"date"`
	Projected      bool                          `json:"projected"`
	Modelled       bool                          `json:"modelled"`
	PNoRegimeRoute float64                       `json:"p_no_regime_route"`
	PM5Cut         float64                       `json:"p_m5_cut"`
	Control        map[string]map[string]float64 `json:"control"`
}

// Round rounds a share of runs to the contract's 4 decimals, as every
// output of a simulation shows it.
func Round(p float64) float64 { return math.Round(p*1e4) / 1e4 }

// Build turns a tally of the simulation meta describes into its Result.
func Build(meta *Meta, t *sim.Tally) *Result {
	out := &Result{Meta: *meta}
	out.Meta.Places = nil
	for i, pm := range meta.Places {
		sp := Place{PlaceMeta: pm, FallProbability: Round(t.FallProbability(i))}
		if t.FallQuantile(i, 50) >= 0 {
			fd := &FallDate{}
			for _, q := range []struct {
				pct int
				dst **sim.Date
			}{{10, &fd.P10}, {50, &fd.Median}, {90, &fd.P90}} {
				if d := t.FallQuantile(i, q.pct); d >= 0 {
					v := t.Start + sim.Date(d)
					*q.dst = &v
				}
			}
			sp.FallDate = fd
		}
		out.Places = append(out.Places, sp)
	}
	for d := range t.Days {
		date := t.Start + sim.Date(d)
		day := Day{Date: date, Projected: date > meta.LastDocumented, Modelled: meta.ForcedUntil == nil || date > *meta.ForcedUntil,
			PNoRegimeRoute: Round(t.PNoRoute(d)), PM5Cut: Round(t.PHighwayCut(d)), Control: map[string]map[string]float64{}}
		for i, pm := range meta.Places {
			ps := map[string]float64{}
			for f, id := range meta.Factions {
				if p := t.P(d, i, f); p > 0 {
					ps[id] = Round(p)
				}
			}
			if p := t.P(d, i, -1); p > 0 {
				ps["none"] = Round(p)
			}
			day.Control[pm.ID] = ps
		}
		out.Days = append(out.Days, day)
	}
	return out
}

// Is reports whether data looks like a Result rather than a scenario or a
// shard: a JSON object with "runs" and "days".
func Is(data []byte) bool {
	var probe struct {
		Runs *int            `json:"runs"`
		Days json.RawMessage `json:"days"`
	}
	return json.Unmarshal(data, &probe) == nil && probe.Runs != nil && len(probe.Days) > 0
}

// Read reads and checks a Result from untrusted JSON against the atlas a:
// every place must be one of its places, every day in order, every
// probability in [0, 1]. name (the file's) prefixes every error.
func Read(r io.Reader, name string, a *geo.Atlas) (*Result, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB", name, MaxBytes>>20)
	}
	var s Result
	if err := json.Unmarshal(data, &s); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%s: not JSON at byte %d: %v", name, se.Offset, err)
		}
		return nil, fmt.Errorf("%s: %v; want the output of frontline simulate --format json", name, err)
	}
	if s.Version > Version {
		return nil, fmt.Errorf("%s: simulate JSON version %d is newer than this frontline reads (%d); update frontline", name, s.Version, Version)
	}
	switch s.ParamDraws {
	case "":
		s.ParamDraws = sim.DrawFixed // written before parameters were drawn
	case sim.DrawPosterior, sim.DrawFixed:
	default:
		return nil, fmt.Errorf("%s: param_draws %q is neither posterior nor fixed", name, s.ParamDraws)
	}
	if len(s.Days) == 0 || len(s.Places) == 0 {
		return nil, fmt.Errorf("%s: no days or no places; want the output of frontline simulate --format json", name)
	}
	for _, p := range s.Places {
		if _, ok := a.Index(p.ID); !ok {
			return nil, fmt.Errorf("%s: place %q is not on the map", name, p.ID)
		}
	}
	for k, d := range s.Days {
		if k > 0 && d.Date <= s.Days[k-1].Date {
			return nil, fmt.Errorf("%s: day %s is not after %s", name, d.Date, s.Days[k-1].Date)
		}
		for id, ps := range d.Control {
			if _, ok := a.Index(id); !ok {
				return nil, fmt.Errorf("%s: %s: place %q is not on the map", name, d.Date, id)
			}
			for f, p := range ps {
				if !(p >= 0 && p <= 1) {
					return nil, fmt.Errorf("%s: %s: P(%s holds %s) = %v is not a probability", name, d.Date, f, id, p)
				}
			}
		}
	}
	return &s, nil
}

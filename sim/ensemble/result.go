package ensemble

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/jsonpos"
	"github.com/frontline-sim/frontline/internal/safetext"
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
	Scenario string `json:"scenario"`
	Title    string `json:"title"`
	Version  int    `json:"version"`
	Seed     uint64 `json:"seed"`
	Runs     int    `json:"runs"`
	Modelled
	Factions     []string             `json:"factions"`
	AttackStarts map[string]*sim.Date `json:"attack_starts"` // faction → date, or nil when it never attacks
	// Fronts: attacker → defender → the day the front opens (from the
	// ledger, or an attack intervention); pairs that never open are absent.
	Fronts map[string]map[string]sim.Date `json:"fronts"`
	Draws
	// Watch is what the days' two watch probabilities follow; nil when
	// the scenario watches no route (both are then 0).
	Watch  *Watch      `json:"watch,omitempty"`
	Places []PlaceMeta `json:"places"`
}

// Modelled is when a simulation's runs are modelled and from what: the part of
// the header that a sweep's (sim/sweep) shares.
type Modelled struct {
	Mode           string    `json:"mode"` // "forced" or "free"
	ForcedUntil    *sim.Date `json:"forced_until"`
	Start          sim.Date  `json:"start"`
	LastDocumented sim.Date  `json:"last_documented"`
	Until          sim.Date  `json:"until"`
}

// Draws are the runs' parameters, in a simulation's header and a sweep's.
type Draws struct {
	Params string `json:"params"`
	// ParamDraws says where each run's parameters come from: "posterior"
	// (drawn from the fit's Laplace approximation, Params pinned by the
	// scenario kept) or "fixed" (Params in every run). A file written
	// before the field existed is "fixed".
	ParamDraws string `json:"param_draws"`
}

// Watch names a simulation's watches: the scenario's first watched route
// (the scenario's watch.routes[0]), and the watched roads that count as
// that route's faction's highways, those it holds end to end on the first
// day. A day's p_no_regime_route is the share of runs in which the route
// is closed, p_m5_cut the share in which a segment of one of the highways
// is closed to the faction: the keys keep the names of the first contract,
// when the only scenario was offensive-2024.
type Watch struct {
	Route    string   `json:"route"` // the route's id
	Name     string   `json:"name"`  // its name
	Faction  string   `json:"faction"`
	From     string   `json:"from"` // place ids
	To       string   `json:"to"`
	Highways []string `json:"highways"`
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
	Date      sim.Date `json:"date"`
	Projected bool     `json:"projected"`
	Modelled  bool     `json:"modelled"`
	// PFirstRouteClosed and PHighwayCut are the shares of runs in which
	// the first watched route is closed and a watched highway cut
	// (Meta.Watch).
	PFirstRouteClosed float64                       `json:"p_no_regime_route"`
	PHighwayCut       float64                       `json:"p_m5_cut"`
	Control           map[string]map[string]float64 `json:"control"`
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
			Control: map[string]map[string]float64{}}
		if meta.Watch != nil {
			day.PFirstRouteClosed, day.PHighwayCut = Round(t.PNoRoute(d)), Round(t.PHighwayCut(d))
		}
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
		Runs json.RawMessage `json:"runs"` // of any kind: Read says what is wrong with it
		Days json.RawMessage `json:"days"`
	}
	return json.Unmarshal(data, &probe) == nil && len(probe.Runs) > 0 && len(probe.Days) > 0
}

// Read reads and checks a Result from untrusted JSON against the atlas a.
// It refuses, with the field named (FieldError), any value that cannot
// be: a version other than 1 to Version, runs outside 1 to MaxRuns, a
// span over MaxDays, a place twice or not on the map, a day out of order
// or outside the span, a probability outside [0, 1], a faction that is not
// the header's, or a place's shares of a day that do not sum to 1. The
// header is checked before the days are decoded, so a file's cost is
// bounded by its span. name (the file's) prefixes every error.
func Read(r io.Reader, name string, a *geo.Atlas) (*Result, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB", name, MaxBytes>>20)
	}
	s, err := decode(data, a)
	var fe *FieldError
	if errors.As(err, &fe) && !strings.Contains(fe.Msg, "want") && !strings.Contains(fe.Msg, "again") && !strings.Contains(fe.Msg, "merge") {
		// What is wrong, and how to mend it: a value that cannot be is
		// not as simulate wrote it.
		fe.Msg += "; want the file as frontline simulate --format json wrote it"
	}
	if err != nil {
		return nil, jsonpos.InFile(name, err)
	}
	return s, nil
}

// decode is Read's work on the bytes.
func decode(data []byte, a *geo.Atlas) (*Result, error) {
	const want = "want the output of frontline simulate --format json"
	var raw struct {
		Kind string `json:"kind"` // a shard's, which a Result has not
		Meta
		Places []Place           `json:"places"`
		Days   []json.RawMessage `json:"days"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonpos.Locate(data, err, want)
	}
	switch {
	case raw.Kind == ShardKind:
		return nil, fieldErr("kind", "%s is a partial result of 'frontline simulate --shard'; frontline merge the shards into one result first", safetext.Quote(raw.Kind))
	case raw.Kind != "":
		return nil, fieldErr("kind", "%s: a simulation result has no kind; %s", safetext.Quote(raw.Kind), want)
	case raw.Version == 0 && raw.Days == nil && raw.Places == nil:
		return nil, fmt.Errorf("no version, places or days: not a simulation result; %s", want)
	}
	span, err := raw.Meta.check()
	if err != nil {
		return nil, err
	}
	if raw.ParamDraws == "" {
		raw.ParamDraws = sim.DrawFixed // written before parameters were drawn
	}
	if len(raw.Days) == 0 || len(raw.Places) == 0 {
		return nil, fmt.Errorf("no days or no places; want the output of frontline simulate --format json")
	}
	if len(raw.Days) > span {
		return nil, fieldErr("days", "%d days in a span of %d (%s to %s)", len(raw.Days), span, raw.Start, raw.Until)
	}
	ids := map[string]bool{}
	for k := range raw.Places {
		p := &raw.Places[k]
		if _, ok := a.Index(p.ID); !ok {
			return nil, fieldErr(fmt.Sprintf("places[%d].id", k), "place %s is not on the map", safetext.Quote(p.ID))
		}
		if err := raw.Meta.checkPlace(k, &p.PlaceMeta, ids); err != nil {
			return nil, err
		}
		if err := raw.Meta.checkFall(k, p); err != nil {
			return nil, err
		}
	}
	s := &Result{Meta: raw.Meta, Places: raw.Places, Days: make([]Day, len(raw.Days))}
	shares := sharesPool{}
	for k, msg := range raw.Days {
		raw.Days[k] = nil // each day's bytes go once decoded
		d := &s.Days[k]
		if err := json.Unmarshal(msg, d); err != nil {
			_, why, _ := jsonpos.Problem(err)
			return nil, fieldErr(fmt.Sprintf("days[%d]", k), "%s", why)
		}
		prev := sim.Date(0)
		if k > 0 {
			prev = s.Days[k-1].Date
		}
		if err := s.Meta.checkDay(k, d, prev, ids); err != nil {
			return nil, err
		}
		shares.intern(d)
	}
	return s, nil
}

// sharesPool holds one copy of each distinct set of a place's shares: most
// places keep the same shares for days on end, so that a Result of ten
// years costs tens of megabytes rather than a map per place and day
// (docs/simulate-json.md, "Reading a simulation file"). The shared maps are read-only, as
// every Result's are.
type sharesPool map[string]map[string]float64

// intern replaces each place's shares of day d by the pool's copy.
func (p sharesPool) intern(d *Day) {
	var key []byte
	var fs []string
	for id, ps := range d.Control {
		fs = fs[:0]
		for f := range ps {
			fs = append(fs, f)
		}
		sort.Strings(fs)
		key = key[:0]
		for _, f := range fs { // length-prefixed, so that no two sets share a key
			key = binary.AppendUvarint(key, uint64(len(f)))
			key = binary.LittleEndian.AppendUint64(append(key, f...), math.Float64bits(ps[f]))
		}
		if q, ok := p[string(key)]; ok {
			d.Control[id] = q
		} else {
			p[string(key)] = ps
		}
	}
}

package ensemble

import (
	"fmt"
	"math"

	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
)

// MaxDays bounds a simulation's span, Start to Until: ten years of days.
// Readers refuse a longer header before they read its days.
const MaxDays = 3661

// MaxFactions bounds a simulation's factions, as sim.NewModel does.
const MaxFactions = 64

// shareSlack is how far a place's shares of one day may sum from 1: each
// is rounded to 4 decimals, so up to MaxFactions+1 of them drift by at
// most 0.0033 together.
const shareSlack = 0.01

// FieldError is a value of a simulation file that cannot be: Field names
// it as the JSON does ("days[3].p_no_regime_route").
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// checkProb refuses p outside [0, 1] (NaN included) for field.
func checkProb(field string, p float64) error {
	if !(p >= 0 && p <= 1) {
		return fieldErr(field, "%v is not a probability; want a number from 0 to 1", p)
	}
	return nil
}

// check checks a header against itself: version, runs, dates and span,
// factions, places and watch, so that no reader sizes anything by a value
// that cannot be. It returns the span in days.
func (m *Meta) check() (int, error) {
	switch {
	case m.Version < 1 || m.Version > Version:
		if m.Version > Version {
			return 0, fieldErr("version", "%d is newer than this frontline reads (%d); update frontline", m.Version, Version)
		}
		return 0, fieldErr("version", "%d is not a version of the contract; want 1 to %d", m.Version, Version)
	case m.Runs < 1 || m.Runs > MaxRuns:
		return 0, fieldErr("runs", "%d: want 1 to %d", m.Runs, MaxRuns)
	case m.Mode != "forced" && m.Mode != "free":
		return 0, fieldErr("mode", "%s: want forced or free", safetext.Quote(m.Mode))
	case m.Until < m.Start || int64(m.Until)-int64(m.Start) >= MaxDays:
		return 0, fieldErr("until", "%s must lie from start (%s) to %d days after it", m.Until, m.Start, MaxDays-1)
	case m.LastDocumented < m.Start || int64(m.LastDocumented)-int64(m.Start) >= MaxDays:
		return 0, fieldErr("last_documented", "%s must lie from start (%s) to %d days after it", m.LastDocumented, m.Start, MaxDays-1)
	case (m.Mode == "forced") != (m.ForcedUntil != nil):
		return 0, fieldErr("forced_until", "is set in mode %s; want a date in forced mode and null in free mode", m.Mode)
	case m.ForcedUntil != nil && (*m.ForcedUntil < m.Start || *m.ForcedUntil > m.Until):
		return 0, fieldErr("forced_until", "%s must lie from start (%s) to until (%s)", *m.ForcedUntil, m.Start, m.Until)
	case m.ParamDraws != "" && m.ParamDraws != sim.DrawPosterior && m.ParamDraws != sim.DrawFixed:
		return 0, fieldErr("param_draws", "%s: want posterior or fixed", safetext.Quote(m.ParamDraws))
	case len(m.Factions) == 0 || len(m.Factions) > MaxFactions:
		return 0, fieldErr("factions", "%d factions: want 1 to %d", len(m.Factions), MaxFactions)
	}
	seen := map[string]bool{"none": true}
	for k, f := range m.Factions {
		if f == "" || seen[f] {
			return 0, fieldErr(fmt.Sprintf("factions[%d]", k), "%s is empty, none or given twice", safetext.Quote(f))
		}
		seen[f] = true
	}
	for f := range m.AttackStarts {
		if FactionIndex(m, f) < 0 {
			return 0, fieldErr("attack_starts", "%s is not one of the factions", safetext.Quote(f))
		}
	}
	for a, ds := range m.Fronts {
		for d := range ds {
			if FactionIndex(m, a) < 0 || FactionIndex(m, d) < 0 {
				return 0, fieldErr("fronts", "%s against %s: not both factions", safetext.Quote(a), safetext.Quote(d))
			}
		}
	}
	if w := m.Watch; w != nil && FactionIndex(m, w.Faction) < 0 {
		return 0, fieldErr("watch.faction", "%s is not one of the factions", safetext.Quote(w.Faction))
	}
	return int(m.Until-m.Start) + 1, nil
}

// checkPlace checks what the header says of place k.
func (m *Meta) checkPlace(k int, p *PlaceMeta, ids map[string]bool) error {
	at := fmt.Sprintf("places[%d]", k)
	switch {
	case p.ID == "" || ids[p.ID]:
		return fieldErr(at+".id", "%s is empty or given twice", safetext.Quote(p.ID))
	case p.Initial != "" && FactionIndex(m, p.Initial) < 0:
		return fieldErr(at+".initial", "%s is not one of the factions", safetext.Quote(p.Initial))
	case p.Documented != nil && (*p.Documented < m.Start || *p.Documented > m.LastDocumented):
		return fieldErr(at+".documented_fall", "%s must lie from start (%s) to last_documented (%s)", *p.Documented, m.Start, m.LastDocumented)
	}
	ids[p.ID] = true
	return nil
}

// checkFall checks a place's fall probability and fall-date fan.
func (m *Meta) checkFall(k int, p *Place) error {
	at := fmt.Sprintf("places[%d]", k)
	if err := checkProb(at+".fall_probability", p.FallProbability); err != nil {
		return err
	}
	if p.FallDate == nil {
		return nil
	}
	prev := m.Start
	for _, q := range []struct {
		name string
		d    *sim.Date
	}{{"p10", p.FallDate.P10}, {"median", p.FallDate.Median}, {"p90", p.FallDate.P90}} {
		if q.d == nil {
			continue
		}
		if *q.d < prev || *q.d > m.Until {
			return fieldErr(at+".fall_date."+q.name, "%s must lie from %s to until (%s), after the quantiles before it", *q.d, prev, m.Until)
		}
		prev = *q.d
	}
	return nil
}

// checkDay checks day k against the header and its predecessor: a date in
// the span after the day before, watch probabilities, and per place of
// the simulation shares of known factions that sum to one.
func (m *Meta) checkDay(k int, d *Day, prev sim.Date, places map[string]bool) error {
	at := fmt.Sprintf("days[%d]", k)
	if d.Date < m.Start || d.Date > m.Until || (k > 0 && d.Date <= prev) {
		return fieldErr(at+".date", "%s must lie from start (%s) to until (%s), after the day before", d.Date, m.Start, m.Until)
	}
	if err := checkProb(at+".p_no_regime_route", d.PFirstRouteClosed); err != nil {
		return err
	}
	if err := checkProb(at+".p_m5_cut", d.PHighwayCut); err != nil {
		return err
	}
	for id, ps := range d.Control {
		if !places[id] {
			return fieldErr(at+".control", "place %s is not one of the simulation's places", safetext.Quote(id))
		}
		sum := 0.0
		for f, p := range ps {
			if f != "none" && FactionIndex(m, f) < 0 {
				return fieldErr(at+".control["+safetext.Quote(id)+"]", "faction %s is not one of the factions (or none)", safetext.Quote(f))
			}
			if !(p >= 0 && p <= 1) { // the field is named only when wrong: most files have a million shares
				return checkProb(at+".control["+safetext.Quote(id)+"]["+safetext.Quote(f)+"]", p)
			}
			sum += p
		}
		if len(ps) > 0 && math.Abs(sum-1) > shareSlack {
			return fieldErr(at+".control["+safetext.Quote(id)+"]", "the shares sum to %.4g; every run has the place held by someone or none, so they sum to 1", sum)
		}
	}
	return nil
}

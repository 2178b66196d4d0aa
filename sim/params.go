package sim

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"

	"github.com/frontline-sim/frontline/internal/safetext"
)

// Params are the stochastic model's parameters (docs/model.md gives the
// equations). Each field's comment gives its symbol, unit, default and
// where the default comes from: "fitted" values are the maximum penalised
// likelihood estimates that `frontline calibrate` finds on the built-in
// ledger (the table in docs/model.md is checked against them); the others
// are assumptions, stated as such. A scenario's `parameters:` section
// overrides any field by its `param` name. The replay reads none of them.
type Params struct {
	// θ0, log of the daily capture hazard of a village under unit road
	// pressure. Unit: log(1/day). Fitted.
	Base float64 `param:"base"`
	// τ, the travel time over which road pressure falls by a factor e.
	// Unit: hours. Fitted.
	TauHours float64 `param:"tau_hours"`
	// P, the hours a path of road pressure counts, per unit of weight
	// w_k, for each place k between its ends that the defender holds
	// (docs/model.md, "Road pressure"): pressure through a held village
	// is multiplied by about exp(−P/τ), and a path whose cost so counted
	// exceeds cutoff_hours exerts none. A held city stops the path
	// instead, except towards its outskirts (through a class-3 city, a
	// factor exp(−8P/τ)). Unit: hours per unit of weight. Fitted.
	BlockHours float64 `param:"block_hours"`
	// The longest road travel time from which a place exerts pressure.
	// Unit: hours. Default 4, the starting design (half a day's
	// move); not fitted.
	CutoffHours float64 `param:"cutoff_hours"`
	// The least travel time of one segment, so that co-located places
	// (Nayrab airbase and Aleppo airport) do not exert unbounded pressure.
	// Unit: hours. Default 0.25 (15 minutes); not fitted.
	FloorHours float64 `param:"floor_hours"`
	// Growth of a place's weight w_j = size_weight^s_j with its size class
	// s_j. Unit: factor per size class. Default 2 (assumed: a town counts
	// twice a village); not fitted.
	SizeWeight float64 `param:"size_weight"`
	// θM, exponent of momentum (1 + m_a/M_a), M_a the scored weight a
	// held at the start (at least 1). Unit: none. Fitted.
	Momentum float64 `param:"momentum"`
	// Half-life of momentum. Unit: days. Default 1 ("decaying by half a
	// day"); not fitted.
	MomentumHalfLifeDays float64 `param:"momentum_half_life_days"`
	// θC, effect of the collapse cascade c_b, the defender's share of its
	// starting weight already lost. Unit: log hazard per unit share. Fitted.
	Collapse float64 `param:"collapse"`
	// θS, effect of being cut off from the defender's rear (S_i = 0).
	// Unit: log hazard. Fitted.
	Supply float64 `param:"supply"`
	// θK, effect of size class s_i on the defence. Unit: log hazard per
	// size class. Fitted.
	Size float64 `param:"size"`
	// θAir, effect of the defender's air support level. Unit: log hazard
	// per unit level. Default ln 1.5 = 0.405 (assumed: full air support
	// cuts the daily hazard by a third). It cannot be fitted: the regime's
	// air support is constant over the documented days.
	AirEffect float64 `param:"air_effect"`
	// Strength of each attacker, relative to HTS (0). Unit: log hazard.
	// Fitted for the SNA and the SDF.
	Strength map[string]float64 `param:"strength"`
	// Air support level of each defender. Unit: none; 1 = as in
	// November 2024. Default regime 1 ("Syrian and Russian airstrikes",
	// 001), every other faction 0.
	AirSupport map[string]float64 `param:"air_support"`
}

// DefaultParams returns the parameters that ship with the code: the fit
// of `frontline calibrate` on the built-in ledger (sim/testdata/calibrate.json).
func DefaultParams() Params {
	return Params{
		Base:                 -2.6247,
		TauHours:             1.7913,
		BlockHours:           0.1964,
		CutoffHours:          4,
		FloorHours:           0.25,
		SizeWeight:           2,
		Momentum:             1.0538,
		MomentumHalfLifeDays: 1,
		Collapse:             0.1825,
		Supply:               -0.0734,
		Size:                 0.822,
		AirEffect:            math.Log(1.5),
		Strength:             map[string]float64{"hts": 0, "sna": -1.0843, "sdf": 2.5532},
		AirSupport:           map[string]float64{"regime": 1},
	}
}

// Clone returns a deep copy of p.
func (p Params) Clone() Params {
	q := p
	q.Strength = cloneMap(p.Strength)
	q.AirSupport = cloneMap(p.AirSupport)
	return q
}

func cloneMap(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// ParamField describes one field of Params for scenario files and docs.
type ParamField struct {
	Name  string // the `parameters:` key
	Map   bool   // per faction
	index int
}

// ParamFields lists the fields of Params in declaration order.
func ParamFields() []ParamField {
	t := reflect.TypeOf(Params{})
	var out []ParamField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		out = append(out, ParamField{Name: f.Tag.Get("param"), Map: f.Type.Kind() == reflect.Map, index: i})
	}
	return out
}

// Set sets the scalar parameter name to v, or, for a per-faction one, the
// value of faction.
func (p *Params) Set(name, faction string, v float64) error {
	for _, f := range ParamFields() {
		if f.Name != name {
			continue
		}
		fv := reflect.ValueOf(p).Elem().Field(f.index)
		if f.Map {
			if faction == "" {
				return fmt.Errorf("parameter %s is per faction", name)
			}
			if fv.IsNil() {
				fv.Set(reflect.ValueOf(map[string]float64{}))
			}
			fv.SetMapIndex(reflect.ValueOf(faction), reflect.ValueOf(v))
			return nil
		}
		fv.SetFloat(v)
		return nil
	}
	return fmt.Errorf("unknown parameter %s", safetext.Quote(name))
}

// Check reports the first parameter outside its domain.
func (p Params) Check() error {
	switch {
	case !(p.TauHours > 0):
		return fmt.Errorf("tau_hours must be positive")
	case !(p.BlockHours >= 0) || math.IsInf(p.BlockHours, 1):
		return fmt.Errorf("block_hours must be a number ≥ 0")
	case !(p.CutoffHours > 0):
		return fmt.Errorf("cutoff_hours must be positive")
	case !(p.FloorHours >= 0):
		return fmt.Errorf("floor_hours must not be negative")
	case !(p.SizeWeight > 0):
		return fmt.Errorf("size_weight must be positive")
	case !(p.MomentumHalfLifeDays > 0):
		return fmt.Errorf("momentum_half_life_days must be positive")
	}
	for _, v := range []float64{p.Base, p.Momentum, p.Collapse, p.Supply, p.Size, p.AirEffect} {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 50 {
			return fmt.Errorf("parameters must be finite numbers within ±50")
		}
	}
	return nil
}

// ParamRange gives the domain of a parameter for messages.
func ParamRange(name string) string {
	switch name {
	case "tau_hours", "cutoff_hours", "size_weight", "momentum_half_life_days":
		return "a positive number"
	case "floor_hours", "block_hours":
		return "a number ≥ 0"
	case "air_support":
		return "a number ≥ 0 per faction"
	}
	return "a number between -50 and 50"
}

// String formats the parameters as name=value pairs, maps sorted by key.
func (p Params) String() string {
	var b strings.Builder
	v := reflect.ValueOf(p)
	for _, f := range ParamFields() {
		fv := v.Field(f.index)
		if f.Map {
			keys := make([]string, 0, fv.Len())
			for _, k := range fv.MapKeys() {
				keys = append(keys, k.String())
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(&b, "%s.%s=%g ", f.Name, k, fv.MapIndex(reflect.ValueOf(k)).Float())
			}
			continue
		}
		fmt.Fprintf(&b, "%s=%g ", f.Name, fv.Float())
	}
	return strings.TrimSpace(b.String())
}

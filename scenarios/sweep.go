package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
	"github.com/frontline-sim/frontline/sim/sweep"
)

// SweepFile is a sweep file as written (docs/sweep.md): the scenario it
// sweeps, the factors it varies, the design and the outcomes.
type SweepFile struct {
	Name string `yaml:"-"`

	ID          Str           `yaml:"id"`
	Title       Str           `yaml:"title"`
	Description Str           `yaml:"description"`
	Scenario    Str           `yaml:"scenario"`
	Until       Str           `yaml:"until"`
	ForcedUntil Str           `yaml:"forced_until"`
	Factors     []FactorSpec  `yaml:"factors"`
	Design      *DesignSpec   `yaml:"design"`
	Outcomes    []OutcomeSpec `yaml:"outcomes"`

	line, col int
}

// FactorSpec is one factor as written: a parameter ("base",
// "air_support.regime") or an intervention's field, with values or a
// range.
type FactorSpec struct {
	ID           Str   `yaml:"id"`
	Parameter    Str   `yaml:"parameter"`
	Intervention Str   `yaml:"intervention"`
	Field        Str   `yaml:"field"`
	Values       []Str `yaml:"values"`
	Min          Str   `yaml:"min"`
	Max          Str   `yaml:"max"`
	Distribution Str   `yaml:"distribution"`
}

// DesignSpec is the design as written.
type DesignSpec struct {
	Method    Str `yaml:"method"`
	Points    Str `yaml:"points"`
	Levels    Str `yaml:"levels"`
	Runs      Str `yaml:"runs"`
	Seed      Str `yaml:"seed"`
	Bootstrap Str `yaml:"bootstrap"`
}

// OutcomeSpec is one outcome as written.
type OutcomeSpec struct {
	ID       Str `yaml:"id"`
	Kind     Str `yaml:"kind"`
	Place    Str `yaml:"place"`
	Faction  Str `yaml:"faction"`
	Route    Str `yaml:"route"`
	On       Str `yaml:"on"`
	Quantile Str `yaml:"quantile"`
}

// How a factor's and an outcome's ids are checked (itemID).
var (
	factorID  = itemRule{noun: "factor", example: "air", missing: "this factor has no id; add one, like id: air (it names the factor's column)", twice: "appears twice; give each factor its own id"}
	outcomeID = itemRule{noun: "outcome", example: "hama-held", missing: "this outcome has no id; add one, like id: hama-held (it names the outcome in the output)", twice: "appears twice; give each outcome its own id"}
)

var sweepDoc = docKind{noun: "a sweep", least: "a scenario:, factors:, a design: and outcomes:", fields: "scenario:, factors:, design:, outcomes: …", root: "sweep"}

// The bounds of a sweep file, besides those of every YAML file.
const (
	MaxFactors     = 20
	MaxOutcomes    = 50
	MaxValues1     = 1000 // values of one factor
	MaxLevels      = 1000
	MaxBootstrap   = 100_000
	minSobolPoints = 2
)

// parseSweep reads a sweep file, checking what Parse checks of a scenario
// file: size, encoding, YAML syntax and every field name; the caller
// reports the problems with its own.
func parseSweep(name string, data []byte) (*SweepFile, problemSet) {
	f := &SweepFile{}
	root, _, ps := decodeDoc(name, data, sweepDoc, f)
	if root == nil {
		return nil, ps
	}
	f.Name, f.line, f.col = name, root.Line, root.Column
	return f, ps
}

// Sweep is a checked sweep and the replay of the scenario it sweeps.
type Sweep struct {
	Meta     *sweep.Meta
	Timeline *sim.Timeline
}

// LoadSweep reads and checks the sweep file at path and loads the
// scenario it names: a built-in id, or a file confined as extends: is
// (its folder or below it, unless l.AllowExtendsOutside).
func (l Loader) LoadSweep(path string, a *geo.Atlas) (*Sweep, error) {
	fsys, closeFS, name, err := l.openRoot(path)
	if err != nil {
		return nil, Problems{{File: path, Msg: fmt.Sprintf("cannot read %s: %s", safetext.Escape(path), errText(err))}}
	}
	defer closeFS()
	r := &resolver{fsys: fsys, top: path, topFS: name, wholeFS: l.AllowExtendsOutside, sweep: true,
		lift: fmt.Sprintf("if you trust it, run with --allow-extends-outside, or set %s=1", EnvAllowExtendsOutside)}
	return r.loadSweep(nil, a)
}

// LoadSweepFS reads and checks the sweep file name of fsys; its scenario
// may be a built-in or a file of fsys. data, when not nil, holds the
// sweep file already.
func LoadSweepFS(fsys fs.FS, name string, data []byte, a *geo.Atlas) (*Sweep, error) {
	return (&resolver{fsys: fsys, top: name, topFS: name, sweep: true}).loadSweep(data, a)
}

func (r *resolver) loadSweep(data []byte, a *geo.Atlas) (*Sweep, error) {
	var ps problemSet
	if data == nil {
		var err error
		if r.fsys == nil {
			err = errors.New("no file system to read it from")
		} else {
			data, err = readFSAs(r.fsys, r.topFS, sweepDoc.noun)
		}
		if err != nil {
			ps.add(Problem{File: r.top, Msg: "cannot read " + safetext.Escape(r.top) + ": " + errText(err)})
			return nil, ps.err()
		}
	}
	f, ps := parseSweep(r.top, data)
	if f == nil {
		return nil, ps.err()
	}
	if !f.Scenario.set() {
		ps.add(Problem{File: f.Name, Line: f.line, Col: f.col, Msg: "the sweep names no scenario; add 'scenario: offensive-2024', or the .yaml file of a what-if"})
		return nil, ps.err()
	}
	if !ps.empty() {
		return nil, ps.err()
	}
	s, sps := r.sweptScenario(f, a)
	if s == nil {
		ps.addAll(sps)
		return nil, ps.err()
	}
	tl, err := sim.Replay(s, sim.NewGraph(s.Atlas), nil)
	if err != nil {
		return nil, err
	}
	c := &checker{f: &File{Name: f.Name}, a: s.Atlas, base: s.Atlas, r: r}
	m := c.sweepMeta(f, tl)
	ps.addAll(problemSet{list: c.ps, problemCap: c.cap})
	if err := ps.err(); err != nil {
		return nil, err
	}
	return &Sweep{Meta: m, Timeline: tl}, nil
}

// sweptScenario loads the scenario f names: a built-in, or a file read
// as an extends: line's is, whose values are never echoed.
func (r *resolver) sweptScenario(f *SweepFile, a *geo.Atlas) (*sim.Scenario, problemSet) {
	if _, ok := BuiltinSource(f.Scenario.V); ok {
		s, err := LoadFS(nil, f.Scenario.V, a)
		if err != nil {
			var ps problemSet
			ps.add(Problem{File: f.Name, Msg: err.Error()})
			return nil, ps
		}
		return s, problemSet{}
	}
	top := link{r.top, r.topFS}
	b, ps := r.base(&File{Name: f.Name, Extends: f.Scenario}, top, nil)
	if !ps.empty() {
		return nil, ps
	}
	sf, ps := r.resolve(b.link, b.data, []link{top}, &f.Scenario)
	if sf == nil || !ps.empty() {
		return nil, ps
	}
	s, bps := build(sf, a, r)
	ps.addAll(bps)
	if !ps.empty() {
		return nil, ps
	}
	return s, ps
}

// sweepMeta checks the sweep f against the scenario replayed as tl and
// returns its Meta, points included.
func (c *checker) sweepMeta(f *SweepFile, tl *sim.Timeline) *sweep.Meta {
	s := tl.Scenario
	top := Str{File: f.Name, Line: f.line, Col: f.col}
	m := &sweep.Meta{Sweep: f.ID.V, Title: f.Title.V, Version: sweep.Version, Scenario: s.ID}
	if !f.ID.set() {
		c.at(top, "the sweep has no id; add one, like id: air-support")
	} else if !idPattern.MatchString(f.ID.V) {
		c.at(f.ID, "sweep id %s must be lowercase words joined by hyphens, like %s", c.q(f.ID), c.like(f.ID, slug(f.ID.V), "air-support"))
	}
	o := ensemble.Options{Runs: 1, Until: ensemble.DefaultUntil}
	if d, ok := c.date(f.Until, "until"); ok {
		o.Until = d
	}
	switch v := f.ForcedUntil; {
	case v.V == "none":
		o.Free = true
	case v.set():
		if d, ok := c.date(v, "forced_until"); ok {
			o.ForcedUntil = &d
		}
	}
	r, err := ensemble.New(tl, o)
	var oe *ensemble.OptionError
	if errors.As(err, &oe) {
		at := map[string]Str{"until": f.Until, "forced-until": f.ForcedUntil}[oe.Option]
		if !at.set() {
			at = top
		}
		c.at(at, "%s %s", strings.ReplaceAll(oe.Option, "-", "_"), oe.Msg)
		return m
	} else if err != nil {
		c.at(top, "%v", err)
		return m
	}
	m.Modelled, m.Draws = r.Meta.Modelled, r.Meta.Draws
	m.Design = c.design(f, top)
	m.Factors = c.factors(f, top, tl, m)
	m.Outcomes = c.outcomes(f, top, tl, m)
	if len(c.ps) > 0 {
		return m
	}
	if n := m.Design.NumPoints(m.Factors); n > sweep.MaxPoints {
		at := top
		if f.Design != nil && f.Design.Points.set() {
			at = f.Design.Points
		}
		c.at(at, "the design has %d points, over the limit of %d; use fewer levels or points, or split the factors into several sweeps", n, sweep.MaxPoints)
		return m
	}
	m.Points = m.Design.Matrix(m.Factors)
	if err := m.Check(); err != nil {
		c.at(top, "%v", err)
	}
	return m
}

// integer parses a whole number from lo to hi written at x.
func (c *checker) integer(x Str, what string, lo, hi int) (int, bool) {
	v, err := strconv.Atoi(x.V)
	if err != nil || v < lo || v > hi {
		c.at(x, "%s is %s; it must be a whole number from %d to %d", what, c.q(x), lo, hi)
		return 0, false
	}
	return v, true
}

func (c *checker) design(f *SweepFile, top Str) sweep.Design {
	d := sweep.Design{Seed: 1}
	ds := f.Design
	if ds == nil {
		c.at(top, "the sweep has no design; add one, like design: {method: latin, points: 64, runs: 1000, seed: 1}")
		return d
	}
	at := top
	if ds.Method.set() {
		at = ds.Method
	}
	d.Method = ds.Method.V
	switch {
	case !ds.Method.set():
		c.at(top, "the design has no method; add 'method:' with one of %s", strings.Join(sweep.Methods, ", "))
	case !slices.Contains(sweep.Methods, d.Method):
		c.at(ds.Method, "unknown design method %s; use one of %s%s", c.q(ds.Method), strings.Join(sweep.Methods, ", "), c.didYouMean(ds.Method, sweep.Methods))
	}
	if !ds.Runs.set() {
		c.at(at, "the design has no runs; add the runs per point, like runs: 1000")
	} else {
		d.Runs, _ = c.integer(ds.Runs, "design.runs", 1, ensemble.MaxRuns)
	}
	if ds.Seed.set() {
		v, err := strconv.ParseUint(ds.Seed.V, 10, 64)
		if err != nil {
			c.at(ds.Seed, "design.seed is %s; it must be a whole number from 0 to %d", c.q(ds.Seed), uint64(math.MaxUint64))
		}
		d.Seed = v
	}
	switch d.Method {
	case sweep.Grid:
		if ds.Points.set() {
			c.at(ds.Points, "a grid has as many points as the product of its factors' levels; remove points, or set levels for the factors given as a range")
		}
		if ds.Levels.set() {
			d.Levels, _ = c.integer(ds.Levels, "design.levels", 2, MaxLevels)
		}
	case sweep.Latin, sweep.Sobol:
		if ds.Levels.set() {
			c.at(ds.Levels, "levels apply to a grid only; a %s design draws its points from the factors' ranges", d.Method)
		}
		if !ds.Points.set() {
			c.at(at, "a %s design needs points: the number of points (latin) or of base samples N (sobol, which runs N·(factors+2) points), like points: 64", d.Method)
		} else {
			d.Points, _ = c.integer(ds.Points, "design.points", minSobolPoints, sweep.MaxPoints)
		}
	}
	if ds.Bootstrap.set() {
		if d.Method != sweep.Sobol {
			c.at(ds.Bootstrap, "bootstrap applies to a sobol design only, whose indices it gives intervals")
		} else {
			d.Bootstrap, _ = c.integer(ds.Bootstrap, "design.bootstrap", 10, MaxBootstrap)
		}
	}
	return d
}

func (c *checker) factors(f *SweepFile, top Str, tl *sim.Timeline, m *sweep.Meta) []sweep.Factor {
	s := tl.Scenario
	if !listSize(c, top, f.Factors, func(fs FactorSpec) Str { return fs.ID }, MaxFactors, "factors", "{id: air, parameter: air_support.regime, values: [0, 1, 2]}") {
		return nil
	}
	var out []sweep.Factor
	seen := map[string]bool{}
	for _, fs := range f.Factors {
		if !c.itemID(fs.ID, firstSet(fs.Parameter, fs.Intervention, top), factorID, seen) {
			continue
		}
		if slices.Contains(sweep.Columns, fs.ID.V) {
			c.at(fs.ID, "factor id %s is the name of a column of the output (%s); name the factor after what it varies, like air", c.q(fs.ID), strings.Join(sweep.Columns, ", "))
			continue
		}
		name := "factor " + c.q(fs.ID)
		fa := sweep.Factor{ID: fs.ID.V}
		kind := sim.InterventionKind("")
		switch {
		case fs.Parameter.set() == fs.Intervention.set():
			c.at(fs.ID, "%s needs either parameter: (a model parameter, like air_support.regime) or intervention: (an intervention's id, with field: factor or from), not both", name)
			continue
		case fs.Parameter.set():
			if fs.Field.set() {
				c.at(fs.Field, "%s: field applies to an intervention; a parameter factor takes none", name)
				continue
			}
			if !c.paramTarget(fs, &fa, s, name) {
				continue
			}
		default:
			k := slices.IndexFunc(s.Interventions, func(iv sim.Intervention) bool { return iv.ID == fs.Intervention.V })
			if k < 0 {
				ids := interventionIDs(s)
				c.at(fs.Intervention, "%s: scenario %s has no intervention %s; its interventions with an id are %s%s", name, safetext.Escape(s.ID), c.q(fs.Intervention), orNone(ids), c.didYouMean(fs.Intervention, ids))
				continue
			}
			kind = s.Interventions[k].Kind
			fa.Intervention, fa.Field = fs.Intervention.V, fs.Field.V
			switch {
			case !fs.Field.set():
				c.at(fs.Intervention, "%s has no field; add field: factor (a reinforcement or air-support factor) or field: from (the intervention's first day)", name)
				continue
			case fa.Field == sweep.FieldFrom:
			case fa.Field == sweep.FieldFactor && (kind == sim.Reinforce || kind == sim.AirSupportKind):
			case fa.Field == sweep.FieldFactor:
				c.at(fs.Field, "%s: intervention %s is of kind %s, which has no factor; sweep its from: date instead", name, c.q(fs.Intervention), kind)
				continue
			default:
				c.at(fs.Field, "%s: unknown field %s; use factor or from", name, c.q(fs.Field))
				continue
			}
		}
		if c.factorValues(fs, &fa, name, kind, m) {
			out = append(out, fa)
		}
	}
	return out
}

// listSize checks that the sweep's list of items (its factors or
// outcomes) is not empty and has at most limit items, reporting a problem
// at the top of the file, with example, or at the first item past the
// limit.
func listSize[T any](c *checker, top Str, items []T, id func(T) Str, limit int, noun, example string) bool {
	switch {
	case len(items) == 0:
		c.at(top, "the sweep has no %s; add one, like %s: [%s]", noun, noun, example)
	case len(items) > limit:
		c.at(id(items[limit]), "the sweep has %d %s, over the limit of %d; keep the %d that matter most, or split them over several sweeps", len(items), noun, limit, limit)
	default:
		return true
	}
	return false
}

func firstSet(xs ...Str) Str {
	for _, x := range xs[:len(xs)-1] {
		if x.set() {
			return x
		}
	}
	return xs[len(xs)-1]
}

func orNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

func interventionIDs(s *sim.Scenario) []string {
	var ids []string
	for _, iv := range s.Interventions {
		if iv.ID != "" {
			ids = append(ids, iv.ID)
		}
	}
	return ids
}

// paramTarget checks a parameter factor's name: a field of sim.Params,
// with a faction after a dot for a per-faction one.
func (c *checker) paramTarget(fs FactorSpec, fa *sweep.Factor, s *sim.Scenario, name string) bool {
	p, faction, dotted := strings.Cut(fs.Parameter.V, ".")
	var names []string
	for _, pf := range sim.ParamFields() {
		names = append(names, pf.Name)
		if pf.Name != p {
			continue
		}
		switch {
		case pf.Map && !dotted:
			c.at(fs.Parameter, "%s: %s is per faction; name one, like %s.%s", name, p, p, s.Factions[0].ID)
			return false
		case !pf.Map && dotted:
			c.at(fs.Parameter, "%s: %s is one number, not per faction; write parameter: %s", name, p, p)
			return false
		case pf.Map:
			ids := make([]string, len(s.Factions))
			for i, f := range s.Factions {
				ids[i] = f.ID
			}
			if !slices.Contains(ids, faction) {
				c.at(fs.Parameter, "%s: %s is not a faction of scenario %s; use one of %s", name, c.q(Str{V: faction, File: fs.Parameter.File}), safetext.Escape(s.ID), strings.Join(ids, ", "))
				return false
			}
		}
		fa.Parameter, fa.Faction = p, faction
		return true
	}
	c.at(fs.Parameter, "%s: unknown parameter %s; the parameters are %s%s", name, c.q(fs.Parameter), strings.Join(names, ", "), c.didYouMean(Str{V: p, File: fs.Parameter.File}, names))
	return false
}

// factorValues checks a factor's values or range and its distribution.
func (c *checker) factorValues(fs FactorSpec, fa *sweep.Factor, name string, kind sim.InterventionKind, m *sweep.Meta) bool {
	ranged := fs.Min.set() || fs.Max.set()
	switch {
	case ranged == (len(fs.Values) > 0):
		c.at(fs.ID, "%s needs either values: [a list] or a range min: and max:, not both", name)
		return false
	case ranged && !(fs.Min.set() && fs.Max.set()):
		c.at(firstSet(fs.Min, fs.Max, fs.ID), "%s: a range needs both min: and max:", name)
		return false
	case len(fs.Values) > MaxValues1:
		c.at(fs.Values[MaxValues1], "%s has %d values, over the limit of %d", name, len(fs.Values), MaxValues1)
		return false
	case !ranged && fs.Distribution.set():
		c.at(fs.Distribution, "%s: a distribution applies to a range (min:, max:), not to a list of values", name)
		return false
	}
	fa.Distribution = fs.Distribution.V
	if ranged && fa.Distribution == "" {
		fa.Distribution = sweep.Uniform
		if fa.IsDate() {
			fa.Distribution = sweep.Days
		}
	}
	if fs.Distribution.set() && !slices.Contains(sweep.Distributions, fa.Distribution) {
		c.at(fs.Distribution, "%s: unknown distribution %s; use one of %s%s", name, c.q(fs.Distribution), strings.Join(sweep.Distributions, ", "), c.didYouMean(fs.Distribution, sweep.Distributions))
		return false
	}
	if fa.IsDate() && ranged && fa.Distribution != sweep.Days {
		c.at(fs.Distribution, "%s: a date is drawn in whole days; use distribution: days, or leave it out", name)
		return false
	}
	ok := true
	value := func(x Str) float64 {
		v, good := c.factorValue(x, fa, name, kind, m)
		ok = ok && good
		return v
	}
	for _, x := range fs.Values {
		fa.Values = append(fa.Values, value(x))
	}
	if ranged {
		fa.Min, fa.Max = value(fs.Min), value(fs.Max)
		switch {
		case !ok:
		case !(fa.Min < fa.Max):
			c.at(fs.Max, "%s: max must be above min; for one value, leave the factor out or list it in values:", name)
			ok = false
		case fa.Distribution == sweep.LogUniform && fa.Min <= 0:
			c.at(fs.Min, "%s: a log_uniform range needs min above 0", name)
			ok = false
		case fa.Distribution == sweep.Days && (fa.Min != math.Trunc(fa.Min) || fa.Max != math.Trunc(fa.Max)):
			c.at(fs.Min, "%s: a days range needs whole numbers for min and max", name)
			ok = false
		}
	} else if len(fs.Values) > 0 {
		fa.Min, fa.Max = slices.Min(fa.Values), slices.Max(fa.Values)
	}
	return ok
}

// factorValue parses one value of a factor and checks it against the
// domain of what it sets: the parameter's (as a scenario file's
// parameters: are checked), the intervention factor's, or, for a date,
// the modelled days after the hand-over.
func (c *checker) factorValue(x Str, fa *sweep.Factor, name string, kind sim.InterventionKind, m *sweep.Meta) (float64, bool) {
	switch {
	case fa.IsDate():
		d, ok := c.date(x, name+" date")
		if !ok {
			return 0, false
		}
		first := m.Start
		if m.ForcedUntil != nil {
			first = *m.ForcedUntil + 1
		}
		if d < first || d > m.Until {
			c.at(x, "%s: %s is outside the modelled days, %s to %s; the ledger is imposed up to the hand-over, so an earlier date acts as the hand-over day does (set forced_until earlier, or none)", name, d, first, m.Until)
			return 0, false
		}
		return float64(d), true
	case fa.Parameter != "":
		return c.number(x, name, fa.Parameter)
	}
	v, err := strconv.ParseFloat(x.V, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		c.at(x, "%s: %s is not a number", name, c.q(x))
		return 0, false
	}
	if msg := factorProblem(kind, v); msg != "" {
		c.at(x, "%s: %s", name, msg)
		return 0, false
	}
	return v, true
}

func (c *checker) outcomes(f *SweepFile, top Str, tl *sim.Timeline, m *sweep.Meta) []sweep.Outcome {
	s := tl.Scenario
	if !listSize(c, top, f.Outcomes, func(os OutcomeSpec) Str { return os.ID }, MaxOutcomes, "outcomes", "{id: hama-held, kind: held, place: hama, faction: regime, on: 2024-12-08}") {
		return nil
	}
	var out []sweep.Outcome
	seen := map[string]bool{}
	wants := map[string][]string{sweep.Held: {"place", "faction", "on"}, sweep.FallDay: {"place"}, sweep.RouteBroken: {"route", "on"}}
	for _, os := range f.Outcomes {
		if !c.itemID(os.ID, firstSet(os.Kind, top), outcomeID, seen) {
			continue
		}
		name := "outcome " + c.q(os.ID)
		if !os.Kind.set() || !slices.Contains(sweep.OutcomeKinds, os.Kind.V) {
			c.at(firstSet(os.Kind, os.ID), "%s needs a kind: one of %s%s", name, strings.Join(sweep.OutcomeKinds, ", "), c.didYouMean(os.Kind, sweep.OutcomeKinds))
			continue
		}
		o := sweep.Outcome{ID: os.ID.V, Kind: os.Kind.V}
		given := map[string]Str{"place": os.Place, "faction": os.Faction, "route": os.Route, "on": os.On, "quantile": os.Quantile}
		want := wants[o.Kind]
		if o.Kind == sweep.FallDay {
			want = append(want, "quantile")
		}
		ok := true
		for _, k := range sortedKeys(given) {
			switch has := given[k].set(); {
			case has && !slices.Contains(want, k):
				c.at(given[k], "%s: %s does not apply to kind %s, which takes %s; remove it", name, k, o.Kind, strings.Join(want, ", "))
				ok = false
			case !has && slices.Contains(wants[o.Kind], k):
				c.at(os.ID, "%s (kind %s) has no %s; add it", name, o.Kind, k)
				ok = false
			}
		}
		if !ok {
			continue
		}
		if os.Place.set() {
			id, good := c.place(os.Place)
			ok = ok && good
			o.Place = id
		}
		if os.Faction.set() {
			if _, has := s.Faction(os.Faction.V); !has {
				c.at(os.Faction, "%s: %s is not a faction of scenario %s", name, c.q(os.Faction), safetext.Escape(s.ID))
				ok = false
			}
			o.Faction = os.Faction.V
		}
		if os.On.set() {
			if d, good := c.date(os.On, name+": on"); !good {
				ok = false
			} else if d < m.Start || d > m.Until {
				c.at(os.On, "%s: %s is outside the modelled days, %s to %s (until:)", name, d, m.Start, m.Until)
				ok = false
			} else {
				o.On = &d
			}
		}
		if o.Kind == sweep.FallDay {
			o.Quantile = 50
			if os.Quantile.set() {
				o.Quantile, ok = c.integer(os.Quantile, name+": quantile", 1, 99)
			}
		}
		if os.Route.set() {
			// The model measures the scenario's first watched route only.
			switch {
			case len(s.Watch.Routes) == 0:
				c.at(os.Route, "%s: scenario %s watches no route", name, safetext.Escape(s.ID))
				ok = false
			case os.Route.V != s.Watch.Routes[0].ID:
				c.at(os.Route, "%s: the model follows the scenario's first watched route only, %s; name it", name, safetext.Escape(s.Watch.Routes[0].ID))
				ok = false
			}
			o.Route = os.Route.V
		}
		if ok {
			out = append(out, o)
		}
	}
	return out
}

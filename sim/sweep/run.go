package sweep

import (
	"fmt"
	"slices"

	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// Version is the version of the sweep contract (docs/sweep.md) written
// and read here. Fields are only added within a version.
const Version = 1

// MaxRunsPerProcess bounds the runs one process makes: points × runs of a
// sweep, or of the shard of it a process makes. A larger sweep runs in
// shards (--shard K/N), on a cluster if need be.
const MaxRunsPerProcess = 100_000_000

// MaxPoints bounds the points of a sweep, so that its header and counts
// stay small enough to merge.
const MaxPoints = 100_000

// The kinds of outcome.
const (
	Held        = "held"         // P(Faction holds Place on On)
	FallDay     = "fall_day"     // the Quantile-th percentile of Place's first change of hands
	RouteBroken = "route_broken" // P(the watched Route is broken on On)
)

// OutcomeKinds lists the kinds of outcome.
var OutcomeKinds = []string{Held, FallDay, RouteBroken}

// Outcome is one quantity a sweep estimates at every point.
type Outcome struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	Place    string    `json:"place,omitempty"`
	Faction  string    `json:"faction,omitempty"`
	Route    string    `json:"route,omitempty"`
	On       *sim.Date `json:"on,omitempty"`
	Quantile int       `json:"quantile,omitempty"` // fall_day: the percentile, 1 to 99
}

// Unit names what an outcome's estimate counts.
func (o Outcome) Unit() string {
	if o.Kind == FallDay {
		return "days after the start"
	}
	return "probability"
}

// Meta is a checked sweep: everything about it but its counts. It heads
// every output and every shard, and `frontline merge` checks that shards
// agree on it.
type Meta struct {
	Sweep    string `json:"sweep"`
	Title    string `json:"title"`
	Version  int    `json:"version"`
	Scenario string `json:"scenario"`
	ensemble.Modelled
	// Draws are the scenario's parameters before any factor applies, and
	// whether each run draws those no factor sets from the fit's
	// posterior, as simulate's --params.
	ensemble.Draws
	Factors  []Factor    `json:"factors"`
	Design   Design      `json:"design"`
	Outcomes []Outcome   `json:"outcomes"`
	Points   [][]float64 `json:"points"`
}

// MaxCells bounds the numbers a sweep's counts hold, so that a shard
// file's header cannot make merge allocate without bound.
const MaxCells = 20_000_000

// cells returns the numbers the counts of m hold.
func (m *Meta) cells() int {
	per := 0
	for _, o := range m.Outcomes {
		per++
		if o.Kind == FallDay {
			per += m.days() + 1
		}
	}
	return satMul(len(m.Points), per+1)
}

// TotalRuns returns points × runs.
func (m *Meta) TotalRuns() int { return satMul(len(m.Points), m.Design.Runs) }

// days is the number of modelled days, Start to Until.
func (m *Meta) days() int { return int(m.Until-m.Start) + 1 }

// Counts are the integer tallies of a part of a sweep's runs: the runs
// with flat index First to Last−1, where run r of point p has index
// p·runs + r. Counts of disjoint parts add up to exactly the counts of
// their union.
type Counts struct {
	First int `json:"first"`
	Last  int `json:"last"` // exclusive
	// Runs counts the runs made at each point.
	Runs []int64 `json:"runs"`
	// Hits counts, per point and outcome, the runs in which a held or
	// route_broken outcome happens (0 for fall_day).
	Hits [][]int64 `json:"hits"`
	// Falls counts, per point and fall_day outcome, the runs in which the
	// place first changes hands on each day, slot days for never (nil for
	// the other kinds).
	Falls [][][]int64 `json:"falls"`
}

func newCounts(m *Meta, first, last int) *Counts {
	c := &Counts{First: first, Last: last, Runs: make([]int64, len(m.Points)), Hits: make([][]int64, len(m.Points)), Falls: make([][][]int64, len(m.Points))}
	for p := range m.Points {
		c.Hits[p] = make([]int64, len(m.Outcomes))
		c.Falls[p] = make([][]int64, len(m.Outcomes))
		for k, o := range m.Outcomes {
			if o.Kind == FallDay {
				c.Falls[p][k] = make([]int64, m.days()+1)
			}
		}
	}
	return c
}

// Merge adds up the counts of the parts of sweep m, in any order, into
// the counts of the whole: exactly those one process would make. The
// parts must cover every run once.
func Merge(m *Meta, parts []*Counts) (*Counts, error) {
	for _, c := range parts {
		if err := c.check(m); err != nil {
			return nil, err
		}
	}
	sorted := slices.Clone(parts)
	slices.SortFunc(sorted, func(a, b *Counts) int { return a.First - b.First })
	out := newCounts(m, 0, 0)
	for _, c := range sorted {
		if c.First != out.Last {
			if c.First < out.Last {
				return nil, fmt.Errorf("two parts both make runs %d to %d", c.First, min(c.Last, out.Last)-1)
			}
			return nil, fmt.Errorf("runs %d to %d are in no part", out.Last, c.First-1)
		}
		for p := range out.Runs {
			out.Runs[p] += c.Runs[p]
			for k := range out.Hits[p] {
				out.Hits[p][k] += c.Hits[p][k]
				for d := range out.Falls[p][k] {
					out.Falls[p][k][d] += c.Falls[p][k][d]
				}
			}
		}
		out.Last = c.Last
	}
	if !out.Complete(m) {
		return nil, fmt.Errorf("runs %d to %d are in no part", out.Last, m.TotalRuns()-1)
	}
	return out, nil
}

// check reports counts whose shape is not m's, as read from a file.
func (c *Counts) check(m *Meta) error {
	bad := len(c.Runs) != len(m.Points) || len(c.Hits) != len(m.Points) || len(c.Falls) != len(m.Points) || c.First < 0 || c.Last < c.First || c.Last > m.TotalRuns()
	for p := 0; !bad && p < len(m.Points); p++ {
		bad = len(c.Hits[p]) != len(m.Outcomes) || len(c.Falls[p]) != len(m.Outcomes)
		for k, o := range m.Outcomes {
			if bad {
				break
			}
			want := 0
			if o.Kind == FallDay {
				want = m.days() + 1
			}
			bad = len(c.Falls[p][k]) != want
		}
	}
	for p := 0; !bad && p < len(m.Points); p++ {
		runs := int64(max(0, min(c.Last, (p+1)*m.Design.Runs)-max(c.First, p*m.Design.Runs)))
		bad = c.Runs[p] != runs
		for k := 0; !bad && k < len(m.Outcomes); k++ {
			var sum int64
			for _, v := range c.Falls[p][k] {
				bad = bad || v < 0 || v > runs
				sum += v
			}
			bad = bad || c.Hits[p][k] < 0 || c.Hits[p][k] > runs || (c.Falls[p][k] != nil && sum != runs)
		}
	}
	if bad {
		return fmt.Errorf("the counts do not fit the sweep's %d points and %d outcomes", len(m.Points), len(m.Outcomes))
	}
	return nil
}

// Complete reports whether c covers every run of m.
func (c *Counts) Complete(m *Meta) bool { return c.First == 0 && c.Last == m.TotalRuns() }

// Apply returns a copy of scenario s with the factors set to the values
// x: parameters through sim.Params.Set, intervention fields by id. A
// parameter a factor sets is pinned, as a scenario's parameters: are, so
// that runs drawing their parameters from the fit's posterior keep it.
func Apply(s *sim.Scenario, fs []Factor, x []float64) (*sim.Scenario, error) {
	out := *s
	out.Params = s.Params.Clone()
	out.Pinned = slices.Clone(s.Pinned)
	out.Interventions = slices.Clone(s.Interventions)
	for i, f := range fs {
		if f.Parameter != "" {
			if err := out.Params.Set(f.Parameter, f.Faction, x[i]); err != nil {
				return nil, fmt.Errorf("factor %s: %v", f.ID, err)
			}
			name := f.Parameter
			if f.Faction != "" {
				name += "." + f.Faction
			}
			out.Pinned = append(out.Pinned, name)
			continue
		}
		k := slices.IndexFunc(out.Interventions, func(iv sim.Intervention) bool { return iv.ID == f.Intervention })
		if k < 0 {
			return nil, fmt.Errorf("factor %s: scenario %s has no intervention %q", f.ID, s.ID, f.Intervention)
		}
		switch f.Field {
		case FieldFactor:
			out.Interventions[k].Factor = x[i]
		case FieldFrom:
			out.Interventions[k].From = sim.Date(x[i])
		default:
			return nil, fmt.Errorf("factor %s: an intervention's field is factor or from, not %q", f.ID, f.Field)
		}
	}
	return &out, out.Params.Check()
}

// LimitError is a part of a sweep too large for one process: more than
// MaxRunsPerProcess runs. It says how many shards would do.
type LimitError struct {
	Points, Runs int // the sweep's points and runs per point
	InProcess    int // the runs asked of this process
	Total        int // points × runs
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%d points × %d runs make %d runs in this process, over the limit of %d; split the sweep with --shard K/N into at least %d shards (docs/sweep.md)",
		e.Points, e.Runs, e.InProcess, MaxRunsPerProcess, (e.Total+MaxRunsPerProcess-1)/MaxRunsPerProcess)
}

// Options are how Run makes its part of a sweep.
type Options struct {
	First, Last int // the flat run indices to make: 0 to Meta.TotalRuns() for all
	Workers     int // parallel workers per point (0: one per CPU); the counts do not depend on it
	// Progress, if set, is told the runs done so far.
	Progress func(done int)
}

// Run makes the runs o.First to o.Last−1 of the sweep m of the scenario
// replayed as tl, and returns their counts. Every point runs with the
// same seed and run numbers (common random numbers), so the differences
// between points are paired; the counts are the same for any number of
// workers and any split into parts.
func Run(tl *sim.Timeline, m *Meta, o Options) (*Counts, error) {
	total := m.TotalRuns()
	if o.First < 0 || o.Last > total || o.First > o.Last {
		return nil, fmt.Errorf("sweep: runs %d to %d are outside the sweep's %d", o.First, o.Last, total)
	}
	if n := o.Last - o.First; n > MaxRunsPerProcess {
		return nil, &LimitError{Points: len(m.Points), Runs: m.Design.Runs, InProcess: n, Total: total}
	}
	c := newCounts(m, o.First, o.Last)
	opt, err := m.ensembleOptions()
	if err != nil {
		return nil, err
	}
	runs, done := m.Design.Runs, 0
	for p, x := range m.Points {
		lo, hi := max(o.First, p*runs)-p*runs, min(o.Last, (p+1)*runs)-p*runs
		if lo >= hi {
			continue
		}
		s, err := Apply(tl.Scenario, m.Factors, x)
		if err != nil {
			return nil, fmt.Errorf("sweep: point %d: %v", p, err)
		}
		at := *tl
		at.Scenario = s
		r, err := ensemble.New(&at, opt)
		if err != nil {
			return nil, fmt.Errorf("sweep: point %d: %v", p, err)
		}
		var progress func(int)
		if o.Progress != nil {
			base := done
			progress = func(n int) { o.Progress(base + n) }
		}
		t := r.Tally(lo, hi, o.Workers, progress)
		done += hi - lo
		if err := c.record(m, p, r, t); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// ensembleOptions are the options of every point's ensemble: one
// hand-over day for all, so that the points differ in their factors only.
func (m *Meta) ensembleOptions() (ensemble.Options, error) {
	o := ensemble.Options{Runs: m.Design.Runs, Seed: m.Design.Seed, Until: m.Until, Free: m.Mode == "free", ParamDraws: m.ParamDraws}
	switch {
	case m.Mode == "forced" && m.ForcedUntil != nil:
		d := *m.ForcedUntil
		o.ForcedUntil = &d
	case m.Mode != "free":
		return o, fmt.Errorf("sweep: mode %q is neither forced nor free", m.Mode)
	}
	return o, nil
}

// record adds point p's tally t to the counts.
func (c *Counts) record(m *Meta, p int, r *ensemble.Run, t *sim.Tally) error {
	c.Runs[p] += int64(t.Runs)
	for k, o := range m.Outcomes {
		i := -1
		if o.Place != "" {
			var ok bool
			if i, ok = placeIndex(r, o.Place); !ok {
				return fmt.Errorf("sweep: outcome %s: place %q is not in the model", o.ID, o.Place)
			}
		}
		switch o.Kind {
		case Held:
			f := slices.Index(r.Meta.Factions, o.Faction)
			d := int(*o.On - t.Start)
			if f < 0 || d < 0 || d >= t.Days {
				return fmt.Errorf("sweep: outcome %s: faction %q or day %s is not in the model", o.ID, o.Faction, *o.On)
			}
			c.Hits[p][k] += t.Control[(d*t.Places+i)*(t.Factions+1)+1+f]
		case RouteBroken:
			d := int(*o.On - t.Start)
			if d < 0 || d >= t.Days {
				return fmt.Errorf("sweep: outcome %s: day %s is not in the model", o.ID, *o.On)
			}
			c.Hits[p][k] += t.NoRoute[d]
		case FallDay:
			for d, v := range t.Fall[i*(t.Days+1) : (i+1)*(t.Days+1)] {
				c.Falls[p][k][d] += v
			}
		}
	}
	return nil
}

func placeIndex(r *ensemble.Run, id string) (int, bool) {
	i := slices.IndexFunc(r.Meta.Places, func(pm ensemble.PlaceMeta) bool { return pm.ID == id })
	return i, i >= 0
}

// Check reports a Meta that Run or Analyse cannot take, as one read back
// from a shard file may be: unknown kinds, points that do not fit the
// factors or the design, or sizes past the bounds.
func (m *Meta) Check() error {
	d := m.Design
	k := len(m.Factors)
	switch {
	case m.Version > Version:
		return fmt.Errorf("sweep version %d is newer than this frontline reads (%d); update frontline", m.Version, Version)
	case m.Until < m.Start || m.Until > m.Start+3660:
		return fmt.Errorf("until %s is not within ten years after the start %s", m.Until, m.Start)
	case m.Mode != "free" && (m.Mode != "forced" || m.ForcedUntil == nil):
		return fmt.Errorf("mode %s is neither forced (with forced_until) nor free", safetext.Quote(m.Mode))
	case m.ParamDraws != "" && m.ParamDraws != sim.DrawPosterior && m.ParamDraws != sim.DrawFixed:
		// "": written before the field existed, draws not recorded.
		return fmt.Errorf("param_draws %s is neither posterior nor fixed", safetext.Quote(m.ParamDraws))
	case !slices.Contains(Methods, d.Method):
		return fmt.Errorf("unknown design method %s", safetext.Quote(d.Method))
	case d.Runs < 1 || d.Runs > ensemble.MaxRuns:
		return fmt.Errorf("runs per point %d is not from 1 to %d", d.Runs, ensemble.MaxRuns)
	case k == 0 || len(m.Outcomes) == 0:
		return fmt.Errorf("a sweep needs factors and outcomes")
	case len(m.Points) == 0 || len(m.Points) > MaxPoints:
		return fmt.Errorf("%d points is not from 1 to %d", len(m.Points), MaxPoints)
	case d.Method == Sobol && (d.Points < 2 || len(m.Points) != d.Points*(k+2)):
		return fmt.Errorf("a sobol design of %d base samples and %d factors has %d points, not %d", d.Points, k, d.Points*(k+2), len(m.Points))
	case d.Bootstrap < 0 || d.Bootstrap > 100_000:
		return fmt.Errorf("bootstrap %d is not from 0 to 100000", d.Bootstrap)
	}
	if n := m.cells(); n > MaxCells {
		return fmt.Errorf("the sweep counts %d numbers (points × outcomes, × days for a fall day), over the limit of %d; use fewer points or outcomes, or an earlier until", n, MaxCells)
	}
	for _, x := range m.Points {
		if len(x) != k {
			return fmt.Errorf("a point has %d values for %d factors", len(x), k)
		}
	}
	ids := map[string]bool{}
	for _, f := range m.Factors {
		if ids[f.ID] || !sim.ValidID(f.ID) || slices.Contains(Columns, f.ID) {
			return fmt.Errorf("factor id %s appears twice, or is not lowercase words joined by hyphens (at most %d characters), or is a column's name", safetext.Quote(f.ID), sim.MaxIDLen)
		}
		ids[f.ID] = true
	}
	for _, o := range m.Outcomes {
		switch {
		case !sim.ValidID(o.ID):
			return fmt.Errorf("outcome id %s is not lowercase words joined by hyphens (at most %d characters)", safetext.Quote(o.ID), sim.MaxIDLen)
		case !slices.Contains(OutcomeKinds, o.Kind):
			return fmt.Errorf("outcome %s has unknown kind %s", safetext.Quote(o.ID), safetext.Quote(o.Kind))
		case o.Kind == FallDay && (o.Quantile < 1 || o.Quantile > 99):
			return fmt.Errorf("outcome %s: quantile %d is not from 1 to 99", safetext.Quote(o.ID), o.Quantile)
		case o.Kind != FallDay && (o.On == nil || *o.On < m.Start || *o.On > m.Until):
			return fmt.Errorf("outcome %s has no day within the sweep", safetext.Quote(o.ID))
		}
	}
	return nil
}

package ensemble

import (
	"fmt"
	"math"
	"sort"

	"github.com/frontline-sim/frontline/sim"
)

// Comparison is how simulation B differs from simulation A, day by day:
// the analysis `frontline diff` words.
type Comparison struct {
	Threshold float64
	// Days are the days both simulations have on which some share
	// differs by Threshold or more, in date order.
	Days []DayDiff
	// Common counts the days both have; OnlyA and OnlyB are the runs of
	// days only one has.
	Common       int
	OnlyA, OnlyB []Span
	// Watch is true when both follow the same watched route, so that
	// their p_no_regime_route are compared.
	Watch bool
}

// DayDiff is one day's differences.
type DayDiff struct {
	Date      sim.Date
	Projected bool // in A or in B
	Changes   []Change
}

// Change is one share that differs: place Place (its id, Name its name)
// held by Faction ("none" for nobody), or with Place "" the share of runs
// in which the watched route is closed.
type Change struct {
	Place, Name, Faction string
	A, B                 float64
}

// PlaceDiff is one place's changes on a day: every holder whose share
// differs, the holder in A first (largest share in A first).
type PlaceDiff struct {
	Place, Name string
	Changes     []Change
}

// ByPlace groups the day's changes by place, each place once, in the
// order of their ids; the route's closure (Place "") is left out.
func (d DayDiff) ByPlace() []PlaceDiff {
	var out []PlaceDiff
	for _, ch := range d.Changes {
		if ch.Place == "" {
			continue
		}
		if n := len(out); n == 0 || out[n-1].Place != ch.Place {
			out = append(out, PlaceDiff{Place: ch.Place, Name: ch.Name})
		}
		pd := &out[len(out)-1]
		pd.Changes = append(pd.Changes, ch)
	}
	for _, pd := range out {
		sort.SliceStable(pd.Changes, func(i, j int) bool { return pd.Changes[i].A > pd.Changes[j].A })
	}
	return out
}

// Span is a run of consecutive days, From to To.
type Span struct{ From, To sim.Date }

// Days is the number of days in s.
func (s Span) Days() int { return int(s.To-s.From) + 1 }

// Compare compares the days of a and b: per common day, every place's
// share of each holder and the watched route's closure, where they differ
// by threshold (a probability, 0 to 1) or more. Simulations without a day
// in common cannot be compared: that is an error, not "no difference".
func Compare(a, b *Result, threshold float64) (*Comparison, error) {
	if !(threshold >= 0 && threshold <= 1) {
		return nil, fmt.Errorf("threshold %v is not a probability; want a number from 0 to 1", threshold)
	}
	c := &Comparison{Threshold: threshold, Watch: a.Watch != nil && b.Watch != nil && a.Watch.Route == b.Watch.Route}
	names := map[string]string{}
	for _, ps := range [][]Place{b.Places, a.Places} {
		for _, p := range ps {
			names[p.ID] = p.Name
		}
	}
	inB := map[sim.Date]*Day{}
	for i := range b.Days {
		inB[b.Days[i].Date] = &b.Days[i]
	}
	inA := map[sim.Date]bool{}
	for i := range a.Days {
		da := &a.Days[i]
		inA[da.Date] = true
		db, ok := inB[da.Date]
		if !ok {
			c.OnlyA = extend(c.OnlyA, da.Date)
			continue
		}
		c.Common++
		if d := c.day(da, db, names); len(d.Changes) > 0 {
			c.Days = append(c.Days, d)
		}
	}
	for _, db := range b.Days {
		if !inA[db.Date] {
			c.OnlyB = extend(c.OnlyB, db.Date)
		}
	}
	if c.Common == 0 {
		return nil, fmt.Errorf("side A (%s to %s) and side B (%s to %s) have no day in common; simulate both over the same days",
			a.Days[0].Date, a.Days[len(a.Days)-1].Date, b.Days[0].Date, b.Days[len(b.Days)-1].Date)
	}
	return c, nil
}

// day compares one common day.
func (c *Comparison) day(da, db *Day, names map[string]string) DayDiff {
	d := DayDiff{Date: da.Date, Projected: da.Projected || db.Projected}
	for _, id := range union(da.Control, db.Control) {
		pa, pb := da.Control[id], db.Control[id]
		for _, f := range union(pa, pb) {
			if math.Abs(pb[f]-pa[f]) >= c.Threshold && pb[f] != pa[f] {
				d.Changes = append(d.Changes, Change{Place: id, Name: names[id], Faction: f, A: pa[f], B: pb[f]})
			}
		}
	}
	if c.Watch && math.Abs(db.PFirstRouteClosed-da.PFirstRouteClosed) >= c.Threshold && db.PFirstRouteClosed != da.PFirstRouteClosed {
		d.Changes = append(d.Changes, Change{A: da.PFirstRouteClosed, B: db.PFirstRouteClosed})
	}
	return d
}

// extend adds day d to spans, days in increasing order.
func extend(spans []Span, d sim.Date) []Span {
	if n := len(spans); n > 0 && spans[n-1].To+1 == d {
		spans[n-1].To = d
		return spans
	}
	return append(spans, Span{d, d})
}

// union is the sorted keys of a and b.
func union[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]V{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// MaxPaired bounds Pairing.Places.
const MaxPaired = 15

// Pairing is the paired differences, B minus A, of two ensembles run on
// common random numbers: per place, of having fallen by By, and of the
// watched route being closed on By.
type Pairing struct {
	By   sim.Date
	Runs int
	// Places are those whose difference is at least the threshold,
	// largest first, at most MaxPaired.
	Places []PairedFall
	// Route is the watched route's; nil unless both follow the same one.
	Route *sim.PairedPlace
}

// PairedFall is a place's paired difference, with its name.
type PairedFall struct {
	sim.PairedPlace
	Name string
}

// PairRuns runs a and b (the same runs and seed, by ensemble.Shared) on
// common random numbers and returns their paired differences by day by,
// which must lie in their span. It fails when the two cannot be paired:
// models over other days or another atlas.
func PairRuns(a, b *Run, by sim.Date, threshold float64) (*Pairing, error) {
	if by < a.Meta.Start || by > a.Meta.Until {
		return nil, fmt.Errorf("%s is outside the simulated days, %s to %s", by, a.Meta.Start, a.Meta.Until)
	}
	if a.Meta.Runs != b.Meta.Runs || a.Meta.Seed != b.Meta.Seed {
		return nil, fmt.Errorf("sides A and B have other runs or seeds (%d, %d; %d, %d): paired runs share both", a.Meta.Runs, a.Meta.Seed, b.Meta.Runs, b.Meta.Seed)
	}
	pp, route, err := sim.Paired(a.Model, b.Model, a.Timeline, b.Timeline, a.ForcedUntil, b.ForcedUntil, a.Meta.Seed, a.Meta.Runs, by)
	if err != nil {
		return nil, fmt.Errorf("side A (%s to %s) and side B (%s to %s) cannot be paired: %w", a.Meta.Start, a.Meta.Until, b.Meta.Start, b.Meta.Until, err)
	}
	out := &Pairing{By: by, Runs: a.Meta.Runs}
	sort.SliceStable(pp, func(x, y int) bool { return math.Abs(pp[x].Diff) > math.Abs(pp[y].Diff) })
	for _, p := range pp {
		if math.Abs(p.Diff) >= threshold && p.Diff != 0 && len(out.Places) < MaxPaired {
			out.Places = append(out.Places, PairedFall{PairedPlace: p, Name: a.Meta.Places[p.Place].Name})
		}
	}
	if a.Meta.Watch != nil && b.Meta.Watch != nil && a.Meta.Watch.Route == b.Meta.Watch.Route {
		out.Route = &route
	}
	return out, nil
}

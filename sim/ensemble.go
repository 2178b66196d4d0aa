package sim

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Tally is the sum of an ensemble's runs: integer counts only, so that
// tallies of disjoint sets of runs add up, in any order, to exactly the
// tally of all of them (shards and workers).
type Tally struct {
	Start    Date `json:"start"`
	Days     int  `json:"days"`
	Places   int  `json:"places"`
	Factions int  `json:"factions"`
	Runs     int  `json:"runs"` // runs counted
	// Control counts, per day and place, the runs in which each faction
	// holds it: [(day·Places + place)·(Factions+1) + 1 + faction], with
	// slot 0 for nobody.
	Control []int64 `json:"control"`
	// Fall counts, per place, the runs in which it first changes hands
	// on each day: [place·(Days+1) + day], slot Days for never.
	Fall []int64 `json:"fall"`
	// NoRoute and HighwayCut count, per day, the runs in which
	// the first watched route is closed and a watched highway cut.
	NoRoute    []int64 `json:"no_route"`
	HighwayCut []int64 `json:"highway_cut"`
}

// NewTally returns an empty tally for m.
func (m *Model) NewTally() *Tally {
	d, n, f := m.Days(), len(m.initial), m.nf
	control, fall := m.tallyLens()
	return &Tally{Start: m.Start, Days: d, Places: n, Factions: f,
		Control: make([]int64, control), Fall: make([]int64, fall),
		NoRoute: make([]int64, d), HighwayCut: make([]int64, d)}
}

// Add adds u's counts to t. The two must come from the same model.
func (t *Tally) Add(u *Tally) error {
	if t.Start != u.Start || t.Days != u.Days || t.Places != u.Places || t.Factions != u.Factions ||
		len(t.Control) != len(u.Control) || len(t.Fall) != len(u.Fall) || len(t.NoRoute) != len(u.NoRoute) || len(t.HighwayCut) != len(u.HighwayCut) {
		return fmt.Errorf("sim: the tallies come from different models (%s, %d days, %d places, %d factions; and %s, %d, %d, %d)",
			t.Start, t.Days, t.Places, t.Factions, u.Start, u.Days, u.Places, u.Factions)
	}
	t.Runs += u.Runs
	for i, v := range u.Control {
		t.Control[i] += v
	}
	for i, v := range u.Fall {
		t.Fall[i] += v
	}
	for i := range u.NoRoute {
		t.NoRoute[i] += u.NoRoute[i]
		t.HighwayCut[i] += u.HighwayCut[i]
	}
	return nil
}

// P returns the probability that faction f (-1: nobody) holds place i on
// day d.
func (t *Tally) P(d, i, f int) float64 {
	if t.Runs == 0 {
		return 0
	}
	return float64(t.Control[(d*t.Places+i)*(t.Factions+1)+1+f]) / float64(t.Runs)
}

// FallProbability returns the probability that place i has changed hands
// by the last day.
func (t *Tally) FallProbability(i int) float64 {
	if t.Runs == 0 {
		return 0
	}
	return 1 - float64(t.Fall[i*(t.Days+1)+t.Days])/float64(t.Runs)
}

// FallQuantile returns the day index by which place i has fallen in at
// least pct percent of the runs, or -1 if it has not by the last day.
func (t *Tally) FallQuantile(i, pct int) int {
	var cum int64
	for d := range t.Days {
		cum += t.Fall[i*(t.Days+1)+d]
		if cum*100 >= int64(pct)*int64(t.Runs) && cum > 0 {
			return d
		}
	}
	return -1
}

// PNoRoute and PHighwayCut return the per-day probabilities of the watches.
func (t *Tally) PNoRoute(d int) float64    { return ratio(t.NoRoute[d], t.Runs) }
func (t *Tally) PHighwayCut(d int) float64 { return ratio(t.HighwayCut[d], t.Runs) }

func ratio(a int64, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(a) / float64(n)
}

// EnsembleOptions configure Model.Ensemble.
type EnsembleOptions struct {
	Seed uint64
	// Runs First to Last−1 are made: a shard of a larger ensemble, or all
	// of it with First = 0.
	First, Last int
	// Workers run in parallel; 0 means one per CPU. Ensemble runs at most
	// MaxWorkers, and no more than MaxTallyBytes of tallies hold. The
	// result does not depend on it.
	Workers int
	// Forced imposes the documented control of Timeline up to
	// ForcedUntil; a ForcedUntil before the model's start means free runs.
	Timeline    *Timeline
	ForcedUntil Date
	// Progress, if set, is called with the number of runs done so far,
	// from any goroutine, serialised.
	Progress func(done int)
}

// Ensemble makes the runs and returns their tally. Each run draws only
// from its own (seed, run, place) streams and the tally is a sum of
// integers, so the result is the same for any number of workers.
func (m *Model) Ensemble(o EnsembleOptions) *Tally {
	workers := m.Workers(o)
	const block = 16
	var next atomic.Int64
	next.Store(int64(o.First))
	var mu sync.Mutex
	done := 0
	total := m.NewTally()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := m.NewTally()
			r := m.NewRunner()
			rec := t.recorder(m)
			for {
				lo := int(next.Add(block)) - block
				if lo >= o.Last {
					break
				}
				hi := min(lo+block, o.Last)
				for run := lo; run < hi; run++ {
					rec.start()
					r.Run(o.Seed, run, o.Timeline, o.ForcedUntil, rec.day)
					rec.end()
				}
				if o.Progress != nil {
					mu.Lock()
					done += hi - lo
					o.Progress(done)
					mu.Unlock()
				}
			}
			mu.Lock()
			total.Add(t)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// tallyRecorder adds one run at a time to a tally.
type tallyRecorder struct {
	t      *Tally
	m      *Model
	fallen []int // day index of the first change of hands, or -1
}

func (t *Tally) recorder(m *Model) *tallyRecorder {
	return &tallyRecorder{t: t, m: m, fallen: make([]int, t.Places)}
}

func (rc *tallyRecorder) start() {
	for i := range rc.fallen {
		rc.fallen[i] = -1
	}
}

func (rc *tallyRecorder) day(r *DayResult) {
	t, nf := rc.t, rc.t.Factions+1
	base := r.Day * t.Places * nf
	for i, o := range r.Ctrl {
		t.Control[base+i*nf+1+int(o)]++
		if rc.fallen[i] < 0 && o != rc.m.initial[i] {
			rc.fallen[i] = r.Day
		}
	}
	if !r.RouteOpen {
		t.NoRoute[r.Day]++
	}
	if r.HighwayCut {
		t.HighwayCut[r.Day]++
	}
}

func (rc *tallyRecorder) end() {
	t := rc.t
	t.Runs++
	for i, d := range rc.fallen {
		if d < 0 {
			d = t.Days
		}
		t.Fall[i*(t.Days+1)+d]++
	}
}

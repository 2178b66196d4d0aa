package sim

import "runtime"

// MaxTallyBytes bounds the memory of the tallies an ensemble's workers
// keep, one each: a ten-year scenario's tally is about 20 MB, so a
// thousand workers would need 20 GB.
const MaxTallyBytes = 1 << 30

// MaxWorkers is the most workers an ensemble runs: four per CPU, beyond
// which more only cost memory.
func MaxWorkers() int { return 4 * runtime.NumCPU() }

// tallyLens are the lengths of a tally's Control and Fall for m (its
// NoRoute and HighwayCut have one count a day).
func (m *Model) tallyLens() (control, fall int) {
	d, n := m.Days(), len(m.initial)
	return d * n * (m.nf + 1), n * (d + 1)
}

// TallyBytes is the memory of one tally of m, in bytes.
func (m *Model) TallyBytes() int {
	control, fall := m.tallyLens()
	return 8 * (control + fall + 2*m.Days())
}

// Workers is how many workers Ensemble runs for o: as asked (0: one per
// CPU), but at most MaxWorkers, one per run, and as many as
// MaxTallyBytes holds tallies of m (at least one). The result does not
// depend on it.
func (m *Model) Workers(o EnsembleOptions) int {
	w := o.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	w = min(w, MaxWorkers(), o.Last-o.First, MaxTallyBytes/max(1, m.TallyBytes()))
	return max(1, w)
}

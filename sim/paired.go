package sim

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// PairedPlace is the paired difference, B minus A, in the probability that
// a place has changed hands by the last day.
type PairedPlace struct {
	Place  int
	PA, PB float64
	// Diff is the mean of the per-run differences and HalfWidth the half
	// width of its 95% interval (1.96 standard errors of the paired
	// differences): runs with the same seed share their random numbers.
	Diff, HalfWidth float64
}

// PairedTally is two models' ensembles run on the same (seed, run, place)
// streams: each side's own tally, and per day, place and faction the runs
// in which both give the place to that faction. From these integer counts
// come the paired difference in any faction's odds with its interval,
// which is far narrower than that of two independent ensembles.
type PairedTally struct {
	A, B *Tally
	// Both counts, in Tally.Control's layout, the runs in which A and B
	// both give the place that controller; NoRouteBoth the runs in which
	// both break the first watched route.
	Both, NoRouteBoth []int64
	// Initial is each place's controller at the start (faction index, -1
	// none), the same in both.
	Initial []int8
}

// Held returns the paired difference, B minus A, in the probability that
// faction f (-1: nobody) holds place i on day d.
func (t *PairedTally) Held(d, i, f int) PairedPlace {
	k := (d*t.A.Places+i)*(t.A.Factions+1) + 1 + f
	return pairedDiff(i, t.A.Runs, t.A.Control[k], t.B.Control[k], t.Both[k])
}

// Fallen returns the paired difference, B minus A, in the probability that
// place i has changed hands by day d (it is held by another than at the
// start).
func (t *PairedTally) Fallen(d, i int) PairedPlace {
	// The complement of holding: the opposite difference, as wide.
	k := t.Held(d, i, int(t.Initial[i]))
	return PairedPlace{Place: i, PA: 1 - k.PA, PB: 1 - k.PB, Diff: -k.Diff, HalfWidth: k.HalfWidth}
}

// NoRoute returns the paired difference in the probability that the first
// watched route is closed on day d (as place −1).
func (t *PairedTally) NoRoute(d int) PairedPlace {
	return pairedDiff(-1, t.A.Runs, t.A.NoRoute[d], t.B.NoRoute[d], t.NoRouteBoth[d])
}

// pairedDiff is the paired difference of an indicator that is 1 in a runs
// of A, b runs of B and both in both, of n runs: the mean of the per-run
// differences (B − A) and 1.96 standard errors of it.
func pairedDiff(place, n int, a, b, both int64) PairedPlace {
	if n == 0 {
		return PairedPlace{Place: place}
	}
	sum := float64(b - a)
	sq := float64(a + b - 2*both) // runs where exactly one side has it: (±1)²
	mean := sum / float64(n)
	v := 0.0
	if n > 1 {
		v = (sq - float64(n)*mean*mean) / float64(n-1)
	}
	return PairedPlace{Place: place, PA: float64(a) / float64(n), PB: float64(b) / float64(n),
		Diff: mean, HalfWidth: 1.96 * math.Sqrt(max(0, v)/float64(n))}
}

// PairedEnsemble makes runs oa.First to oa.Last−1 of model a and of model b
// on the same (seed, run, place) streams, run by run, and returns their
// paired tally, whose A and B are each side's tally as Model.Ensemble
// would make it. oa and ob give each side's timeline and hand-over; a's
// seed, runs, workers and progress are used for both. The models must
// share their atlas, factions and days. The result is the same for any
// number of workers.
func PairedEnsemble(a, b *Model, oa, ob EnsembleOptions) (*PairedTally, error) {
	if a.G.Atlas != b.G.Atlas || a.Until != b.Until || a.Start != b.Start || a.nf != b.nf || !slices.Equal(a.initial, b.initial) {
		return nil, fmt.Errorf("sim: paired runs need two models on one atlas, with one set of factions and start, over the same days")
	}
	workers := oa.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, oa.Last-oa.First))
	days := a.Days()
	newPaired := func() *PairedTally {
		ta := a.NewTally()
		return &PairedTally{A: ta, B: b.NewTally(), Both: make([]int64, len(ta.Control)), NoRouteBoth: make([]int64, days), Initial: a.initial}
	}
	pt := newPaired()
	const block = 16
	var next atomic.Int64
	next.Store(int64(oa.First))
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wp := newPaired()
			ra, rb := a.NewRunner(), b.NewRunner()
			reca, recb := wp.A.recorder(a), wp.B.recorder(b)
			n, nf := wp.A.Places, wp.A.Factions+1
			ctrlA := make([]int8, days*n) // this run's A, day by day
			routeA := make([]bool, days)
			for {
				lo := int(next.Add(block)) - block
				if lo >= oa.Last {
					break
				}
				hi := min(lo+block, oa.Last)
				for run := lo; run < hi; run++ {
					reca.start()
					ra.Run(oa.Seed, run, oa.Timeline, oa.ForcedUntil, func(d *DayResult) {
						reca.day(d)
						copy(ctrlA[d.Day*n:], d.Ctrl)
						routeA[d.Day] = !d.RouteOpen
					})
					reca.end()
					recb.start()
					rb.Run(oa.Seed, run, ob.Timeline, ob.ForcedUntil, func(d *DayResult) {
						recb.day(d)
						base := d.Day * n
						for i, o := range d.Ctrl {
							if o == ctrlA[base+i] {
								wp.Both[(base+i)*nf+1+int(o)]++
							}
						}
						if !d.RouteOpen && routeA[d.Day] {
							wp.NoRouteBoth[d.Day]++
						}
					})
					recb.end()
				}
				if oa.Progress != nil {
					mu.Lock()
					done += hi - lo
					oa.Progress(done)
					mu.Unlock()
				}
			}
			mu.Lock()
			defer mu.Unlock()
			pt.add(wp)
		}()
	}
	wg.Wait()
	return pt, nil
}

// add adds u's counts to t; the two come from the same models.
func (t *PairedTally) add(u *PairedTally) {
	t.A.Add(u.A)
	t.B.Add(u.B)
	for i, v := range u.Both {
		t.Both[i] += v
	}
	for i, v := range u.NoRouteBoth {
		t.NoRouteBoth[i] += v
	}
}

// Paired runs models a and b on the same (seed, run, place) streams, run
// by run, and returns per place the paired difference in the probability
// of having fallen by day by (the last day if outside the models' span),
// and the same for the regime's loss of its road to Aleppo on that day
// (as place −1). The models must share their atlas and end date.
func Paired(a, b *Model, tla, tlb *Timeline, fa, fb Date, seed uint64, runs int, by Date) ([]PairedPlace, PairedPlace, error) {
	if by < a.Start || by > a.Until {
		by = a.Until
	}
	pt, err := PairedEnsemble(a, b, EnsembleOptions{Seed: seed, Last: runs, Timeline: tla, ForcedUntil: fa},
		EnsembleOptions{Timeline: tlb, ForcedUntil: fb})
	if err != nil {
		return nil, PairedPlace{}, err
	}
	day := int(by - a.Start)
	out := make([]PairedPlace, pt.A.Places)
	for i := range out {
		out[i] = pt.Fallen(day, i)
	}
	return out, pt.NoRoute(day), nil
}

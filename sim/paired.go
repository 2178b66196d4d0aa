package sim

import (
	"fmt"
	"math"
	"runtime"
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

// PairedTally counts, per day and place, the runs in which two models run
// on the same (seed, run, place) streams keep the place with the faction
// that held it at the start: in A, in B, and in both. From these integer
// counts come both sides' probabilities and the paired difference with its
// interval, which is far narrower than that of two independent ensembles.
type PairedTally struct {
	Start        Date
	Days, Places int
	Runs         int
	KeptA, KeptB []int64 // [day·Places + place]
	KeptBoth     []int64
	// NoRouteA, NoRouteB and NoRouteBoth count per day the runs in which
	// the regime's road is broken in A, in B and in both.
	NoRouteA, NoRouteB, NoRouteBoth []int64
}

// Kept returns the paired difference, B minus A, in the probability that
// place i is held on day d by the faction that held it at the start.
func (t *PairedTally) Kept(d, i int) PairedPlace {
	k := d*t.Places + i
	return pairedDiff(i, t.Runs, t.KeptA[k], t.KeptB[k], t.KeptBoth[k])
}

// Fallen returns the paired difference, B minus A, in the probability that
// place i has changed hands by day d (it is held by another than at the
// start).
func (t *PairedTally) Fallen(d, i int) PairedPlace {
	k := d*t.Places + i
	n := int64(t.Runs)
	return pairedDiff(i, t.Runs, n-t.KeptA[k], n-t.KeptB[k], n-t.KeptA[k]-t.KeptB[k]+t.KeptBoth[k])
}

// NoRoute returns the paired difference in the probability that the
// regime's road is broken on day d (as place −1).
func (t *PairedTally) NoRoute(d int) PairedPlace {
	return pairedDiff(-1, t.Runs, t.NoRouteA[d], t.NoRouteB[d], t.NoRouteBoth[d])
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
// on the same (seed, run, place) streams, run by run, and returns each
// side's tally (as Model.Ensemble would) and their paired tally. oa and ob
// give each side's seed, timeline and hand-over; a's seed, runs, workers
// and progress are used for both. The models must share their atlas and
// days. The result is the same for any number of workers.
func PairedEnsemble(a, b *Model, oa, ob EnsembleOptions) (ta, tb *Tally, pt *PairedTally, err error) {
	if a.G.Atlas != b.G.Atlas || a.Until != b.Until || a.Start != b.Start || a.nf != b.nf {
		return nil, nil, nil, fmt.Errorf("sim: paired runs need two models on one atlas and one set of factions over the same days")
	}
	workers := oa.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	runs := oa.Last - oa.First
	workers = max(1, min(workers, runs))
	days, n := a.Days(), len(a.initial)
	newPaired := func() *PairedTally {
		return &PairedTally{Start: a.Start, Days: days, Places: n,
			KeptA: make([]int64, days*n), KeptB: make([]int64, days*n), KeptBoth: make([]int64, days*n),
			NoRouteA: make([]int64, days), NoRouteB: make([]int64, days), NoRouteBoth: make([]int64, days)}
	}
	ta, tb, pt = a.NewTally(), b.NewTally(), newPaired()
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
			wa, wb, wp := a.NewTally(), b.NewTally(), newPaired()
			ra, rb := a.NewRunner(), b.NewRunner()
			reca, recb := wa.recorder(a), wb.recorder(b)
			keptA := make([]bool, days*n) // this run's A, day by day
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
						for i, o := range d.Ctrl {
							keptA[d.Day*n+i] = o == a.initial[i]
						}
						routeA[d.Day] = !d.RouteOpen
					})
					reca.end()
					recb.start()
					rb.Run(oa.Seed, run, ob.Timeline, ob.ForcedUntil, func(d *DayResult) {
						recb.day(d)
						for i, o := range d.Ctrl {
							k := d.Day*n + i
							kb := o == b.initial[i]
							wp.KeptA[k] += int64(b2i(keptA[k]))
							wp.KeptB[k] += int64(b2i(kb))
							wp.KeptBoth[k] += int64(b2i(kb && keptA[k]))
						}
						nb := !d.RouteOpen
						wp.NoRouteA[d.Day] += int64(b2i(routeA[d.Day]))
						wp.NoRouteB[d.Day] += int64(b2i(nb))
						wp.NoRouteBoth[d.Day] += int64(b2i(nb && routeA[d.Day]))
					})
					recb.end()
					wp.Runs++
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
			ta.Add(wa)
			tb.Add(wb)
			pt.add(wp)
		}()
	}
	wg.Wait()
	return ta, tb, pt, nil
}

// add adds u's counts to t; the two come from the same models.
func (t *PairedTally) add(u *PairedTally) {
	t.Runs += u.Runs
	for _, p := range [][2][]int64{{t.KeptA, u.KeptA}, {t.KeptB, u.KeptB}, {t.KeptBoth, u.KeptBoth},
		{t.NoRouteA, u.NoRouteA}, {t.NoRouteB, u.NoRouteB}, {t.NoRouteBoth, u.NoRouteBoth}} {
		for i, v := range p[1] {
			p[0][i] += v
		}
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
	_, _, pt, err := PairedEnsemble(a, b, EnsembleOptions{Seed: seed, Last: runs, Timeline: tla, ForcedUntil: fa},
		EnsembleOptions{Timeline: tlb, ForcedUntil: fb})
	if err != nil {
		return nil, PairedPlace{}, err
	}
	day := int(by - a.Start)
	out := make([]PairedPlace, pt.Places)
	for i := range out {
		out[i] = pt.Fallen(day, i)
	}
	return out, pt.NoRoute(day), nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

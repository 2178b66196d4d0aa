package sim

import (
	"fmt"
	"math"
	"runtime"
	"sync"
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

// Paired runs models a and b on the same (seed, run, place) streams, run
// by run, and returns per place the paired difference in the probability
// of having fallen by day by (the last day if outside the models' span),
// and the same for the regime's loss of its road to Aleppo on that day
// (as place −1). The models must share
// their atlas and end date.
func Paired(a, b *Model, tla, tlb *Timeline, fa, fb Date, seed uint64, runs int, by Date) ([]PairedPlace, PairedPlace, error) {
	if a.G.Atlas != b.G.Atlas || a.Until != b.Until || a.Start != b.Start {
		return nil, PairedPlace{}, fmt.Errorf("sim: paired runs need two models on one atlas over the same days")
	}
	if by < a.Start || by > a.Until {
		by = a.Until
	}
	day := int(by - a.Start)
	n := len(a.initial)
	// Runs are split among the CPUs; the sums are of integers, so the
	// result does not depend on the split.
	workers := max(1, min(runtime.GOMAXPROCS(0), runs))
	type sums struct{ ca, cb, sum, sq []int }
	parts := make([]sums, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := sums{make([]int, n+1), make([]int, n+1), make([]int, n+1), make([]int, n+1)}
			ra, rb := a.NewRunner(), b.NewRunner()
			lastA, lastB := make([]int8, n), make([]int8, n)
			var routeA, routeB bool
			for run := w; run < runs; run += workers {
				ra.Run(seed, run, tla, fa, func(d *DayResult) {
					if d.Day == day {
						copy(lastA, d.Ctrl)
						routeA = !d.RouteOpen
					}
				})
				rb.Run(seed, run, tlb, fb, func(d *DayResult) {
					if d.Day == day {
						copy(lastB, d.Ctrl)
						routeB = !d.RouteOpen
					}
				})
				for i := 0; i <= n; i++ {
					var xa, xb int
					if i == n {
						xa, xb = b2i(routeA), b2i(routeB)
					} else {
						xa, xb = b2i(lastA[i] != a.initial[i]), b2i(lastB[i] != b.initial[i])
					}
					p.ca[i] += xa
					p.cb[i] += xb
					p.sum[i] += xb - xa
					p.sq[i] += (xb - xa) * (xb - xa)
				}
			}
			parts[w] = p
		}()
	}
	wg.Wait()
	sum, sq := make([]float64, n+1), make([]float64, n+1)
	ca, cb := make([]int, n+1), make([]int, n+1)
	for _, p := range parts {
		for i := range sum {
			ca[i] += p.ca[i]
			cb[i] += p.cb[i]
			sum[i] += float64(p.sum[i])
			sq[i] += float64(p.sq[i])
		}
	}
	out := make([]PairedPlace, n+1)
	for i := range out {
		mean := sum[i] / float64(runs)
		v := 0.0
		if runs > 1 {
			v = (sq[i] - float64(runs)*mean*mean) / float64(runs-1)
		}
		out[i] = PairedPlace{Place: i, PA: float64(ca[i]) / float64(runs), PB: float64(cb[i]) / float64(runs),
			Diff: mean, HalfWidth: 1.96 * math.Sqrt(max(0, v)/float64(runs))}
	}
	route := out[n]
	route.Place = -1
	return out[:n], route, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

package scene

import (
	"testing"

	"github.com/frontline-sim/frontline/geo/territory"
	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// TestShadeOpacity: the likelier, the stronger, up to the replay's shade.
func TestShadeOpacity(t *testing.T) {
	prev := 0.0
	for bi := range likelihood.Bands {
		a := ShadeOpacity(bi)
		if a <= prev || a > TerritoryOpacity {
			t.Errorf("band %d (%s): opacity %.3f after %.3f; want rising, at most %.2f", bi, likelihood.Bands[bi].Words, a, prev, TerritoryOpacity)
		}
		prev = a
	}
}

// TestSimTooltipAndProjection: the hover line and the projected flag of a
// simulated day.
func TestSimTooltipAndProjection(t *testing.T) {
	tl := builtinTimeline(t)
	b := NewBuilder(tl)
	n := len(tl.Graph.Atlas.Places())
	i, _ := tl.Graph.Atlas.Index("aleppo")
	p := make([]float64, n)
	p[i] = 0.72
	b.Sim = &Sim{Runs: 100, Start: tl.Days[0].Date, LastDocumented: tl.Days[0].Date,
		Days: []SimDay{{P: p}, {P: p, Projected: true}}}
	if got := b.SimTooltip(0, i, "hts"); got != "likely HTS, 72%" {
		t.Errorf("tooltip %q, want %q", got, "likely HTS, 72%")
	}
	if got := b.SimTooltip(0, i, ""); got != "likely nobody, 72%" {
		t.Errorf("tooltip %q", got)
	}
	if b.Projected(0) || !b.Projected(1) || b.Projected(5) {
		t.Errorf("projected: %v %v %v, want false true false", b.Projected(0), b.Projected(1), b.Projected(5))
	}
	if l, proj := b.SimDateLine(1); !proj || l != "PROJECTED · simulated, 100 runs" {
		t.Errorf("date line %q %v", l, proj)
	}
}

// TestSimSegments checks SimSegments against the chain its partitions
// stand for, each derived from the one before (Partition.Next, as the
// viewer's lazyMap makes them): its runs cover the days in order, each
// run's partition is the chain's, cell for cell and spread for spread,
// and both fresh partitions (made ahead, on every core) and derived ones
// occur.
func TestSimSegments(t *testing.T) {
	tl := builtinTimeline(t)
	r, err := ensemble.New(tl, ensemble.Options{Runs: 10, Seed: 3, Until: sim.MustDate("2025-03-01"), ParamDraws: sim.DrawFixed})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Result(0, nil)
	runs := simRuns(tl.Graph.Atlas.Places(), s)
	k, fresh, derived := 0, 0, 0
	var chain *territory.Partition
	SimSegments(tl, s, func(from, to int, p *territory.Partition) {
		if k >= len(runs) || from != runs[k].from || to != runs[k].to {
			t.Fatalf("run %d: days %d..%d, want the days of the same controllers", k, from, to)
		}
		if chain == nil {
			chain = tl.Territory.Map.Partition(runs[k].ctrl, tl.Scenario.Zones)
		} else {
			chain = chain.Next(runs[k].ctrl)
		}
		if d := chain.Diff(p); d != 0 || !chain.SameSpread(p) {
			t.Fatalf("run %d: the partition differs from the chain's in %d cells", k, d)
		}
		if p.Incremental {
			derived++
		} else {
			fresh++
		}
		k++
	})
	if k != len(runs) || runs[k-1].to != len(s.Days)-1 {
		t.Errorf("%d runs of %d", k, len(runs))
	}
	if fresh < 2 || derived == 0 {
		t.Errorf("%d fresh and %d derived partitions; want both kinds", fresh, derived)
	}
}

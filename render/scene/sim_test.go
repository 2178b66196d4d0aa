package scene

import (
	"testing"

	"github.com/frontline-sim/frontline/internal/likelihood"
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

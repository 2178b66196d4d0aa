package render

import (
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

func builtinTimeline(t testing.TB) *sim.Timeline {
	t.Helper()
	tl, err := scenarios.Replay(scenarios.DefaultID, geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

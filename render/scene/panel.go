package scene

import (
	"sort"

	"github.com/frontline-sim/frontline/sim"
)

// kindRank orders the kinds of event by how much they change the map: a
// place changing hands first, a strike or statement (annotation) last.
var kindRank = map[sim.Kind]int{
	sim.Captured: 0, sim.Withdrawn: 1, sim.Contested: 2, sim.Claimed: 3,
	sim.Cut: 4, sim.Reopened: 5, sim.Annotation: 6,
}

// PanelOrder returns the events evs (indexes into tl's events) in the
// order the panel lists a day's: its most important change first, that
// is by kind (captures, withdrawals, contests, claims, road cuts and
// reopenings, then annotations), then by the importance of the place
// (cities before towns before villages), then as the ledger has them.
// It does not change evs.
func PanelOrder(tl *sim.Timeline, evs []int) []int {
	out := append([]int(nil), evs...)
	a := tl.Graph.Atlas
	imp := func(k int) int {
		e := tl.Scenario.Events[k]
		id := e.Target.Place
		if e.Target.IsRoad() {
			id = e.Target.From
		}
		if p, ok := a.Place(id); ok {
			return p.Importance()
		}
		return 0
	}
	rank := func(k int) int {
		if r, ok := kindRank[tl.Scenario.Events[k].Kind]; ok {
			return r
		}
		return len(kindRank)
	}
	sort.SliceStable(out, func(x, y int) bool {
		kx, ky := out[x], out[y]
		if rx, ry := rank(kx), rank(ky); rx != ry {
			return rx < ry
		}
		return imp(kx) > imp(ky)
	})
	return out
}

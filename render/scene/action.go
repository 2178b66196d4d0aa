package scene

import (
	"math"
	"sort"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
)

// FocusSyria is the focus (--focus syria, ?focus=syria) that asks for all
// of Syria instead of the action's framing.
const FocusSyria = "syria"

// The action's framing: which changes count as "around" the days shown,
// how far apart two places may lie and still be one theatre, and the
// margin and size of the box fitted. A briefing starts where the news is;
// the numbers are chosen so that 11-30 frames Aleppo to Hama and 12-04
// the Hama front (TestActionFraming).
const (
	actionBefore = 2    // days before the first shown whose changes count
	actionAfter  = 1    // days after the last shown
	actionLinkKm = 50.0 // changes closer than this are one theatre (single linkage)
	actionPadKm  = 22.0 // margin round the theatre's places, for their labels and the front
	actionMinKm  = 110  // the box's least width and height, for context
	// actionMaxScale is the closest the action's framing zooms [px/km]:
	// every village named, the towns around still on the map.
	actionMaxScale = 6.0
)

// ActionBound is the box of the action around days [from, to] of tl: the
// places whose controller or status changed from actionBefore days before
// from to actionAfter days after to, grouped into theatres of places less
// than actionLinkKm apart, and the weightiest theatre (cities count four,
// towns and airbases two, the rest one, places on one point once), padded
// so that their labels and the front beside them fit. The window widens
// a day at a time until it holds a change; ok is false when the timeline
// has none, and the caller shows all of Syria.
func ActionBound(tl *sim.Timeline, from, to int) (orb.Bound, bool) {
	n := len(tl.Days)
	for w := 0; w < n; w++ {
		lo, hi := max(1, from-actionBefore-w), min(n-1, to+actionAfter+w)
		if pts := changedPlaces(tl, lo, hi); len(pts) > 0 {
			return padBound(heaviestTheatre(tl.Graph.Atlas, pts, nil)), true
		}
		if lo == 1 && hi == n-1 {
			break
		}
	}
	return orb.Bound{}, false
}

// changedPlaces returns the indexes of the places whose controller or
// status differs from the day before on some day of [lo, hi], in order.
func changedPlaces(tl *sim.Timeline, lo, hi int) []int {
	var out []int
	for i := range tl.Graph.Atlas.Places() {
		for d := lo; d <= hi; d++ {
			a, b := tl.Days[d-1].Place(i), tl.Days[d].Place(i)
			if a.Controller != b.Controller || a.Status != b.Status {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// CompareBound is the box of what the what-if of c changes over days
// [from, to]: the places whose odds it moves on any of them
// (SimCompare.Moves), grouped into theatres as ActionBound groups them,
// each place weighing its importance times the most its odds move, and
// the weightiest theatre padded. A compare is framed on its difference,
// not on the day's action, which may lie where the what-if changes
// nothing; ok is false when it moves no place, and the caller frames the
// action.
func CompareBound(c *Compared, from, to int) (orb.Bound, bool) {
	if c == nil || c.Diff == nil {
		return orb.Bound{}, false
	}
	most := map[int]float64{}
	for d := max(0, from); d <= to && d < len(c.Diff.Days); d++ {
		for _, i := range c.Diff.Moves(d) {
			most[i] = math.Max(most[i], math.Abs(c.Diff.Days[d][i].Held.Diff))
		}
	}
	if len(most) == 0 {
		return orb.Bound{}, false
	}
	idx := make([]int, 0, len(most))
	for i := range most {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	return padBound(heaviestTheatre(c.A.Graph.Atlas, idx, func(i int) float64 { return most[i] })), true
}

// heaviestTheatre groups the places idx by single linkage at actionLinkKm
// and returns the points of the heaviest group: each place weighs its
// importance (cities four, towns and airbases two, the rest one) times
// scale(i), or 1 when scale is nil, and places on one point count once.
// Ties go to the group with the lowest place index, so the choice is
// deterministic.
func heaviestTheatre(a *geo.Atlas, idx []int, scale func(i int) float64) []orb.Point {
	places := a.Places()
	km := make([]orb.Point, len(idx))
	for k, i := range idx {
		km[k] = proj.ToKm(places[i].Point)
	}
	group := make([]int, len(idx))
	for k := range group {
		group[k] = k
	}
	root := func(k int) int {
		for group[k] != k {
			k = group[k]
		}
		return k
	}
	for x := range idx {
		for y := x + 1; y < len(idx); y++ {
			if math.Hypot(km[x][0]-km[y][0], km[x][1]-km[y][1]) < actionLinkKm {
				rx, ry := root(x), root(y)
				group[max(rx, ry)] = min(rx, ry)
			}
		}
	}
	weight := map[int]float64{}
	type groupPoint struct {
		g int
		p orb.Point
	}
	seen := map[groupPoint]float64{}
	for k, i := range idx {
		w := map[int]float64{3: 4, 2: 2, 1: 1}[places[i].Importance()]
		if scale != nil {
			w *= scale(i)
		}
		g := root(k)
		key := groupPoint{g, places[i].Point}
		if prev, ok := seen[key]; ok {
			// One point counts once, at its heaviest place.
			if w > prev {
				weight[g] += w - prev
				seen[key] = w
			}
			continue
		}
		seen[key] = w
		weight[g] += w
	}
	roots := make([]int, 0, len(weight))
	for g := range weight {
		roots = append(roots, g)
	}
	sort.Ints(roots)
	best := roots[0]
	for _, g := range roots[1:] {
		if weight[g] > weight[best] {
			best = g
		}
	}
	var pts []orb.Point
	for k, i := range idx {
		if root(k) == best {
			pts = append(pts, places[i].Point)
		}
	}
	return pts
}

// padBound is the lon/lat box of pts, padded by actionPadKm and grown
// about its centre to at least actionMinKm a side.
func padBound(pts []orb.Point) orb.Bound {
	lo, hi := orb.Point{math.Inf(1), math.Inf(1)}, orb.Point{math.Inf(-1), math.Inf(-1)}
	for _, p := range pts {
		q := proj.ToKm(p)
		lo = orb.Point{math.Min(lo[0], q[0]), math.Min(lo[1], q[1])}
		hi = orb.Point{math.Max(hi[0], q[0]), math.Max(hi[1], q[1])}
	}
	for k := 0; k < 2; k++ {
		lo[k], hi[k] = lo[k]-actionPadKm, hi[k]+actionPadKm
		if grow := actionMinKm - (hi[k] - lo[k]); grow > 0 {
			lo[k], hi[k] = lo[k]-grow/2, hi[k]+grow/2
		}
	}
	return orb.Bound{Min: proj.FromKm(lo), Max: proj.FromKm(hi)}
}

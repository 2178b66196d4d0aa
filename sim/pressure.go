package sim

import (
	"math"
	"slices"
)

// The road pressure's paths, in one place (docs/model.md, "Pressure
// through held ground"). Pressure on a place i, held by b, reaches it
// from an attacker's place j along the roads not cut: freely through
// places b does not hold, and through each place k that b holds at a cost
// of P·w_k hours (P = block_hours, w_k the place's weight, so a city
// holds the road longer than a village). A path's cost is its travel time
// plus those costs; E(i,a) sums w_j·press(cost) over a's places j, each
// by its cheapest path, up to cutoff_hours. A place that falls along a
// path through b's places takes them with it (Runner.carry). The runner
// asks for the cheapest paths at the model's P; the likelihood, which
// fits P, for every path that is the cheapest at some P (the Pareto set
// of travel time and blocking weight).

// pathLen is one road path as the pressure sees it: its travel time
// (each segment at least floor_hours), the weight of the defender's
// places between its ends, and those places (in the likelihood only).
type pathLen struct {
	hours float64
	block float64
	via   []int32
}

// pathCost is a path's cost in hours at the model's block_hours.
func (m *Model) pathCost(l pathLen) float64 {
	return l.hours + l.block*m.P.BlockHours
}

// press is the pressure term of a path of cost hours: exp(−cost/τ),
// less its value at the cut-off, so that a path's pressure fades to 0 at
// cutoff_hours instead of dropping there (docs/model.md, "Road
// pressure"); the likelihood is then continuous in τ and block_hours,
// whose changes move a path's cost across the cut-off. The one place the
// model turns road hours into pressure. The distance-only baseline has no
// cut-off: exp(−D/τ).
func (m *Model) press(cost float64) float64 {
	e := math.Exp(-cost / m.P.TauHours)
	if m.distanceOnly {
		return e
	}
	return max(0, e-m.edge)
}

// cheapest returns the index of the cheapest of a source's paths at the
// model's parameters (ties: the lesser blocking weight, as Model.reach
// settles them), and the pressure term of that path.
func (m *Model) cheapest(ls []pathLen) (int, float64) {
	best, cost := 0, math.Inf(1)
	for k, l := range ls {
		if c := m.pathCost(l); c < cost || (c == cost && l.block < ls[best].block) {
			best, cost = k, c
		}
	}
	return best, m.press(cost)
}

// reachWS is the workspace of Model.reach, reused from one search to the
// next (generation stamps instead of clearing).
type reachWS struct {
	heap  []reachLabel
	nodes []reachNode // every label pushed by the last search
	minB  []float64   // per node: least blocking weight settled there (Pareto mode)
	stamp []uint32
	gen   uint32
}

type reachLabel struct {
	key   float64
	hours float64
	block float64
	v     int32
	node  int32 // index in nodes
}

// reachNode is a label's place and the label it extends (−1: the start).
type reachNode struct {
	v, parent int32
}

func newReachWS(n int) *reachWS {
	return &reachWS{minB: make([]float64, n), stamp: make([]uint32, n)}
}

// reach searches the road paths from place i, held by ctrl[i] (not −1),
// over the roads not cut on day c, and calls emit for places j ≠ i with
// the paths' lengths and a label that Runner.via reads the path from.
// With every false it emits each j once, with its cheapest path at the
// model's block_hours, if that costs at most cutoff_hours (a Dijkstra
// search on cost). With every true it emits, for each j, every path of
// the Pareto set of (hours, block) whose hours alone are within the
// cut-off, in ascending hours: the cheapest path at any block_hours ≥ 0
// is among them. Ties break by blocking weight, then node id.
func (m *Model) reach(c *dayCtx, i int32, ctrl []int8, every bool, ws *reachWS, emit func(j int32, l pathLen, label int32)) {
	ws.gen++
	if ws.gen == 0 {
		clear(ws.stamp)
		ws.gen = 1
	}
	cs, b := m.G.C, ctrl[i]
	cut, floor := m.P.CutoffHours, m.P.FloorHours
	h := ws.heap[:0]
	ws.nodes = append(ws.nodes[:0], reachNode{i, -1})
	h = pushLabel(h, reachLabel{v: i})
	for len(h) > 0 {
		var top reachLabel
		top, h = popLabel(h)
		u := top.v
		if ws.stamp[u] == ws.gen && (!every || top.block >= ws.minB[u]) {
			continue // settled (cost), or dominated (Pareto)
		}
		ws.stamp[u], ws.minB[u] = ws.gen, top.block
		if u != i {
			emit(u, pathLen{hours: top.hours, block: top.block}, top.node)
		}
		block := top.block
		if u != i && ctrl[u] == b {
			block += m.weight[u] // u lies between i and what lies beyond it
		}
		for p := cs.Start[u]; p < cs.Start[u+1]; p++ {
			v := cs.To[p]
			if !c.segOK[cs.Seg[p]] {
				continue
			}
			nl := reachLabel{hours: top.hours + max(cs.Hours[p], floor), block: block, v: v}
			nl.key = nl.hours
			if !every {
				nl.key = m.pathCost(pathLen{hours: nl.hours, block: nl.block})
			}
			if nl.key > cut || (ws.stamp[v] == ws.gen && (!every || nl.block >= ws.minB[v])) {
				continue
			}
			nl.node = int32(len(ws.nodes))
			ws.nodes = append(ws.nodes, reachNode{v, top.node})
			h = pushLabel(h, nl)
		}
	}
	ws.heap = h
}

// via returns the places held by b strictly between the ends of the path
// of label (from the last search), nearest the start first.
func (ws *reachWS) via(label int32, ctrl []int8, b int8) []int32 {
	var out []int32
	for k := ws.nodes[label].parent; k >= 0 && ws.nodes[k].parent >= 0; k = ws.nodes[k].parent {
		if v := ws.nodes[k].v; ctrl[v] == b {
			out = append(out, v)
		}
	}
	slices.Reverse(out)
	return out
}

// labelLess orders labels by key, then blocking weight, then node id.
func labelLess(a, b reachLabel) bool {
	if a.key != b.key {
		return a.key < b.key
	}
	if a.block != b.block {
		return a.block < b.block
	}
	return a.v < b.v
}

func pushLabel(h []reachLabel, it reachLabel) []reachLabel {
	h = append(h, it)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !labelLess(h[i], h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	return h
}

func popLabel(h []reachLabel) (reachLabel, []reachLabel) {
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		k := l
		if r := l + 1; r < n && labelLess(h[r], h[l]) {
			k = r
		}
		if !labelLess(h[k], h[i]) {
			break
		}
		h[i], h[k] = h[k], h[i]
		i = k
	}
	return top, h
}

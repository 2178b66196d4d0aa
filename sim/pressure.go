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
	heap  []label
	nodes []reachNode // every label pushed by the last search (Pareto mode)
	minB  []float64   // per node: least blocking weight settled there (Pareto mode)
	stamp []uint32    // per node: gen once settled
	// The least (key, block) pushed to a node not yet settled, in cost
	// mode: a label that is not less is never pushed, as it would only
	// be popped after the node is settled.
	pend   []uint32
	pkey   []float64
	pblock []float64
	src    []uint32 // per node: gen when it is a source
	gen    uint32
	one    [1]int32
}

// reachNode is a label's place and the label it extends (−1: a start).
type reachNode struct {
	v, parent int32
}

func newReachWS(n int) *reachWS {
	return &reachWS{minB: make([]float64, n), stamp: make([]uint32, n),
		pend: make([]uint32, n), pkey: make([]float64, n), pblock: make([]float64, n), src: make([]uint32, n)}
}

// reach searches the road paths from place i, held by ctrl[i] (not −1),
// over the roads not cut on day c, and calls emit for places j ≠ i with
// the paths' lengths and a label that Runner.via reads the path from.
// With every false it emits each j once, with its cheapest path at the
// model's block_hours, if that costs at most cutoff_hours (a Dijkstra
// search on cost), and label −1. With every true it emits, for each j,
// every path of the Pareto set of (hours, block) whose hours alone are
// within the cut-off, in ascending hours: the cheapest path at any
// block_hours ≥ 0 is among them. Ties break by blocking weight, then
// node id.
func (m *Model) reach(c *dayCtx, i int32, ctrl []int8, every bool, ws *reachWS, emit func(j int32, l pathLen, label int32)) {
	ws.one[0] = i
	m.reachFrom(c, ws.one[:], ctrl[i], ctrl, every, true, m.P.CutoffHours, ws, emit)
}

// reachFrom is reach from every place of src at once, through the places
// of b (which blocks as the holder of a path's start does), up to cut
// hours of cost (or of hours alone, with every): each place is reached
// from its nearest source, and no source is emitted. With strongholds, a
// city b holds ends every path that reaches it, unless the path is one
// segment of at most floor_hours from its start: a city's outskirts are
// pressed, and taken, through it; what lies beyond it is not. Without,
// every path goes on (Runner.update's search, which only has to find a
// superset of the places whose paths the changes meet).
func (m *Model) reachFrom(c *dayCtx, src []int32, b int8, ctrl []int8, every, strongholds bool, cut float64, ws *reachWS, emit func(j int32, l pathLen, label int32)) {
	ws.gen++
	if ws.gen == 0 {
		clear(ws.stamp)
		clear(ws.pend)
		clear(ws.src)
		ws.gen = 1
	}
	cs, floor := m.G.C, m.P.FloorHours
	h := ws.heap[:0]
	ws.nodes = ws.nodes[:0]
	for _, i := range src {
		if ws.src[i] == ws.gen {
			continue
		}
		ws.src[i] = ws.gen
		l := label{v: i, node: -1}
		if every {
			l.node = int32(len(ws.nodes))
			ws.nodes = append(ws.nodes, reachNode{i, -1})
		}
		h = heapPush(h, l)
	}
	for len(h) > 0 {
		var top label
		top, h = heapPop(h)
		u := top.v
		if ws.stamp[u] == ws.gen && (!every || top.block >= ws.minB[u]) {
			continue // settled (cost), or dominated (Pareto)
		}
		ws.stamp[u], ws.minB[u] = ws.gen, top.block
		start := ws.src[u] == ws.gen
		if !start {
			emit(u, pathLen{hours: top.hours, block: top.block}, top.node)
		}
		if strongholds && !start && ctrl[u] == b && m.stronghold[u] && top.hours > floor {
			continue // a held city: the path ends there
		}
		block := top.block
		if !start && ctrl[u] == b {
			block += m.weight[u] // u lies between the start and what lies beyond it
		}
		for p := cs.Start[u]; p < cs.Start[u+1]; p++ {
			v := cs.To[p]
			if !c.segOK[cs.Seg[p]] {
				continue
			}
			nl := label{hours: top.hours + max(cs.Hours[p], floor), block: block, v: v, node: -1}
			nl.key = nl.hours
			if !every {
				nl.key = m.pathCost(pathLen{hours: nl.hours, block: nl.block})
			}
			if nl.key > cut || (ws.stamp[v] == ws.gen && (!every || nl.block >= ws.minB[v])) {
				continue
			}
			if every {
				nl.node = int32(len(ws.nodes))
				ws.nodes = append(ws.nodes, reachNode{v, top.node})
			} else if ws.pend[v] == ws.gen && (nl.key > ws.pkey[v] || (nl.key == ws.pkey[v] && nl.block >= ws.pblock[v])) {
				continue
			} else {
				ws.pend[v], ws.pkey[v], ws.pblock[v] = ws.gen, nl.key, nl.block
			}
			h = heapPush(h, nl)
		}
	}
	ws.heap = h
}

// via returns the places held by b strictly between the ends of the path
// of label (from the last search), nearest the start first.
func (ws *reachWS) via(label int32, ctrl []int8, b int8) []int32 {
	return ws.appendVia(nil, label, ctrl, b)
}

// appendVia appends via's places to dst.
func (ws *reachWS) appendVia(dst []int32, label int32, ctrl []int8, b int8) []int32 {
	n := len(dst)
	for k := ws.nodes[label].parent; k >= 0 && ws.nodes[k].parent >= 0; k = ws.nodes[k].parent {
		if v := ws.nodes[k].v; ctrl[v] == b {
			dst = append(dst, v)
		}
	}
	slices.Reverse(dst[n:])
	return dst
}

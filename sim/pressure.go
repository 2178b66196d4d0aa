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
	// The least (key, block) pushed to a node not yet settled, and that
	// label's hours, in cost mode: a label that is not less is never
	// pushed, as it would only be popped after the node is settled, so
	// the label that settles a node is the one recorded here.
	pend   []uint32
	pkey   []float64
	pblock []float64
	phours []float64
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
		pend: make([]uint32, n), pkey: make([]float64, n), pblock: make([]float64, n), phours: make([]float64, n), src: make([]uint32, n)}
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
	if every {
		m.reachPareto(c, src, b, ctrl, strongholds, cut, ws, emit)
	} else {
		m.reachCost(c, src, b, ctrl, strongholds, cut, ws, emit)
	}
}

// blockPast returns the blocking weight a path whose weight at place u
// is block carries past u: u lies between the start and what lies beyond
// it, so it blocks when b holds it.
func (m *Model) blockPast(u int32, start bool, b int8, ctrl []int8, block float64) float64 {
	if !start && ctrl[u] == b {
		return block + m.weight[u]
	}
	return block
}

// endsAt reports whether a path that reaches u after hours ends there: at
// a city that b, the holder of its start, holds, unless the city lies at
// most floor_hours from the start, so that a city's outskirts are
// pressed, and taken, through it, and what lies beyond it is not.
func (m *Model) endsAt(u int32, start bool, b int8, ctrl []int8, hours float64) bool {
	return !start && ctrl[u] == b && m.stronghold[u] && hours > m.P.FloorHours
}

// arcHours is the travel time of an arc as the pressure counts it: at
// least floor_hours.
func (m *Model) arcHours(a openArc) float64 {
	return max(a.hours, m.P.FloorHours)
}

// reachCost is reachFrom by cost: a Dijkstra search whose labels are a
// path's cost at block_hours (then its blocking weight, then the node),
// each node's hours kept beside its pending label.
func (m *Model) reachCost(c *dayCtx, src []int32, b int8, ctrl []int8, strongholds bool, cut float64, ws *reachWS, emit func(j int32, l pathLen, label int32)) {
	gen, open := ws.gen, c.open
	h := ws.heap[:0]
	for _, i := range src {
		if ws.src[i] == gen {
			continue
		}
		ws.src[i] = gen
		ws.pend[i], ws.pkey[i], ws.pblock[i], ws.phours[i] = gen, 0, 0, 0
		h = heapPush(h, label{v: i, node: -1})
	}
	for len(h) > 0 {
		var top label
		top, h = heapPop(h)
		u := top.v
		if ws.stamp[u] == gen {
			continue // settled
		}
		ws.stamp[u] = gen
		hours, start := ws.phours[u], ws.src[u] == gen
		if !start {
			emit(u, pathLen{hours: hours, block: top.block}, -1)
		}
		if strongholds && m.endsAt(u, start, b, ctrl, hours) {
			continue // a held city: the path ends there
		}
		block := m.blockPast(u, start, b, ctrl, top.block)
		for _, a := range open.arcs[open.start[u]:open.start[u+1]] {
			v := a.to
			l := pathLen{hours: hours + m.arcHours(a), block: block}
			key := m.pathCost(l)
			if key > cut || ws.stamp[v] == gen {
				continue
			}
			if ws.pend[v] == gen && (key > ws.pkey[v] || (key == ws.pkey[v] && block >= ws.pblock[v])) {
				continue
			}
			ws.pend[v], ws.pkey[v], ws.pblock[v], ws.phours[v] = gen, key, block, l.hours
			h = heapPush(h, label{key: key, block: block, v: v, node: -1})
		}
	}
	ws.heap = h
}

// reachPareto is reachFrom in Pareto mode: labels are a path's hours
// (then its blocking weight, then the node), and a node's label is kept
// while its blocking weight is less than that of every label settled
// there before.
func (m *Model) reachPareto(c *dayCtx, src []int32, b int8, ctrl []int8, strongholds bool, cut float64, ws *reachWS, emit func(j int32, l pathLen, label int32)) {
	gen, open := ws.gen, c.open
	h := ws.heap[:0]
	ws.nodes = ws.nodes[:0]
	for _, i := range src {
		if ws.src[i] == gen {
			continue
		}
		ws.src[i] = gen
		h = heapPush(h, label{v: i, node: int32(len(ws.nodes))})
		ws.nodes = append(ws.nodes, reachNode{i, -1})
	}
	for len(h) > 0 {
		var top label
		top, h = heapPop(h)
		u := top.v
		if ws.stamp[u] == gen && top.block >= ws.minB[u] {
			continue // dominated
		}
		ws.stamp[u], ws.minB[u] = gen, top.block
		start := ws.src[u] == gen
		if !start {
			emit(u, pathLen{hours: top.key, block: top.block}, top.node)
		}
		if strongholds && m.endsAt(u, start, b, ctrl, top.key) {
			continue // a held city: the path ends there
		}
		block := m.blockPast(u, start, b, ctrl, top.block)
		for _, a := range open.arcs[open.start[u]:open.start[u+1]] {
			v := a.to
			hours := top.key + m.arcHours(a)
			if hours > cut || (ws.stamp[v] == gen && block >= ws.minB[v]) {
				continue
			}
			h = heapPush(h, label{key: hours, block: block, v: v, node: int32(len(ws.nodes))})
			ws.nodes = append(ws.nodes, reachNode{v, top.node})
		}
	}
	ws.heap = h
}

// slackCut is cut-off cut widened by far more than the rounding of a sum
// of a path's costs, in whichever order it is added up: for bounds that
// two searches must agree on (Runner.update).
func slackCut(cut float64) float64 {
	return cut*(1+1e-9) + 1e-9
}

// openRoads is the CSR form's arcs along the roads not cut on the days of
// one epoch (dayCtx.segOK), in the CSR's order: what the searches by cost
// walk, without testing every arc's segment.
type openRoads struct {
	start []int32 // per node: its first arc; len n+1
	arcs  []openArc
}

type openArc struct {
	to    int32
	hours float64 // the segment's travel time (before floor_hours)
}

func newOpenRoads(cs *CSR, segOK []bool) *openRoads {
	o := &openRoads{start: make([]int32, len(cs.Start))}
	for u := range cs.N() {
		for p := cs.Start[u]; p < cs.Start[u+1]; p++ {
			if segOK[cs.Seg[p]] {
				o.arcs = append(o.arcs, openArc{cs.To[p], cs.Hours[p]})
			}
		}
		o.start[u+1] = int32(len(o.arcs))
	}
	return o
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

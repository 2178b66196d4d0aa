package sim

import (
	"fmt"
	"math"
	"sort"

	"github.com/frontline-sim/frontline/geo"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"
)

// Graph is the road network as a weighted undirected graph. It is read-only
// once built and safe for concurrent use.
type Graph struct {
	Atlas *geo.Atlas
	g     *simple.WeightedUndirectedGraph
	// seg maps an unordered node pair to the cheapest segment joining them.
	seg map[[2]int64]int
	// adj lists each node's neighbours in ascending id order.
	adj [][]int64
	// incident lists the segments touching each place, ascending.
	incident [][]int
}

// CostHours returns the travel cost of a segment in hours: its length over
// its class's speed.
func CostHours(s geo.Segment) float64 { return s.LengthKm / s.Class.Speed() }

// NewGraph builds the graph of an atlas. Where two segments join the same
// pair of places, the cheaper one carries the edge. It takes O(n + m log m)
// time for n places and m segments.
func NewGraph(a *geo.Atlas) *Graph {
	gr := &Graph{Atlas: a, g: simple.NewWeightedUndirectedGraph(0, math.Inf(1)), seg: map[[2]int64]int{}}
	for i := range a.Places() {
		gr.g.AddNode(simple.Node(i))
	}
	for k, s := range a.Segments() {
		u, _ := a.Index(s.From)
		v, _ := a.Index(s.To)
		key := pair(int64(u), int64(v))
		if old, ok := gr.seg[key]; ok && CostHours(a.Segments()[old]) <= CostHours(s) {
			continue
		}
		gr.seg[key] = k
		gr.g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(u), T: simple.Node(v), W: CostHours(s)})
	}
	gr.incident = make([][]int, len(a.Places()))
	for k, s := range a.Segments() {
		u, _ := a.Index(s.From)
		v, _ := a.Index(s.To)
		gr.incident[u] = append(gr.incident[u], k)
		gr.incident[v] = append(gr.incident[v], k)
	}
	gr.adj = make([][]int64, len(a.Places()))
	for key := range gr.seg {
		gr.adj[key[0]] = append(gr.adj[key[0]], key[1])
		gr.adj[key[1]] = append(gr.adj[key[1]], key[0])
	}
	for _, ns := range gr.adj {
		sort.Slice(ns, func(i, j int) bool { return ns[i] < ns[j] })
	}
	return gr
}

func pair(u, v int64) [2]int64 {
	if u > v {
		u, v = v, u
	}
	return [2]int64{u, v}
}

// Neighbors returns the indexes of the places joined to place i by a
// segment, ascending. The slice must not be modified.
func (gr *Graph) Neighbors(i int) []int64 { return gr.adj[i] }

// Incident returns the indexes in Atlas.Segments of every segment that
// starts or ends at place i, ascending. The slice must not be modified.
func (gr *Graph) Incident(i int) []int { return gr.incident[i] }

// SegmentBetween returns the index in Atlas.Segments of the cheapest
// segment joining places i and j.
func (gr *Graph) SegmentBetween(i, j int) (int, bool) {
	k, ok := gr.seg[pair(int64(i), int64(j))]
	return k, ok
}

// Filter restricts a route to the places and segments a side may pass.
// A nil field allows everything.
type Filter struct {
	Place   func(place int) bool   // index in Atlas.Places
	Segment func(segment int) bool // index in Atlas.Segments
}

// Route is a path through the graph.
type Route struct {
	Places   []string // place ids, from first to last
	Segments []int    // indexes in Atlas.Segments, one per step
	LengthKm float64
	Hours    float64 // travel cost
}

// Roads returns the distinct road names along the route in travel order.
func (r Route) Roads(a *geo.Atlas) []string {
	var out []string
	for _, k := range r.Segments {
		name := a.Segments()[k].Road
		if len(out) == 0 || out[len(out)-1] != name {
			out = append(out, name)
		}
	}
	return out
}

// NoRouteError reports that no permitted route joins two places.
type NoRouteError struct{ From, To string }

func (e *NoRouteError) Error() string { return fmt.Sprintf("no route from %s to %s", e.From, e.To) }

// ShortestRoute returns the cheapest route from place from to place to
// (exact ids) passing only what f allows; the end places themselves must be
// allowed too. It runs Dijkstra's algorithm (gonum path.DijkstraFrom) in
// O((n + m) log n).
func (gr *Graph) ShortestRoute(from, to string, f Filter) (Route, error) {
	u, ok := gr.Atlas.Index(from)
	if !ok {
		return Route{}, fmt.Errorf("sim: unknown place %q", from)
	}
	v, ok := gr.Atlas.Index(to)
	if !ok {
		return Route{}, fmt.Errorf("sim: unknown place %q", to)
	}
	view := &filtered{gr: gr, f: f}
	if !view.placeOK(int64(u)) || !view.placeOK(int64(v)) {
		return Route{}, &NoRouteError{from, to}
	}
	sh := path.DijkstraFrom(simple.Node(u), view)
	nodes, cost := sh.To(int64(v))
	if len(nodes) == 0 || math.IsInf(cost, 1) {
		return Route{}, &NoRouteError{from, to}
	}
	r := Route{Hours: cost}
	for i, n := range nodes {
		r.Places = append(r.Places, gr.Atlas.Places()[n.ID()].ID)
		if i > 0 {
			k, _ := gr.SegmentBetween(int(nodes[i-1].ID()), int(n.ID()))
			r.Segments = append(r.Segments, k)
			r.LengthKm += gr.Atlas.Segments()[k].LengthKm
		}
	}
	return r, nil
}

// Reachable reports, for every place, whether a route from place from
// passing only what f allows reaches it. It is a breadth-first search in
// O(n + m).
func (gr *Graph) Reachable(from int, f Filter) []bool {
	view := &filtered{gr: gr, f: f}
	seen := make([]bool, len(gr.adj))
	if !view.placeOK(int64(from)) {
		return seen
	}
	queue := []int64{int64(from)}
	seen[from] = true
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, v := range gr.adj[u] {
			if !seen[v] && view.edgeOK(u, v) {
				seen[v] = true
				queue = append(queue, v)
			}
		}
	}
	return seen
}

// Connected reports whether every place can reach every other.
func (gr *Graph) Connected() bool {
	for _, ok := range gr.Reachable(0, Filter{}) {
		if !ok {
			return false
		}
	}
	return true
}

// filtered is a graph.Weighted view of gr restricted by f, which iterates
// neighbours in ascending id order so Dijkstra's tie-breaking is stable.
type filtered struct {
	gr *Graph
	f  Filter
}

func (v *filtered) placeOK(id int64) bool { return v.f.Place == nil || v.f.Place(int(id)) }

func (v *filtered) edgeOK(u, w int64) bool {
	if !v.placeOK(w) || !v.placeOK(u) {
		return false
	}
	k, ok := v.gr.seg[pair(u, w)]
	return ok && (v.f.Segment == nil || v.f.Segment(k))
}

func (v *filtered) Node(id int64) graph.Node { return v.gr.g.Node(id) }
func (v *filtered) Nodes() graph.Nodes       { return v.gr.g.Nodes() }

func (v *filtered) From(id int64) graph.Nodes {
	var ns []graph.Node
	for _, w := range v.gr.adj[id] {
		if v.edgeOK(id, w) {
			ns = append(ns, simple.Node(w))
		}
	}
	return iterator.NewOrderedNodes(ns)
}

func (v *filtered) HasEdgeBetween(x, y int64) bool { return v.edgeOK(x, y) }

func (v *filtered) Edge(u, w int64) graph.Edge { return v.WeightedEdge(u, w) }

func (v *filtered) WeightedEdge(u, w int64) graph.WeightedEdge {
	if !v.edgeOK(u, w) {
		return nil
	}
	return v.gr.g.WeightedEdge(u, w)
}

func (v *filtered) Weight(x, y int64) (float64, bool) {
	if x == y {
		return 0, true
	}
	if !v.edgeOK(x, y) {
		return math.Inf(1), false
	}
	return v.gr.g.Weight(x, y)
}

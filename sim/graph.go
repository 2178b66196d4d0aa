package sim

import (
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/safetext"
	"gonum.org/v1/gonum/graph/simple"
)

// Graph is the road network as a weighted undirected graph. It is read-only
// once built and safe for concurrent use. Searches run on its compact form
// (CSR): integer ids and flat arrays, shared by the replay and the model.
type Graph struct {
	Atlas *geo.Atlas
	// C is the compact form every search uses.
	C *CSR
	// seg maps an unordered node pair to the cheapest segment joining them.
	seg map[[2]int64]int
	// adj[adjStart[u]:adjStart[u+1]] lists node u's neighbours in
	// ascending id order.
	adj      []int64
	adjStart []int32
	// incident[incStart[u]:incStart[u+1]] lists the segments touching
	// place u, ascending. Flat arrays rather than a slice per place: they
	// hold no pointers, so the garbage collector need not walk them.
	incident []int
	incStart []int32
	searches sync.Pool

	paceOnce sync.Once
	pace     float64 // hours per km of great-circle distance, a lower bound; see estimateTo

	gonumOnce sync.Once
	g         *simple.WeightedUndirectedGraph
}

// CostHours returns the travel cost of a segment in hours: its length over
// its class's speed.
func CostHours(s geo.Segment) float64 { return s.LengthKm / s.Class.Speed() }

// NewGraph builds the graph of an atlas. Where two segments join the same
// pair of places, the cheaper one carries the edge. It takes O(n + m log m)
// time for n places and m segments.
func NewGraph(a *geo.Atlas) *Graph {
	n, segs := len(a.Places()), a.Segments()
	gr := &Graph{Atlas: a, seg: make(map[[2]int64]int, len(segs))}
	from, to := make([]int32, len(segs)), make([]int32, len(segs))
	hours := make([]float64, len(segs))
	gr.incStart = make([]int32, n+1)
	for k, s := range segs {
		u, _ := a.Index(s.From)
		v, _ := a.Index(s.To)
		from[k], to[k], hours[k] = int32(u), int32(v), CostHours(s)
		gr.incStart[u+1]++
		if v != u {
			gr.incStart[v+1]++
		}
		key := pair(int64(u), int64(v))
		if old, ok := gr.seg[key]; ok && hours[old] <= hours[k] {
			continue
		}
		gr.seg[key] = k
	}
	for u := range n {
		gr.incStart[u+1] += gr.incStart[u]
	}
	gr.incident = make([]int, gr.incStart[n])
	fill := append([]int32(nil), gr.incStart[:n]...)
	for k := range segs {
		u, v := from[k], to[k]
		gr.incident[fill[u]] = k
		fill[u]++
		if v != u {
			gr.incident[fill[v]] = k
			fill[v]++
		}
	}
	gr.C = newCSR(n, from, to, hours)
	gr.adj = make([]int64, 0, len(gr.C.To))
	gr.adjStart = make([]int32, n+1)
	for u := range n {
		row := len(gr.adj)
		for p := gr.C.Start[u]; p < gr.C.Start[u+1]; p++ {
			if v := int64(gr.C.To[p]); len(gr.adj) == row || gr.adj[len(gr.adj)-1] != v {
				gr.adj = append(gr.adj, v)
			}
		}
		gr.adjStart[u+1] = int32(len(gr.adj))
	}
	gr.searches.New = func() any { return NewSearch(n) }
	return gr
}

// Search returns a workspace for searches on gr from a pool; give it back
// with PutSearch.
func (gr *Graph) Search() *Search { return gr.searches.Get().(*Search) }

// PutSearch returns a workspace to the pool.
func (gr *Graph) PutSearch(s *Search) { gr.searches.Put(s) }

// Ends returns the node ids of segment k's two ends.
func (gr *Graph) Ends(k int) (int, int) { return int(gr.C.From[k]), int(gr.C.Dest[k]) }

// estimateTo returns an A* estimate of the hours from a node to place t
// (SearchOptions.Estimate), or nil where none is safe. It is the
// great-circle distance times the least pace (hours per km of
// great-circle distance) of any segment, less a part in 10⁹: by the
// triangle inequality it never falls by more than a segment's cost along
// it, and it falls by strictly less, so every node of the shortest path
// is settled before the target and ties break as in a plain search. A
// segment of no cost between distinct points makes the pace 0 and the
// search plain.
func (gr *Graph) estimateTo(t int32) func(v int32) float64 {
	gr.paceOnce.Do(func() {
		places := gr.Atlas.Places()
		pace := math.Inf(1)
		for k := range gr.C.From {
			km := geo.DistanceKm(places[gr.C.From[k]].Point, places[gr.C.Dest[k]].Point)
			if km > 0 {
				pace = min(pace, gr.C.hoursOf(k)/km)
			}
		}
		if math.IsInf(pace, 1) || math.IsNaN(pace) {
			pace = 0
		}
		gr.pace = pace * (1 - 1e-9)
	})
	if gr.pace <= 0 {
		return nil
	}
	places, pace := gr.Atlas.Places(), gr.pace
	goal := places[t].Point
	return func(v int32) float64 { return pace * geo.DistanceKm(places[v].Point, goal) }
}

// Gonum returns the graph as a gonum weighted undirected graph (the
// cheapest segment per pair of places), for analyses that gonum's
// algorithms serve; frontline's own searches use the CSR form. It is
// built on first use.
func (gr *Graph) Gonum() *simple.WeightedUndirectedGraph {
	gr.gonumOnce.Do(func() {
		g := simple.NewWeightedUndirectedGraph(0, math.Inf(1))
		for i := range gr.Atlas.Places() {
			g.AddNode(simple.Node(i))
		}
		for key, k := range gr.seg {
			if key[0] != key[1] {
				g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(key[0]), T: simple.Node(key[1]), W: gr.C.hoursOf(k)})
			}
		}
		gr.g = g
	})
	return gr.g
}

func pair(u, v int64) [2]int64 {
	if u > v {
		u, v = v, u
	}
	return [2]int64{u, v}
}

// Neighbors returns the indexes of the places joined to place i by a
// segment, ascending. The slice must not be modified.
func (gr *Graph) Neighbors(i int) []int64 {
	lo, hi := gr.adjStart[i], gr.adjStart[i+1]
	return gr.adj[lo:hi:hi]
}

// Incident returns the indexes in Atlas.Segments of every segment that
// starts or ends at place i, ascending. The slice must not be modified.
func (gr *Graph) Incident(i int) []int {
	lo, hi := gr.incStart[i], gr.incStart[i+1]
	return gr.incident[lo:hi:hi]
}

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
// allowed too. It runs Dijkstra's algorithm on the CSR form in
// O((n + m) log n).
func (gr *Graph) ShortestRoute(from, to string, f Filter) (Route, error) {
	u, ok := gr.Atlas.Index(from)
	if !ok {
		return Route{}, fmt.Errorf("sim: unknown place %s", safetext.Quote(from))
	}
	v, ok := gr.Atlas.Index(to)
	if !ok {
		return Route{}, fmt.Errorf("sim: unknown place %s", safetext.Quote(to))
	}
	o := SearchOptions{Target: int32(v)}
	if f.Place != nil {
		o.Node = make([]bool, gr.C.N())
		for i := range o.Node {
			o.Node[i] = f.Place(i)
		}
		if !o.Node[u] || !o.Node[v] {
			return Route{}, &NoRouteError{from, to}
		}
	}
	if f.Segment != nil {
		o.Segment = make([]bool, len(gr.C.From))
		for k := range o.Segment {
			o.Segment[k] = f.Segment(k)
		}
	}
	return gr.route(u, v, o)
}

// route runs one search and reads the path back.
func (gr *Graph) route(u, v int, o SearchOptions) (Route, error) {
	s := gr.Search()
	defer gr.PutSearch(s)
	o.Target = int32(v)
	o.Estimate = gr.estimateTo(o.Target)
	s.Run(gr.C, []int32{int32(u)}, o)
	if math.IsInf(s.Dist(int32(v)), 1) {
		a := gr.Atlas.Places()
		return Route{}, &NoRouteError{a[u].ID, a[v].ID}
	}
	r := Route{Hours: s.Dist(int32(v))}
	for w := int32(v); ; {
		r.Places = append(r.Places, gr.Atlas.Places()[w].ID)
		k := s.Via(w)
		if k < 0 {
			break
		}
		r.Segments = append(r.Segments, int(k))
		r.LengthKm += gr.Atlas.Segments()[k].LengthKm
		if gr.C.From[k] == w {
			w = gr.C.Dest[k]
		} else {
			w = gr.C.From[k]
		}
	}
	slices.Reverse(r.Places)
	slices.Reverse(r.Segments)
	return r, nil
}

// Reachable reports, for every place, whether a route from place from
// passing only what f allows reaches it. It is a breadth-first search in
// O(n + m).
func (gr *Graph) Reachable(from int, f Filter) []bool {
	seen := make([]bool, gr.C.N())
	if f.Place != nil && !f.Place(from) {
		return seen
	}
	queue := []int32{int32(from)}
	seen[from] = true
	c := gr.C
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for p := c.Start[u]; p < c.Start[u+1]; p++ {
			v := c.To[p]
			if !seen[v] && (f.Place == nil || f.Place(int(v))) && (f.Segment == nil || f.Segment(int(c.Seg[p]))) {
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

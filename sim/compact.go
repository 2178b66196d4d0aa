package sim

import "math"

// CSR is the road graph in compressed sparse row form: the neighbours of
// node u are To[Start[u]:Start[u+1]], reached by segment Seg[k] in Hours[k]
// hours, in ascending order of (neighbour, segment). Node ids are place
// indexes in Atlas.Places, segment ids indexes in Atlas.Segments. Every
// segment appears twice, once from each end; parallel segments are kept,
// so a search sees the cheapest. It is read-only once built; the model and
// the replay both search it with a Search, which owns the mutable arrays.
type CSR struct {
	Start []int32   // len n+1
	To    []int32   // len 2m
	Seg   []int32   // len 2m
	Hours []float64 // len 2m
	// From and Dest are each segment's end nodes, by segment id.
	From, Dest []int32
}

// N returns the number of nodes.
func (c *CSR) N() int { return len(c.Start) - 1 }

// newCSR builds the CSR form of n nodes and the segments joining from[k]
// and to[k] in hours[k]. It takes O(n + m log d) for m segments and the
// largest degree d.
func newCSR(n int, from, to []int32, hours []float64) *CSR {
	m := len(from)
	c := &CSR{Start: make([]int32, n+1), To: make([]int32, 2*m), Seg: make([]int32, 2*m), Hours: make([]float64, 2*m), From: from, Dest: to}
	for k := range m {
		c.Start[from[k]+1]++
		c.Start[to[k]+1]++
	}
	for u := range n {
		c.Start[u+1] += c.Start[u]
	}
	fill := append([]int32(nil), c.Start[:n]...)
	put := func(u, v int32, k int) {
		p := fill[u]
		fill[u]++
		c.To[p], c.Seg[p], c.Hours[p] = v, int32(k), hours[k]
	}
	for k := range m {
		put(from[k], to[k], k)
		put(to[k], from[k], k)
	}
	// Sort each row by (neighbour, segment): insertion sort, rows are short.
	for u := range n {
		lo, hi := int(c.Start[u]), int(c.Start[u+1])
		for i := lo + 1; i < hi; i++ {
			for j := i; j > lo && (c.To[j] < c.To[j-1] || (c.To[j] == c.To[j-1] && c.Seg[j] < c.Seg[j-1])); j-- {
				c.To[j], c.To[j-1] = c.To[j-1], c.To[j]
				c.Seg[j], c.Seg[j-1] = c.Seg[j-1], c.Seg[j]
				c.Hours[j], c.Hours[j-1] = c.Hours[j-1], c.Hours[j]
			}
		}
	}
	return c
}

// Search is a reusable Dijkstra workspace over a CSR: distances, the
// segment each node was reached by, and a binary heap, all flat arrays
// kept from one search to the next, so a search allocates nothing and
// costs O(k log k) in the k nodes it settles rather than O(n). A Search
// is not safe for concurrent use; give each goroutine its own.
type Search struct {
	dist    []float64
	via     []int32 // segment by which the node was reached; -1 for a source
	stamp   []uint32
	settled []uint32
	gen     uint32
	heap    []label
	place   []bool // scratch masks for callers, see masks
	seg     []bool
	// Reached lists the nodes settled by the last search, in the order
	// they were settled (nearest first).
	Reached []int32
}

// NewSearch returns a workspace for graphs of n nodes.
func NewSearch(n int) *Search {
	return &Search{dist: make([]float64, n), via: make([]int32, n), stamp: make([]uint32, n), settled: make([]uint32, n)}
}

// SearchOptions restrict a search. A nil mask allows everything.
type SearchOptions struct {
	// Node reports the nodes a path may enter (sources are always
	// entered). Indexed by node.
	Node []bool
	// Segment reports the segments a path may use. Indexed by segment.
	Segment []bool
	// Cutoff, when positive, stops the search at this many hours.
	Cutoff float64
	// Floor is the least travel time of a segment, in hours: zero-length
	// segments between co-located places would otherwise put two places
	// at distance 0.
	Floor float64
	// Target, when ≥ 0, stops the search once that node is settled.
	Target int32
	// Estimate, when set with a Target, makes the search A*: it returns
	// a lower bound of the hours from a node to the Target that is
	// consistent (never falls by more than a segment's cost along it) and
	// strictly below the cost of every segment between distinct points,
	// so that the Target's distance and the path read back with Via are
	// those a plain search gives, with far fewer nodes settled (see
	// Graph.estimateTo). Dist of other nodes is then only an upper bound.
	Estimate func(v int32) float64
}

// Run searches from the sources (all at distance 0) and returns the
// number of nodes settled. Ties break by node id, so results never depend
// on anything but the inputs.
func (s *Search) Run(c *CSR, sources []int32, o SearchOptions) int {
	s.gen++
	if s.gen == 0 { // wrapped: clear the stamps once every 2^32 searches
		clear(s.stamp)
		clear(s.settled)
		s.gen = 1
	}
	s.heap = s.heap[:0]
	s.Reached = s.Reached[:0]
	for _, v := range sources {
		if s.stamp[v] != s.gen {
			s.stamp[v] = s.gen
			s.dist[v], s.via[v] = 0, -1
			s.push(label{key: s.key(0, v, o), v: v})
		}
	}
	for len(s.heap) > 0 {
		// A node's first pop carries its least key (its estimate is
		// fixed), so later pops of it are stale.
		u := s.pop().v
		if s.settled[u] == s.gen {
			continue
		}
		s.settled[u] = s.gen
		s.Reached = append(s.Reached, u)
		if u == o.Target {
			break
		}
		du := s.dist[u]
		for p := c.Start[u]; p < c.Start[u+1]; p++ {
			v := c.To[p]
			if s.settled[v] == s.gen || (o.Node != nil && !o.Node[v]) || (o.Segment != nil && !o.Segment[c.Seg[p]]) {
				continue
			}
			nd := du + max(c.Hours[p], o.Floor)
			if o.Cutoff > 0 && nd > o.Cutoff {
				continue
			}
			if s.stamp[v] != s.gen || nd < s.dist[v] || (nd == s.dist[v] && c.Seg[p] < s.via[v]) {
				s.stamp[v] = s.gen
				s.dist[v], s.via[v] = nd, c.Seg[p]
				s.push(label{key: s.key(nd, v, o), v: v})
			}
		}
	}
	return len(s.Reached)
}

// key is the heap key of node v reached at distance d: d itself, plus
// the estimate of the rest of the way in an A* search.
func (s *Search) key(d float64, v int32, o SearchOptions) float64 {
	if o.Estimate != nil && o.Target >= 0 {
		return d + o.Estimate(v)
	}
	return d
}

// Dist returns the distance in hours of node v from the last search's
// sources, or +Inf if the search did not settle it.
func (s *Search) Dist(v int32) float64 {
	if s.settled[v] != s.gen {
		return math.Inf(1)
	}
	return s.dist[v]
}

// Via returns the segment by which the last search reached node v, or -1
// for a source or a node not reached.
func (s *Search) Via(v int32) int32 {
	if s.settled[v] != s.gen {
		return -1
	}
	return s.via[v]
}

func (s *Search) push(it label) { s.heap = heapPush(s.heap, it) }

func (s *Search) pop() label {
	top, h := heapPop(s.heap)
	s.heap = h
	return top
}

// hoursOf returns the travel time of segment k.
func (c *CSR) hoursOf(k int) float64 {
	u := c.From[k]
	for p := c.Start[u]; p < c.Start[u+1]; p++ {
		if c.Seg[p] == int32(k) {
			return c.Hours[p]
		}
	}
	return math.Inf(1)
}

// masks returns two scratch masks of n places and m segments owned by the
// workspace, for callers that build a filter per search.
func (s *Search) masks(n, m int) (place, seg []bool) {
	if len(s.place) != n {
		s.place = make([]bool, n)
	}
	if len(s.seg) != m {
		s.seg = make([]bool, m)
	}
	return s.place, s.seg
}

// Reach marks every node connected to the sources through nodes and
// segments the options allow (Cutoff and Target are ignored): a
// breadth-first search, cheaper than Run when only connection matters.
// Afterwards Dist is 0 for a reached node and +Inf for the others.
func (s *Search) Reach(c *CSR, sources []int32, o SearchOptions) int {
	s.gen++
	if s.gen == 0 {
		clear(s.stamp)
		clear(s.settled)
		s.gen = 1
	}
	q := s.Reached[:0]
	for _, v := range sources {
		if s.settled[v] != s.gen {
			s.settled[v], s.stamp[v] = s.gen, s.gen
			s.dist[v], s.via[v] = 0, -1
			q = append(q, v)
		}
	}
	for h := 0; h < len(q); h++ {
		u := q[h]
		for p := c.Start[u]; p < c.Start[u+1]; p++ {
			v := c.To[p]
			if s.settled[v] == s.gen || (o.Node != nil && !o.Node[v]) || (o.Segment != nil && !o.Segment[c.Seg[p]]) {
				continue
			}
			s.settled[v], s.stamp[v] = s.gen, s.gen
			s.dist[v], s.via[v] = 0, c.Seg[p]
			q = append(q, v)
		}
	}
	s.Reached = q
	return len(q)
}

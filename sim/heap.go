package sim

// The binary min-heap of the searches (Search's nodes, Model.reach's
// paths), in one place. A label is a node reached with a key: a
// distance (Search) or a path's cost or hours (reach). Labels come out by
// key, then blocking weight, then node id; labels equal in all three come
// out in an order fixed by the sequence of pushes and pops, so a search's
// result depends only on its inputs.
type label struct {
	key   float64 // Search: the distance; reach: the path's cost, or its hours (Pareto mode)
	block float64 // reach: the path's blocking weight
	v     int32
	node  int32 // reach: index in reachWS.nodes (Pareto mode), else −1
}

func (a label) less(b label) bool {
	if a.key != b.key {
		return a.key < b.key
	}
	if a.block != b.block {
		return a.block < b.block
	}
	return a.v < b.v
}

// heapPush adds it to heap h and returns the heap. Both functions move a
// hole instead of swapping, which leaves every label where swapping would.
func heapPush(h []label, it label) []label {
	h = append(h, it)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !it.less(h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = it
	return h
}

// heapPop removes the least label of the non-empty heap h and returns it
// and the heap.
func heapPop(h []label) (label, []label) {
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	if n == 0 {
		return top, h
	}
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		k := l
		if r := l + 1; r < n && h[r].less(h[l]) {
			k = r
		}
		if !h[k].less(last) {
			break
		}
		h[i] = h[k]
		i = k
	}
	h[i] = last
	return top, h
}

package sim

import (
	"math/rand/v2"
	"testing"

	"github.com/frontline-sim/frontline/geo"
)

// An A* search (SearchOptions.Estimate) must give the target the distance
// and the path a plain search gives, whatever the masks.
func TestEstimateKeepsRoutes(t *testing.T) {
	gr := NewGraph(geo.MustDefault())
	n, m := gr.C.N(), len(gr.C.From)
	if gr.estimateTo(0) == nil {
		t.Fatal("the built-in atlas should allow an estimate")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	plain, astar := NewSearch(n), NewSearch(n)
	path := func(s *Search, v int32) []int32 {
		var out []int32
		for k := s.Via(v); k >= 0; k = s.Via(v) {
			out = append(out, k)
			if gr.C.From[k] == v {
				v = gr.C.Dest[k]
			} else {
				v = gr.C.From[k]
			}
		}
		return out
	}
	for trial := range 400 {
		u, v := int32(rng.IntN(n)), int32(rng.IntN(n))
		o := SearchOptions{Target: v}
		if trial%2 == 1 {
			o.Segment = make([]bool, m)
			for k := range o.Segment {
				o.Segment[k] = rng.IntN(5) > 0
			}
		}
		plain.Run(gr.C, []int32{u}, o)
		o.Estimate = gr.estimateTo(v)
		settled := astar.Run(gr.C, []int32{u}, o)
		if plain.Dist(v) != astar.Dist(v) {
			t.Fatalf("%d→%d: A* distance %v, plain %v", u, v, astar.Dist(v), plain.Dist(v))
		}
		if p, q := path(plain, v), path(astar, v); !equalInt32(p, q) {
			t.Fatalf("%d→%d: A* path %v, plain %v", u, v, q, p)
		}
		if settled > len(plain.Reached) {
			t.Fatalf("%d→%d: A* settled %d nodes, plain %d", u, v, settled, len(plain.Reached))
		}
	}
}

func equalInt32(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

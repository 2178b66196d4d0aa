package export

import (
	"sync"

	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
)

// A compare's pictures (Pictures.Compare) are scene.CompareScene, the
// viewer's side by side: the history's simulation on the left, the
// what-if's with the difference layer on the right, the places whose
// odds move most in the note. Every format draws that one scene.

// compareSeq is the frames of a compare: its days, each drawn by
// CompareScene with the worker's builder of the history and its partner
// of the what-if.
func (p Pictures) compareSeq(tl *sim.Timeline) frameSeq {
	sd := &sides{c: p.Compare, b: map[*scene.Builder]*scene.Builder{}}
	return frameSeq{keys: p.Days(),
		scene: func(b *scene.Builder, i int) *scene.Scene {
			return scene.CompareScene(b, sd.right(b), i, p.View(tl), p.textZoom())
		},
		name: func(i int, ext string) string { return FileName(tl, i, ext) },
		title: func(i int) string {
			return p.dayTitle(tl)(i) + " — compared with " + p.Compare.B.Scenario.Title
		},
	}
}

// sides keeps, per worker's builder of the history, its builder of the
// what-if: builders are not safe for concurrent use, and making one per
// frame would redo the basemap each time.
type sides struct {
	c  *scene.Compared
	mu sync.Mutex
	b  map[*scene.Builder]*scene.Builder
}

// right returns a's partner, the what-if's builder, which draws the
// difference layer.
func (s *sides) right(a *scene.Builder) *scene.Builder {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.b[a]; ok {
		return b
	}
	b := scene.NewBuilder(s.c.B)
	b.Sim, b.Compare, b.CompareMarks = s.c.SimB, s.c.Diff, true
	s.b[a] = b
	return b
}

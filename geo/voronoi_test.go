package geo_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestVoronoiSquare(t *testing.T) {
	// Four sites in a 2×2 box: each cell is a unit square.
	sites := []orb.Point{{0.5, 0.5}, {1.5, 0.5}, {0.5, 1.5}, {1.5, 1.5}}
	box := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{2, 2}}
	cells := geo.Voronoi(sites, box)
	for i, c := range cells {
		r := geo.Ring(c)
		if a := planar.Area(r); math.Abs(a-1) > 1e-9 {
			t.Errorf("cell %d area %v, want 1", i, a)
		}
		if !planar.RingContains(r, sites[i]) {
			t.Errorf("cell %d does not contain its site", i)
		}
		neighbours := 0
		for _, e := range c {
			if e.Neighbor >= 0 {
				neighbours++
			}
		}
		if neighbours != 2 {
			t.Errorf("cell %d has %d neighbour edges, want 2", i, neighbours)
		}
	}
}

func TestVoronoiPartition(t *testing.T) {
	// Random sites: cells tile the box, and every point of a cell is
	// nearest to the cell's site.
	r := rand.New(rand.NewPCG(1, 2))
	sites := make([]orb.Point, 200)
	for i := range sites {
		sites[i] = orb.Point{r.Float64() * 100, r.Float64() * 50}
	}
	box := orb.Bound{Min: orb.Point{-10, -10}, Max: orb.Point{110, 60}}
	cells := geo.Voronoi(sites, box)
	total := 0.0
	for _, c := range cells {
		total += planar.Area(geo.Ring(c))
	}
	if want := 120.0 * 70; math.Abs(total-want) > 1e-6*want {
		t.Errorf("cells cover %v, want %v", total, want)
	}
	for k := 0; k < 500; k++ {
		p := orb.Point{r.Float64()*120 - 10, r.Float64()*70 - 10}
		near := 0
		for i := range sites {
			if planar.DistanceSquared(p, sites[i]) < planar.DistanceSquared(p, sites[near]) {
				near = i
			}
		}
		if !planar.RingContains(geo.Ring(cells[near]), p) {
			t.Fatalf("point %v is nearest site %d but outside its cell", p, near)
		}
	}
}

func TestClipToConvex(t *testing.T) {
	// An L-shaped subject clipped by a square that takes in one arm.
	subject := orb.Ring{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}
	clip := orb.Ring{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}
	got := geo.ClipToConvex(subject, clip)
	if a := math.Abs(planar.Area(got)); math.Abs(a-3) > 1e-9 {
		t.Errorf("clipped area %v, want 3", a)
	}
}

func BenchmarkVoronoi(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	sites := make([]orb.Point, 1000)
	for i := range sites {
		sites[i] = orb.Point{r.Float64() * 800, r.Float64() * 600}
	}
	box := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{800, 600}}
	b.ReportAllocs()
	for b.Loop() {
		geo.Voronoi(sites, box)
	}
}

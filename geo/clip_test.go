package geo_test

import (
	"math"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestClipToConvex(t *testing.T) {
	// An L-shaped subject clipped by a square that takes in one arm.
	subject := orb.Ring{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}
	clip := orb.Ring{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}
	got := geo.ClipToConvex(subject, clip)
	if a := math.Abs(planar.Area(got)); math.Abs(a-3) > 1e-9 {
		t.Errorf("clipped area %v, want 3", a)
	}
}

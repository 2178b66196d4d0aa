package geo

import (
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func lerp(a, b orb.Point, t float64) orb.Point {
	return orb.Point{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t}
}

// ClipToConvex returns the parts of the polygon subject that lie inside the
// convex, counter-clockwise ring clip (Sutherland–Hodgman). A result that
// falls apart into pieces is returned as one ring joined by zero-width
// seams, which leaves its area and its even-odd fill correct.
func ClipToConvex(subject orb.Ring, clip orb.Ring) orb.Ring {
	out := append(orb.Ring(nil), subject...)
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	for k := 0; k+1 < len(clip) && len(out) > 0; k++ {
		a, b := clip[k], clip[k+1]
		in := func(p orb.Point) float64 { return (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0]) }
		src := out
		out = nil
		for i := range src {
			p, q := src[i], src[(i+1)%len(src)]
			dp, dq := in(p), in(q)
			if dp >= 0 {
				out = append(out, p)
			}
			if (dp >= 0) != (dq >= 0) {
				out = append(out, lerp(p, q, dp/(dp-dq)))
			}
		}
	}
	if len(out) < 3 {
		return nil
	}
	return append(out, out[0])
}

// ClipSegment returns the parts of the segment a–b that lie inside the
// polygons of mp (holes excluded), in order from a to b. It takes
// O(v log v) for v polygon vertices.
func ClipSegment(a, b orb.Point, mp orb.MultiPolygon) []orb.LineString {
	ts := []float64{0, 1}
	d := orb.Point{b[0] - a[0], b[1] - a[1]}
	for _, poly := range mp {
		for _, r := range poly {
			for i := 0; i+1 < len(r); i++ {
				p, q := r[i], r[i+1]
				e := orb.Point{q[0] - p[0], q[1] - p[1]}
				den := d[0]*e[1] - d[1]*e[0]
				if den == 0 {
					continue
				}
				w := orb.Point{p[0] - a[0], p[1] - a[1]}
				t := (w[0]*e[1] - w[1]*e[0]) / den
				u := (w[0]*d[1] - w[1]*d[0]) / den
				if t > 0 && t < 1 && u >= 0 && u <= 1 {
					ts = append(ts, t)
				}
			}
		}
	}
	sort.Float64s(ts)
	var out []orb.LineString
	for i := 0; i+1 < len(ts); i++ {
		if ts[i+1]-ts[i] < 1e-12 {
			continue
		}
		mid := lerp(a, b, (ts[i]+ts[i+1])/2)
		if !planar.MultiPolygonContains(mp, mid) {
			continue
		}
		p, q := lerp(a, b, ts[i]), lerp(a, b, ts[i+1])
		if n := len(out); n > 0 && out[n-1][len(out[n-1])-1] == p {
			out[n-1] = append(out[n-1], q)
			continue
		}
		out = append(out, orb.LineString{p, q})
	}
	return out
}

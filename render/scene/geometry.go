package scene

import (
	"image/color"
	"math"

	"github.com/frontline-sim/frontline/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Hatch returns the strokes of a fill pattern over the screen polygon mp:
// "hatch" (45°), "backhatch" (−45°), "cross" (both), "vertical",
// "horizontal", "dots", or none for "solid". Lines are anchored to the
// screen grid, so neighbouring cells of one side join up seamlessly.
func Hatch(mp orb.MultiPolygon, pattern string, spacing, width float64, col color.RGBA) []Stroke {
	var dirs [][2]float64 // line directions
	switch pattern {
	case "hatch":
		dirs = [][2]float64{{1, -1}}
	case "backhatch":
		dirs = [][2]float64{{1, 1}}
	case "cross":
		dirs = [][2]float64{{1, -1}, {1, 1}}
	case "vertical":
		dirs = [][2]float64{{0, 1}}
	case "horizontal":
		dirs = [][2]float64{{1, 0}}
	case "dots":
		return dots(mp, spacing, width, col)
	default:
		return nil
	}
	b := mp.Bound()
	var out []Stroke
	for _, d := range dirs {
		n := orb.Point{-d[1], d[0]} // normal
		nl := math.Hypot(n[0], n[1])
		n = orb.Point{n[0] / nl, n[1] / nl}
		dl := math.Hypot(d[0], d[1])
		u := orb.Point{d[0] / dl, d[1] / dl}
		// Range of the offset c = p·n over the bound's corners.
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range []orb.Point{b.Min, b.Max, {b.Min[0], b.Max[1]}, {b.Max[0], b.Min[1]}} {
			c := p[0]*n[0] + p[1]*n[1]
			lo, hi = math.Min(lo, c), math.Max(hi, c)
		}
		ext := math.Hypot(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]) + 1
		mid := orb.Point{(b.Min[0] + b.Max[0]) / 2, (b.Min[1] + b.Max[1]) / 2}
		along := mid[0]*u[0] + mid[1]*u[1]
		for c := math.Ceil(lo/spacing) * spacing; c <= hi; c += spacing {
			base := orb.Point{n[0]*c + u[0]*along, n[1]*c + u[1]*along}
			a := orb.Point{base[0] - u[0]*ext, base[1] - u[1]*ext}
			z := orb.Point{base[0] + u[0]*ext, base[1] + u[1]*ext}
			for _, ls := range geo.ClipSegment(a, z, mp) {
				out = append(out, Stroke{Points: ptsOf(ls), Width: float32(width), Colour: col})
			}
		}
	}
	return out
}

// dots fills mp with short marks on a staggered grid.
func dots(mp orb.MultiPolygon, spacing, width float64, col color.RGBA) []Stroke {
	b := mp.Bound()
	var out []Stroke
	for y := math.Ceil(b.Min[1]/spacing) * spacing; y <= b.Max[1]; y += spacing {
		off := 0.0
		if int(math.Round(y/spacing))%2 != 0 {
			off = spacing / 2
		}
		for x := math.Ceil((b.Min[0]-off)/spacing)*spacing + off; x <= b.Max[0]; x += spacing {
			if inMulti(mp, orb.Point{x, y}) {
				out = append(out, Stroke{Points: []Pt{{float32(x - 1), float32(y)}, {float32(x + 1), float32(y)}}, Width: float32(width * 2.2), Colour: col, Round: true})
			}
		}
	}
	return out
}

// inMulti reports whether p is inside mp, holes excluded (orb/planar: the
// one point-in-polygon of the module).
func inMulti(mp orb.MultiPolygon, p orb.Point) bool { return planar.MultiPolygonContains(mp, p) }

func ptsOf(ls orb.LineString) []Pt {
	out := make([]Pt, len(ls))
	for i, p := range ls {
		out[i] = Pt{float32(p[0]), float32(p[1])}
	}
	return out
}

// Dash splits the polyline pts into dashes of length on separated by gaps
// of length off, all in pixels.
func Dash(pts []Pt, on, off float64, width float32, col color.RGBA) []Stroke {
	var out []Stroke
	drawing := true
	left := on
	cur := []Pt{}
	if len(pts) > 0 {
		cur = append(cur, pts[0])
	}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		seg := math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y))
		done := 0.0
		for seg-done > left {
			done += left
			t := float32(done / seg)
			p := Pt{a.X + (b.X-a.X)*t, a.Y + (b.Y-a.Y)*t}
			if drawing {
				cur = append(cur, p)
				out = append(out, Stroke{Points: cur, Width: width, Colour: col})
				cur = nil
				left = off
			} else {
				cur = []Pt{p}
				left = on
			}
			drawing = !drawing
		}
		left -= seg - done
		if drawing {
			cur = append(cur, b)
		}
	}
	if drawing && len(cur) > 1 {
		out = append(out, Stroke{Points: cur, Width: width, Colour: col})
	}
	return out
}

// CutMark returns an × of the given half-size across the middle of the
// polyline pts: the sign of a cut road.
func CutMark(pts []Pt, size float32, col color.RGBA) []Stroke {
	mid, ok := Midpoint(pts)
	if !ok {
		return nil
	}
	return []Stroke{
		{Points: []Pt{{mid.X - size, mid.Y - size}, {mid.X + size, mid.Y + size}}, Width: 7, Colour: CasingColour, Round: true},
		{Points: []Pt{{mid.X - size, mid.Y + size}, {mid.X + size, mid.Y - size}}, Width: 7, Colour: CasingColour, Round: true},
		{Points: []Pt{{mid.X - size, mid.Y - size}, {mid.X + size, mid.Y + size}}, Width: 3.5, Colour: col, Round: true},
		{Points: []Pt{{mid.X - size, mid.Y + size}, {mid.X + size, mid.Y - size}}, Width: 3.5, Colour: col, Round: true},
	}
}

// Midpoint returns the point halfway along a polyline.
func Midpoint(pts []Pt) (Pt, bool) {
	total := 0.0
	for i := 1; i < len(pts); i++ {
		total += math.Hypot(float64(pts[i].X-pts[i-1].X), float64(pts[i].Y-pts[i-1].Y))
	}
	if total == 0 {
		return Pt{}, false
	}
	half := total / 2
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		seg := math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y))
		if half <= seg {
			t := float32(half / seg)
			return Pt{a.X + (b.X-a.X)*t, a.Y + (b.Y-a.Y)*t}, true
		}
		half -= seg
	}
	return pts[len(pts)-1], true
}

// RectPolygon returns the rectangle r as a polygon.
func RectPolygon(r Rect) orb.MultiPolygon {
	return orb.MultiPolygon{{{{r.X, r.Y}, {r.X + r.W, r.Y}, {r.X + r.W, r.Y + r.H}, {r.X, r.Y + r.H}, {r.X, r.Y}}}}
}

package raster

import (
	"math"

	"github.com/frontline-sim/frontline/render/scene"
)

// path collects subpaths for one rasterisation. x/image/vector fills by
// the absolute winding number, clamped to full coverage, so every shape is
// added with a consistent orientation: overlapping shapes then unite, and a
// ring added the other way round cuts a hole.
type path struct {
	ops                    []pathOp
	minX, minY, maxX, maxY float64
}

type opKind uint8

const (
	opMove opKind = iota
	opLine
	opClose
)

type pathOp struct {
	kind opKind
	x, y float32
}

func (p *path) reset() {
	p.ops = p.ops[:0]
	p.minX, p.minY, p.maxX, p.maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
}

func (p *path) add(k opKind, x, y float64) {
	if len(p.ops) == 0 && k != opClose {
		p.minX, p.minY, p.maxX, p.maxY = x, y, x, y
	}
	p.ops = append(p.ops, pathOp{k, float32(x), float32(y)})
	if k == opClose {
		return
	}
	p.minX, p.maxX = math.Min(p.minX, x), math.Max(p.maxX, x)
	p.minY, p.maxY = math.Min(p.minY, y), math.Max(p.maxY, y)
}

// signedArea is the shoelace area of a ring, positive when it turns from
// +x toward +y.
func signedArea(r [][2]float64) float64 {
	a := 0.0
	for i := range r {
		j := (i + 1) % len(r)
		a += r[i][0]*r[j][1] - r[j][0]*r[i][1]
	}
	return a / 2
}

// polygon adds a closed ring, oriented so that its signed area has the
// sign of sign.
func (p *path) polygon(r [][2]float64, sign float64) {
	if len(r) < 3 {
		return
	}
	rev := signedArea(r)*sign < 0
	for i := range r {
		q := r[i]
		if rev {
			q = r[len(r)-1-i]
		}
		k := opLine
		if i == 0 {
			k = opMove
		}
		p.add(k, q[0], q[1])
	}
	p.add(opClose, 0, 0)
}

// evenOdd adds rings to be filled even-odd, as the viewer fills them: a
// ring inside an odd number of the others is a hole.
func (p *path) evenOdd(rings [][]scene.Pt) {
	rs := make([][][2]float64, 0, len(rings))
	for _, r := range rings {
		if len(r) < 3 {
			continue
		}
		q := make([][2]float64, len(r))
		for i, pt := range r {
			q[i] = [2]float64{float64(pt.X), float64(pt.Y)}
		}
		rs = append(rs, q)
	}
	for i, r := range rs {
		depth := 0
		if len(rs) > 1 {
			for j, o := range rs {
				if j != i && inRing(o, r[0]) {
					depth++
				}
			}
		}
		sign := -1.0
		if depth%2 == 1 {
			sign = 1
		}
		p.polygon(r, sign)
	}
}

func inRing(r [][2]float64, pt [2]float64) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		if (r[i][1] > pt[1]) != (r[j][1] > pt[1]) &&
			pt[0] < (r[j][0]-r[i][0])*(pt[1]-r[i][1])/(r[j][1]-r[i][1])+r[i][0] {
			in = !in
		}
	}
	return in
}

// stroke adds the outline of a polyline of width w: a quad per segment
// and a disc at every joint (round joins, as the viewer's), and at the
// ends when round.
func (p *path) stroke(pts any, w float64, round bool) {
	var q [][2]float64
	switch v := pts.(type) {
	case []scene.Pt:
		q = make([][2]float64, len(v))
		for i, pt := range v {
			q[i] = [2]float64{float64(pt.X), float64(pt.Y)}
		}
	case [][2]float64:
		q = v
	}
	if len(q) < 2 || w <= 0 {
		return
	}
	hw := w / 2
	for i := 1; i < len(q); i++ {
		a, b := q[i-1], q[i]
		dx, dy := b[0]-a[0], b[1]-a[1]
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*hw, dx/l*hw
		p.polygon([][2]float64{{a[0] + nx, a[1] + ny}, {b[0] + nx, b[1] + ny}, {b[0] - nx, b[1] - ny}, {a[0] - nx, a[1] - ny}}, -1)
	}
	if hw < 0.35 {
		return // a joint disc smaller than a pixel changes nothing
	}
	closed := q[0] == q[len(q)-1]
	for i := range q {
		end := i == 0 || i == len(q)-1
		if end && !round && !closed {
			continue
		}
		p.polygon(circle(q[i][0], q[i][1], hw), -1)
	}
}

// circle returns a polygon close to the circle, with enough sides that
// its error stays under a tenth of a pixel.
func circle(x, y, r float64) [][2]float64 {
	return arc(x, y, r, 0, 2*math.Pi)[:sides(r, 2*math.Pi)]
}

func sides(r, span float64) int {
	n := int(math.Ceil(span / (2 * math.Acos(math.Max(-1, 1-0.1/math.Max(r, 0.1))))))
	return max(6, min(n, 256))
}

// arc returns points along the circle from angle a0 to a1.
func arc(x, y, r, a0, a1 float64) [][2]float64 {
	n := sides(r, a1-a0)
	out := make([][2]float64, n+1)
	for i := 0; i <= n; i++ {
		a := a0 + (a1-a0)*float64(i)/float64(n)
		out[i] = [2]float64{x + r*math.Cos(a), y + r*math.Sin(a)}
	}
	return out
}

// roundRect returns the outline of a rectangle with rounded corners.
func roundRect(b scene.Rect, r float64) [][2]float64 {
	r = math.Min(r, math.Min(b.W, b.H)/2)
	if r <= 0 {
		return [][2]float64{{b.X, b.Y}, {b.X + b.W, b.Y}, {b.X + b.W, b.Y + b.H}, {b.X, b.Y + b.H}}
	}
	var out [][2]float64
	corners := [][3]float64{
		{b.X + b.W - r, b.Y + r, -math.Pi / 2},
		{b.X + b.W - r, b.Y + b.H - r, 0},
		{b.X + r, b.Y + b.H - r, math.Pi / 2},
		{b.X + r, b.Y + r, math.Pi},
	}
	for _, c := range corners {
		out = append(out, arc(c[0], c[1], r, c[2], c[2]+math.Pi/2)...)
	}
	return out
}

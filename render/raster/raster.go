package raster

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/frontline-sim/frontline/render/scene"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// Painter paints scenes. It caches font faces and label masks between
// frames, so one painter per goroutine serves a whole export; it is not
// safe for concurrent use.
type Painter struct {
	z      vector.Rasterizer
	path   path
	faces  map[faceKey]font.Face
	masks  map[maskKey]*textMask
	uni    image.Uniform
	Hidden map[string]bool // layers not to paint, by name
}

type faceKey struct {
	size float64
	bold bool
}

type maskKey struct {
	text string
	size float64
	bold bool
}

// textMask is a label's text rasterised once: its coverage and where the
// text's top-left sits in it.
type textMask struct {
	img    *image.Alpha
	ox, oy int
}

// New returns a painter.
func New() *Painter {
	return &Painter{faces: map[faceKey]font.Face{}, masks: map[maskKey]*textMask{}}
}

// Paint returns s painted on a new image of its size.
func (p *Painter) Paint(s *scene.Scene) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, s.W, s.H))
	p.PaintOn(dst, s)
	return dst
}

// PaintOn paints s onto dst, in the order scene.Scene documents.
func (p *Painter) PaintOn(dst *image.RGBA, s *scene.Scene) {
	if s.Background.A > 0 {
		p.uni.C = nrgba(s.Background)
		draw.Draw(dst, dst.Bounds(), &p.uni, image.Point{}, draw.Src)
	}
	for _, pn := range s.Panes {
		img := p.Paint(pn.Scene)
		draw.Draw(dst, img.Bounds().Add(image.Pt(pn.X, pn.Y)), img, image.Point{}, draw.Over)
	}
	for _, b := range s.Boxes {
		p.box(dst, b)
	}
	for _, l := range s.Layers {
		if p.Hidden[l.Name] {
			continue
		}
		p.fills(dst, l.Fills)
		p.strokes(dst, l.Strokes)
	}
	p.markers(dst, s.Markers)
	for _, l := range s.Labels {
		p.label(dst, l)
	}
	if s.Overlay != nil {
		p.PaintOn(dst, s.Overlay)
	}
}

func nrgba(c color.RGBA) color.NRGBA { return color.NRGBA(c) }

// fill rasterises the current path in colour c over dst.
func (p *Painter) fill(dst *image.RGBA, c color.RGBA) {
	if len(p.path.ops) == 0 || c.A == 0 {
		p.path.reset()
		return
	}
	b := dst.Bounds()
	x0 := max(b.Min.X, int(math.Floor(p.path.minX))-1)
	y0 := max(b.Min.Y, int(math.Floor(p.path.minY))-1)
	x1 := min(b.Max.X, int(math.Ceil(p.path.maxX))+1)
	y1 := min(b.Max.Y, int(math.Ceil(p.path.maxY))+1)
	if x1 <= x0 || y1 <= y0 {
		p.path.reset()
		return
	}
	p.uni.C = nrgba(c)
	if (x1-x0)*(y1-y0) > 16*tile*tile {
		p.fillTiled(dst, image.Rect(x0, y0, x1, y1))
	} else {
		p.draw(dst, image.Rect(x0, y0, x1, y1), p.path.ops)
	}
	p.path.reset()
}

// tile is the side of the squares a large path is painted in: a
// rasteriser's cost grows with the area it covers, so a road network or a
// river system that spans the map is painted only in the squares it
// crosses.
const tile = 128

// draw rasterises ops within r of dst in the painter's colour.
func (p *Painter) draw(dst *image.RGBA, r image.Rectangle, ops []pathOp) {
	p.z.Reset(r.Dx(), r.Dy())
	p.z.DrawOp = draw.Over
	ox, oy := float32(r.Min.X), float32(r.Min.Y)
	for _, op := range ops {
		switch op.kind {
		case opMove:
			p.z.MoveTo(op.x-ox, op.y-oy)
		case opLine:
			p.z.LineTo(op.x-ox, op.y-oy)
		case opClose:
			p.z.ClosePath()
		}
	}
	p.z.Draw(dst, r, &p.uni, image.Point{})
}

// fillTiled paints the current path within r square by square, each with
// the subpaths that touch it.
func (p *Painter) fillTiled(dst *image.RGBA, r image.Rectangle) {
	nx, ny := (r.Dx()+tile-1)/tile, (r.Dy()+tile-1)/tile
	tiles := make([][]pathOp, nx*ny)
	ops := p.path.ops
	for i := 0; i < len(ops); {
		j := i + 1
		for j < len(ops) && ops[j].kind != opMove {
			j++
		}
		minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, op := range ops[i:j] {
			if op.kind != opClose {
				minX, maxX = math.Min(minX, float64(op.x)), math.Max(maxX, float64(op.x))
				minY, maxY = math.Min(minY, float64(op.y)), math.Max(maxY, float64(op.y))
			}
		}
		// A closed subpath covers nothing outside its bound: it goes to
		// the squares its bound meets.
		tx0 := max(0, int(math.Floor((minX-1-float64(r.Min.X))/tile)))
		tx1 := min(nx-1, int(math.Floor((maxX+1-float64(r.Min.X))/tile)))
		ty0 := max(0, int(math.Floor((minY-1-float64(r.Min.Y))/tile)))
		ty1 := min(ny-1, int(math.Floor((maxY+1-float64(r.Min.Y))/tile)))
		for ty := ty0; ty <= ty1; ty++ {
			for tx := tx0; tx <= tx1; tx++ {
				tiles[ty*nx+tx] = append(tiles[ty*nx+tx], ops[i:j]...)
			}
		}
		i = j
	}
	for ty := 0; ty < ny; ty++ {
		for tx := 0; tx < nx; tx++ {
			if len(tiles[ty*nx+tx]) == 0 {
				continue
			}
			tr := image.Rect(r.Min.X+tx*tile, r.Min.Y+ty*tile, r.Min.X+(tx+1)*tile, r.Min.Y+(ty+1)*tile).Intersect(r)
			p.draw(dst, tr, tiles[ty*nx+tx])
		}
	}
}

// fills paints fills grouped as the viewer does (scene.GroupFills): the
// order of fills inside a layer does not matter.
func (p *Painter) fills(dst *image.RGBA, fs []scene.Fill) {
	for _, g := range scene.GroupFills(fs) {
		for _, f := range g.Fills {
			p.path.evenOdd(f.Rings)
		}
		p.fill(dst, g.Colour)
	}
}

type strokeStyle struct {
	width  float32
	colour color.RGBA
	round  bool
}

// strokes paints strokes grouped by style, in order of first appearance.
// A group is one coverage mask, so a translucent line that crosses itself
// is not darker where it does, as in the viewer.
func (p *Painter) strokes(dst *image.RGBA, ss []scene.Stroke) {
	var order []strokeStyle
	groups := map[strokeStyle][]scene.Stroke{}
	for _, s := range ss {
		k := strokeStyle{s.Width, s.Colour, s.Round}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], s)
	}
	for _, k := range order {
		for _, s := range groups[k] {
			p.path.stroke(s.Points, float64(s.Width), s.Round)
		}
		p.fill(dst, k.colour)
	}
}

func (p *Painter) box(dst *image.RGBA, b scene.Box) {
	ring := roundRect(b.R, b.Radius)
	p.path.polygon(ring, -1)
	p.fill(dst, b.Fill)
	if b.Border.A > 0 {
		p.path.stroke(append(ring, ring[0]), 1, false)
		p.fill(dst, b.Border)
	}
}

// markers paints place symbols: highlight discs first, so no halo covers
// a neighbouring symbol, then rings, symbols and outlines.
func (p *Painter) markers(dst *image.RGBA, ms []scene.Marker) {
	for _, m := range ms {
		if m.Highlight {
			k := scale(m.Scale)
			p.path.polygon(circle(float64(m.X), float64(m.Y), float64(m.R)+6*k), -1)
			p.fill(dst, scene.WithAlpha(scene.HighlightColour, 0.8))
		}
	}
	for _, m := range ms {
		p.marker(dst, m)
	}
}

func scale(k float32) float64 {
	if k == 0 {
		return 1
	}
	return float64(k)
}

func (p *Painter) marker(dst *image.RGBA, m scene.Marker) {
	k := scale(m.Scale)
	x, y, r := float64(m.X), float64(m.Y), float64(m.R)
	if m.HasRing {
		rr := r + 4*k
		if m.RingDashed {
			n := 10
			for i := 0; i < n; i++ {
				a0 := float64(i) * 2 * math.Pi / float64(n)
				p.path.stroke(arc(x, y, rr, a0, a0+math.Pi/float64(n)), 3*k, false)
			}
			p.fill(dst, m.Ring)
		} else {
			p.annulus(x, y, rr, 4.6*k)
			p.fill(dst, scene.InkColour)
			p.annulus(x, y, rr, 3*k)
			p.fill(dst, m.Ring)
		}
	}
	outline := shape(m.Shape, x, y, r)
	p.path.polygon(outline, -1)
	p.fill(dst, m.Fill)
	if m.Shape == scene.Circle {
		p.annulus(x, y, r, 1.3*k)
	} else {
		p.path.stroke(append(outline, outline[0]), 1.3*k, false)
	}
	p.fill(dst, scene.InkColour)
}

// annulus adds a ring of width w centred on the circle of radius r.
func (p *Painter) annulus(x, y, r, w float64) {
	p.path.polygon(circle(x, y, r+w/2), -1)
	if r-w/2 > 0 {
		p.path.polygon(circle(x, y, r-w/2), 1)
	}
}

// shape returns the outline of a symbol, as the viewer draws it.
func shape(s scene.Shape, x, y, r float64) [][2]float64 {
	switch s {
	case scene.Square:
		return [][2]float64{{x - r, y - r}, {x + r, y - r}, {x + r, y + r}, {x - r, y + r}}
	case scene.Triangle:
		r *= 1.3
		return [][2]float64{{x, y - r}, {x + r*0.87, y + r*0.5}, {x - r*0.87, y + r*0.5}}
	case scene.Diamond:
		r *= 1.25
		return [][2]float64{{x, y - r}, {x + r, y}, {x, y + r}, {x - r, y}}
	}
	return circle(x, y, r)
}

func (p *Painter) face(size float64, bold bool) font.Face {
	k := faceKey{size, bold}
	if f, ok := p.faces[k]; ok {
		return f
	}
	f, err := opentype.NewFace(scene.Font(bold), &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("raster: font face: " + err.Error())
	}
	p.faces[k] = f
	return f
}

// mask returns the coverage of a text, rasterised once per painter.
func (p *Painter) mask(text string, size float64, bold bool) *textMask {
	k := maskKey{text, size, bold}
	if m, ok := p.masks[k]; ok {
		return m
	}
	f := p.face(size, bold)
	d := &font.Drawer{Face: f}
	bounds, _ := d.BoundString(text)
	asc := f.Metrics().Ascent
	// The text's top-left is (0, 0); its baseline is at the ascent, as in
	// Ebiten's text package.
	x0, y0 := bounds.Min.X.Floor()-1, (bounds.Min.Y+asc).Floor()-1
	x1, y1 := bounds.Max.X.Ceil()+1, (bounds.Max.Y+asc).Ceil()+1
	img := image.NewAlpha(image.Rect(0, 0, max(1, x1-x0), max(1, y1-y0)))
	d.Dst, d.Src = img, image.Opaque
	d.Dot = fixed.Point26_6{X: fixed.I(-x0), Y: asc - fixed.I(y0)}
	d.DrawString(text)
	m := &textMask{img: img, ox: x0, oy: y0}
	p.masks[k] = m
	return m
}

// text paints s with its top-left at (x, y), rounded to whole pixels as
// the viewer does.
func (p *Painter) text(dst *image.RGBA, m *textMask, x, y float64, c color.RGBA) {
	px, py := int(math.Round(x))+m.ox, int(math.Round(y))+m.oy
	r := image.Rect(px, py, px+m.img.Rect.Dx(), py+m.img.Rect.Dy())
	p.uni.C = nrgba(c)
	draw.DrawMask(dst, r, &p.uni, image.Point{}, m.img, image.Point{}, draw.Over)
}

func (p *Painter) label(dst *image.RGBA, l scene.Label) {
	k := scale(l.Scale)
	m := p.mask(l.Text, l.Size, l.Bold)
	if l.Shield {
		ring := roundRect(l.Box, 3*k)
		p.path.polygon(ring, -1)
		p.fill(dst, l.Fill)
		p.path.stroke(append(ring, ring[0]), 1.5*k, false)
		p.fill(dst, scene.CasingColour)
		p.text(dst, m, float64(l.X), float64(l.Y), l.Colour)
		return
	}
	if l.Halo.A > 0 {
		for _, d := range [][2]float64{{-2, 0}, {2, 0}, {0, -2}, {0, 2}, {-1, -1}, {1, 1}, {-1, 1}, {1, -1}} {
			p.text(dst, m, float64(l.X)+d[0]*k, float64(l.Y)+d[1]*k, l.Halo)
		}
	}
	p.text(dst, m, float64(l.X), float64(l.Y), l.Colour)
}

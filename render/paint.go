package render

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font/opentype"

	"github.com/frontline-sim/frontline/render/scene"
)

// Painter paints scenes and chrome with Ebiten. It keeps its own font
// faces (measuring and painting never share one) and is used from the game
// goroutine only.
type Painter struct {
	faces   map[faceKey]text.Face // never shared with scene's measuring faces
	sprites map[spriteKey]*ebiten.Image
	path    vector.Path
	aa      bool // antialias paths: on for the chrome, off for supersampled maps
}

// NewPainter returns a painter.
func NewPainter() *Painter {
	return &Painter{faces: map[faceKey]text.Face{}, sprites: map[spriteKey]*ebiten.Image{}}
}

func (p *Painter) opts(c color.RGBA) *vector.DrawPathOptions {
	if p.aa {
		return drawOpts(c)
	}
	return mapOpts(c)
}

// face returns an Ebiten face of the Go font.
func (p *Painter) face(size float64, bold bool) text.Face {
	k := faceKey{size, bold}
	if f, ok := p.faces[k]; ok {
		return f
	}
	xf, err := opentype.NewFace(scene.Font(bold), &opentype.FaceOptions{Size: size, DPI: 72})
	if err != nil {
		panic("render: font face: " + err.Error())
	}
	f := text.NewGoXFace(xf)
	p.faces[k] = f
	return f
}

type faceKey struct {
	size float64
	bold bool
}

// nrgba converts our straight-alpha colours for Ebiten, which reads
// color.RGBA as premultiplied.
func nrgba(c color.RGBA) color.NRGBA { return color.NRGBA(c) }

// mapOpts draws without antialiasing: the map is supersampled instead.
func mapOpts(c color.RGBA) *vector.DrawPathOptions {
	op := &vector.DrawPathOptions{}
	op.ColorScale.ScaleWithColor(nrgba(c))
	return op
}

func drawOpts(c color.RGBA) *vector.DrawPathOptions {
	op := &vector.DrawPathOptions{AntiAlias: true}
	op.ColorScale.ScaleWithColor(nrgba(c))
	return op
}

// Scene paints s onto dst. Layers named in hide are skipped.
//
// Within a layer, fills of one colour are painted as one path, and so are
// strokes of one style: the order of fills or strokes inside a layer does
// not matter (scene builders split layers where it does), and every path
// costs a stencil pass, which the software renderer under Xvfb feels.
func (p *Painter) Scene(dst *ebiten.Image, s *scene.Scene, hide map[string]bool) {
	if s.Background.A > 0 {
		dst.Fill(nrgba(s.Background))
	}
	for _, b := range s.Boxes {
		p.Box(dst, b.R, float32(b.Radius), b.Fill, b.Border)
	}
	for _, l := range s.Layers {
		if hide[l.Name] {
			continue
		}
		p.fills(dst, l.Fills)
		p.strokes(dst, groupStrokes(l.Strokes))
	}
	p.markers(dst, s.Markers)
	p.Labels(dst, s.Labels)
	if s.Overlay != nil {
		p.Scene(dst, s.Overlay, hide)
	}
}

// Labels paints labels.
func (p *Painter) Labels(dst *ebiten.Image, ls []scene.Label) {
	for _, lb := range ls {
		p.label(dst, lb)
	}
}

// fills paints fills grouped by colour (scene.GroupFills).
func (p *Painter) fills(dst *ebiten.Image, fs []scene.Fill) {
	for _, g := range scene.GroupFills(fs) {
		p.path.Reset()
		for _, f := range g.Fills {
			for _, r := range f.Rings {
				if len(r) < 3 {
					continue
				}
				p.path.MoveTo(r[0].X, r[0].Y)
				for _, q := range r[1:] {
					p.path.LineTo(q.X, q.Y)
				}
				p.path.Close()
			}
		}
		vector.FillPath(dst, &p.path, &vector.FillOptions{FillRule: vector.FillRuleEvenOdd}, p.opts(g.Colour))
	}
}

type strokeStyle struct {
	width  float32
	colour color.RGBA
	round  bool
}

// groupStrokes orders strokes so that those of one style are adjacent,
// keeping the styles in order of first appearance.
func groupStrokes(ss []scene.Stroke) []scene.Stroke {
	var order []strokeStyle
	groups := map[strokeStyle][]scene.Stroke{}
	for _, s := range ss {
		k := strokeStyle{s.Width, s.Colour, s.Round}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], s)
	}
	out := make([]scene.Stroke, 0, len(ss))
	for _, k := range order {
		out = append(out, groups[k]...)
	}
	return out
}

// strokes paints a list of strokes, batching runs of one style into one
// path so that the software renderer under Xvfb keeps up.
func (p *Painter) strokes(dst *ebiten.Image, ss []scene.Stroke) {
	for i := 0; i < len(ss); {
		j := i
		p.path.Reset()
		for j < len(ss) && ss[j].Width == ss[i].Width && ss[j].Colour == ss[i].Colour && ss[j].Round == ss[i].Round {
			pts := ss[j].Points
			if len(pts) >= 2 {
				p.path.MoveTo(pts[0].X, pts[0].Y)
				for _, q := range pts[1:] {
					p.path.LineTo(q.X, q.Y)
				}
			}
			j++
		}
		op := &vector.StrokeOptions{Width: ss[i].Width, LineJoin: vector.LineJoinRound}
		if ss[i].Round {
			op.LineCap = vector.LineCapRound
		}
		vector.StrokePath(dst, &p.path, op, p.opts(ss[i].Colour))
		i = j
	}
}

// shapePath appends the outline of a marker's symbol to the path.
func (p *Painter) shapePath(m scene.Marker, r float32) {
	switch m.Shape {
	case scene.Square:
		p.path.MoveTo(m.X-r, m.Y-r)
		p.path.LineTo(m.X+r, m.Y-r)
		p.path.LineTo(m.X+r, m.Y+r)
		p.path.LineTo(m.X-r, m.Y+r)
		p.path.Close()
	case scene.Triangle:
		r *= 1.3
		p.path.MoveTo(m.X, m.Y-r)
		p.path.LineTo(m.X+r*0.87, m.Y+r*0.5)
		p.path.LineTo(m.X-r*0.87, m.Y+r*0.5)
		p.path.Close()
	case scene.Diamond:
		r *= 1.25
		p.path.MoveTo(m.X, m.Y-r)
		p.path.LineTo(m.X+r, m.Y)
		p.path.LineTo(m.X, m.Y+r)
		p.path.LineTo(m.X-r, m.Y)
		p.path.Close()
	default:
		p.path.MoveTo(m.X+r, m.Y)
		p.path.Arc(m.X, m.Y, r, 0, 2*math.Pi, vector.Clockwise)
		p.path.Close()
	}
}

// markers paints place symbols. Each distinct symbol is drawn once, with
// antialiasing, into a small sprite; the map then draws sprites, which
// Ebiten batches into one draw call where a path per symbol would cost a
// stencil pass each.
func (p *Painter) markers(dst *ebiten.Image, ms []scene.Marker) {
	draw := func(m scene.Marker, halo bool) {
		sp, half := p.sprite(m, halo)
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(math.Round(float64(m.X)-half), math.Round(float64(m.Y)-half))
		dst.DrawImage(sp, op)
	}
	// Highlights first, so no halo covers a neighbouring symbol.
	for _, m := range ms {
		if m.Highlight {
			draw(m, true)
		}
	}
	for _, m := range ms {
		draw(m, false)
	}
}

type spriteKey struct {
	shape           scene.Shape
	r, k            float32
	fill, ring      color.RGBA
	hasRing, dashed bool
	halo            bool
}

// sprite returns the image of a marker centred in it, and half its size.
// With halo it is the highlight disc alone, drawn under every symbol.
func (p *Painter) sprite(m scene.Marker, halo bool) (*ebiten.Image, float64) {
	k := m.Scale
	if k == 0 {
		k = 1
	}
	key := spriteKey{shape: m.Shape, r: float32(math.Round(float64(m.R)*4) / 4), k: k, fill: m.Fill, ring: m.Ring, hasRing: m.HasRing, dashed: m.RingDashed, halo: halo}
	if halo {
		key = spriteKey{r: key.r, k: k, halo: true}
	}
	half := math.Ceil(float64(key.r+9*k)) + 1
	if sp, ok := p.sprites[key]; ok {
		return sp, half
	}
	// Draw the symbol at four times the size without antialiasing and
	// shrink it: smooth edges without Ebiten's antialiased path filling,
	// which is slow and memory-hungry on a software renderer.
	const over = 4
	size := int(2 * half)
	big := ebiten.NewImage(size*over, size*over)
	defer big.Deallocate()
	c := scene.Marker{X: float32(half * over), Y: float32(half * over), R: key.r * over, Shape: m.Shape, Fill: m.Fill, Outline: scene.InkColour,
		Ring: m.Ring, HasRing: m.HasRing, RingDashed: m.RingDashed, Highlight: halo, Scale: k * over}
	aa := p.aa
	p.aa = false
	p.drawMarker(big, c, halo)
	p.aa = aa
	img := ebiten.NewImage(size, size)
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	op.GeoM.Scale(1.0/over, 1.0/over)
	img.DrawImage(big, op)
	p.sprites[key] = img
	return img, half
}

// drawMarker paints one marker with paths: the highlight disc alone, or
// the ring, symbol and outline.
func (p *Painter) drawMarker(dst *ebiten.Image, m scene.Marker, halo bool) {
	k := m.Scale
	if halo {
		p.path.Reset()
		p.path.MoveTo(m.X+m.R+6*k, m.Y)
		p.path.Arc(m.X, m.Y, m.R+6*k, 0, 2*math.Pi, vector.Clockwise)
		p.path.Close()
		vector.FillPath(dst, &p.path, nil, p.opts(scene.WithAlpha(scene.HighlightColour, 0.8)))
		return
	}
	if m.HasRing {
		rr := m.R + 4*k
		p.path.Reset()
		if m.RingDashed {
			n := 10
			for i := 0; i < n; i++ {
				a0 := float32(i) * 2 * math.Pi / float32(n)
				p.path.MoveTo(m.X+rr*float32(math.Cos(float64(a0))), m.Y+rr*float32(math.Sin(float64(a0))))
				p.path.Arc(m.X, m.Y, rr, a0, a0+math.Pi/float32(n), vector.Clockwise)
			}
			vector.StrokePath(dst, &p.path, &vector.StrokeOptions{Width: 3 * k}, p.opts(m.Ring))
		} else {
			p.path.MoveTo(m.X+rr, m.Y)
			p.path.Arc(m.X, m.Y, rr, 0, 2*math.Pi, vector.Clockwise)
			p.path.Close()
			vector.StrokePath(dst, &p.path, &vector.StrokeOptions{Width: 4.6 * k}, p.opts(scene.InkColour))
			vector.StrokePath(dst, &p.path, &vector.StrokeOptions{Width: 3 * k}, p.opts(m.Ring))
		}
	}
	p.path.Reset()
	p.shapePath(m, m.R)
	vector.FillPath(dst, &p.path, nil, p.opts(m.Fill))
	vector.StrokePath(dst, &p.path, &vector.StrokeOptions{Width: 1.3 * k, LineJoin: vector.LineJoinRound}, p.opts(scene.InkColour))
}

func (p *Painter) label(dst *ebiten.Image, l scene.Label) {
	f := p.face(l.Size, l.Bold)
	k := float64(l.Scale)
	if k == 0 {
		k = 1
	}
	if l.Shield {
		p.path.Reset()
		b := l.Box
		p.roundRect(float32(b.X), float32(b.Y), float32(b.W), float32(b.H), 3*float32(k))
		vector.FillPath(dst, &p.path, nil, p.opts(l.Fill))
		vector.StrokePath(dst, &p.path, &vector.StrokeOptions{Width: 1.5 * float32(k)}, p.opts(scene.CasingColour))
		p.Text(dst, l.Text, f, float64(l.X), float64(l.Y), l.Colour)
		return
	}
	if l.Halo.A > 0 {
		for _, d := range [][2]float64{{-2, 0}, {2, 0}, {0, -2}, {0, 2}, {-1, -1}, {1, 1}, {-1, 1}, {1, -1}} {
			p.Text(dst, l.Text, f, float64(l.X)+d[0]*k, float64(l.Y)+d[1]*k, l.Halo)
		}
	}
	p.Text(dst, l.Text, f, float64(l.X), float64(l.Y), l.Colour)
}

// Text draws s with its top-left at (x, y).
func (p *Painter) Text(dst *ebiten.Image, s string, f text.Face, x, y float64, c color.RGBA) {
	op := &text.DrawOptions{}
	// Whole pixels: glyphs are cached per sub-pixel offset, and a fresh
	// offset means rasterising the glyph again.
	op.GeoM.Translate(math.Round(x), math.Round(y))
	op.ColorScale.ScaleWithColor(nrgba(c))
	text.Draw(dst, s, f, op)
}

func (p *Painter) roundRect(x, y, w, h, r float32) {
	p.path.MoveTo(x+r, y)
	p.path.LineTo(x+w-r, y)
	p.path.ArcTo(x+w, y, x+w, y+r, r)
	p.path.LineTo(x+w, y+h-r)
	p.path.ArcTo(x+w, y+h, x+w-r, y+h, r)
	p.path.LineTo(x+r, y+h)
	p.path.ArcTo(x, y+h, x, y+h-r, r)
	p.path.LineTo(x, y+r)
	p.path.ArcTo(x, y, x+r, y, r)
	p.path.Close()
}

// Box fills a rounded rectangle with an optional border.
func (p *Painter) Box(dst *ebiten.Image, r scene.Rect, radius float32, fill, border color.RGBA) {
	p.path.Reset()
	p.roundRect(float32(r.X), float32(r.Y), float32(r.W), float32(r.H), radius)
	vector.FillPath(dst, &p.path, nil, p.opts(fill))
	if border.A > 0 {
		vector.StrokePath(dst, &p.path, &vector.StrokeOptions{Width: 1}, p.opts(border))
	}
}

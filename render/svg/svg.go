// Package svg writes render/scene display lists as SVG: vector frames for
// print and slides, with text kept as text in the Go fonts, which are
// embedded so that the file looks the same everywhere.
package svg

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/frontline-sim/frontline/render/scene"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Options tune the output.
type Options struct {
	// NoFonts leaves the Go fonts out: the file is far smaller, and the
	// text falls back to the reader's sans-serif.
	NoFonts bool
	Title   string // the document's <title>
}

// Write writes s as a standalone SVG document.
func Write(w io.Writer, s *scene.Scene, o Options) error {
	bw := bufio.NewWriter(w)
	e := &enc{w: bw}
	e.printf(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	e.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">`+"\n", s.W, s.H, s.W, s.H)
	if o.Title != "" {
		e.printf("<title>%s</title>\n", esc(o.Title))
	}
	family := "sans-serif"
	if !o.NoFonts {
		family = "Go, sans-serif"
		e.printf("<style>\n")
		e.printf("@font-face{font-family:Go;font-weight:normal;src:url(data:font/ttf;base64,%s) format('truetype')}\n", base64.StdEncoding.EncodeToString(goregular.TTF))
		e.printf("@font-face{font-family:Go;font-weight:bold;src:url(data:font/ttf;base64,%s) format('truetype')}\n", base64.StdEncoding.EncodeToString(gobold.TTF))
		e.printf("</style>\n")
	}
	e.printf(`<g font-family="%s">`+"\n", family)
	e.scene(s)
	e.printf("</g>\n</svg>\n")
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

type enc struct {
	w   *bufio.Writer
	err error
	ids map[string]int
}

// id returns name, or name-2, name-3… when it is taken: ids are unique in
// a document, and two layers may share a name (the roads and their cut
// marks).
func (e *enc) id(name string) string {
	if e.ids == nil {
		e.ids = map[string]int{}
	}
	e.ids[name]++
	if n := e.ids[name]; n > 1 {
		return fmt.Sprintf("%s-%d", name, n)
	}
	return name
}

func (e *enc) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

func (e *enc) scene(s *scene.Scene) {
	if s.Background.A > 0 {
		e.printf(`<rect width="%d" height="%d"%s/>`+"\n", s.W, s.H, fill(s.Background))
	}
	// A nested <svg> clips what it holds to its viewport.
	for _, pn := range s.Panes {
		e.printf(`<svg x="%d" y="%d" width="%d" height="%d" viewBox="0 0 %d %d" overflow="hidden">`+"\n", pn.X, pn.Y, pn.Scene.W, pn.Scene.H, pn.Scene.W, pn.Scene.H)
		e.scene(pn.Scene)
		e.printf("</svg>\n")
	}
	for _, b := range s.Boxes {
		e.box(b)
	}
	for _, l := range s.Layers {
		e.printf(`<g id="%s">`+"\n", esc(e.id(l.Name)))
		e.fills(l.Fills)
		e.strokes(l.Strokes)
		e.printf("</g>\n")
	}
	e.markers(s.Markers)
	for _, l := range s.Labels {
		e.label(l)
	}
	if s.Overlay != nil {
		e.printf(`<g id="%s">`+"\n", e.id("chrome"))
		e.scene(s.Overlay)
		e.printf("</g>\n")
	}
}

func num(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

func hex(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

func fill(c color.RGBA) string {
	s := ` fill="` + hex(c) + `"`
	if c.A < 255 {
		s += ` fill-opacity="` + strconv.FormatFloat(float64(c.A)/255, 'f', 3, 64) + `"`
	}
	return s
}

func stroke(c color.RGBA, w float64) string {
	s := ` fill="none" stroke="` + hex(c) + `" stroke-width="` + num(w) + `"`
	if c.A < 255 {
		s += ` stroke-opacity="` + strconv.FormatFloat(float64(c.A)/255, 'f', 3, 64) + `"`
	}
	return s
}

func pathData(b *strings.Builder, pts []scene.Pt, closed bool) {
	for i, p := range pts {
		if i == 0 {
			b.WriteString("M")
		} else {
			b.WriteString("L")
		}
		b.WriteString(num(float64(p.X)))
		b.WriteString(" ")
		b.WriteString(num(float64(p.Y)))
	}
	if closed {
		b.WriteString("Z")
	}
}

// fills writes one path per colour, even-odd, as the viewer fills them.
func (e *enc) fills(fs []scene.Fill) {
	var order []color.RGBA
	groups := map[color.RGBA]*strings.Builder{}
	for _, f := range fs {
		b, ok := groups[f.Colour]
		if !ok {
			b = &strings.Builder{}
			groups[f.Colour] = b
			order = append(order, f.Colour)
		}
		for _, r := range f.Rings {
			if len(r) >= 3 {
				pathData(b, r, true)
			}
		}
	}
	for _, c := range order {
		if d := groups[c].String(); d != "" {
			e.printf(`<path fill-rule="evenodd"%s d="%s"/>`+"\n", fill(c), d)
		}
	}
}

type style struct {
	width  float32
	colour color.RGBA
	round  bool
}

// strokes writes one path per style, in order of first appearance.
func (e *enc) strokes(ss []scene.Stroke) {
	var order []style
	groups := map[style]*strings.Builder{}
	for _, s := range ss {
		k := style{s.Width, s.Colour, s.Round}
		b, ok := groups[k]
		if !ok {
			b = &strings.Builder{}
			groups[k] = b
			order = append(order, k)
		}
		if len(s.Points) >= 2 {
			pathData(b, s.Points, false)
		}
	}
	for _, k := range order {
		d := groups[k].String()
		if d == "" {
			continue
		}
		cap := "butt"
		if k.round {
			cap = "round"
		}
		e.printf(`<path%s stroke-linecap="%s" stroke-linejoin="round" d="%s"/>`+"\n", stroke(k.colour, float64(k.width)), cap, d)
	}
}

func (e *enc) box(b scene.Box) {
	e.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="%s"%s`, num(b.R.X), num(b.R.Y), num(b.R.W), num(b.R.H), num(b.Radius), fill(b.Fill))
	if b.Border.A > 0 {
		e.printf(` stroke="%s" stroke-opacity="%.3f" stroke-width="1"`, hex(b.Border), float64(b.Border.A)/255)
	}
	e.printf("/>\n")
}

func scaleOf(k float32) float64 {
	if k == 0 {
		return 1
	}
	return float64(k)
}

func (e *enc) markers(ms []scene.Marker) {
	if len(ms) == 0 {
		return
	}
	e.printf(`<g id="%s">`+"\n", e.id("places"))
	for _, m := range ms {
		if m.Highlight {
			k := scaleOf(m.Scale)
			e.printf(`<circle cx="%s" cy="%s" r="%s"%s/>`+"\n", num(float64(m.X)), num(float64(m.Y)), num(float64(m.R)+6*k), fill(scene.WithAlpha(scene.HighlightColour, 0.8)))
		}
	}
	for _, m := range ms {
		e.marker(m)
	}
	e.printf("</g>\n")
}

func (e *enc) marker(m scene.Marker) {
	k := scaleOf(m.Scale)
	x, y, r := float64(m.X), float64(m.Y), float64(m.R)
	if m.HasRing {
		rr := r + 4*k
		if m.RingDashed {
			dash := math.Pi * rr / 10
			e.printf(`<circle cx="%s" cy="%s" r="%s"%s stroke-dasharray="%s %s"/>`+"\n", num(x), num(y), num(rr), stroke(m.Ring, 3*k), num(dash), num(dash))
		} else {
			e.printf(`<circle cx="%s" cy="%s" r="%s"%s/>`+"\n", num(x), num(y), num(rr), stroke(scene.InkColour, 4.6*k))
			e.printf(`<circle cx="%s" cy="%s" r="%s"%s/>`+"\n", num(x), num(y), num(rr), stroke(m.Ring, 3*k))
		}
	}
	outline := fmt.Sprintf(`%s stroke="%s" stroke-width="%s" stroke-linejoin="round"`, fill(m.Fill), hex(scene.InkColour), num(1.3*k))
	var pts [][2]float64
	switch m.Shape {
	case scene.Square:
		pts = [][2]float64{{x - r, y - r}, {x + r, y - r}, {x + r, y + r}, {x - r, y + r}}
	case scene.Triangle:
		r *= 1.3
		pts = [][2]float64{{x, y - r}, {x + r*0.87, y + r*0.5}, {x - r*0.87, y + r*0.5}}
	case scene.Diamond:
		r *= 1.25
		pts = [][2]float64{{x, y - r}, {x + r, y}, {x, y + r}, {x - r, y}}
	default:
		e.printf(`<circle cx="%s" cy="%s" r="%s"%s/>`+"\n", num(x), num(y), num(r), outline)
		return
	}
	var b strings.Builder
	for i, p := range pts {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(num(p[0]) + "," + num(p[1]))
	}
	e.printf(`<polygon points="%s"%s/>`+"\n", b.String(), outline)
}

// label writes a text element. Its position is the top-left of the text
// box in the scene; SVG places text by its baseline, at the font's ascent
// below the top (0.93 em for the Go fonts).
func (e *enc) label(l scene.Label) {
	k := scaleOf(l.Scale)
	weight := ""
	if l.Bold {
		weight = ` font-weight="bold"`
	}
	if l.Shield {
		e.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="%s"%s stroke="%s" stroke-width="%s"/>`+"\n",
			num(l.Box.X), num(l.Box.Y), num(l.Box.W), num(l.Box.H), num(3*k), fill(l.Fill), hex(scene.CasingColour), num(1.5*k))
	}
	halo := ""
	if l.Halo.A > 0 && !l.Shield {
		halo = fmt.Sprintf(` paint-order="stroke" stroke="%s" stroke-opacity="%.3f" stroke-width="%s" stroke-linejoin="round"`, hex(l.Halo), float64(l.Halo.A)/255, num(3.5*k))
	}
	e.printf(`<text x="%s" y="%s" font-size="%s"%s%s%s>%s</text>`+"\n",
		num(float64(l.X)), num(float64(l.Y)+l.Size*ascent()), num(l.Size), weight, fill(l.Colour), halo, esc(l.Text))
}

var (
	ascentOnce sync.Once
	ascentEm   float64
)

// ascent is the Go fonts' ascent in ems, as the raster backend and the
// viewer place text (the regular and bold fonts share it).
func ascent() float64 {
	ascentOnce.Do(func() {
		m, err := sfntAscent()
		if err != nil {
			m = 0.94
		}
		ascentEm = m
	})
	return ascentEm
}

func sfntAscent() (float64, error) {
	f := scene.Font(false)
	var b sfnt.Buffer
	m, err := f.Metrics(&b, fixed.I(1000), font.HintingNone)
	if err != nil {
		return 0, err
	}
	return float64(m.Ascent) / 64 / 1000, nil
}

func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

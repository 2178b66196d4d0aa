package export

import (
	"image"
	"image/draw"
	"sync"

	"github.com/frontline-sim/frontline/render/raster"
	"github.com/frontline-sim/frontline/render/scene"
)

// A compare's pictures (Pictures.Compare) are drawn as the viewer's side
// by side: the history's map on the left half and the what-if's, with the
// difference layer, on the right, each half the middle half of one view
// of the whole picture, so that both centre on the same point at the same
// scale. The left half carries the date box and the scale bar, the right
// the legend (with the difference layer's rows) and the credit; a label
// names each side.

// sides keeps, per worker's builder of the left side, its builder of the
// right: builders are not safe for concurrent use, and making one per
// frame would redo the basemap each time.
type sides struct {
	p  Pictures
	mu sync.Mutex
	b  map[*scene.Builder]*scene.Builder
}

func (p Pictures) sides() *sides {
	return &sides{p: p, b: map[*scene.Builder]*scene.Builder{}}
}

// right returns a's partner, the what-if's builder.
func (s *sides) right(a *scene.Builder) *scene.Builder {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.b[a]; ok {
		return b
	}
	c := s.p.Compare
	b := scene.NewBuilder(c.B)
	b.Sim, b.Compare, b.CompareMarks = c.SimB, c.Diff, true
	s.b[a] = b
	return b
}

// halfScenes are the two scenes of a half of compare day i: its map over
// the whole picture, of which the middle half shows, and its chrome over
// the half.
func halfScenes(b *scene.Builder, p Pictures, i int, parts scene.ChromePart) (mapScene, chrome *scene.Scene) {
	v := p.View(b.TL)
	w := v.Rect.W / 2
	hv := v
	hv.Rect = scene.Rect{W: w, H: v.Rect.H}
	tz := p.textZoom()
	f := scene.Settled(i, v)
	f.TextZoom = tz
	f.Banner = scene.Rect{X: w / 2, W: w, H: v.Rect.H}
	for _, r := range append(b.ChromeAvoid(i, hv, tz), sideLabelBand(hv, tz)) {
		r.X += w / 2
		f.Avoid = append(f.Avoid, r)
	}
	mapScene = b.Build(f)
	chrome = b.ChromeOf(i, hv, tz, parts)
	return mapScene, chrome
}

// sideLabelBand is where the label naming a side goes, in its half.
func sideLabelBand(hv scene.View, tz float64) scene.Rect {
	return scene.CompareLabelBand(hv.Rect, tz)
}

// sideLabel adds to chrome the label naming a side, against the divider:
// at the right of the left half, at the left of the right half.
func sideLabel(chrome *scene.Scene, text string, hv scene.Rect, tz float64, left bool) {
	band := scene.CompareLabelBand(hv, tz)
	size := 14 * tz
	text = scene.FitText(text, size, true, hv.W-36)
	w := scene.TextWidth(text, size, true) + 16
	x := hv.X + 6
	if left {
		x = hv.X + hv.W - w - 6
	}
	r := scene.Rect{X: x, Y: band.Y, W: w, H: band.H}
	chrome.Boxes = append(chrome.Boxes, scene.Box{R: r, Radius: 4, Fill: scene.PanelColour, Border: scene.InkColour})
	chrome.Labels = append(chrome.Labels, scene.Label{Text: text, X: float32(x + 8), Y: float32(band.Y + (band.H-size*1.2)/2), Size: size, Bold: true, Colour: scene.InkColour, Place: -1})
}

// paintHalf paints one half of compare day i: the middle half of its
// map, then its chrome.
func paintHalf(pt *raster.Painter, b *scene.Builder, p Pictures, i int, parts scene.ChromePart, label string, left bool) *image.RGBA {
	ms, chrome := halfScenes(b, p, i, parts)
	w := p.W / 2
	sideLabel(chrome, label, scene.Rect{W: float64(w), H: float64(p.H)}, p.textZoom(), left)
	full := pt.Paint(ms)
	half := image.NewRGBA(image.Rect(0, 0, w, p.H))
	draw.Draw(half, half.Bounds(), full, image.Pt(p.W/4, 0), draw.Src)
	pt.PaintOn(half, chrome)
	return half
}

// paintCompare paints compare day i whole: the history's half, the
// what-if's, and the divider between them.
func (s *sides) paint(a *scene.Builder, pt *raster.Painter, i int) *image.RGBA {
	p := s.p
	b := s.right(a)
	left := paintHalf(pt, a, p, i, scene.ChromeDate|scene.ChromeScale, "left: "+a.TL.Scenario.Title, true)
	right := paintHalf(pt, b, p, i, scene.ChromeLegend|scene.ChromeCredit, "right: "+b.TL.Scenario.Title, false)
	out := image.NewRGBA(image.Rect(0, 0, p.W, p.H))
	w := p.W / 2
	draw.Draw(out, image.Rect(0, 0, w, p.H), left, image.Point{}, draw.Src)
	draw.Draw(out, image.Rect(w, 0, p.W, p.H), right, image.Point{}, draw.Src)
	// The divider: a dark line in a white casing.
	line := func(x0, x1 int, c image.Image) {
		draw.Draw(out, image.Rect(max(0, x0), 0, min(p.W, x1), p.H), c, image.Point{}, draw.Src)
	}
	line(w-2, w+3, image.NewUniform(scene.CasingColour))
	line(w-1, w+1, image.NewUniform(scene.InkColour))
	return out
}

// scenes are both halves' map scenes of day i, for a GIF's palette.
func (s *sides) scenes(a *scene.Builder, i int) []*scene.Scene {
	var out []*scene.Scene
	for _, b := range []*scene.Builder{a, s.right(a)} {
		ms, chrome := halfScenes(b, s.p, i, scene.ChromeAll)
		ms.Overlay = chrome
		out = append(out, ms)
	}
	return out
}

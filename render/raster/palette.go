package raster

import (
	"image"
	"image/color"
	"sort"

	"github.com/frontline-sim/frontline/render/scene"
)

// Palette is a fixed GIF palette with a fast nearest-colour lookup. It is
// built from the colours a scene paints, composited over the backgrounds
// they fall on, and topped up with the commonest colours of sample
// pictures (the blends at antialiased edges and in fades), because the
// standard library's generic quantiser is far too slow for an animation.
type Palette struct {
	Colours color.Palette
	lut     []uint8 // 6 bits per channel → palette index
}

// NewPalette returns a palette of at most 256 colours for pictures of the
// scenes, refined with the commonest colours of the samples.
func NewPalette(scenes []*scene.Scene, samples []*image.RGBA) *Palette {
	var cols []color.RGBA
	seen := map[color.RGBA]bool{}
	add := func(c color.RGBA) {
		c.A = 255
		if !seen[c] {
			seen[c] = true
			cols = append(cols, c)
		}
	}
	var translucent []color.RGBA
	grounds := []color.RGBA{scene.SeaColour, scene.LandColour, scene.SyriaColour, scene.PanelColour}
	var walk func(s *scene.Scene)
	use := func(c color.RGBA) {
		switch {
		case c.A == 255:
			add(c)
		case c.A > 0:
			translucent = append(translucent, c)
		}
	}
	walk = func(s *scene.Scene) {
		use(s.Background)
		for _, pn := range s.Panes {
			walk(pn.Scene)
		}
		for _, b := range s.Boxes {
			use(b.Fill)
			use(b.Border)
		}
		for _, l := range s.Layers {
			for _, f := range l.Fills {
				use(f.Colour)
				if l.Name == scene.LayerTerritory {
					// Territory is the ground of patterns, the front and
					// highlights.
					g := scene.Over(f.Colour, scene.SyriaColour)
					if !seen[g] {
						grounds = append(grounds, g)
					}
				}
			}
			for _, st := range l.Strokes {
				use(st.Colour)
			}
		}
		for _, m := range s.Markers {
			use(m.Fill)
			use(m.Outline)
			if m.HasRing {
				use(m.Ring)
			}
		}
		use(scene.WithAlpha(scene.HighlightColour, 0.8))
		for _, l := range s.Labels {
			use(l.Colour)
			use(l.Halo)
			if l.Shield {
				use(l.Fill)
			}
		}
		if s.Overlay != nil {
			walk(s.Overlay)
		}
	}
	for _, s := range scenes {
		walk(s)
	}
	for _, g := range grounds {
		add(g)
	}
	for _, c := range translucent {
		for _, g := range grounds {
			add(scene.Over(c, g))
		}
	}
	// Text edges: ink over white halos and panels.
	for k := 1; k < 4; k++ {
		add(scene.Mix(scene.InkColour, scene.CasingColour, float64(k)/4))
	}
	cols = reduce(cols, 192)
	p := &Palette{}
	for _, c := range cols {
		p.Colours = append(p.Colours, c)
	}
	p.topUp(samples, 256)
	p.fillLUT()
	return p
}

func dist(a, b color.RGBA) int {
	dr, dg, db := int(a.R)-int(b.R), int(a.G)-int(b.G), int(a.B)-int(b.B)
	// Weighted toward green, as the eye is.
	return 2*dr*dr + 4*dg*dg + 3*db*db
}

// reduce merges the closest colours until at most n remain, keeping the
// earlier (the scene's own) of each pair.
func reduce(cols []color.RGBA, n int) []color.RGBA {
	for len(cols) > n {
		bi, bj, bd := 0, 1, 1<<62
		for i := range cols {
			for j := i + 1; j < len(cols); j++ {
				if d := dist(cols[i], cols[j]); d < bd {
					bi, bj, bd = i, j, d
				}
			}
		}
		_ = bi
		cols = append(cols[:bj], cols[bj+1:]...)
	}
	return cols
}

// topUp adds the commonest colours of the samples (in 5-bit bins) that
// the palette renders poorly, until it has n colours.
func (p *Palette) topUp(samples []*image.RGBA, n int) {
	counts := map[uint16]int{}
	sums := map[uint16][3]int{}
	for _, img := range samples {
		pix := img.Pix
		for i := 0; i+3 < len(pix); i += 4 * 3 { // every third pixel is plenty
			k := uint16(pix[i]>>3)<<10 | uint16(pix[i+1]>>3)<<5 | uint16(pix[i+2]>>3)
			counts[k]++
			s := sums[k]
			sums[k] = [3]int{s[0] + int(pix[i]), s[1] + int(pix[i+1]), s[2] + int(pix[i+2])}
		}
	}
	keys := make([]uint16, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		if len(p.Colours) >= n {
			return
		}
		s, c := sums[k], counts[k]
		col := color.RGBA{uint8(s[0] / c), uint8(s[1] / c), uint8(s[2] / c), 255}
		if _, d := p.nearest(col); d > 2*9*9 {
			p.Colours = append(p.Colours, col)
		}
	}
}

func (p *Palette) nearest(c color.RGBA) (int, int) {
	best, bd := 0, 1<<62
	for i, pc := range p.Colours {
		if d := dist(c, pc.(color.RGBA)); d < bd {
			best, bd = i, d
		}
	}
	return best, bd
}

// fillLUT computes the nearest palette colour of every 6-bit bin's
// centre, once, so that Quantize is a table look-up per pixel and safe for
// concurrent use.
func (p *Palette) fillLUT() {
	p.lut = make([]uint8, 1<<18)
	cols := make([]color.RGBA, len(p.Colours))
	for i, c := range p.Colours {
		cols[i] = c.(color.RGBA)
	}
	for k := range p.lut {
		c := color.RGBA{uint8(k>>12)<<2 | 2, uint8(k>>6&63)<<2 | 2, uint8(k&63)<<2 | 2, 255}
		best, bd := 0, 1<<62
		for i, pc := range cols {
			if d := dist(c, pc); d < bd {
				best, bd = i, d
			}
		}
		p.lut[k] = uint8(best)
	}
}

// Quantize maps img onto the palette, without dithering: maps keep crisp
// edges and flat areas.
func (p *Palette) Quantize(img *image.RGBA) *image.Paletted {
	out := image.NewPaletted(img.Rect, p.Colours)
	pix := img.Pix
	for y := 0; y < img.Rect.Dy(); y++ {
		row := pix[y*img.Stride : y*img.Stride+4*img.Rect.Dx()]
		orow := out.Pix[y*out.Stride:]
		for x := 0; x < len(row)/4; x++ {
			r, g, b := row[4*x], row[4*x+1], row[4*x+2]
			orow[x] = p.lut[int(r>>2)<<12|int(g>>2)<<6|int(b>>2)]
		}
	}
	return out
}

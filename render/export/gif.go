package export

import (
	"image"
	"image/gif"
	"io"
	"time"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/render/raster"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
)

// GIFPalette builds the fixed palette of an animation from the scenes of
// its first, middle and last days (or story steps) and their pictures.
func GIFPalette(tl *sim.Timeline, p Pictures) *raster.Palette {
	sq := p.seq(tl)
	days := sq.keys
	pick := []int{days[0], days[len(days)/2], days[len(days)-1]}
	b, pt := p.Builder(tl), raster.New()
	var scenes []*scene.Scene
	var samples []*image.RGBA
	for _, i := range pick {
		s := sq.scene(b, i)
		scenes = append(scenes, s)
		samples = append(samples, pt.Paint(s))
	}
	return raster.NewPalette(scenes, samples)
}

// WriteGIF writes an animated GIF of the days (or story steps): a still
// per day and an eased fade between days, looping. After the first frame, each frame
// holds only the rectangle that changed.
func WriteGIF(tl *sim.Timeline, p Pictures, path string, pr Progress) error {
	pal := GIFPalette(tl, p)
	g := &gif.GIF{Config: image.Config{ColorModel: pal.Colours, Width: p.W, Height: p.H}}
	var prev *image.Paletted
	err := frames(tl, p, p.timing(GIFTiming, StoryGIFTiming), pr, "gif", pal.Quantize, func(img *image.Paletted, d time.Duration) error {
		frame := img
		if prev != nil {
			frame = img.SubImage(changed(prev, img)).(*image.Paletted)
		}
		prev = img
		g.Image = append(g.Image, frame)
		g.Delay = append(g.Delay, int(d/(10*time.Millisecond)))
		g.Disposal = append(g.Disposal, gif.DisposalNone)
		return nil
	})
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, 0o644, func(w io.Writer) error { return gif.EncodeAll(w, g) })
}

// changed returns the bounding box of the pixels that differ between a
// and b, or a single pixel when none do (a frame must have one).
func changed(a, b *image.Paletted) image.Rectangle {
	r := image.Rectangle{}
	w, h := a.Rect.Dx(), a.Rect.Dy()
	for y := 0; y < h; y++ {
		ra, rb := a.Pix[y*a.Stride:y*a.Stride+w], b.Pix[y*b.Stride:y*b.Stride+w]
		x0 := -1
		for x := 0; x < w; x++ {
			if ra[x] != rb[x] {
				x0 = x
				break
			}
		}
		if x0 < 0 {
			continue
		}
		x1 := x0
		for x := w - 1; x > x0; x-- {
			if ra[x] != rb[x] {
				x1 = x
				break
			}
		}
		r = r.Union(image.Rect(x0, y, x1+1, y+1))
	}
	if r.Empty() {
		return image.Rect(0, 0, 1, 1)
	}
	return r
}

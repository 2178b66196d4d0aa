package render

import (
	"image"
	"image/png"
	"math"
	"os"
	"testing"

	"github.com/frontline-sim/frontline/render/raster"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
)

// The headless backend (render/raster) and the viewer paint one scene. An
// exported frame and the viewer's screenshot of the same day, size and
// view agree, over the whole map with its date box, legend and scale bar,
// within this tolerance: the mean difference per channel is at most
// meanTol levels (of 255), and at most farTol of the pixels differ by more
// than farLevels in some channel. The differences are edges: the viewer
// supersamples without antialiasing and Ebiten rasterises glyphs its own
// way, while the exporter antialiases analytically.
const (
	meanTol   = 3.0
	farLevels = 64
	farTol    = 0.01
)

func TestExportMatchesScreenshot(t *testing.T) {
	tl := builtinTimeline(t)
	for _, tt := range []struct {
		date, focus string
		zoom        float64
	}{
		// One frame of the whole country (every layer and faction): each
		// screenshot costs seconds under Xvfb. A focused frame (aleppo,
		// zoom 3, 2024-11-28) measured 2.03 levels and 0.27%.
		{"2024-11-30", "", 0},
	} {
		o := Options{Day: sim.MustDate(tt.date), Focus: tt.focus, Zoom: tt.zoom}
		const w, h = 1280, 720
		shot := renderOrSkip(t, tl, o, w, h)
		g := NewGame(tl, o)
		g.relayout(w, h)
		f := g.frame()
		b := scene.NewBuilder(tl)
		s := b.Build(f)
		s.Overlay = b.Chrome(f.To, f.View, f.TextZoom)
		// The credit line is the export's own; leave its box out.
		var credit scene.Rect
		if n := len(s.Overlay.Boxes); n > 0 {
			last := s.Overlay.Boxes[n-1]
			if last.R.Y > f.View.Rect.H-40 && last.R.X > f.View.Rect.W/4 {
				credit = last.R.Inset(-2)
				s.Overlay.Boxes = s.Overlay.Boxes[:n-1]
				s.Overlay.Labels = s.Overlay.Labels[:len(s.Overlay.Labels)-1]
			}
		}
		exp := raster.New().Paint(s)
		m := g.lay.Map
		mean, far := compare(shot, exp, image.Rect(int(m.X), int(m.Y), int(m.X+m.W), int(m.Y+m.H)), credit, farLevels)
		t.Logf("%s %s: mean difference %.2f levels, %.3f%% of pixels off by more than %d", tt.date, tt.focus, mean, far*100, farLevels)
		if mean > meanTol || far > farTol {
			t.Errorf("%s: the exported frame and the screenshot differ: mean %.2f (max %.1f), %.3f%% far off (max %.1f%%)", tt.date, mean, meanTol, far*100, farTol*100)
			if dir := os.Getenv("FRAME_DUMP"); dir != "" {
				save(t, dir+"/shot-"+tt.date+".png", shot)
				save(t, dir+"/export-"+tt.date+".png", exp)
			}
		}
	}
}

// compare returns the mean absolute difference per channel over r, less
// skip, and the share of pixels off by more than far in some channel.
func compare(a, b *image.RGBA, r image.Rectangle, skip scene.Rect, far int) (float64, float64) {
	sum, n, off := 0.0, 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if skip.Contains(float64(x), float64(y)) {
				continue
			}
			p, q := a.RGBAAt(x, y), b.RGBAAt(x, y)
			d := []int{abs(int(p.R) - int(q.R)), abs(int(p.G) - int(q.G)), abs(int(p.B) - int(q.B))}
			sum += float64(d[0]+d[1]+d[2]) / 3
			if max(d[0], d[1], d[2]) > far {
				off++
			}
			n++
		}
	}
	return sum / math.Max(1, float64(n)), float64(off) / math.Max(1, float64(n))
}

func save(t *testing.T, path string, img image.Image) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	png.Encode(f, img)
}

// TestCPUMaps: the web page's maps, painted on the CPU (Options.CPUMaps),
// are the viewer's, within the tolerance above over the whole window, on
// a simulation's day (its shading, hatching and the hover's fan over the
// replay's layers). One frame: each supersampled one costs seconds under
// Xvfb; a replayed day (2024-11-30, all of Syria) measured 0.54 levels
// and 0.040%.
func TestCPUMaps(t *testing.T) {
	skipUnderRace(t)
	stl, sv := simTimeline(t, freeRun)
	for _, tt := range []struct {
		name string
		tl   *sim.Timeline
		o    Options
	}{
		{"simulation", stl, Options{Sim: sv, Day: sim.MustDate("2024-12-02"), Focus: "saraqib", Zoom: 2.5, Hover: "saraqib"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			const w, h = 1280, 720
			gpu := renderOrSkip(t, tt.tl, tt.o, w, h)
			tt.o.CPUMaps = true
			cpu := renderOrSkip(t, tt.tl, tt.o, w, h)
			mean, far := compare(gpu, cpu, gpu.Rect, scene.Rect{}, farLevels)
			t.Logf("mean difference %.2f levels, %.3f%% of pixels off by more than %d", mean, far*100, farLevels)
			if mean > meanTol || far > farTol {
				t.Errorf("the map painted on the CPU and the supersampled one differ: mean %.2f (max %.1f), %.3f%% far off (max %.1f%%)", mean, meanTol, far*100, farTol*100)
			}
			if mean == 0 {
				t.Error("the two pictures are identical: CPUMaps changed nothing")
			}
		})
	}
}

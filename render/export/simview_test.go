package export

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/frontline-sim/frontline/render/raster"
	"github.com/frontline-sim/frontline/render/scene"
)

// simPicture draws day d of the test simulation headless, as the picture
// exports do, through the scene's probability layer.
func simPicture(t *testing.T, d int) *image.RGBA {
	t.Helper()
	tl, sv, err := scene.SimView(builtin(t), readSim(t))
	if err != nil {
		t.Fatal(err)
	}
	b := scene.NewBuilder(tl)
	b.Sim = sv
	p := Pictures{W: 1200, H: 800, Focus: "idlib", Zoom: 2.2, From: 0, To: len(tl.Days) - 1}
	return raster.New().Paint(DayScene(b, p, d))
}

// TestSimViewPicture checks the probability map: a documented day has no
// projection hatching, a projected day has it, and the shading follows
// the probability (a projected day is paler than a forced one).
func TestSimViewPicture(t *testing.T) {
	s := readSim(t)
	last, proj := -1, -1
	for k, d := range s.Days {
		if !d.Projected {
			last = k
		} else if proj < 0 {
			proj = k
		}
	}
	if last < 0 || proj < 0 {
		t.Fatalf("the test simulation needs documented and projected days")
	}
	hatch := func(img *image.RGBA) int {
		n := 0
		pc := scene.ProjectedColour
		for y := 0; y < img.Bounds().Dy(); y++ {
			for x := 0; x < img.Bounds().Dx(); x++ {
				c := img.RGBAAt(x, y)
				if near(c, pc, 8) {
					n++
				}
			}
		}
		return n
	}
	doc, pr := simPicture(t, last), simPicture(t, proj)
	if dir := os.Getenv("FRONTLINE_SIMVIEW_DIR"); dir != "" {
		for name, img := range map[string]*image.RGBA{"documented.png": doc, "projected.png": pr} {
			f, _ := os.Create(filepath.Join(dir, name))
			_ = png.Encode(f, img)
			f.Close()
		}
	}
	if h := hatch(doc); h > 2000 {
		t.Errorf("documented day %s: %d pixels of projection colour; want none beyond the legend's swatch", s.Days[last].Date, h)
	}
	if h := hatch(pr); h < 5000 {
		t.Errorf("projected day %s: %d pixels of projection colour; want the hatching and banner", s.Days[proj].Date, h)
	}
}

func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) int {
		if x > y {
			return int(x - y)
		}
		return int(y - x)
	}
	return d(a.R, b.R) < tol && d(a.G, b.G) < tol && d(a.B, b.B) < tol
}

// BenchmarkSimView maps a simulation for the viewer: the most likely
// controller of each place and day, and the territory spread from them.
// With BenchmarkWebEnsemble (sim/ensemble) it is what the web page's
// Simulate button costs (docs/performance.md).
func BenchmarkSimView(b *testing.B) {
	tl := builtin(b)
	s := readSim(b)
	for b.Loop() {
		if _, _, err := scene.SimView(tl, s); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSimViewProgress: the mapping tells its steps in order, ends on its
// total, and maps the same days as SimView.
func TestSimViewProgress(t *testing.T) {
	tl, s := builtin(t), readSim(t)
	var seen []int
	total := -1
	stl, sv, err := scene.SimViewProgress(tl, s, func(done, n int) {
		seen, total = append(seen, done), n
	})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2*len(s.Days) || len(seen) == 0 || seen[len(seen)-1] != total {
		t.Fatalf("progress ended on %v of %d, want %d of %d", seen[len(seen)-1:], total, 2*len(s.Days), 2*len(s.Days))
	}
	for k := 1; k < len(seen); k++ {
		if seen[k] < seen[k-1] {
			t.Fatalf("progress went back: %v", seen)
		}
	}
	if len(stl.Days) != len(s.Days) || len(sv.Days) != len(s.Days) {
		t.Errorf("%d and %d days mapped, want %d", len(stl.Days), len(sv.Days), len(s.Days))
	}
}

// TestSimViewDocumentedEvents: a simulation's documented days carry the
// replay's events, so its panel lists them (11-26: the six the replay
// lists, not "No events reported"); projected days carry none.
func TestSimViewDocumentedEvents(t *testing.T) {
	base := builtin(t)
	tl, _, err := scene.SimView(base, readSim(t))
	if err != nil {
		t.Fatal(err)
	}
	for k, d := range readSim(t).Days {
		j := base.Index(d.Date)
		got := tl.Days[k].Events
		switch {
		case d.Projected && len(got) > 0:
			t.Errorf("projected %s: %d events; want none", d.Date, len(got))
		case !d.Projected && j >= 0 && !slices.Equal(got, base.Days[j].Events):
			t.Errorf("documented %s: events %v, want the replay's %v", d.Date, got, base.Days[j].Events)
		}
	}
	if n := len(tl.Days[0].Events); n == 0 {
		t.Errorf("%s: no events in the simulation's panel", tl.Days[0].Date)
	}
}

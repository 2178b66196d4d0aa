package raster

import (
	"github.com/frontline-sim/frontline/internal/cputime"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

func builtin(t testing.TB) *sim.Timeline {
	t.Helper()
	tl, err := scenarios.Replay(scenarios.DefaultID, geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

// frame builds the export frame of date at w×h: the map over the whole
// picture, with its chrome.
func frame(t testing.TB, tl *sim.Timeline, b *scene.Builder, date string, w, h int, focus string, zoom float64) (*scene.Scene, scene.View) {
	t.Helper()
	i := tl.Index(sim.MustDate(date))
	if i < 0 {
		t.Fatalf("no day %s", date)
	}
	v := scene.StartView(tl.Graph.Atlas, scene.Rect{W: float64(w), H: float64(h)}, 1, focus, zoom)
	f := scene.Settled(i, v)
	f.Avoid = b.ChromeAvoid(i, v, 1)
	s := b.Build(f)
	s.Overlay = b.Chrome(i, v, 1)
	return s, v
}

func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

// TestAleppoPixels checks painted pixels: Aleppo's symbol is the regime's
// colour on 28 November and HTS's on 30 November; the sea off Latakia is
// the sea.
func TestAleppoPixels(t *testing.T) {
	tl := builtin(t)
	b := scene.NewBuilder(tl)
	p := New()
	for _, tt := range []struct{ date, faction string }{{"2024-11-28", "regime"}, {"2024-11-30", "hts"}} {
		s, v := frame(t, tl, b, tt.date, 1200, 800, "aleppo", 3)
		img := p.Paint(s)
		if os.Getenv("RASTER_DUMP") != "" {
			writePNG(t, os.Getenv("RASTER_DUMP")+"-"+tt.date+".png", img)
		}
		i, _ := tl.Graph.Atlas.Index("aleppo")
		x, y := b.PlacePoint(v, i)
		if got, want := img.RGBAAt(int(x), int(y)), b.Colour(tt.faction); !near(got, want, 8) {
			t.Errorf("%s: Aleppo's pixel is %v, want %s's %v", tt.date, got, tt.faction, want)
		}
	}
	s, v := frame(t, tl, b, "2024-11-30", 1600, 900, "", 0)
	img := p.Paint(s)
	if os.Getenv("RASTER_DUMP") != "" {
		writePNG(t, os.Getenv("RASTER_DUMP")+"-syria.png", img)
	}
	x, y := v.ToScreen([2]float64{35.0, 35.2})
	if c := img.RGBAAt(int(x), int(y)); !near(c, scene.SeaColour, 2) {
		t.Errorf("sea pixel %v is not the sea colour %v", c, scene.SeaColour)
	}
}

func writePNG(t testing.TB, path string, img image.Image) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkPNGFrame measures one exported frame of 1280×720: building the
// scene, painting it and encoding the PNG.
func BenchmarkPNGFrame(b *testing.B) {
	tl := builtin(b)
	bl := scene.NewBuilder(tl)
	p := New()
	days := []string{"2024-11-28", "2024-11-30"}
	cpu0 := cputime.Now()
	defer func() { b.ReportMetric(float64((cputime.Now()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op") }()
	for i := 0; b.Loop(); i++ {
		s, _ := frame(b, tl, bl, days[i%2], 1280, 720, "", 0)
		img := p.Paint(s)
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		if err := enc.Encode(discard{}, img); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

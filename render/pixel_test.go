package render

import (
	"errors"
	"image"
	"image/color"
	"os"
	"testing"
	"time"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/hajimehoshi/ebiten/v2"
)

// TestMain runs the tests inside ServeScreenshots, so that the pixel tests can draw
// real frames: Ebiten allows one game per process, on the main thread.
func TestMain(m *testing.M) {
	code := 0
	if err := ServeScreenshots(func() { code = m.Run() }); err != nil {
		os.Stderr.WriteString("render tests: " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(code)
}

// renderOrSkip renders a frame, skipping the test where there is no
// display (make test runs under xvfb-run, so CI always has one).
func renderOrSkip(t *testing.T, tl *sim.Timeline, o Options, w, h int) *image.RGBA {
	t.Helper()
	img, err := Render(tl, o, w, h)
	if errors.Is(err, ErrNoDisplay) {
		t.Skip("no display; run under xvfb-run")
	}
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// near reports whether two colours differ by at most tol per channel.
func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return abs(int(x)-int(y)) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestPixelAtAleppo checks the painted map: the centre of Aleppo's symbol
// is the regime's colour on 2024-11-28 and HTS's on 2024-11-30.
func TestPixelAtAleppo(t *testing.T) {
	tl := builtinTimeline(t)
	b := scene.NewBuilder(tl)
	tests := []struct {
		date, faction string
	}{
		{"2024-11-28", "regime"},
		{"2024-11-30", "hts"},
	}
	for _, tt := range tests {
		o := Options{Day: sim.MustDate(tt.date), Focus: "aleppo", Zoom: 3}
		img := renderOrSkip(t, tl, o, 1200, 800)
		// Find where the viewer put Aleppo: the same layout and view.
		g := NewGame(tl, o)
		g.relayout(1200, 800)
		i, _ := tl.Graph.Atlas.Index("aleppo")
		x, y := b.PlacePoint(g.view, i)
		got := img.RGBAAt(int(x), int(y))
		want := b.Colour(tt.faction)
		if !near(got, want, 12) {
			t.Errorf("%s: pixel at Aleppo (%d, %d) is %v, want the %s colour %v", tt.date, int(x), int(y), got, tt.faction, want)
		}
	}
}

func TestRenderSize(t *testing.T) {
	tl := builtinTimeline(t)
	for _, sz := range [][2]int{{800, 450}, {1600, 900}, {640, 640}} {
		img := renderOrSkip(t, tl, Options{}, sz[0], sz[1])
		if b := img.Bounds(); b.Dx() != sz[0] || b.Dy() != sz[1] {
			t.Errorf("image is %v, want %dx%d", b, sz[0], sz[1])
		}
	}
}

// TestChromePixels checks the chrome: the timeline is dark, the panel is
// light, and the sea west of Syria is the sea colour.
func TestChromePixels(t *testing.T) {
	tl := builtinTimeline(t)
	// All of Syria, so that the sea is in view (a bare day frames its action).
	o := Options{Day: sim.MustDate("2024-11-30"), Focus: scene.FocusSyria}
	img := renderOrSkip(t, tl, o, 1600, 900)
	lay := scene.NewLayout(1600, 900, true, false)
	if c := img.RGBAAt(int(lay.Timeline.X+lay.Timeline.W-8), int(lay.Timeline.Y+4)); !near(c, color.RGBA{R: 0x2b, G: 0x2b, B: 0x2e, A: 0xff}, 6) {
		t.Errorf("timeline pixel %v is not the timeline's colour", c)
	}
	if c := img.RGBAAt(int(lay.Panel.X+lay.Panel.W-4), int(lay.Panel.Y+lay.Panel.H-4)); !near(c, color.RGBA{R: 0xfb, G: 0xfa, B: 0xf7, A: 0xff}, 6) {
		t.Errorf("panel pixel %v is not the panel's colour", c)
	}
	g := NewGame(tl, o)
	g.relayout(1600, 900)
	x, y := g.view.ToScreen([2]float64{35.0, 35.2}) // the Mediterranean off Latakia
	if c := img.RGBAAt(int(x), int(y)); !near(c, scene.SeaColour, 6) {
		t.Errorf("sea pixel %v is not the sea colour %v", c, scene.SeaColour)
	}
}

// BenchmarkFrame measures the viewer's frames as the window draws them,
// through the GPU with a one-pixel read-back to wait for it; under
// xvfb-run the GPU is Mesa's software renderer.
//
//   - playback: a frame of a transition between two days already painted,
//     which cross-fades their cached images: what playing and stepping cost;
//   - pan: a frame while the map is dragged, which moves the cached images;
//   - newday: painting a day's map for the first time in a view,
//     supersampled: the pause after a pan or zoom settles.
func BenchmarkFrame(b *testing.B) {
	tl := builtinTimeline(b)
	if serving() == nil {
		b.Skip("no display; run under xvfb-run")
	}
	pix := make([]byte, 4)
	setup := func(tl *sim.Timeline) (*Game, *ebiten.Image) {
		g := NewGame(tl, Options{})
		var off *ebiten.Image
		onServer(func(*ebiten.Image) {
			g.relayout(1600, 900)
			off = ebiten.NewImage(1600, 900)
			for _, p := range []float64{3, 4, 3.5} { // warm caches
				g.pos = p
				g.render(off)
			}
		})
		return g, off
	}
	// ns/op includes the hand-over to ServeScreenshots's render loop, which waits for
	// the loop's next tick; draw-ms/op is the frame alone, as the window
	// draws it.
	var inDraw time.Duration
	frame := func(g *Game, off *ebiten.Image, prep func()) {
		onServer(func(*ebiten.Image) {
			prep()
			t0 := time.Now()
			g.render(off)
			off.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image).ReadPixels(pix)
			inDraw += time.Since(t0)
		})
	}
	report := func(b *testing.B) {
		b.ReportMetric(float64(inDraw.Microseconds())/1000/float64(b.N), "draw-ms/op")
		inDraw = 0
	}
	b.Run("playback", func(b *testing.B) {
		g, off := setup(tl)
		for i := 0; b.Loop(); i++ {
			frame(g, off, func() { g.pos = 3.02 + float64(i%8)/40 }) // within one half-day: no panel change
		}
		report(b)
	})
	b.Run("pan", func(b *testing.B) {
		g, off := setup(tl)
		g.dragging = 1
		for b.Loop() {
			frame(g, off, func() { g.view = g.view.Pan(3, 1) })
		}
		report(b)
	})
	b.Run("newday", func(b *testing.B) {
		g, off := setup(tl)
		for b.Loop() {
			frame(g, off, func() { g.dayImgs = map[int]*dayImages{}; g.pos = 4 })
		}
		report(b)
	})
}

// BenchmarkTimeline paints the timeline, as the viewer does on every new
// day: a ten-year span must cost what nine days cost, not a tick and a
// label per day.
func BenchmarkTimeline(b *testing.B) {
	if serving() == nil {
		b.Skip("no display; run under xvfb-run")
	}
	for _, span := range []struct{ name, end string }{{"nine-days", "2024-12-04"}, {"ten-years", "2034-11-26"}} {
		b.Run(span.name, func(b *testing.B) {
			a := geo.MustDefault()
			s, err := scenarios.LoadBytes("span.yaml", []byte("extends: offensive-2024\nid: span\nend: "+span.end+"\n"), nil, a)
			if err != nil {
				b.Fatal(err)
			}
			tl, err := sim.Replay(s, sim.NewGraph(a), sim.NewTerritory(a))
			if err != nil {
				b.Fatal(err)
			}
			g := NewGame(tl, Options{})
			var img *ebiten.Image
			pix := make([]byte, 4)
			onServer(func(*ebiten.Image) {
				g.relayout(1600, 900)
				img = ebiten.NewImage(1600, 900)
			})
			for i := 0; b.Loop(); i++ {
				onServer(func(*ebiten.Image) {
					g.pos = float64(i % 8)
					img.Clear()
					g.drawTimeline(img)
					img.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image).ReadPixels(pix)
				})
			}
		})
	}
}

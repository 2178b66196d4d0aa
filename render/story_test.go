package render

import (
	"flag"
	"fmt"
	"github.com/frontline-sim/frontline/internal/race"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

var update = flag.Bool("update", false, "rewrite the golden screenshots in testdata")

// TestStoryPlays plays the built-in story from start to end in presenter
// mode, as a clicker would: each step eases to its day and view, has its
// own deep link, and the ends hold.
func TestStoryPlays(t *testing.T) {
	tl := builtinTimeline(t)
	steps := tl.Scenario.Story.Steps
	g := NewGame(tl, Options{Present: true})
	g.relayout(1280, 720)
	if g.Step() != 1 {
		t.Fatalf("presenter mode opens on step %d, want 1", g.Step())
	}
	for n := 1; n <= len(steps)+1; n++ {
		if n > 1 {
			g.GoToStep(g.Step()+1, true) // the "next" key
		}
		want := min(n, len(steps))
		for i := 0; i < 600 && (g.cam.t < 1 || g.pos != g.target); i++ {
			g.tick(1.0 / 60)
		}
		if g.Step() != want {
			t.Fatalf("after %d presses: step %d, want %d", n-1, g.Step(), want)
		}
		st := steps[want-1]
		if d := tl.Days[int(g.pos)].Date; d != st.Day || g.pos != g.target {
			t.Errorf("step %d: on %s (pos %.2f), want %s", want, d, g.pos, st.Day)
		}
		// The eased camera ends where a deep link to the step opens.
		h := NewGame(tl, Options{Step: want})
		h.relayout(1280, 720)
		if g.view != h.view {
			t.Errorf("step %d: camera ends at %+v, the deep link opens at %+v", want, g.view, h.view)
		}
		if q := g.Link().Query(); q != fmt.Sprintf("step=%d&present=1", want) {
			t.Errorf("step %d: link %q", want, q)
		}
	}
	g.GoToStep(1, true)
	for i := 0; i < 600 && g.cam.t < 1; i++ {
		g.tick(1.0 / 60)
	}
	if g.Step() != 1 || g.view != func() scene.View { h := NewGame(tl, Options{Step: 1}); h.relayout(1280, 720); return h.view }() {
		t.Errorf("back to the first step: step %d", g.Step())
	}
}

// TestStoryGoldens renders every step of the built-in story and compares
// it with testdata/story/step-NN.png (go test ./render -run Story -update
// rewrites them; look at each before committing).
func TestStoryGoldens(t *testing.T) {
	skipUnderRace(t)
	tl := builtinTimeline(t)
	for n := range tl.Scenario.Story.Steps {
		name := fmt.Sprintf("step-%02d", n+1)
		t.Run(name, func(t *testing.T) {
			img := renderOrSkip(t, tl, Options{Step: n + 1}, 1280, 720)
			golden(t, filepath.Join("testdata", "story", name+".png"), img)
		})
	}
}

// golden compares img with the PNG at path, within a small tolerance for
// the GPU driver's rounding: at most 0.2% of pixels may differ by more than
// 24 per channel.
func golden(t *testing.T, path string, img *image.RGBA) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := WritePNG(path, img); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != img.Bounds() {
		t.Fatalf("%s: size %v, want %v", path, img.Bounds(), want.Bounds())
	}
	bad := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := want.At(x, y).RGBA()
			c := img.RGBAAt(x, y)
			if abs(int(r>>8)-int(c.R)) > 24 || abs(int(g>>8)-int(c.G)) > 24 || abs(int(bl>>8)-int(c.B)) > 24 {
				bad++
			}
		}
	}
	if share := float64(bad) / float64(b.Dx()*b.Dy()); share > 0.002 {
		out := filepath.Join(t.TempDir(), filepath.Base(path))
		_ = WritePNG(out, img)
		t.Errorf("%s: %.2f%% of pixels differ; got %s", path, 100*share, out)
	}
}

// TestCompareGolden: the history beside the Aleppo-holds what-if on 30
// November, side by side, the differing places ringed and named.
func TestCompareGolden(t *testing.T) {
	skipUnderRace(t)
	tl := builtinTimeline(t)
	b, err := scenarios.Replay(filepath.Join("..", "scenarios", "testdata", "aleppo-holds.yaml"), geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Day: sim.MustDate("2024-11-30"), Focus: "aleppo", Zoom: 3, Compare: b}
	g := NewGame(tl, o)
	if d := g.FirstDifference(); d != sim.MustDate("2024-11-30") {
		t.Errorf("first difference %s, want 2024-11-30, when the history has Aleppo taken", d)
	}
	var names []string
	for _, i := range differing(tl, b, sim.MustDate("2024-11-30")) {
		names = append(names, tl.Graph.Atlas.Places()[i].ID)
	}
	if fmt.Sprint(names) != "[aleppo aleppo-airport new-aleppo]" {
		t.Errorf("places that differ on 30 November: %v", names)
	}
	golden(t, filepath.Join("testdata", "compare-2024-11-30.png"), renderOrSkip(t, tl, o, 1280, 720))
}

// skipUnderRace skips a golden-screenshot test under the race detector,
// which makes drawing too slow to run them all; make test runs them in a
// plain pass of their own.
func skipUnderRace(t *testing.T) {
	if race.Enabled {
		t.Skip("golden screenshots run without -race: go test ./render -run 'Golden'")
	}
}

// TestCompareBannerInItsHalf: side by side, the what-if's banner, however
// long its title, stays within the right half the window shows of its
// map, clear of the chrome drawn over it (the date box, the legend, the
// sides' labels and the note), shortened with "…" or, where the chrome
// leaves no more room, WHAT-IF alone, at a wide and a small window;
// with the swipe line it may use the whole map.
func TestCompareBannerInItsHalf(t *testing.T) {
	tl := builtinTimeline(t)
	b, err := scenarios.Replay(filepath.Join("..", "scenarios", "testdata", "aleppo-holds.yaml"), geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	sc := *b.Scenario
	sc.Title = "What if the regime had held Aleppo, Hama and Homs with Russian air support throughout December"
	b.Scenario = &sc
	for _, sz := range [][2]int{{1280, 720}, {800, 450}} {
		g := NewGame(tl, Options{Day: sim.MustDate("2024-11-30"), Compare: b})
		g.relayout(sz[0], sz[1])
		g.syncCompare()
		r := g.cmp.b
		f := r.frame()
		m, shift := g.lay.Map, g.compareShift()
		var banner *scene.Label
		for _, l := range r.builder.Build(f).Labels {
			if strings.HasPrefix(l.Text, "WHAT-IF") {
				banner = &l
			}
		}
		if banner == nil {
			t.Fatalf("%v: no WHAT-IF banner on the right", sz)
		}
		// On the screen, the right-hand map is drawn shift to the right.
		box := banner.Box
		box.X += shift
		if box.X < m.X+m.W/2 || box.X+box.W > m.X+m.W {
			t.Errorf("%v: the banner %q spans x %.0f to %.0f on the screen; want within the right half, %.0f to %.0f",
				sz, banner.Text, box.X, box.X+box.W, m.X+m.W/2, m.X+m.W)
		}
		if !strings.HasSuffix(banner.Text, "…") && banner.Text != "WHAT-IF" {
			t.Errorf("%v: the banner %q is not shortened", sz, banner.Text)
		}
		for _, c := range append(g.chromeAvoid(), g.compareAvoid()...) {
			if box.Overlaps(c) {
				t.Errorf("%v: the banner %+v overlaps the chrome %+v", sz, box, c)
			}
		}
		g.cmp.swipeMode = true
		g.syncCompare()
		if f := r.frame(); f.Banner != (scene.Rect{}) {
			t.Errorf("%v: with the swipe line the banner keeps to %+v; want the whole map", sz, f.Banner)
		}
	}
}

package export

import (
	"bytes"
	"flag"
	"image"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/frontline-sim/frontline/render/raster"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
)

var update = flag.Bool("update", false, "rewrite the golden pictures in testdata")

// updateGolden, under -update, rewrites the golden file with the file got.
func updateGolden(t *testing.T, golden, got string) {
	t.Helper()
	if !*update {
		return
	}
	data, err := os.ReadFile(got)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.WriteBytes(golden, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkGoldenPNG compares the PNG at got with the golden one (rewriting
// it first under -update): at most 0.2% of the pixels may differ by more
// than 24 levels in a channel.
func checkGoldenPNG(t *testing.T, golden, got string) {
	t.Helper()
	updateGolden(t, golden, got)
	want, img := readPNG(t, golden), readPNG(t, got)
	if want.Bounds() != img.Bounds() {
		t.Fatalf("%s is %v, want %v", golden, img.Bounds(), want.Bounds())
	}
	far := 0
	for k := 0; k+3 < len(img.Pix); k += 4 {
		for c := range 3 {
			if abs(int(img.Pix[k+c])-int(want.Pix[k+c])) > 24 {
				far++
				break
			}
		}
	}
	if s := float64(far) / float64(len(img.Pix)/4); s > 0.002 {
		t.Errorf("%s: %.2f%% of pixels differ by more than 24 levels; got %s (go test -update rewrites it)", golden, 100*s, got)
	}
}

// simPictures returns the test simulation's days (SimView) and the
// pictures of them, w×h around Hama, the projection's front.
func simPictures(t *testing.T, w, h int) (*sim.Timeline, Pictures) {
	t.Helper()
	tl, sv, err := scene.SimView(builtin(t), readSim(t))
	if err != nil {
		t.Fatal(err)
	}
	p := Pictures{W: w, H: h, Focus: "hama", Zoom: 2.2, Sim: sv, From: 0, To: len(tl.Days) - 1}
	if err := p.Check(tl); err != nil {
		t.Fatal(err)
	}
	return tl, p
}

// projectedBanner returns the box of the PROJECTED banner of a scene, and
// whether it has one.
func projectedBanner(s *scene.Scene) (scene.Rect, bool) {
	for _, l := range s.Labels {
		if strings.HasPrefix(l.Text, "PROJECTED") {
			return l.Box, true
		}
	}
	return scene.Rect{}, false
}

// share returns the share of the pixels of r in img that are within tol
// of c in every channel.
func share(img *image.RGBA, r scene.Rect, c [3]uint8, tol int) float64 {
	n, in := 0, 0
	for y := int(r.Y); y < int(r.Y+r.H); y++ {
		for x := int(r.X); x < int(r.X+r.W); x++ {
			if !image.Pt(x, y).In(img.Rect) {
				continue
			}
			p := img.RGBAAt(x, y)
			n++
			if abs(int(p.R)-int(c[0])) <= tol && abs(int(p.G)-int(c[1])) <= tol && abs(int(p.B)-int(c[2])) <= tol {
				in++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(in) / float64(n)
}

// TestSimPictures checks what an exported picture of a simulation shows,
// as the viewer does: the land shaded by probability (paler than the same
// most likely map drawn as a replay), a projected day hatched and
// bannered (against the same day unmarked), and the legend's words.
func TestSimPictures(t *testing.T) {
	tl, p := simPictures(t, 800, 450)
	sv := p.Sim
	last, proj := -1, -1
	for k, d := range sv.Days {
		if !d.Projected {
			last = k
		} else if proj < 0 {
			proj = k + 3 // a few days in: the odds have spread
		}
	}
	if last < 0 || proj < 0 || proj >= len(sv.Days) {
		t.Fatalf("the test simulation needs documented and projected days")
	}
	paint := func(p Pictures, i int) (*image.RGBA, *scene.Scene) {
		s := DayScene(p.Builder(tl), p, i)
		return raster.New().Paint(s), s
	}
	// The same days, drawn as a replay (no Sim), and the projected day with
	// its projection unmarked.
	replay := p
	replay.Sim = nil
	unmarked := *sv
	unmarked.Days = append([]scene.SimDay(nil), sv.Days...)
	unmarked.Days[proj].Projected = false
	plain := p
	plain.Sim = &unmarked
	b := p.Builder(tl)
	v := p.View(tl)
	tz := p.textZoom()
	// The map, less the chrome: the date box, legend, scale and credit.
	mapOnly := func(a, c *image.RGBA) float64 {
		avoid := b.ChromeAvoid(proj, v, tz)
		n, diff := 0, 0
		for y := 0; y < p.H; y++ {
			for x := 0; x < p.W; x++ {
				skip := false
				for _, r := range avoid {
					skip = skip || r.Contains(float64(x), float64(y))
				}
				if skip {
					continue
				}
				n++
				if pa, pc := a.RGBAAt(x, y), c.RGBAAt(x, y); pa != pc {
					diff++
				}
			}
		}
		return float64(diff) / float64(n)
	}

	tests := []struct {
		name    string
		a, b    Pictures
		day     int
		minDiff float64 // share of the map's pixels that must differ
		maxDiff float64 // and that may
	}{
		{"shading differs from the replay's colours", p, replay, proj, 0.25, 1},
		{"shading differs on a documented day", p, replay, last, 0.25, 1},
		{"projection hatched", p, plain, proj, 0.08, 1},
		// plain differs from p only in marking day proj.
		{"documented day: no hatching", p, plain, last, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, sa := paint(tt.a, tt.day)
			c, _ := paint(tt.b, tt.day)
			d := mapOnly(a, c)
			t.Logf("%s: %.1f%% of the map's pixels differ", tl.Days[tt.day].Date, 100*d)
			if d < tt.minDiff || d > tt.maxDiff {
				t.Errorf("%s: %.1f%% of the map's pixels differ; want %.0f%% to %.0f%%", tl.Days[tt.day].Date, 100*d, 100*tt.minDiff, 100*tt.maxDiff)
			}
			r, ok := projectedBanner(sa)
			if ok != sv.Days[tt.day].Projected {
				t.Fatalf("%s: a PROJECTED banner: %v; want %v", tl.Days[tt.day].Date, ok, sv.Days[tt.day].Projected)
			}
			if ok {
				pc := scene.ProjectedColour
				if s := share(a, r.Inset(3), [3]uint8{pc.R, pc.G, pc.B}, 10); s < 0.5 {
					t.Errorf("%s: the banner's box is %.0f%% the projection's colour; want most of it", tl.Days[tt.day].Date, 100*s)
				}
			}
		})
	}

	// The legend says the likelihood in words, and the SVG keeps them as
	// text with the banner.
	dir := t.TempDir()
	q := p
	q.W, q.H = 1280, 720 // room for the credit line
	q.From, q.To = proj, proj
	svgs, err := WriteSVGs(tl, q, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(svgs[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"shade: how likely it holds", likelihood.Bands[4].Words + ", " + likelihood.Bands[4].Range(),
		"PROJECTED · model only", "simulated, 200 runs", "a simulation, 200 runs", "PROJECTED (model only)</title>"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("the SVG of a projected day lacks %q", want)
		}
	}
}

// TestSimPicturesGolden compares the PNG of a projected day with
// testdata/sim-pictures (-update rewrites it), and checks that the same
// simulation gives the same bytes whatever the number of cores.
func TestSimPicturesGolden(t *testing.T) {
	tl, p := simPictures(t, 800, 450)
	i := tl.Index(sim.MustDate("2024-12-08"))
	p.From, p.To = i, i+1
	write := func(procs int) [][]byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		dir := t.TempDir()
		paths, err := WritePNGs(tl, p, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out [][]byte
		for _, path := range paths {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
		}
		return out
	}
	one, four := write(1), write(4)
	for k := range one {
		if !bytes.Equal(one[k], four[k]) {
			t.Errorf("%s: the PNG on 1 core and on 4 differ (%d and %d bytes)", tl.Days[p.From+k].Date, len(one[k]), len(four[k]))
		}
	}
	got := filepath.Join(t.TempDir(), "got.png")
	if err := os.WriteFile(got, one[0], 0o644); err != nil {
		t.Fatal(err)
	}
	checkGoldenPNG(t, filepath.Join("testdata", "sim-pictures", "2024-12-08.png"), got)
}

// TestSimGIF: a simulation's days animate as a replay's do.
func TestSimGIF(t *testing.T) {
	tl, p := simPictures(t, 320, 180)
	p.From, p.To = 8, 9
	g := writeGIF(t, tl, p)
	if want := GIFTiming.FrameCount(2); len(g.Image) != want {
		t.Errorf("%d frames, want %d", len(g.Image), want)
	}
}

// TestSimPicturesCheck: a simulation's pictures need its own timeline,
// and have no story.
func TestSimPicturesCheck(t *testing.T) {
	tl, p := simPictures(t, 320, 180)
	tests := []struct {
		name string
		p    func(Pictures) Pictures
		tl   *sim.Timeline
		want string
	}{
		{"story", func(p Pictures) Pictures { p.Story = true; return p }, tl, "a simulation has no story"},
		{"replay's timeline", func(p Pictures) Pictures { p.To = 0; return p }, builtin(t), "build both with scene.SimView"},
	}
	for _, tt := range tests {
		err := tt.p(p).Check(tt.tl)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v; want %q", tt.name, err, tt.want)
		}
	}
}

// TestSimOfAWhatIf: a simulation of a what-if file, drawn over the
// built-in replay's factions, is marked a what-if on its pictures, with
// its own title; the replay it is drawn over is left as it was.
func TestSimOfAWhatIf(t *testing.T) {
	base := builtin(t)
	s := readSim(t)
	s.Scenario, s.Title = "aleppo-holds", "What if: Aleppo holds"
	tl, sv, err := scene.SimView(base, s)
	if err != nil {
		t.Fatal(err)
	}
	if sc := tl.Scenario; !sc.WhatIf || sc.ID != "aleppo-holds" || sc.Title != s.Title {
		t.Errorf("the simulation's scenario is %s %q, what-if %v; want aleppo-holds, %q, a what-if", sc.ID, sc.Title, sc.WhatIf, s.Title)
	}
	if base.Scenario.WhatIf || base.Scenario.ID != "offensive-2024" {
		t.Errorf("SimView changed the replay's scenario: %s, what-if %v", base.Scenario.ID, base.Scenario.WhatIf)
	}
	p := Pictures{W: 1280, H: 720, Sim: sv, From: 4, To: 4}
	found := false
	for _, l := range DayScene(p.Builder(tl), p, 4).Labels {
		found = found || l.Text == "WHAT-IF · What if: Aleppo holds"
	}
	if !found {
		t.Errorf("the picture of a simulated what-if lacks its WHAT-IF banner")
	}
	// A simulation of the replay's own scenario keeps it.
	if tl, _, err := scene.SimView(base, readSim(t)); err != nil || tl.Scenario != base.Scenario {
		t.Errorf("a simulation of offensive-2024 draws over %v (%v); want the replay's scenario", tl.Scenario.ID, err)
	}
}

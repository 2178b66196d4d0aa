package export

import (
	"bytes"
	"image"
	"image/draw"
	"image/gif"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render/raster"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// compareRuns is the size of the test compare's ensembles: enough for
// no-russian-air-support to move Hama's odds well past the interval.
const compareRuns = 120

var (
	compareOnce sync.Once
	compared    *scene.Compared
	compareErr  error
)

// testCompare is the history against no-russian-air-support, by
// compareRuns paired runs of each, as frontline export --compare makes it.
func testCompare(t *testing.T) *scene.Compared {
	t.Helper()
	compareOnce.Do(func() {
		a := geo.MustDefault()
		tla, err := scenarios.Replay(scenarios.DefaultID, a)
		if err != nil {
			compareErr = err
			return
		}
		tlb, err := scenarios.ReplayBundled("no-russian-air-support", a)
		if err != nil {
			compareErr = err
			return
		}
		pair, err := ensemble.NewPair(tla, tlb, ensemble.Options{Runs: compareRuns, Seed: 1, ParamDraws: sim.DrawPosterior, Until: ensemble.DefaultUntil})
		if err != nil {
			compareErr = err
			return
		}
		ra, rb, pt, err := pair.Results(0, nil)
		if err != nil {
			compareErr = err
			return
		}
		compared, compareErr = scene.CompareViews(tla, ra, tlb, rb, pt, nil)
	})
	if compareErr != nil {
		t.Fatal(compareErr)
	}
	return compared
}

// comparePictures are w×h pictures of the test compare on day (from..to).
func comparePictures(t *testing.T, w, h int, from, to string) Pictures {
	t.Helper()
	c := testCompare(t)
	p := Pictures{W: w, H: h, Sim: c.SimA, Compare: c, From: c.A.Index(sim.MustDate(from)), To: c.A.Index(sim.MustDate(to))}
	if err := p.Check(c.A); err != nil {
		t.Fatal(err)
	}
	return p
}

// halves measures how the two halves of a compare picture differ, pixel
// for pixel at the same point of the map, outside the chrome (avoid, in
// the picture's coordinates): the share of map pixels that differ by
// more than 48 levels in a channel.
func halves(img *image.RGBA, avoid []scene.Rect) float64 {
	w := img.Rect.Dx() / 2
	n, diff := 0, 0
	in := func(x, y int) bool {
		for _, r := range avoid {
			if r.Contains(float64(x), float64(y)) {
				return true
			}
		}
		return false
	}
	for y := 0; y < img.Rect.Dy(); y++ {
		for x := 0; x < w; x++ {
			if in(x, y) || in(x+w, y) || x < 4 || x > w-4 {
				continue
			}
			n++
			a, b := img.RGBAAt(x, y), img.RGBAAt(x+w, y)
			if abs(int(a.R)-int(b.R)) > 48 || abs(int(a.G)-int(b.G)) > 48 || abs(int(a.B)-int(b.B)) > 48 {
				diff++
			}
		}
	}
	return float64(diff) / float64(max(1, n))
}

// compareAvoid is the chrome over a compare picture of day i.
func compareAvoid(tl *sim.Timeline, p Pictures, i int) []scene.Rect {
	return scene.CompareLayout(p.Builder(tl), p.Compare.WhatIf(), i, p.View(tl), p.textZoom()).Avoid
}

// onPalette is the share of the pixels of r in img, outside avoid, that
// are in the difference layer's colours from end, for changes of at least
// MinChange (scene.DiffColour), within tol levels a channel.
func onPalette(img *image.RGBA, r scene.Rect, avoid []scene.Rect, end float64, tol int) float64 {
	var pal [][3]uint8
	for k := 0; k <= 20; k++ {
		dp := scene.MinChange + (scene.FullChange-scene.MinChange)*float64(k)/20
		pal = append(pal, rgb(scene.DiffColour(end*dp)))
	}
	n, hit := 0, 0
	for y := int(r.Y); y < int(r.Y+r.H); y++ {
	pixels:
		for x := int(r.X); x < int(r.X+r.W); x++ {
			for _, a := range avoid {
				if a.Contains(float64(x), float64(y)) {
					continue pixels
				}
			}
			n++
			c := img.RGBAAt(x, y)
			for _, q := range pal {
				if abs(int(c.R)-int(q[0])) <= tol && abs(int(c.G)-int(q[1])) <= tol && abs(int(c.B)-int(q[2])) <= tol {
					hit++
					break
				}
			}
		}
	}
	return float64(hit) / float64(max(1, n))
}

// flippedPoint is where, in the left half of a compare's picture, the
// symbol lies of the place in view whose most likely holder on day d the
// what-if changes and whose odds it moves most; with its name, and ok
// false when it changes no likely holder in view.
func flippedPoint(t *testing.T, p Pictures, d int) (x, y int, name string, ok bool) {
	t.Helper()
	c, v := p.Compare, p.View(p.Compare.A)
	hv := scene.View{Center: v.Center, Scale: v.Scale, Rect: scene.Rect{W: float64(p.W / 2), H: float64(p.H)}}
	b := scene.NewBuilder(c.A)
	for _, i := range c.Diff.Moves(d) {
		if c.A.Days[d].Place(i).Controller == c.B.Days[d].Place(i).Controller {
			continue
		}
		px, py := b.PlacePoint(hv, i)
		if px > 40 && py > 40 && px < hv.Rect.W-40 && py < hv.Rect.H-40 {
			return int(px), int(py), c.A.Graph.Atlas.Places()[i].Name, true
		}
	}
	return 0, 0, "", false
}

// TestComparePNG: the compare of no-russian-air-support against the
// history on 2024-12-08, as a PNG, has halves that differ over much of
// the map and at the symbol of any place whose likely holder it changes,
// the difference layer's rings in the what-if's half only, and the note
// of the places whose odds move.
func TestComparePNG(t *testing.T) {
	p := comparePictures(t, 800, 450, "2024-12-08", "2024-12-08")
	tl := p.Compare.A
	paths, err := WritePNGs(tl, p, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 1 || filepath.Base(paths[0]) != "2024-12-08.png" {
		t.Fatalf("wrote %v, want one 2024-12-08.png", paths)
	}
	img := readPNG(t, paths[0])
	if s := halves(img, compareAvoid(tl, p, p.From)); s < 0.03 {
		t.Errorf("the halves differ in %.1f%% of the map's pixels; want at least 3%%", 100*s)
	}
	// Where the what-if changes a place's likely holder, its symbol
	// changes colour. (Since cities are strongholds it moves the odds
	// along the M5 and the coast without handing any of them over.)
	if x, y, name, ok := flippedPoint(t, p, p.From); ok {
		a, b := img.RGBAAt(x, y), img.RGBAAt(x+p.W/2, y)
		if d := abs(int(a.R)-int(b.R)) + abs(int(a.G)-int(b.G)) + abs(int(a.B)-int(b.B)); d < 90 {
			t.Errorf("%s's symbol is %v on the left and %v on the right; want different sides' colours", name, a, b)
		}
	}
	left := scene.Rect{W: float64(p.W/2 - 4), H: float64(p.H)}
	right := scene.Rect{X: float64(p.W/2 + 4), W: float64(p.W/2 - 4), H: float64(p.H)}
	// On the map, not in the legend's swatches of the same colours.
	avoid := compareAvoid(tl, p, p.From)
	for _, c := range []struct {
		name string
		end  float64
	}{{"crimson", -1}, {"blue", 1}} {
		l, r := onPalette(img, left, avoid, c.end, 6), onPalette(img, right, avoid, c.end, 6)
		if r < 0.002 || l > r/5 {
			t.Errorf("the difference layer's %s covers %.3f%% of the left half's map and %.3f%% of the right's; want it on the right", c.name, 100*l, 100*r)
		}
	}
	checkCompareChrome(t, tl, p)
}

// checkCompareChrome: the compare's legend lists the difference layer's
// rings beside the history's symbols and keeps to the what-if's pane,
// below its middle; the note keeps to the history's pane and below its
// middle, and names, with their intervals, places that are in view and
// not under the chrome.
func checkCompareChrome(t *testing.T, tl *sim.Timeline, p Pictures) {
	t.Helper()
	b := p.Builder(tl)
	lay := scene.CompareLayout(b, p.Compare.WhatIf(), p.From, p.View(tl), p.textZoom())
	has := map[scene.SymbolKind]bool{}
	for _, s := range lay.Symbols {
		has[s.Kind] = true
	}
	for _, k := range []scene.SymbolKind{scene.SymDiffLose, scene.SymDiffKeep, scene.SymShade, scene.SymFront} {
		if !has[k] {
			t.Errorf("the legend lists %v, without kind %d", lay.Symbols, k)
		}
	}
	w, h := float64(p.W), float64(p.H)
	leg := b.LegendRect(lay.Symbols, scene.Rect{W: w, H: h}, p.textZoom())
	if leg.X < w/2 || leg.Y < h/2 {
		t.Errorf("the legend %+v reaches the history's pane or the map's middle", leg)
	}
	if n := lay.Note; n.X+n.W > w/2 || n.Y < h/2 {
		t.Errorf("the note %+v reaches the what-if's pane or the map's middle", n)
	}
	note := strings.Join(lay.NoteLines, " ")
	named := regexp.MustCompile(`(?:\. |; )([^;.]+?) held by \S+: \d+% → \d+% \(±\d+%\)`).FindAllStringSubmatch(note, -1)
	if len(named) == 0 {
		t.Fatalf("the note %q names no move with its interval", note)
	}
	v := p.View(tl)
	pane := scene.View{Center: v.Center, Scale: v.Scale, Rect: scene.Rect{X: w / 2, W: w / 2, H: h}}
	for _, m := range named {
		pl, ok := tl.Graph.Atlas.Find(m[1])
		if !ok {
			t.Errorf("the note names %q, not a place", m[1])
			continue
		}
		x, y := pane.ToScreen(pl.Point)
		if !pane.Rect.Contains(x, y) || slices.ContainsFunc(lay.Avoid, func(r scene.Rect) bool { return r.Contains(x, y) }) {
			t.Errorf("the note names %s, at (%.0f, %.0f): out of the what-if's view or under its chrome", m[1], x, y)
		}
	}
}

func rgb(c interface{ RGBA() (r, g, b, a uint32) }) [3]uint8 {
	r, g, b, _ := c.RGBA()
	return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}

// TestCompareGolden compares the 1280×720 PNG of the compare on
// 2024-12-08, whose chrome keeps clear of the action
// (checkCompareChrome), with testdata/compare (-update rewrites it).
func TestCompareGolden(t *testing.T) {
	p := comparePictures(t, 1280, 720, "2024-12-08", "2024-12-08")
	checkCompareChrome(t, p.Compare.A, p)
	paths, err := WritePNGs(p.Compare.A, p, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "compare", "2024-12-08.png")
	updateGolden(t, golden, paths[0])
	want, img := readPNG(t, golden), readPNG(t, paths[0])
	if want.Bounds() != img.Bounds() {
		t.Fatalf("%s is %v, want %v", golden, img.Bounds(), want.Bounds())
	}
	if m := meanDiff(img, want); m > 1 {
		t.Errorf("%s: differs by %.2f levels per channel on average; got %s (go test -update rewrites it)", golden, m, paths[0])
	}
}

// TestCompareSVG: the SVG of the compare at 1280×720 (the golden's size;
// at 800×450 its smaller legend type is more antialiasing than map)
// holds the two halves as clipped panes, the difference layer in the
// what-if's only, and paints in Chromium what the PNG paints, its halves
// different on the map.
func TestCompareSVG(t *testing.T) {
	p := comparePictures(t, 1280, 720, "2024-12-08", "2024-12-08")
	tl := p.Compare.A
	path, data := firstSVG(t, tl, p)
	svg := string(data)
	panes := regexp.MustCompile(`<svg x="(\d+)" y="0" width="(\d+)" height="720"`).FindAllStringSubmatch(svg, -1)
	if len(panes) != 2 || panes[0][1] != "0" || panes[1][1] != "640" {
		t.Fatalf("the SVG's panes are %v, want two of 640×720 at x=0 and x=640", panes)
	}
	second := strings.Index(svg, `<svg x="640"`)
	if d := strings.Index(svg, `id="difference"`); d < second {
		t.Errorf("the difference layer is at %d, not in the what-if's pane (from %d)", d, second)
	}
	img := chromiumShot(t, path, p.W, p.H)
	want := raster.New().Paint(p.seq(tl).scene(p.Builder(tl), p.From))
	if m := meanDiff(img, want); m > 6 {
		t.Errorf("Chromium's rendering of the compare SVG differs from the PNG by %.1f levels per channel on average; want at most 6", m)
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, image.Point{}, draw.Src)
	if s := halves(rgba, compareAvoid(tl, p, p.From)); s < 0.03 {
		t.Errorf("in Chromium, the halves differ in %.1f%% of the map's pixels; want at least 3%%", 100*s)
	}
}

// frameImages composes the frames of a GIF, each drawn over the one
// before (DisposalNone), into whole pictures.
func frameImages(g *gif.GIF) []*image.RGBA {
	canvas := image.NewRGBA(image.Rect(0, 0, g.Config.Width, g.Config.Height))
	var out []*image.RGBA
	for _, fr := range g.Image {
		draw.Draw(canvas, fr.Bounds(), fr, fr.Bounds().Min, draw.Over)
		out = append(out, image.NewRGBA(canvas.Rect))
		copy(out[len(out)-1].Pix, canvas.Pix)
	}
	return out
}

// TestGIFDayCaption: every frame of a GIF without --story, stills and
// fades, of a replay and of a compare, carries the day's caption: the
// date box, panel-coloured with dark text in it, whose text changes
// from the first day to the last.
func TestGIFDayCaption(t *testing.T) {
	tl := builtin(t)
	cp := comparePictures(t, 480, 270, "2024-12-07", "2024-12-08")
	tests := []struct {
		name string
		tl   *sim.Timeline
		p    Pictures
	}{
		{"replay", tl, Pictures{W: 480, H: 270, From: 3, To: 4}},
		{"compare", cp.Compare.A, cp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := writeGIF(t, tt.tl, tt.p)
			frames := frameImages(g)
			if want := GIFTiming.FrameCount(2); len(frames) != want {
				t.Fatalf("%d frames, want %d", len(frames), want)
			}
			b := tt.p.Builder(tt.tl)
			m := scene.Rect{W: float64(tt.p.W), H: float64(tt.p.H)}
			box := b.DateRect(tt.p.From, m, tt.p.textZoom()).Inset(3)
			for k, img := range frames {
				panel, ink := share(img, box, rgb(scene.Over(scene.PanelColour, scene.SeaColour)), 10), share(img, box, rgb(scene.InkColour), 40)
				if panel < 0.4 || ink < 0.02 {
					t.Errorf("frame %d: the date box is %.0f%% panel and %.1f%% ink; want a caption (at least 40%% and 2%%)", k, 100*panel, 100*ink)
				}
			}
			if bytes.Equal(crop(frames[0], box).Pix, crop(frames[len(frames)-1], box).Pix) {
				t.Errorf("the caption of the first day and of the last are the same pixels")
			}
		})
	}
}

// crop copies r of img.
func crop(img *image.RGBA, r scene.Rect) *image.RGBA {
	rr := image.Rect(int(r.X), int(r.Y), int(r.X+r.W), int(r.Y+r.H)).Intersect(img.Rect)
	out := image.NewRGBA(rr)
	draw.Draw(out, rr, img, rr.Min, draw.Src)
	return out
}

// TestCompareMP4 encodes two days of the compare and reads the video back
// with ffprobe: H.264 in yuv420p, its size and frame count.
func TestCompareMP4(t *testing.T) {
	needTool(t, "ffmpeg", "ffmpeg")
	probe := needTool(t, "ffprobe", "ffmpeg")
	p := comparePictures(t, 480, 270, "2024-12-07", "2024-12-08")
	path := filepath.Join(t.TempDir(), "compare.mp4")
	if err := WriteMP4(p.Compare.A, p, path, nil); err != nil {
		t.Fatal(err)
	}
	got := ffprobe(t, probe, path, "stream=codec_name,pix_fmt,width,height,nb_read_frames", true)
	for k, want := range map[string]string{"codec_name": "h264", "pix_fmt": "yuv420p", "width": "480", "height": "270", "nb_read_frames": strconv.Itoa(MP4Frames(2))} {
		if got[k] != want {
			t.Errorf("ffprobe %s = %q, want %q (all: %v)", k, got[k], want, got)
		}
	}
}

// TestCompareDocsShowGolden: the README, docs/viewer.md and
// docs/exports.md show the compare picture by a link to the golden that
// TestCompareGolden keeps in step with the code, so that the docs'
// picture is the code's.
func TestCompareDocsShowGolden(t *testing.T) {
	golden, err := filepath.Abs(filepath.Join("testdata", "compare", "2024-12-08.png"))
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`!\[[^\]]*\]\(([^)\s]+)\)`)
	for _, doc := range []string{"README.md", "docs/viewer.md", "docs/exports.md"} {
		path := filepath.Join("..", "..", doc)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range link.FindAllStringSubmatch(string(data), -1) {
			if p, err := filepath.Abs(filepath.Join(filepath.Dir(path), m[1])); err == nil && p == golden {
				found = true
			}
		}
		if !found {
			t.Errorf("%s shows no picture linked to %s", doc, golden)
		}
	}
}

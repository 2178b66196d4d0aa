package export

import (
	"bytes"
	"image"
	"image/draw"
	"image/gif"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/atomicfile"
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
	b := p.Builder(tl)
	v := p.View(tl)
	avoid := b.ChromeAvoid(i, v, p.textZoom())
	m := v.Rect
	_, _, lr, rr := scene.CompareLabels(m, m.W/2, tl.Scenario.Title, p.Compare.B.Scenario.Title, p.textZoom())
	nr, _ := scene.CompareNote(tl, i, v, p.textZoom(), b.PairedMessage(i, p.Sim.Runs), 14*p.textZoom())
	return append(avoid, lr.Inset(-4), rr.Inset(-4), nr.Inset(-4))
}

// hamaPoint is where Hama's symbol is in the left half of a compare
// picture; the right half has it W/2 further right.
func hamaPoint(t *testing.T, tl *sim.Timeline, p Pictures) (int, int) {
	t.Helper()
	i, ok := tl.Graph.Atlas.Index("hama")
	if !ok {
		t.Fatal("no hama in the atlas")
	}
	v := p.View(tl)
	hv := scene.View{Center: v.Center, Scale: v.Scale, Rect: scene.Rect{W: float64(p.W / 2), H: float64(p.H)}}
	x, y := scene.NewBuilder(tl).PlacePoint(hv, i)
	return int(x), int(y)
}

// TestComparePNG: the compare of no-russian-air-support against the
// history on 2024-12-08, as a PNG, has halves that differ over much of
// the map and at Hama's symbol itself, the difference layer's rings in
// the what-if's half only, and the note of the places whose odds move.
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
	x, y := hamaPoint(t, tl, p)
	a, b := img.RGBAAt(x, y), img.RGBAAt(x+p.W/2, y)
	if d := abs(int(a.R)-int(b.R)) + abs(int(a.G)-int(b.G)) + abs(int(a.B)-int(b.B)); d < 90 {
		t.Errorf("Hama's symbol is %v on the left and %v on the right; want different sides' colours", a, b)
	}
	left := scene.Rect{W: float64(p.W/2 - 4), H: float64(p.H)}
	right := scene.Rect{X: float64(p.W/2 + 4), W: float64(p.W/2 - 4), H: float64(p.H)}
	for _, c := range []struct {
		name string
		rgb  [3]uint8
	}{{"crimson", rgb(scene.DiffLoseColour)}, {"blue", rgb(scene.DiffKeepColour)}} {
		l, r := share(img, left, c.rgb, 12), share(img, right, c.rgb, 12)
		if r < 0.0005 || l > r/5 {
			t.Errorf("the difference layer's %s covers %.3f%% of the left half and %.3f%% of the right; want it on the right", c.name, 100*l, 100*r)
		}
	}
	msg := p.Builder(tl).PairedMessage(p.From, p.Sim.Runs)
	if !regexp.MustCompile(`held by \S+ on 8 Dec: \d+% → \d+% \(±\d+%\)`).MatchString(msg) {
		t.Errorf("the note %q lists no move with its interval", msg)
	}
}

func rgb(c interface{ RGBA() (r, g, b, a uint32) }) [3]uint8 {
	r, g, b, _ := c.RGBA()
	return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}

// TestCompareGolden compares the PNG of the compare on 2024-12-08 with
// testdata/compare (-update rewrites it).
func TestCompareGolden(t *testing.T) {
	p := comparePictures(t, 800, 450, "2024-12-08", "2024-12-08")
	paths, err := WritePNGs(p.Compare.A, p, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "compare", "2024-12-08.png")
	if *update {
		data, err := os.ReadFile(paths[0])
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
	want, img := readPNG(t, golden), readPNG(t, paths[0])
	if want.Bounds() != img.Bounds() {
		t.Fatalf("%s is %v, want %v", golden, img.Bounds(), want.Bounds())
	}
	if m := meanDiff(img, want); m > 1 {
		t.Errorf("%s: differs by %.2f levels per channel on average; got %s (go test -update rewrites it)", golden, m, paths[0])
	}
}

// TestCompareSVG: the SVG of the same compare holds the two halves as
// clipped panes, the difference layer in the what-if's only, and paints
// in Chromium what the PNG paints, its halves different at Hama.
func TestCompareSVG(t *testing.T) {
	p := comparePictures(t, 800, 450, "2024-12-08", "2024-12-08")
	tl := p.Compare.A
	path, data := firstSVG(t, tl, p)
	svg := string(data)
	panes := regexp.MustCompile(`<svg x="(\d+)" y="0" width="(\d+)" height="450"`).FindAllStringSubmatch(svg, -1)
	if len(panes) != 2 || panes[0][1] != "0" || panes[1][1] != "400" {
		t.Fatalf("the SVG's panes are %v, want two of 400×450 at x=0 and x=400", panes)
	}
	second := strings.Index(svg, `<svg x="400"`)
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

package export

import (
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/frontline-sim/frontline/render/scene"
)

// TestStoryPNGs writes the built-in story as one PNG per step, headless,
// and checks the count, the names and that every step's picture differs
// from the one before: another day, view or caption.
func TestStoryPNGs(t *testing.T) {
	tl := builtin(t)
	p := Pictures{W: 1280, H: 720, Story: true}
	if err := p.Check(tl); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	paths, err := WritePNGs(tl, p, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	steps := tl.Scenario.Story.Steps
	if len(paths) != len(steps) {
		t.Fatalf("%d pictures, want one per step: %d", len(paths), len(steps))
	}
	var prev *image.RGBA
	for k, path := range paths {
		if want := filepath.Join(dir, StepFileName(k, ".png")); path != want {
			t.Errorf("step %d: %s, want %s", k+1, path, want)
		}
		img := readPNG(t, path)
		if b := img.Bounds(); b.Dx() != p.W || b.Dy() != p.H {
			t.Errorf("%s is %v, want %dx%d", path, b.Size(), p.W, p.H)
		}
		if prev != nil {
			if n := differentPixels(prev, img); n < p.W*p.H/100 {
				t.Errorf("step %d differs from step %d in %d pixels; want at least 1%%", k+1, k, n)
			}
		}
		prev = img
	}
}

func readPNG(t *testing.T, path string) *image.RGBA {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := image.NewRGBA(m.Bounds())
	for y := m.Bounds().Min.Y; y < m.Bounds().Max.Y; y++ {
		for x := m.Bounds().Min.X; x < m.Bounds().Max.X; x++ {
			out.Set(x, y, m.At(x, y))
		}
	}
	return out
}

func differentPixels(a, b *image.RGBA) int {
	n := 0
	for i := 0; i+3 < len(a.Pix) && i+3 < len(b.Pix); i += 4 {
		if a.Pix[i] != b.Pix[i] || a.Pix[i+1] != b.Pix[i+1] || a.Pix[i+2] != b.Pix[i+2] {
			n++
		}
	}
	return n
}

// TestStoryGIF writes the story as one GIF: a still per step, held for
// StoryGIFTiming.Hold, with fades between.
func TestStoryGIF(t *testing.T) {
	tl := builtin(t)
	n := len(tl.Scenario.Story.Steps)
	g := writeGIF(t, tl, Pictures{W: 320, H: 180, Story: true})
	tm := StoryGIFTiming
	if want := tm.FrameCount(n); len(g.Image) != want {
		t.Fatalf("%d frames, want %d (%d steps)", len(g.Image), want, n)
	}
	hold := int(tm.Hold / (10 * time.Millisecond))
	holds := 0
	for _, d := range g.Delay {
		if d == hold {
			holds++
		}
	}
	if last := int(tm.LastHold / (10 * time.Millisecond)); holds != n-1 || g.Delay[len(g.Delay)-1] != last {
		t.Errorf("%d holds of %d cs and a last of %d; want %d and %d", holds, hold, g.Delay[len(g.Delay)-1], n-1, last)
	}
}

// TestStoryMP4 encodes the story as a video and reads it back with
// ffprobe: H.264, the frame count and the duration of its timing.
func TestStoryMP4(t *testing.T) {
	needTool(t, "ffmpeg", "ffmpeg")
	probe := needTool(t, "ffprobe", "ffmpeg")
	tl := builtin(t)
	n := len(tl.Scenario.Story.Steps)
	path := filepath.Join(t.TempDir(), "story.mp4")
	if err := WriteMP4(tl, Pictures{W: 320, H: 180, Story: true}, path, nil); err != nil {
		t.Fatal(err)
	}
	got := ffprobe(t, probe, path, "stream=codec_name,nb_frames,duration", false)
	frames := MP4TimedFrames(StoryMP4Timing, n)
	if got["codec_name"] != "h264" || got["nb_frames"] != strconv.Itoa(frames) {
		t.Errorf("ffprobe says %v; want h264 and %d frames", got, frames)
	}
	d, err := strconv.ParseFloat(got["duration"], 64)
	if want := float64(frames) / MP4FPS; err != nil || math.Abs(d-want) > 0.05 {
		t.Errorf("duration %q, want %.2f s", got["duration"], want)
	}
}

// TestStorySmall: a story drawn at the smallest sizes export takes still
// paints every step (the caption may then cover part of the map).
func TestStorySmall(t *testing.T) {
	tl := builtin(t)
	b := scene.NewBuilder(tl)
	for _, sz := range [][2]int{{64, 64}, {320, 240}, {240, 900}} {
		p := Pictures{W: sz[0], H: sz[1], Story: true}
		for k := range tl.Scenario.Story.Steps {
			s := StoryScene(b, p, k)
			if s.W != sz[0] || s.H != sz[1] || len(s.Layers) == 0 || s.Overlay == nil {
				t.Fatalf("%dx%d step %d: scene %dx%d with %d layers", sz[0], sz[1], k+1, s.W, s.H, len(s.Layers))
			}
		}
	}
}

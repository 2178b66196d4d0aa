package export

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/frontline-sim/frontline/render/raster"
	"github.com/frontline-sim/frontline/render/scene"
)

// TestSVGInBrowser opens an exported SVG in headless Chromium and checks
// that it paints the picture the PNG export paints.
func TestSVGInBrowser(t *testing.T) {
	tl := builtin(t)
	p := Pictures{W: 800, H: 450, From: 4, To: 4}
	paths, err := WriteSVGs(tl, p, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	img := chromiumShot(t, paths[0], p.W, p.H)
	// Chromium paints what the raster backend paints, up to antialiasing
	// and font hinting.
	want := raster.New().Paint(DayScene(scene.NewBuilder(tl), p, 4))
	if img.Bounds() != want.Bounds() {
		t.Fatalf("Chromium's picture is %v, want %v", img.Bounds(), want.Bounds())
	}
	if mean := meanDiff(img, want); mean > 6 {
		t.Errorf("Chromium's rendering of the SVG differs from the PNG by %.1f levels per channel on average; want at most 6", mean)
	} else {
		t.Logf("Chromium and the PNG differ by %.2f levels per channel on average", mean)
	}
}

// chromiumShot opens the SVG at path in headless Chromium, w×h, and
// returns its screenshot (CHROME_DUMP names a file to keep it in).
// Chromium comes with the web build's tests; without it on the PATH the
// test skips, even under CI.
func chromiumShot(t *testing.T, path string, w, h int) image.Image {
	t.Helper()
	var bin string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("no Chromium on the PATH")
	}
	shot := filepath.Join(t.TempDir(), "shot.png")
	if d := os.Getenv("CHROME_DUMP"); d != "" {
		shot = d
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		fmt.Sprintf("--window-size=%d,%d", w, h), "--screenshot="+shot, "file://"+path).CombinedOutput()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("chromium wrote no screenshot: %v\n%s", err, out)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// meanDiff is the mean difference per channel, in levels, of two
// pictures of the same size.
func meanDiff(img image.Image, want *image.RGBA) float64 {
	sum, n := 0, 0
	b := want.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := want.RGBAAt(x, y)
			sum += abs(int(r>>8)-int(c.R)) + abs(int(g>>8)-int(c.G)) + abs(int(bl>>8)-int(c.B))
			n += 3
		}
	}
	return float64(sum) / float64(n)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

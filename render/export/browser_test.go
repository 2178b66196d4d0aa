package export

import (
	"context"
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
// that it paints the picture the PNG export paints. Chromium
// comes with the web build's tests; without it this test skips, even
// under CI.
func TestSVGInBrowser(t *testing.T) {
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
	tl := builtin(t)
	p := Pictures{W: 800, H: 450, From: 4, To: 4}
	dir := t.TempDir()
	paths, err := WriteSVGs(tl, p, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "shot.png")
	if d := os.Getenv("CHROME_DUMP"); d != "" {
		shot = d
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--window-size=800,450", "--screenshot="+shot, "file://"+paths[0]).CombinedOutput()
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
	// Chromium paints what the raster backend paints, up to antialiasing
	// and font hinting.
	want := raster.New().Paint(DayScene(scene.NewBuilder(tl), p, 4))
	if img.Bounds() != want.Bounds() {
		t.Fatalf("Chromium's picture is %v, want %v", img.Bounds(), want.Bounds())
	}
	sum, n := 0, 0
	for y := 0; y < p.H; y++ {
		for x := 0; x < p.W; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			c := want.RGBAAt(x, y)
			sum += abs(int(r>>8)-int(c.R)) + abs(int(g>>8)-int(c.G)) + abs(int(b>>8)-int(c.B))
			n += 3
		}
	}
	if mean := float64(sum) / float64(n); mean > 6 {
		t.Errorf("Chromium's rendering of the SVG differs from the PNG by %.1f levels per channel on average; want at most 6", mean)
	} else {
		t.Logf("Chromium and the PNG differ by %.2f levels per channel on average", mean)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

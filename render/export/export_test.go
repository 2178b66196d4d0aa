package export

import (
	"bytes"
	"encoding/xml"
	"github.com/frontline-sim/frontline/internal/cputime"
	"image/gif"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
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

func all(tl *sim.Timeline, w, h int) Pictures {
	return Pictures{W: w, H: h, From: 0, To: len(tl.Days) - 1}
}

// writeGIF writes the GIF of p and reads it back.
func writeGIF(t *testing.T, tl *sim.Timeline, p Pictures) *gif.GIF {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pictures.gif")
	if err := WriteGIF(tl, p, path, nil); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return g
}

func TestGIF(t *testing.T) {
	tl := builtin(t)
	p := all(tl, 480, 270)
	g := writeGIF(t, tl, p)
	n := len(tl.Days)
	if want := GIFTiming.FrameCount(n); len(g.Image) != want {
		t.Fatalf("%d frames, want %d (%d days, %d per fade)", len(g.Image), want, n, GIFTiming.Steps-1)
	}
	total := 0
	holds := 0
	for _, d := range g.Delay {
		total += d
		if d == 120 {
			holds++
		}
	}
	if holds != n-1 || g.Delay[len(g.Delay)-1] != 300 {
		t.Errorf("%d holds of 1.2 s and a last delay of %d cs; want %d and 300", holds, g.Delay[len(g.Delay)-1], n-1)
	}
	if want := (n-1)*(120+(GIFTiming.Steps-1)*8) + 300; total != want {
		t.Errorf("total delay %d cs, want %d", total, want)
	}
	if g.Config.Width != 480 || g.Config.Height != 270 {
		t.Errorf("GIF is %dx%d, want 480x270", g.Config.Width, g.Config.Height)
	}
}

func TestPNGAndSVG(t *testing.T) {
	tl := builtin(t)
	p := all(tl, 800, 450)
	p.From, p.To = 2, 3
	dir := t.TempDir()
	paths, err := WritePNGs(tl, p, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 || filepath.Base(paths[0]) != tl.Days[2].Date.String()+".png" {
		t.Fatalf("paths %v", paths)
	}
	data, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil || img.Bounds().Dx() != 800 || img.Bounds().Dy() != 450 {
		t.Fatalf("png: %v %v", err, img.Bounds())
	}
	svgs, err := WriteSVGs(tl, p, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err = os.ReadFile(svgs[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := parseXML(data); err != nil {
		t.Fatalf("svg does not parse as XML: %v", err)
	}
	texts := bytes.Count(data, []byte("<text "))
	if texts < 10 {
		t.Errorf("%d text elements; want the labels and chrome as text", texts)
	}
	if !bytes.Contains(data, []byte(">"+scene.LongDate(tl.Days[2].Date)+"</text>")) {
		t.Errorf("svg lacks the date as text")
	}
}

// BenchmarkGIF measures the GIF of the whole built-in replay at 1280×720.
func BenchmarkGIF(b *testing.B) {
	tl := builtin(b)
	p := all(tl, 1280, 720)
	path := filepath.Join(b.TempDir(), "replay.gif")
	cpu0 := cputime.Now()
	for b.Loop() {
		if err := WriteGIF(tl, p, path, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cputime.Now()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

func TestCharts(t *testing.T) {
	tl := builtin(t)
	dir := t.TempDir()
	paths, err := WriteCharts(tl, 0, len(tl.Days)-1, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"places.png": true, "places.svg": true, "territory.png": true, "territory.svg": true,
		"highway-m4.png": true, "highway-m4.svg": true, "highway-m5.png": true, "highway-m5.svg": true}
	for _, p := range paths {
		delete(want, filepath.Base(p))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Ext(p) == ".png" {
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil || img.Bounds().Dx() < 500 {
				t.Errorf("%s: %v", p, err)
			}
		} else if err := parseXML(data); err != nil {
			t.Errorf("%s does not parse as XML: %v", p, err)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing charts %v", want)
	}
	if os.Getenv("CHART_DUMP") != "" {
		for _, p := range paths {
			data, _ := os.ReadFile(p)
			os.WriteFile(filepath.Join(os.Getenv("CHART_DUMP"), filepath.Base(p)), data, 0o644)
		}
	}
}

// parseXML reads a whole XML document, checking that it is well formed.
func parseXML(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// firstSVG writes the SVGs of p and returns the first one's path and bytes.
func firstSVG(t *testing.T, tl *sim.Timeline, p Pictures) (string, []byte) {
	t.Helper()
	paths, err := WriteSVGs(tl, p, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	return paths[0], data
}

// TestSVGIDs checks that the SVG's ids are unique, as XML wants.
func TestSVGIDs(t *testing.T) {
	tl := builtin(t)
	p := Pictures{W: 640, H: 360, From: 3, To: 3}
	_, data := firstSVG(t, tl, p)
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllSubmatch(data, -1) {
		if seen[string(m[1])] {
			t.Errorf("id %q twice", m[1])
		}
		seen[string(m[1])] = true
	}
	for _, want := range []string{"basemap", "territory", "roads", "front", "places", "chrome"} {
		if !seen[want] {
			t.Errorf("no group %q", want)
		}
	}
}

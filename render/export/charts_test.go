package export

import (
	"bytes"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// replayFigures is every chart of the built-in replay, by name.
func replayFigures(t *testing.T) map[string]figure {
	t.Helper()
	tl := builtin(t)
	out := map[string]figure{}
	for _, c := range charts(tl, 0, len(tl.Days)-1) {
		f, err := c.figure(tl, 0)
		if err != nil {
			t.Fatal(err)
		}
		out[c.name] = f
	}
	return out
}

// simFigures is the fan chart and Hama's control chart of the test
// simulation.
func simFigures(t *testing.T) map[string]figure {
	t.Helper()
	tl, s := builtin(t), readSim(t)
	fan, err := fanChart(tl, s)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]figure{"fall-dates": fan}
	for _, pl := range s.Places {
		if pl.ID == "hama" {
			if out["control-hama"], err = controlChart(tl, s, pl); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

// renderFigure draws f as its PNG would be.
func renderFigure(f figure) *image.RGBA {
	cv := vgimg.NewWith(vgimg.UseWH(f.w, f.h), vgimg.UseDPI(chartDPI))
	f.draw(draw.New(cv))
	return cv.Image().(*image.RGBA)
}

// pixels is r, in points from the bottom left, in the image's pixels.
func pixels(f figure, r vg.Rectangle) image.Rectangle {
	s := func(v vg.Length) int { return int(float64(v) * chartDPI / 72) }
	return image.Rect(s(r.Min.X), s(f.h-r.Max.Y), s(r.Max.X), s(f.h-r.Min.Y))
}

// count is how many pixels of img in r are near colour c.
func count(img *image.RGBA, r image.Rectangle, c color.RGBA) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if near(img.RGBAAt(x, y), c, 13) {
				n++
			}
		}
	}
	return n
}

// TestChartLayout: on every chart the title, subtitle, key and panels lie
// inside the page, the title fits its width, and none of them overlap.
func TestChartLayout(t *testing.T) {
	figs := replayFigures(t)
	for k, f := range simFigures(t) {
		figs[k] = f
	}
	for name, f := range figs {
		L := f.layout()
		inside := func(what string, r vg.Rectangle) {
			if r.Min.X < figMargin-0.01 || r.Min.Y < figMargin-0.01 || r.Max.X > f.w-figMargin+0.01 || r.Max.Y > f.h-figMargin+0.01 {
				t.Errorf("%s: the %s %v leaves the page %v", name, what, r, L.page)
			}
		}
		inside("title", L.title)
		inside("subtitle", L.subtitle)
		inside("grid", L.grid)
		boxes := map[string]vg.Rectangle{"title": L.title, "subtitle": L.subtitle, "grid": L.grid}
		if len(f.key) > 0 {
			inside("key", L.key)
			boxes["key"] = L.key
		}
		for a, ra := range boxes {
			for b, rb := range boxes {
				if a < b && overlaps(ra, rb) {
					t.Errorf("%s: the %s %v overlaps the %s %v", name, a, ra, b, rb)
				}
			}
		}
		for i, r := range L.panels {
			inside("panel", r)
			for j := i + 1; j < len(L.panels); j++ {
				if overlaps(r, L.panels[j]) {
					t.Errorf("%s: panels %d and %d overlap", name, i, j)
				}
			}
		}
	}
}

func saturated(c color.RGBA) bool {
	return max(c.R, c.G, c.B)-min(c.R, c.G, c.B) > 60
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// TestChartPanels: each side of a replay chart is drawn in its own panel,
// in its own map colour, so that no line hides another (the SNA's 6,940
// km² and the coalition's 6,949 once drew one line); and nothing is drawn
// in the page's margin, where text would be clipped.
func TestChartPanels(t *testing.T) {
	tl := builtin(t)
	for _, c := range charts(tl, 0, len(tl.Days)-1) {
		f, err := c.figure(tl, 0)
		if err != nil {
			t.Fatal(err)
		}
		img := renderFigure(f)
		L := f.layout()
		for k, s := range c.series {
			own := pixels(f, L.panels[k])
			if n := count(img, own, s.colour); n < 150 {
				t.Errorf("%s: %s's colour %v has %d pixels in its panel %v; want its line", c.name, s.label, s.colour, n, own)
			}
			for j, r := range L.panels {
				// A grey (contested) is also the ink of every panel's text.
				if j != k && c.series[j].colour != s.colour && saturated(s.colour) {
					if n := count(img, pixels(f, r), s.colour); n > 40 {
						t.Errorf("%s: %s's colour has %d pixels in %s's panel", c.name, s.label, n, c.series[j].label)
					}
				}
			}
		}
		b := img.Bounds()
		edge := int(figMargin*chartDPI/72) - 2
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if (x < edge || y < edge || x >= b.Max.X-edge || y >= b.Max.Y-edge) && !near(img.RGBAAt(x, y), color.RGBA{255, 255, 255, 255}, 13) {
					t.Fatalf("%s: pixel (%d, %d) in the margin is %v, not the page", c.name, x, y, img.RGBAAt(x, y))
				}
			}
		}
	}
}

// TestChartFigures: the panels' axes show the change since the first day,
// in one number format, and a panel's line of figures its ends and peak.
func TestChartFigures(t *testing.T) {
	tl := builtin(t)
	cs := map[string]chart{}
	for _, c := range charts(tl, 0, len(tl.Days)-1) {
		cs[c.name] = c
	}
	date := func(i int) string { return tl.Days[i].Date.Time().Format("2 Jan") }
	area := cs["territory"]
	got := map[string]string{}
	for k, s := range area.series {
		got[s.label] = area.figures(k, date)
	}
	for label, want := range map[string]string{
		"HTS-led operations room":              "+4,878 km²: 4,045 → 8,923",
		"Syrian National Army (Turkey-backed)": "±0 km²: 6,940 → 6,940",
	} {
		if got[label] != want {
			t.Errorf("territory, %s: %q, want %q", label, got[label], want)
		}
	}
	lo, hi := area.yRange()
	if lo > -5930 || hi < 4878 || hi-lo > 16000 {
		t.Errorf("the territory axis runs %v to %v; want the changes (−5,930 to +4,878 km²) and little more", lo, hi)
	}
	var labels []string
	for _, tk := range (numTicks{change: true}).Ticks(lo, hi) {
		labels = append(labels, tk.Label)
	}
	if s := strings.Join(labels, " "); s != "−5,000 ±0 +5,000" {
		t.Errorf("territory ticks %q (axis %v to %v)", s, lo, hi)
	}
	m5 := cs["highway-m5"]
	for k, s := range m5.series {
		if s.label == "Cut" && !strings.Contains(m5.figures(k, date), ", at most 49 on 28 Nov") {
			t.Errorf("the M5's cut panel says %q; want its peak", m5.figures(k, date))
		}
	}
}

func TestTickSteps(t *testing.T) {
	for _, c := range []struct {
		n, max, want int
	}{{9, 3, 4}, {17, 9, 2}, {2, 3, 1}, {1, 3, 1}, {10, 4, 3}, {8, 3, 4}} {
		if got := labelStep(c.n, c.max); got != c.want {
			t.Errorf("labelStep(%d, %d) = %d, want %d", c.n, c.max, got, c.want)
		}
	}
	for _, c := range []struct{ rough, want float64 }{{0.3, 1}, {2.2, 5}, {2600, 5000}, {2100, 2500}, {14, 20}, {30, 50}} {
		if got := niceStep(c.rough); got != c.want {
			t.Errorf("niceStep(%v) = %v, want %v", c.rough, got, c.want)
		}
	}
}

// TestChartGolden compares two charts with testdata/charts (-update
// rewrites them), and checks that the SVGs carry the map's fonts.
func TestChartGolden(t *testing.T) {
	figs := replayFigures(t)
	for name, f := range simFigures(t) {
		figs[name] = f
	}
	for _, name := range []string{"territory", "control-hama"} {
		f := figs[name]
		dir := t.TempDir()
		paths, err := saveFigure(f, dir, name)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := os.ReadFile(paths[1])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(svg, []byte("@font-face")) || !bytes.Contains(svg, []byte("font-family:Go")) {
			t.Errorf("%s does not embed the map's Go fonts", paths[1])
		}
		checkGoldenPNG(t, filepath.Join("testdata", "charts", name+".png"), paths[0])
	}
}

//go:build !js

package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

const chromium = "/usr/bin/chromium"

// TestMain runs the tests inside render.Serve, so that the desktop
// viewer can draw the frame the browser's is compared with.
func TestMain(m *testing.M) {
	code := 0
	if err := render.ServeScreenshots(func() { code = m.Run() }); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(code)
}

// buildSite builds the static site as `make web` does, into dir.
func buildSite(t *testing.T, dir string) {
	t.Helper()
	// go test caches a pass by the files the test itself reads, and the
	// wasm build below reads its sources in another process, so files
	// only the browser build compiles (render/yield_js.go, main_js.go)
	// would not void the cache. Stat every Go file of the module here.
	err := filepath.WalkDir(filepath.Join("..", ".."), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			_, err = os.Stat(p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s", "-o", filepath.Join(dir, "frontline.wasm"), ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the wasm viewer: %v\n%s", err, out)
	}
	for src, dst := range map[string]string{
		"index.html": "index.html",
		filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"): "wasm_exec.js",
	} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// browser starts headless Chromium on a fresh profile. Without Chromium the
// test skips, except under CI=true, where it fails: CI must run it.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; `make test` installs it (apt-get install chromium)", chromium)
		}
		t.Skipf("%s is missing; `make test` installs it (apt-get install chromium)", chromium)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// WebGL on the CPU: headless Chromium has no GPU here.
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.WindowSize(viewW, viewH),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	// Generous: on a loaded 2-core machine a page takes over a minute to
	// load and paint with SwiftShader; go test's own limit is 10 minutes.
	ctx, cancel3 := context.WithTimeout(ctx, 8*time.Minute)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	return ctx
}

const viewW, viewH = 1200, 720

// shot opens the page at path and returns a screenshot once the viewer has
// drawn it and reported its link, which it returns too, and once the
// elements waitFor select (CSS) are there.
func shot(t *testing.T, ctx context.Context, base, path string, waitFor ...string) (image.Image, string) {
	t.Helper()
	start := time.Now()
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.EmulateViewport(viewW, viewH),
		chromedp.Navigate(base + path),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="1"]`)),
		chromedp.WaitReady(chromedp.CSS(`body[data-link]`)),
	}
	for _, sel := range waitFor {
		actions = append(actions, chromedp.WaitReady(chromedp.CSS(sel)))
	}
	err := chromedp.Do(ctx, actions...)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	img, link := grab(t, ctx, strings.NewReplacer("/", "", "?", "", "&", "_", "=", "-").Replace(path))
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(performance.getEntriesByType("resource").filter(e => e.name.endsWith(".wasm")).map(e => Math.round(e.duration))) + " ready " + document.body.dataset.readyMs + " drawn " + document.body.dataset.drawnMs`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: loaded and drawn in %.1f s (page clock, ms: wasm fetch %s)", path, time.Since(start).Seconds(), ms)
	return img, link
}

// grab returns a screenshot of the page as it is, without its toolbar,
// once two more animation frames are drawn, and the link it reports;
// name names the file FRONTLINE_WEB_SHOTS keeps of it.
func grab(t *testing.T, ctx context.Context, name string) (image.Image, string) {
	t.Helper()
	// Hide the page's toolbar, then wait two animation frames: the one
	// that draws, and the one after.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("bar").hidden = true`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	link, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.link`))
	if err != nil {
		t.Fatal(err)
	}
	png_, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("FRONTLINE_WEB_SHOTS"); dir != "" {
		// For a person to look at: FRONTLINE_WEB_SHOTS=/tmp/shots go test -run TestBrowser
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png_, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(png_))
	if err != nil {
		t.Fatal(err)
	}
	return img, link
}

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm viewer and drives Chromium")
	}
	ctx := browser(t)
	dir := t.TempDir()
	buildSite(t, dir)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()

	var days []image.Image
	for _, tc := range []struct{ path, link string }{
		{"/?day=2024-11-27&focus=aleppo&zoom=3", "?day=2024-11-27&focus=aleppo&zoom=3"},
		{"/?day=2024-11-30&focus=Halab&zoom=3", "?day=2024-11-30&focus=aleppo&zoom=3"},
	} {
		img, link := shot(t, ctx, srv.URL, tc.path)
		if link != tc.link {
			t.Errorf("%s: the address bar says %q, want %q", tc.path, link, tc.link)
		}
		if n := colours(img); n < 50 {
			t.Errorf("%s: the canvas has %d colours: not drawn", tc.path, n)
		}
		days = append(days, img)
	}
	if d := differing(days[0], days[1]); d < 0.01 {
		t.Errorf("27 and 30 November differ in %.2f%% of pixels; want the map to change", 100*d)
	}

	// The Simulate button runs the model's ensemble in the page itself, on
	// the page already open (30 November at Aleppo); the picture is what the
	// desktop viewer draws of the same ensemble, and the address bar carries
	// runs= and seed=. (It stays on the day: each further day is another
	// map for SwiftShader to paint on the CPU, seconds each here; the
	// desktop's goldens cover the projected days.)
	t.Run("ensemble", func(t *testing.T) {
		const runs = render.DefaultEnsembleRuns
		start := time.Now()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("simulate").click(), true`)); err != nil {
			t.Fatal(err)
		}
		err := chromedp.Do(ctx,
			chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`body[data-simulated="%d"]`, runs))),
			chromedp.WaitReady(chromedp.CSS(`body[data-link*="runs="]`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		img, link := grab(t, ctx, "ensemble")
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.simulatedMs`))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("the page ran %d runs and mapped them in %s ms (%.1f s from the click to the picture)", runs, ms, time.Since(start).Seconds())
		if want := fmt.Sprintf("?runs=%d&seed=1&day=2024-11-30&focus=aleppo&zoom=3", runs); link != want {
			t.Errorf("the address bar says %q, want %q", link, want)
		}
		if d := differing(img, days[1]); d < 0.01 {
			t.Errorf("the simulated 30 November differs from the replay's in %.2f%% of pixels; want the simulation drawn", 100*d)
		}
		if !render.HasDisplay() {
			t.Skip("no display for the desktop viewer; make test runs under xvfb-run")
		}
		tl, err := scenarios.Replay(scenarios.DefaultID, geo.MustDefault())
		if err != nil {
			t.Fatal(err)
		}
		run, err := render.Ensemble(tl, render.EnsembleOptions(tl.Scenario, runs, 1), 0)
		if err != nil {
			t.Fatal(err)
		}
		stl, sv, err := run(nil)
		if err != nil {
			t.Fatal(err)
		}
		desk, err := render.Render(stl, render.Options{Day: sim.MustDate("2024-11-30"), Focus: "aleppo", Zoom: 3, Sim: sv, Replay: tl}, viewW, viewH)
		if err != nil {
			t.Fatal(err)
		}
		if dir := os.Getenv("FRONTLINE_WEB_SHOTS"); dir != "" {
			_ = render.WritePNG(filepath.Join(dir, "desktop-ensemble.png"), desk)
		}
		if d := strayPixels(img, desk); d > maxStray {
			t.Errorf("the page's ensemble and the desktop's view --simulate --runs %d --day 2024-11-30 --focus aleppo --zoom 3 differ in %.2f%% of pixels (over %.0f%%)", runs, 100*d, 100*maxStray)
		} else {
			t.Logf("browser and desktop ensembles differ in %.2f%% of pixels", 100*d)
		}
	})

	// A compare link: the history against a bundled what-if, side by side.
	t.Run("compare", func(t *testing.T) {
		path := "/?scenario=saraqib-holds&compare=1&day=2024-11-30&focus=aleppo&zoom=3"
		img, link := shot(t, ctx, srv.URL, path)
		if want := "?scenario=saraqib-holds&compare=1&day=2024-11-30&focus=aleppo&zoom=3"; link != want {
			t.Errorf("the address bar says %q, want %q", link, want)
		}
		if n := colours(img); n < 50 {
			t.Errorf("the canvas has %d colours: not drawn", n)
		}
		if d := differing(img, days[1]); d < 0.01 {
			t.Errorf("compare mode differs from the plain 30 November in %.2f%% of pixels; want two maps", 100*d)
		}
	})

	// The deep link shows what the desktop viewer shows for the same flags,
	// at the same size: the same pixels but for the GPU drivers' rounding
	// (SwiftShader here, Mesa llvmpipe there) of edges and glyphs.
	t.Run("same as desktop", func(t *testing.T) {
		if !render.HasDisplay() {
			t.Skip("no display for the desktop viewer; make test runs under xvfb-run")
		}
		// The page opens the built-in scenario as a built-in, not as a
		// dropped file (which would carry the WHAT-IF banner).
		tl, err := scenarios.Replay(scenarios.DefaultID, geo.MustDefault())
		if err != nil {
			t.Fatal(err)
		}
		desk, err := render.Render(tl, render.Options{Day: tl.Days[4].Date, Focus: "aleppo", Zoom: 3}, viewW, viewH)
		if err != nil {
			t.Fatal(err)
		}
		if tl.Days[4].Date.String() != "2024-11-30" {
			t.Fatalf("day 5 is %s", tl.Days[4].Date)
		}
		if dir := os.Getenv("FRONTLINE_WEB_SHOTS"); dir != "" {
			_ = render.WritePNG(filepath.Join(dir, "desktop.png"), desk)
		}
		if d := strayPixels(days[1], desk); d > maxStray {
			t.Errorf("the browser's ?day=2024-11-30&focus=aleppo&zoom=3 and the desktop's --day 2024-11-30 --focus aleppo --zoom 3 differ in %.2f%% of pixels (over %.0f%%)", 100*d, 100*maxStray)
		} else {
			t.Logf("browser and desktop differ in %.2f%% of pixels", 100*d)
		}
	})

	t.Run("bad file", func(t *testing.T) {
		bad := filepath.Join("..", "..", "scenarios", "testdata", "bad", "bad-colour.yaml")
		data, err := os.ReadFile(bad)
		if err != nil {
			t.Fatal(err)
		}
		_, want := render.OpenScenario("bad-colour.yaml", data)
		if want == nil {
			t.Fatal("bad-colour.yaml passes validation")
		}
		abs, _ := filepath.Abs(bad)
		err = chromedp.Do(ctx,
			chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{abs}),
			chromedp.WaitVisible(chromedp.CSS(`#problems`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#problems`)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, want.Error()) {
			t.Errorf("the page shows\n%s\nwant the CLI's problems\n%s", text, want)
		}
	})
}

// colours counts the distinct colours of img, up to 1000.
func colours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			if len(seen) >= 1000 {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// differing returns the share of pixels that differ between a and b.
func differing(a, b image.Image) float64 {
	n, d := 0, 0
	r := a.Bounds().Intersect(b.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			n++
			if a.At(x, y) != b.At(x, y) {
				d++
			}
		}
	}
	return float64(d) / float64(max(n, 1))
}

// maxStray is the share of pixels that may differ between the browser's
// frame and the desktop's by more than strayTol in a channel.
const (
	maxStray = 0.005
	strayTol = 48
)

// strayPixels returns the share of pixels of a and b that differ by more
// than strayTol in some channel.
func strayPixels(a, b image.Image) float64 {
	n, d := 0, 0
	r := a.Bounds().Intersect(b.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			n++
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if absDiff(r1>>8, r2>>8) > strayTol || absDiff(g1>>8, g2>>8) > strayTol || absDiff(b1>>8, b2>>8) > strayTol {
				d++
			}
		}
	}
	return float64(d) / float64(max(n, 1))
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

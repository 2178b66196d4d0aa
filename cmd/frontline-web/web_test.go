//go:build !js

package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render"
	"github.com/frontline-sim/frontline/render/link"
	"github.com/frontline-sim/frontline/render/scene"
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
	if siteDir != "" {
		os.RemoveAll(siteDir)
	}
	os.Exit(code)
}

// site returns the directory of the static site, built once for the
// tests and benchmarks of the package (buildSite).
// serveSite serves the built site (site) over HTTP until the test ends.
func serveSite(t testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.FileServer(http.Dir(site(t))))
	t.Cleanup(srv.Close)
	return srv
}

func site(t testing.TB) string {
	t.Helper()
	siteOnce.Do(func() {
		siteDir, siteErr = os.MkdirTemp("", "frontline-web-")
		if siteErr == nil {
			siteErr = buildSite(siteDir)
		}
	})
	if siteErr != nil {
		t.Fatal(siteErr)
	}
	return siteDir
}

var (
	siteOnce sync.Once
	siteDir  string
	siteErr  error
)

// buildSite builds the static site as `make web` does, into dir.
func buildSite(dir string) error {
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
		return err
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s", "-o", filepath.Join(dir, "frontline.wasm"), ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the wasm viewer: %v\n%s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %v", err)
	}
	for src, dst := range map[string]string{
		"index.html": "index.html",
		filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"): "wasm_exec.js",
	} {
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, dst), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// browser starts headless Chromium on a fresh profile. Without Chromium the
// test skips, except under CI=true, where it fails: CI must run it.
func browser(t testing.TB) context.Context {
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
func shot(t testing.TB, ctx context.Context, base, path string, waitFor ...string) (*image.RGBA, string) {
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

// grab returns a screenshot of the viewer's canvas (the page without its
// toolbar strip) once two more animation frames are drawn, and the link
// it reports; name names the file FRONTLINE_WEB_SHOTS keeps of the page.
func grab(t testing.TB, ctx context.Context, name string) (*image.RGBA, string) {
	t.Helper()
	// Two animation frames: the one that draws, and the one after.
	if err := frames(ctx); err != nil {
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
	c := canvasRect(t, ctx)
	out := image.NewRGBA(image.Rect(0, 0, c.Dx(), c.Dy()))
	draw.Draw(out, out.Rect, img, c.Min, draw.Src)
	return out, link
}

// frames waits for two animation frames of the page.
func frames(ctx context.Context) error {
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise))
	return err
}

// canvasRect is where the viewer's canvas lies on the page, in CSS pixels
// (the test's device pixels).
func canvasRect(t testing.TB, ctx context.Context) image.Rectangle {
	t.Helper()
	r, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(() => { const r = document.querySelector("canvas").getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom].map(Math.round); })()`))
	if err != nil {
		t.Fatal(err)
	}
	return image.Rect(r[0], r[1], r[2], r[3])
}

// barH is the height of the page's toolbar strip above the canvas.
const barH = 40

// canvasW and canvasH are the size of the canvas at the test's window
// size: the desktop's pictures compared with it are this size.
const canvasW, canvasH = viewW, viewH - barH

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm viewer and drives Chromium")
	}
	ctx := browser(t)
	srv := serveSite(t)

	var days []*image.RGBA
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
		const runs = link.DefaultRuns
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
		desk, err := render.Render(stl, render.Options{Day: sim.MustDate("2024-11-30"), Focus: "aleppo", Zoom: 3, Sim: sv, Replay: tl}, canvasW, canvasH)
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

	// The toolbar is a strip above the canvas, so it covers none of the
	// viewer's chrome; the list shows the scenario's title whole, and
	// whole on hover.
	t.Run("toolbar", func(t *testing.T) {
		bar, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.getElementById("bar").getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if c := canvasRect(t, ctx); bar[3] > float64(c.Min.Y) || c.Dx() != canvasW || c.Dy() != canvasH {
			t.Errorf("the toolbar lies at %v and the canvas at %v (want %dx%d below it): they overlap", bar, c, canvasW, canvasH)
		}
		checkTitle(t, ctx, "The 2024 offensive")
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
		desk, err := render.Render(tl, render.Options{Day: tl.Days[4].Date, Focus: "aleppo", Zoom: 3}, canvasW, canvasH)
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

	// A file opened is the list's selected entry, by its name and title.
	t.Run("file", func(t *testing.T) {
		abs, err := filepath.Abs(filepath.Join("..", "..", "scenarios", "whatif", "saraqib-holds.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		err = chromedp.Do(ctx,
			chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{abs}),
			chromedp.WaitReady(chromedp.CSS(`#scenario option[value="file"]:checked`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		checkTitle(t, ctx, "saraqib-holds.yaml: What if")
	})
}

// listEntry is the scenario list's selected entry.
type listEntry struct {
	Text, Title, Hover string
	TextW, BoxW        float64
}

// checkTitle checks that the scenario list's selected entry starts with
// prefix and shows in full, or cut with … and whole in its hover text.
func checkTitle(t *testing.T, ctx context.Context, prefix string) {
	t.Helper()
	// The text's width in the list's font, against the room the list
	// gives it (its width less its padding and arrow, about 28 px).
	js := `(() => { const s = document.getElementById("scenario"), o = s.selectedOptions[0];
		const c = document.createElement("canvas").getContext("2d"); c.font = getComputedStyle(s).font;
		return {Text: o.textContent, Title: o.title, Hover: s.title, TextW: c.measureText(o.textContent).width, BoxW: s.clientWidth - 28}; })()`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[listEntry](js))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Text, prefix) {
		t.Errorf("the list shows %q, want %q…", got.Text, prefix)
	}
	if got.Hover != got.Text || got.Title != got.Text {
		t.Errorf("the list's hover text is %q and its entry's %q, want the title whole, %q", got.Hover, got.Title, got.Text)
	}
	if got.TextW > got.BoxW {
		t.Logf("the list cuts %q (%.0f px in %.0f px); its hover shows it whole", got.Text, got.TextW, got.BoxW)
	}
}

// TestBrowserCompare: a compare link of a what-if runs both ensembles in
// the page, with the same seed, and shows what `frontline view --compare`
// shows: on 8 December the what-if's half carries the difference layer
// where no-russian-air-support moves the odds, and the history's none.
func TestBrowserCompare(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm viewer and drives Chromium")
	}
	ctx := browser(t)
	srv := serveSite(t)

	const path = "/?scenario=no-russian-air-support&compare=1&day=2024-12-08"
	start := time.Now()
	shot(t, ctx, srv.URL, path)
	err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`body[data-simulated="%d"]`, link.DefaultRuns))))
	if err != nil {
		t.Fatal(err)
	}
	img, addr := grab(t, ctx, "compare")
	ms, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.simulatedMs`))
	t.Logf("the page ran both ensembles and mapped them in %s ms (%.1f s from the link to the picture)", ms, time.Since(start).Seconds())
	if !strings.Contains(addr, "scenario=no-russian-air-support&compare=1") || !strings.Contains(addr, "day=2024-12-08") {
		t.Errorf("the address bar says %q, want the compare link on 2024-12-08", addr)
	}
	checkTitle(t, ctx, "What if: no Russian air support")

	// The same paired ensembles, natively: the same seed gives the same
	// runs (common random numbers), whatever the machine.
	a := geo.MustDefault()
	lt, err := scenarios.ReplayBundled(scenarios.DefaultID, a)
	if err != nil {
		t.Fatal(err)
	}
	rt, err := scenarios.ReplayBundled("no-russian-air-support", a)
	if err != nil {
		t.Fatal(err)
	}
	run, err := render.CompareEnsembles(lt, rt, render.CompareOptions(lt.Scenario, rt.Scenario, link.DefaultRuns, 1), 0)
	if err != nil {
		t.Fatal(err)
	}
	pc, err := run(nil)
	if err != nil {
		t.Fatal(err)
	}
	day := sim.MustDate("2024-12-08")
	d := pc.A.Index(day)
	var ring []color.RGBA
	for _, i := range pc.Diff.Moves(d) {
		ring = append(ring, scene.DiffColour(pc.Diff.Days[d][i].Held.Diff))
	}
	if len(ring) == 0 {
		t.Fatal("the what-if moves no place's odds on 8 December")
	}
	// The difference layer's colours, on each half of the map.
	m := scene.NewLayout(canvasW, canvasH, true, false).Map
	count := func(x0, x1 float64) int {
		n := 0
		for y := int(m.Y); y < int(m.Y+m.H); y++ {
			for x := int(x0); x < int(x1); x++ {
				if nearAnyColour(img.RGBAAt(x, y), ring, 12) {
					n++
				}
			}
		}
		return n
	}
	left, right := count(m.X, m.X+m.W/2-3), count(m.X+m.W/2+3, m.X+m.W)
	t.Logf("the difference layer's colours: %d px on the history's half, %d on the what-if's", left, right)
	if right < 200 || right < 3*left {
		t.Errorf("the what-if's half has %d px of the difference layer's colours and the history's %d: want the layer on the what-if's half only", right, left)
	}
	if !render.HasDisplay() {
		t.Skip("no display for the desktop viewer; make test runs under xvfb-run")
	}
	desk, err := render.Render(pc.A, render.Options{Day: day, Compare: pc.B, Paired: pc, Sim: pc.SimA, Replay: lt, Scenario: "no-russian-air-support", CompareLink: "1"}, canvasW, canvasH)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("FRONTLINE_WEB_SHOTS"); dir != "" {
		_ = render.WritePNG(filepath.Join(dir, "desktop-compare.png"), desk)
	}
	if d := strayPixels(img, desk); d > maxStray {
		t.Errorf("the page's compare and the desktop's view --compare offensive-2024 no-russian-air-support --day 2024-12-08 differ in %.2f%% of pixels (over %.0f%%)", 100*d, 100*maxStray)
	} else {
		t.Logf("browser and desktop compares differ in %.2f%% of pixels", 100*d)
	}
}

// nearAnyColour reports whether c is within tol of one of cs in every
// channel.
func nearAnyColour(c color.RGBA, cs []color.RGBA, tol uint32) bool {
	for _, w := range cs {
		if absDiff(uint32(c.R), uint32(w.R)) <= tol && absDiff(uint32(c.G), uint32(w.G)) <= tol && absDiff(uint32(c.B), uint32(w.B)) <= tol {
			return true
		}
	}
	return false
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

// TestBrowserLoadingBar: while the wasm loads, the page's bar shows the
// bytes received of its Content-Length, rising chunk by chunk to all of
// them, and gives way to the viewer when it starts; without a
// Content-Length (a chunked response) the bar is indeterminate, the text
// counts the megabytes received, and the viewer still starts.
//
// The server sends the wasm in chunks, each only when the test releases it
// (no sleeps), and every wait is bounded, so a page that stalls fails the
// test in a minute or two instead of hanging it.
func TestBrowserLoadingBar(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm viewer and drives Chromium")
	}
	ctx := browser(t)
	dir := site(t)
	wasm, err := os.ReadFile(filepath.Join(dir, "frontline.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	const chunks = 4
	next := make(chan struct{}) // one send releases one chunk
	quit := make(chan struct{}) // closed when the test ends, to free a handler still waiting
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path, length := r.URL.Path, true
		if p, ok := strings.CutPrefix(path, "/nolength"); ok {
			path, length = p, false
		}
		if path != "/frontline.wasm" {
			r.URL.Path = path
			files.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/wasm")
		w.Header().Set("Cache-Control", "no-store")
		if length {
			w.Header().Set("Content-Length", fmt.Sprint(len(wasm)))
		} // else the flush below, before any body, makes the response chunked
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		for k := range chunks {
			select {
			case <-next:
			case <-quit:
				return
			case <-r.Context().Done():
				return
			}
			w.Write(wasm[k*len(wasm)/chunks : (k+1)*len(wasm)/chunks])
			w.(http.Flusher).Flush()
		}
	}))
	defer srv.Close()
	defer close(quit) // before srv.Close, which waits for the handlers

	// release lets the server send its next chunk, failing if it is not
	// waiting for one within the limit.
	release := func(path string, k int) {
		t.Helper()
		select {
		case next <- struct{}{}:
		case <-time.After(time.Minute):
			t.Fatalf("%s: the server was not asked for chunk %d of the wasm within a minute", path, k+1)
		}
	}
	// wait polls the page until expr is true, failing with the bar's
	// state when it is not within the limit.
	wait := func(ctx context.Context, path, what, expr string, limit time.Duration) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(limit)))
		if err != nil && strings.Contains(err.Error(), "Cannot find context with specified id") {
			// The page's execution context was replaced under the poll
			// (Chromium reports a context id chromedp had not yet
			// dropped); polling the new context is the same question.
			_, err = chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(limit)))
		}
		if err != nil {
			state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const b = document.getElementById("loadbar"), x = document.getElementById("loadtext");
				return b ? "the bar's value " + b.getAttribute("value") + " of max " + b.getAttribute("max") + ", its text " + JSON.stringify(x.textContent) : "no bar; the page says " + JSON.stringify(document.body.textContent.slice(0, 200)); })()`))
			t.Fatalf("%s: %s: %v (%s)", path, what, err, state)
		}
	}
	for _, tc := range []struct {
		path   string
		length bool
	}{
		{"/?day=2024-11-30", true},
		{"/nolength/?day=2024-11-30", false},
	} {
		// Each page in a tab of its own, so that nothing of the last
		// page's viewer, still running, is polled for this one.
		tab, closeTab := chromedp.NewContext(ctx)
		defer closeTab()
		// The tab opens with the first Run on its own context: a Run on
		// a context with a deadline would close it with that context.
		if err := chromedp.Do(tab); err != nil {
			t.Fatalf("%s: opening a tab: %v", tc.path, err)
		}
		nctx, cancel := context.WithTimeout(tab, 2*time.Minute)
		err := chromedp.Do(nctx, chromedp.Navigate(srv.URL+tc.path))
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		// The headers are in, no byte of the body yet.
		shown := func(got int) string {
			if tc.length {
				return fmt.Sprintf(`loadbar.max === %d && loadbar.getAttribute("value") === "%d" && loadtext.textContent === mb(%d) + " of " + mb(%[1]d)`, len(wasm), got, got)
			}
			return fmt.Sprintf(`!loadbar.hasAttribute("max") && !loadbar.hasAttribute("value") && loadtext.textContent === mb(%d) + " received"`, got)
		}
		// The loading box shows its bar, and the toolbar waits.
		loading := func(got int) string {
			return `(() => { const loadbar = document.getElementById("loadbar"), loadtext = document.getElementById("loadtext");
				return loadbar !== null && loadbar.checkVisibility() && document.getElementById("bar").hidden && ` + shown(got) + `; })()`
		}
		wait(tab, tc.path, "before the body, the bar at 0", loading(0), time.Minute)
		for k := range chunks - 1 {
			release(tc.path, k)
			got := (k + 1) * len(wasm) / chunks
			wait(tab, tc.path, fmt.Sprintf("after chunk %d, the bar at %d bytes", k+1, got), loading(got), time.Minute)
		}
		release(tc.path, chunks-1)
		// The viewer starts: the loading box, bar and all, is gone and the
		// page's toolbar shows.
		wait(tab, tc.path, "the viewer started and the bar gone",
			`document.body.dataset.ready === "1" && !document.getElementById("loading") && !document.getElementById("bar").hidden`, 3*time.Minute)
		if tc.length {
			t.Logf("%s: the bar rose in %d steps to %d bytes and gave way to the viewer", tc.path, chunks, len(wasm))
		} else {
			t.Logf("%s: the text counted %d chunks to %d bytes, the bar indeterminate, and gave way to the viewer", tc.path, chunks, len(wasm))
		}
		closeTab() // its viewer would go on drawing beside the next page's
	}
}

// BenchmarkWebSimulate times the page's Simulate in headless Chromium,
// from the click to the ensemble drawn (the page's own 200 runs, mapped,
// and two animation frames after it is on screen), on the page open at
// 30 November; then it goes back to the replay for the next click
// (docs/performance.md). page-ms/op is the page's own figure, from the
// click to the result mapped, before it is painted.
func BenchmarkWebSimulate(b *testing.B) {
	ctx := browser(b)
	srv := httptest.NewServer(http.FileServer(http.Dir(site(b))))
	defer srv.Close()
	shot(b, ctx, srv.URL, "/?day=2024-11-30")
	click := `document.getElementById("simulate").click(), true`
	pageMs := 0.0 // the page's own clock, from the click to the result mapped
	for b.Loop() {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](click)); err != nil {
			b.Fatal(err)
		}
		err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`body[data-simulated="%d"]`, link.DefaultRuns))))
		if err == nil {
			err = frames(ctx)
		}
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.simulatedMs`))
		if err != nil {
			b.Fatal(err)
		}
		n, err := strconv.ParseFloat(ms, 64)
		if err != nil {
			b.Fatalf("the page's data-simulated-ms is %q: %v", ms, err)
		}
		pageMs += n
		// Back to the replay, and the mark cleared for the next run.
		_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`delete document.body.dataset.simulated, `+click))
		if err == nil {
			err = chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`body[data-link]:not([data-link*="runs="])`)))
		}
		if err == nil {
			err = frames(ctx)
		}
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(pageMs/float64(b.N), "page-ms/op")
}

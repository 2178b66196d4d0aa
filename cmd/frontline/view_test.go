package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/render"
)

// TestMain runs the tests inside render.ServeScreenshots, so that screenshot commands
// can draw: Ebiten allows one game per process.
func TestMain(m *testing.M) { serveAndExit(m.Run) }

// serveAndExit runs fn inside render.ServeScreenshots, the one Ebiten
// game a process may have, and exits with fn's status: the tests, or a
// child process's one command (childArgs).
func serveAndExit(fn func() int) {
	code := 0
	if err := render.ServeScreenshots(func() { code = fn() }); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(code)
}

func TestScreenshot(t *testing.T) {
	if !render.HasDisplay() {
		t.Skip("no display; run under xvfb-run")
	}
	out := filepath.Join(t.TempDir(), "day.png")
	code, stdout, stderr := runCmd(t, "view", "--day", "2024-11-30", "--focus", "Halab", "--zoom", "2", "--screenshot", out, "--size", "960x540")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote "+out+" (960x540, 2024-11-30)") {
		t.Errorf("stdout %q", stdout)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 960 || cfg.Height != 540 {
		t.Errorf("PNG is %dx%d, want 960x540", cfg.Width, cfg.Height)
	}
	// No temporary file is left beside it.
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("the output folder holds %d files, want 1", len(entries))
	}
}

func TestViewErrors(t *testing.T) {
	tests := []struct {
		args    []string
		code    int
		errPart string
	}{
		{[]string{"view", "--size", "big"}, 2, `--size "big": want WxH`},
		{[]string{"view", "--size", "100x100"}, 2, "between 320x240 and 3840x2160"},
		{[]string{"view", "--size", "8192x8192"}, 2, `--size "8192x8192" is over the limit of 3840x2160`},
		{[]string{"view", "--size", "2160x3840", "--zoom", "NaN"}, 2, `--zoom "NaN": want a factor from 0.1 to 500`},
		{[]string{"view", "--zoom", "0.001"}, 2, `--zoom "0.001": want a factor from 0.1 to 500`},
		{[]string{"view", "--zoom", "501"}, 2, `--zoom "501": want a factor from 0.1 to 500`},
		{[]string{"view", "--day="}, 2, "--day is empty"},
		// The destination is checked before any rendering, and the error
		// names the user's path.
		{[]string{"view", "--screenshot", "/no/such/dir/x.png"}, 1, "cannot write /no/such/dir/x.png: folder /no/such/dir does not exist"},
		{[]string{"view", "--day", "2024-12-25"}, 2, "--day 2024-12-25 is outside the scenario"},
		{[]string{"view", "--focus", "Alepo"}, 2, `--focus "Alepo": unknown place "Alepo"; did you mean "aleppo"?`},
		{[]string{"view", "--hover", "Alepo"}, 2, `--hover "Alepo": unknown place "Alepo"; did you mean "aleppo"?`},
		{[]string{"view", "--step", "99"}, 2, "--step 99: the story has 12 steps"},
		{[]string{"view", "../../scenarios/testdata/aleppo-holds.yaml", "--step", "1"}, 2, "aleppo-holds has no story"},
		{[]string{"view", "--story"}, 2, "--story writes frames: give --screenshot FRAME.png"},
		{[]string{"view", "--zoom", "-1"}, 2, `--zoom "-1": want a factor from 0.1 to 500 (1 fits Syria)`},
		{[]string{"view", "--link", "?day=2024-11-30&zom=3"}, 2, `--link: zom=3: unknown parameter; a link takes scenario, compare, runs, seed, day, focus, zoom, layers, step, present; did you mean zoom?`},
		{[]string{"view", "--layers", "roads,rivers"}, 2, `--layers "roads,rivers": want a comma-separated list of territory, roads, labels, or none`},
		{[]string{"view", "--screenshot", "map.jpg"}, 2, "must end in .png"},
		{[]string{"view", "a.yaml", "b.yaml"}, 2, "at most one scenario"},
		// view --simulate takes --params as simulate does (it once
		// dereferenced a flag it did not define).
		{[]string{"view", "--simulate", "--runs", "5", "--params", "bayes"}, 2, `--params "bayes": use posterior or fixed`},
		{[]string{"view", "--params", "fixed"}, 2, "--params goes with --simulate"},
	}
	for _, tt := range tests {
		code, _, errs := runCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.errPart) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, errs, tt.code, tt.errPart)
		}
	}
}

func TestNoDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	code, _, errs := runCmd(t, "view", "--day", "2024-11-30")
	if code != 1 || !strings.Contains(errs, "xvfb-run -a frontline view") || !strings.Contains(errs, "frontline export") {
		t.Errorf("exit %d, stderr %q; want 1 and a hint to use xvfb-run or frontline export", code, errs)
	}
	if strings.Contains(errs, "goroutine") {
		t.Errorf("stack trace: %s", errs)
	}
}

// TestStoryFrames exports a story file's steps as one frame each.
func TestStoryFrames(t *testing.T) {
	if !render.HasDisplay() {
		t.Skip("no display; run under xvfb-run")
	}
	dir := t.TempDir()
	code, stdout, stderr := runCmd(t, "view", "../../scenarios/testdata/aleppo-holds-story.yaml", "--story", "--screenshot", filepath.Join(dir, "slide.png"), "--size", "800x450")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for i, want := range []string{"slide-01.png (800x450, step 1, 2024-11-29: The assault is repelled)", "slide-02.png (800x450, step 2, 2024-12-04: The city holds)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout %q lacks %q", stdout, want)
		}
		if _, err := os.Stat(filepath.Join(dir, []string{"slide-01.png", "slide-02.png"}[i])); err != nil {
			t.Error(err)
		}
	}
}

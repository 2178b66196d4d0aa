package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/render"
)

var viewCmd = &command{
	name:  "view",
	args:  "[SCENARIO] [--day DATE] [--focus PLACE] [--zoom Z] [--present] [--screenshot FILE.png [--size WxH]]",
	short: "open the viewer: the map, the timeline and the sources, day by day",
	long: `View opens a window on a scenario's replay (the built-in offensive-2024 when
none is given): territory shaded by controller, the front line, the M4 and M5
by status, places by kind, a timeline to scrub, and each day's events with
their quotes and sources.

Deep links open straight onto a moment:

	frontline view --day 2024-11-30 --focus aleppo --zoom 3

--zoom is relative to the whole-Syria view (1 fits Syria). --present opens
full screen with large type, for a room.

With --screenshot the viewer renders one frame, panel and timeline
included, to a PNG file and exits; --size sets its size (default
1600x900, at most 3840x2160). The file's folder is checked before
rendering, and the file is written atomically. It needs a display. For
pictures without one, use frontline export (--png, --svg, --gif, --mp4),
which draws the map headless. A what-if carries a WHAT-IF banner with its
title on the map, in the window, screenshots and exports alike.

Keys in the window: Space play/pause, ←/→ day, Home/End, [ ] speed, wheel
or +/- zoom, drag or Shift+arrows pan, 1 fit Syria, 2 fit the north-west,
/ find a place, T R L C toggle territory, roads, labels, captions, F
presenter mode, H help.

Examples:

	frontline view
	frontline view whatif.yaml --day 2024-12-01
	frontline view --day 2024-11-26 --screenshot docs/day-2024-11-26.png`,
	run: runView,
}

func runView(e *env, c *command, args []string) error {
	fs := newFlags(e, c)
	day := fs.String("day", "", "open on this `date` (YYYY-MM-DD)")
	focus := fs.String("focus", "", "centre the map on this `place` (id, name or alias)")
	zoom := fs.Float64("zoom", 0, "zoom `factor` relative to the whole-Syria view")
	present := fs.Bool("present", false, "presenter mode: full screen, large type, keyboard only")
	shot := fs.String("screenshot", "", "render one frame to this PNG `file` and exit")
	size := fs.String("size", "1600x900", "window or screenshot size `WxH` in pixels, at most 3840x2160")
	loader := loaderFlag(fs)
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	w, h, err := parseSize(*size)
	if err != nil {
		return err
	}
	if flagGiven(fs, "zoom") && !(*zoom >= 0.1 && *zoom <= 500) { // NaN fails both
		return usagef("--zoom %g is out of range; use a factor from 0.1 to 500 (1 fits Syria)", *zoom)
	}
	if err := checkDayFlag(fs, *day); err != nil {
		return err
	}
	if *shot != "" && !strings.HasSuffix(strings.ToLower(*shot), ".png") {
		return usagef("--screenshot %q: the file name must end in .png", *shot)
	}
	if *shot != "" {
		// Before any rendering: a missing or unwritable folder fails now,
		// naming the user's path.
		if err := atomicfile.Check(*shot); err != nil {
			return err
		}
	}
	o := render.Options{Zoom: *zoom, Present: *present, Width: w, Height: h}
	if *focus != "" {
		a, err := geo.Default()
		if err != nil {
			return err
		}
		p, err := a.Lookup(*focus)
		if err != nil {
			return usagef("--focus: %v", err)
		}
		o.Focus = p.ID
	}
	t, err := loadTimeline(c, loader(), pos)
	if err != nil {
		return err
	}
	if *day != "" {
		i, err := dayFlag(t, *day)
		if err != nil {
			return err
		}
		o.Day = t.Days[i].Date
	}
	if *shot != "" {
		img, err := render.Render(t, o, w, h)
		if err != nil {
			return err
		}
		if err := render.WritePNG(*shot, img); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %s (%dx%d, %s)\n", safetext.Escape(*shot), w, h, t.Days[max(0, t.Index(o.Day))].Date)
		return nil
	}
	return render.Run(t, o)
}

// maxW and maxH bound --size: 4K UHD, either way up. A frame that size
// takes seconds and a gigabyte; larger ones take minutes and more memory
// than most machines have.
const maxW, maxH = 3840, 2160

func parseSize(s string) (int, int, error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil || w < 320 || h < 240 {
		return 0, 0, usagef("--size %q: want WxH between 320x240 and %dx%d, like 1600x900", s, maxW, maxH)
	}
	if max(w, h) > maxW || min(w, h) > maxH {
		return 0, 0, usagef("--size %s is over the limit of %dx%d (or %dx%d): render at most 4K and scale the PNG if you need more", s, maxW, maxH, maxH, maxW)
	}
	return w, h, nil
}

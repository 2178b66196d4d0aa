package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/render"
	"github.com/frontline-sim/frontline/render/link"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

var viewCmd = &command{
	name:  "view",
	args:  "[SCENARIO [--simulate [--runs N] [--seed S] [--workers W] [--params posterior|fixed]] | SIM.json | --compare A B [--simulate] | --compare A.json B.json] [--link URL] [--day DATE] [--focus PLACE] [--zoom Z] [--layers L] [--step N] [--present] [--screenshot FILE.png [--size WxH] [--story]]",
	short: "open the viewer: the map, the timeline and the sources, day by day",
	long: `View opens a window on a scenario's replay (the built-in offensive-2024 when
none is given): territory shaded by controller, the front line, the M4 and M5
by status, places by kind, a timeline to scrub, and each day's events with
their quotes and sources.

Deep links open straight onto a moment:

	frontline view --day 2024-11-30 --focus aleppo --zoom 3

--zoom is relative to the whole-Syria view (1 fits Syria). --present opens
full screen with large type, for a room. --link opens a link copied from
the web build (the same parser reads both), and flags given with it win:

	frontline view --link 'https://example.org/frontline/?day=2024-11-30&focus=aleppo&zoom=3'

Compare mode shows a what-if beside the history on one map: B right of a
swipe line over A (drag the line), the places whose control differs
ringed, the first day they differ marked on the timeline, and what differs
said under the map:

	frontline view --compare offensive-2024 scenarios/testdata/aleppo-holds.yaml --day 2024-11-30

When either side has interventions (every bundled what-if: they act only
in the model, so the two replays would look alike), or with --simulate,
compare mode runs both ensembles with the same seed, so on common random
numbers (--runs, default 1000; --seed; --until), and shows each side's
probability shading in its half, a ring on every place where the what-if
moves the odds that the history's most likely holder holds it (by 5
points or more, outside the paired 95% interval; crimson where less
likely, blue where likelier, the larger the larger the change), the
places it moves most in the panel ("Hama held by REGIME on 8 Dec: 53% →
6% (±7%)") and, on hover, both sides' fall-date fans. Two saved simulations compare the same
way, their intervals those of two independent ensembles:

	frontline view --compare offensive-2024 no-russian-air-support --day 2024-12-08 --runs 200
	frontline view --compare history.json whatif.json

A simulation shows each place and its territory in the colour of its most
likely controller, the shade the stronger the likelier, with the
Intelligence Community's words of likelihood in the legend; hovering a place
gives its odds ("likely HTS, 72%") and its fall-date fan, and days past the
documents are hatched and marked PROJECTED on the map, in the date box and
on the timeline. --simulate runs the ensemble in the background (progress in
the window; a --screenshot waits for it), and a saved simulate JSON opens
as it is; both draw the same picture for the same seed, whatever --workers:

	frontline view whatif.yaml --simulate --runs 1000 --seed 7
	frontline view sim.json --day 2024-12-08 --hover hama --screenshot hama.png

The E key does the same in the window for the scenario shown (200 runs,
seed 1), and E again goes back to the replay; a link's runs= and seed=
(as the web page writes them) open on that ensemble:

	frontline view --link '?runs=200&seed=1&day=2024-12-08' --screenshot sim.png

Drop a scenario file on the window to check it and open it.

With --screenshot the viewer renders one frame, panel and timeline
included, to a PNG file and exits; --size sets its size (default
1600x900, at most 3840x2160). The file's folder is checked before
rendering, and the file is written atomically. It needs a display. For
pictures without one, use frontline export (--png, --svg, --gif, --mp4),
which draws the map headless. A what-if carries a WHAT-IF banner with its
title on the map, in the window, screenshots and exports alike.

Keys in the window: Space play/pause, ←/→ day, Home/End, [ ] speed, wheel
or +/- zoom, drag or Shift+arrows pan, 1 fit Syria, 2 fit the north-west,
/ find a place, T R L C toggle territory, roads, labels, captions, E
simulate or back to the replay, F presenter mode, H help.

Examples:

	frontline view
	frontline view whatif.yaml --day 2024-12-01
	frontline view --day 2024-11-26 --screenshot docs/day-2024-11-26.png`,
	run: runView,
}

func runView(e *env, c *command, args []string) error {
	fs := newFlags(e, c)
	linkAddr := fs.String("link", "", "open on a deep `link`: a web address or query such as ?day=2024-11-30&focus=aleppo&zoom=3")
	fs.String("day", "", "open on this `date` (YYYY-MM-DD)")
	fs.String("focus", "", "centre the map on this `place` (id, name or alias), point lat,lon or box west,south,east,north; syria for all of Syria (default: the day's action)")
	fs.String("zoom", "", "zoom `factor` relative to the whole-Syria view")
	fs.String("layers", "", "the `layers` shown: territory,roads,labels or none")
	fs.String("step", "", "open the scenario's story on step `N` (from 1), in presenter mode")
	fs.Bool("present", false, "presenter mode: full screen, large type, keyboard only")
	shot := fs.String("screenshot", "", "render one frame to this PNG `file` and exit")
	compare := fs.Bool("compare", false, "compare two scenarios, A B (or two saved simulations): B (a what-if) right of A, by their ensembles when either has interventions or with --simulate")
	story := fs.Bool("story", false, "with --screenshot F.png: write one frame per story step, F-01.png, F-02.png …")
	size := fs.String("size", "1600x900", "window or screenshot size `WxH` in pixels, at most 3840x2160")
	hover := fs.String("hover", "", "open with the pointer on this `place` (id, name or alias): its tooltip, and a simulation's fall-date fan, in the screenshot")
	simulate := fs.Bool("simulate", false, "run the scenario's ensemble (in the background, with progress) and show its probabilities of control")
	loader := loaderFlag(fs)
	sf := ensembleFlags(fs, loader, "with --simulate: ")
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	w, h, err := parseSize(*size)
	if err != nil {
		return err
	}
	if *shot != "" && !strings.HasSuffix(strings.ToLower(*shot), ".png") {
		return usagef("--screenshot %s: the file name must end in .png", safetext.Quote(*shot))
	}
	if *shot != "" {
		// Before any rendering: a missing or unwritable folder fails now,
		// naming the user's path.
		if err := atomicfile.Check(*shot); err != nil {
			return err
		}
	}
	if err := checkDayFlag(fs, fs.Lookup("day").Value.String()); err != nil {
		return err
	}
	l, err := linkFlags(fs, *linkAddr)
	if err != nil {
		return err
	}
	if l.Scenario != "" && len(pos) == 0 {
		pos = []string{l.Scenario}
	}
	if left, right, ok := l.CompareSides(scenarios.DefaultID); ok && !*compare && len(pos) <= 1 {
		// A link's compare= opens compare mode as --compare A B does.
		pos, *compare = []string{left, right}, true
	}
	if l.Runs > 0 && !*simulate {
		// A link's runs= shows the ensemble, as the web page does.
		*simulate, *sf.runs, *sf.seed = true, l.Runs, l.Seed
	}
	o := render.Options{Width: w, Height: h}
	o.ApplyLink(l)
	if *hover != "" {
		if o.Hover, err = placeFlag("hover", *hover); err != nil {
			return err
		}
	}
	if *simulate && (*story || o.Step > 0) {
		return usagef("--simulate shows a scenario's ensemble: leave out --story and --step")
	}
	for _, name := range ensembleFlagNames {
		if flagGiven(fs, name) && !*simulate && !*compare {
			return usagef("--%s goes with --simulate: frontline view SCENARIO --simulate --%s …", name, name)
		}
	}
	var t *sim.Timeline
	if *compare {
		if len(pos) != 2 {
			return usagef("--compare takes two scenarios, A B: the history and a what-if, like --compare offensive-2024 whatif.yaml, or two saved simulations a.json b.json")
		}
		if t, err = viewCompare(e, c, loader(), pos, *simulate, sf, &o); err != nil {
			return err
		}
	}
	switch {
	case t != nil: // compare mode
	case len(pos) == 1 && isJSON(pos[0]):
		// A saved simulation: frontline simulate --format json.
		if *simulate {
			return usagef("%s is a simulation result: open it without --simulate", pos[0])
		}
		base, s, err := loadSimulation(loader(), pos[0])
		if err != nil {
			return err
		}
		// Lazy: the viewer maps each day as it is first drawn, so a
		// ten-year file opens as fast as a short one.
		if t, o.Sim, err = scene.SimViewLazy(base, s); err != nil {
			return err
		}
		o.Replay = base
	case *simulate:
		name := scenarios.DefaultID
		if len(pos) == 1 {
			name = pos[0]
		} else if len(pos) > 1 {
			return usagef("view --simulate takes one scenario; got %d", len(pos))
		}
		so, err := sf.options()
		if err != nil {
			return err
		}
		base, err := viewTimeline(c, loader(), []string{name})
		if err != nil {
			return err
		}
		run, err := newRun(render.Ensemble(base, so, *sf.workers))
		if err != nil {
			return err
		}
		o.Replay = base
		if *shot != "" {
			// A screenshot waits for the ensemble: no progress in the picture.
			if t, o.Sim, err = run(nil); err != nil {
				return err
			}
			break
		}
		t, o.Simulate, o.SimRuns = base, run, so.Runs
	default:
		if t, err = viewTimeline(c, loader(), pos); err != nil {
			return err
		}
	}
	if o.Day != 0 && o.Simulate != nil && o.Paired == nil {
		// The day may be a projected one, which the replay shown until
		// the ensemble is done does not have; check it against --until.
		if until, _ := sim.ParseDate(*sf.until); o.Day < t.Days[0].Date || o.Day > until {
			return usagef("--day %s is outside the simulated days (%s to %s)", o.Day, t.Days[0].Date, until)
		}
	} else if o.Day != 0 {
		if _, err := dayFlag(t, o.Day.String()); err != nil {
			return err
		}
	}
	st := t.Scenario.Story
	if (o.Step > 0 || *story) && st == nil {
		return usagef("%s has no story: add story: to the file (docs/scenarios.md)", t.Scenario.ID)
	}
	if st != nil && o.Step > len(st.Steps) {
		return usagef("--step %d: the story has %d steps", o.Step, len(st.Steps))
	}
	if *story {
		if *shot == "" {
			return usagef("--story writes frames: give --screenshot FRAME.png, and the steps go to FRAME-01.png, FRAME-02.png …")
		}
		return storyFrames(e, t, o, *shot, w, h)
	}
	if *shot != "" {
		img, err := render.Render(t, o, w, h)
		if err != nil {
			return err
		}
		if err := render.WritePNG(*shot, img); err != nil {
			return err
		}
		day := t.Days[max(0, t.Index(o.Day))].Date
		if st := t.Scenario.Story; st != nil && o.Step > 0 {
			day = st.Steps[min(o.Step, len(st.Steps))-1].Day
		}
		fmt.Fprintf(e.stdout, "wrote %s (%dx%d, %s)\n", safetext.Escape(*shot), w, h, day)
		return nil
	}
	return render.Run(t, o)
}

func isJSON(name string) bool { return strings.EqualFold(filepath.Ext(name), ".json") }

// viewCompare loads compare mode's two sides into o and returns the
// left-hand timeline. Two saved simulations (a.json b.json) are compared
// by their odds, unpaired. Two scenarios are compared by their ensembles,
// run on common random numbers, when simulate is set or either has
// interventions (which act only in the model, so that their replays
// would look alike); else by their replays.
func viewCompare(e *env, c *command, l scenarios.Loader, pos []string, simulate bool, sf *simFlags, o *render.Options) (*sim.Timeline, error) {
	saved, err := comparesSaved(pos)
	if err != nil {
		return nil, err
	}
	if saved {
		if simulate {
			return nil, usagef("--compare %s %s are simulation results: compare them without --simulate", pos[0], pos[1])
		}
		cmp, err := compareSaved(l, pos)
		if err != nil {
			return nil, err
		}
		return pairedOptions(o, cmp, nil), nil
	}
	tla, tlb, err := compareTimelines(c, l, pos)
	if err != nil {
		return nil, err
	}
	if !render.ComparesByEnsembles(tla, tlb, simulate) {
		o.Compare = tlb
		return tla, nil
	}
	cmp, err := compareEnsembles(e, tla, tlb, sf)
	if err != nil {
		return nil, err
	}
	return pairedOptions(o, cmp, tla), nil
}

// comparesSaved reports whether a compare's sides are two saved
// simulations (a.json b.json); one of each is a usage error.
func comparesSaved(pos []string) (bool, error) {
	if isJSON(pos[0]) != isJSON(pos[1]) {
		return false, usagef("--compare %s %s: compare two saved simulations (a.json b.json) or two scenarios, not one of each", safetext.Quote(pos[0]), safetext.Quote(pos[1]))
	}
	return isJSON(pos[0]), nil
}

// compareSaved compares two saved simulations by their odds, unpaired:
// their runs cannot be matched.
func compareSaved(l scenarios.Loader, pos []string) (*scene.Compared, error) {
	tla, ra, err := loadSimulation(l, pos[0])
	if err != nil {
		return nil, err
	}
	tlb, rb, err := loadSimulation(l, pos[1])
	if err != nil {
		return nil, err
	}
	return scene.CompareViews(tla, ra, tlb, rb, nil, nil)
}

// compareTimelines replays a compare's two scenarios.
func compareTimelines(c *command, l scenarios.Loader, pos []string) (*sim.Timeline, *sim.Timeline, error) {
	tla, err := viewTimeline(c, l, pos[:1])
	if err != nil {
		return nil, nil, err
	}
	tlb, err := viewTimeline(c, l, pos[1:])
	return tla, tlb, err
}

// compareEnsembles runs sf's ensembles of the scenarios replayed as tla
// and tlb on common random numbers (render.CompareEnsembles), with a
// progress bar on a terminal.
func compareEnsembles(e *env, tla, tlb *sim.Timeline, sf *simFlags) (*scene.Compared, error) {
	so, err := sf.options()
	if err != nil {
		return nil, err
	}
	run, err := newRun(render.CompareEnsembles(tla, tlb, so, *sf.workers))
	if err != nil {
		return nil, err
	}
	set, finish := progressBar(e, so.Runs, "simulating both sides")
	var progress render.SimProgress
	if set != nil {
		progress = func(stage string, done, _ int) {
			if stage == render.StageRuns {
				set(done)
			}
		}
	}
	cmp, err := run(progress)
	finish()
	return cmp, err
}

// pairedOptions sets o to compare by the ensembles of cmp, whose A side is
// the simulation of replay (nil for a saved one), and returns A's days.
func pairedOptions(o *render.Options, cmp *scene.Compared, replay *sim.Timeline) *sim.Timeline {
	o.Compare, o.Paired, o.Sim, o.Replay = cmp.B, cmp, cmp.SimA, replay
	return cmp.A
}

// maxW and maxH bound --size: 4K UHD, either way up. A frame that size
// takes seconds and a gigabyte; larger ones take minutes and more memory
// than most machines have.
const maxW, maxH = 3840, 2160

// storyFrames writes one PNG per story step, for slides: base-01.png …
func storyFrames(e *env, t *sim.Timeline, o render.Options, base string, w, h int) error {
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	var err error
	serr := render.ServeScreenshots(func() {
		for i, st := range t.Scenario.Story.Steps {
			o.Step = i + 1
			var img *image.RGBA
			if img, err = render.Render(t, o, w, h); err != nil {
				return
			}
			name := fmt.Sprintf("%s-%02d.png", stem, i+1)
			if err = render.WritePNG(name, img); err != nil {
				return
			}
			fmt.Fprintf(e.stdout, "wrote %s (%dx%d, step %d, %s: %s)\n", name, w, h, i+1, st.Day, st.Title)
		}
	})
	if err != nil {
		return err
	}
	return serr
}

// viewTimeline loads the scenario pos names, as loadTimeline does, or a
// what-if bundled with the web build when pos is its id and no file has
// that name: a link copied from the web page names those by id.
func viewTimeline(c *command, l scenarios.Loader, pos []string) (*sim.Timeline, error) {
	if len(pos) == 1 {
		if _, err := os.Stat(pos[0]); err != nil {
			for _, b := range scenarios.Catalogue() {
				if b.ID == pos[0] {
					a, err := geo.Default()
					if err != nil {
						return nil, err
					}
					return scenarios.ReplayBundled(b.ID, a)
				}
			}
		}
	}
	return loadTimeline(c, l, pos)
}

// linkFlags reads the view flags through the one deep-link parser the web
// build uses: the query of --link, then the flags given, which win.
func linkFlags(fs *flag.FlagSet, addr string) (link.Link, error) {
	q := url.Values{}
	if addr != "" {
		raw := addr
		if i := strings.IndexByte(raw, '?'); i >= 0 {
			raw = raw[i+1:]
		}
		if i := strings.IndexByte(raw, '#'); i >= 0 {
			raw = raw[:i]
		}
		var err error
		if q, err = url.ParseQuery(raw); err != nil {
			return link.Link{}, usagef("--link %s: %v", safetext.Quote(addr), err)
		}
	}
	fs.Visit(func(f *flag.Flag) {
		// --compare A B names its two scenarios as arguments: it is not
		// the link's compare= key, which names one.
		// --runs and --seed are --simulate's, which a link's runs= sets.
		if f.Name != "compare" && f.Name != "runs" && f.Name != "seed" && slices.Contains(link.Keys, f.Name) {
			q.Set(f.Name, f.Value.String())
		}
	})
	if q.Get("present") == "false" {
		q.Del("present")
	}
	a, err := geo.Default()
	if err != nil {
		return link.Link{}, err
	}
	l, err := link.Parse(q, a)
	if err != nil {
		var le *link.Error
		if errors.As(err, &le) && fs.Lookup(le.Key) != nil && addr == "" {
			return l, usagef("--%s %s: %s", le.Key, safetext.Quote(le.Value), le.Msg)
		}
		return l, usagef("--link: %v", err)
	}
	return l, nil
}

// placeFlag returns the id of the place that the flag --name gives (an
// id, name or alias, in the built-in atlas); an unknown place is a usage
// error naming the flag, the value and the nearest name.
func placeFlag(name, value string) (string, error) {
	if name == "focus" && strings.EqualFold(value, scene.FocusSyria) {
		return scene.FocusSyria, nil
	}
	a, err := geo.Default()
	if err != nil {
		return "", err
	}
	p, err := placeIn(a, name, value)
	return p.ID, err
}

// placeIn finds the place that the flag --name gives in atlas a, as
// placeFlag does.
func placeIn(a *geo.Atlas, name, value string) (geo.Place, error) {
	p, err := a.Lookup(value)
	if err != nil {
		return p, usagef("--%s %s: %v", name, safetext.Quote(value), err)
	}
	return p, nil
}

func parseSize(s string) (int, int, error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil || w < 320 || h < 240 {
		return 0, 0, usagef("--size %s: want WxH between 320x240 and %dx%d, like 1600x900", safetext.Quote(s), maxW, maxH)
	}
	if max(w, h) > maxW || min(w, h) > maxH {
		return 0, 0, usagef("--size %s is over the limit of %dx%d (or %dx%d): render at most 4K and scale the PNG if you need more", safetext.Quote(s), maxW, maxH, maxH, maxW)
	}
	return w, h, nil
}

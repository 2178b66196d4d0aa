package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/internal/jsonpos"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/render/export"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/sweep"
	"github.com/schollz/progressbar/v3"
)

var exportCmd = &command{
	name:  "export",
	args:  "[SCENARIO|SIMULATION.json|SWEEP.json | --compare A B [--runs N] [--seed S]] [--png DIR] [--gif FILE] [--mp4 FILE] [--svg DIR] [--geojson FILE] [--csv FILE] [--charts DIR] [--day FROM..TO | --story] [--size WxH] [--focus PLACE] [--zoom Z] [--present]",
	short: "export a replay, a simulation or a sweep for slides and GIS tools: PNG, GIF, MP4, SVG, GeoJSON, CSV, charts",
	long: `Export writes a scenario's replay (the built-in offensive-2024 when none is
given) to files, with no display: any or all of the outputs in one call.

Pictures (one frame per day; the map with its date, legend and scale):

	--png DIR       one PNG per day, named by date (DIR/2024-11-30.png)
	--svg DIR       one SVG per day, text kept as text, for print and slides
	--gif FILE      an animated GIF: each day held, eased fades between days
	--mp4 FILE      an H.264 video (yuv420p) for PowerPoint and browsers;
	                needs ffmpeg on the PATH

--size, --focus, --zoom and --present frame every picture as the viewer's
flags of the same names do; --day FROM..TO (or one DATE) picks the days.
Without --focus or --zoom the pictures frame the action of those days:
the places that changed hands around them, with the front beside them;
--focus syria shows all of Syria.

--story makes the pictures of the scenario's story instead, one per step,
as presenter mode shows it (the step's day, view, layers, highlights and
caption), for slides or a video: --png and --svg write DIR/step-01.png …,
--gif and --mp4 one clip of the whole story, each step held 6 s with a
fade to the next. Each step frames itself, so --story does not go with
--day, --focus or --zoom. GeoJSON, CSV and charts are of the whole replay.

GIS and data (docs/exports.md describes every field):

	--geojson FILE  places, road segments, dissolved territory per faction
	                and the front line, each with start_date and end_date
	                for the interval it held: QGIS's Temporal Controller and
	                kepler.gl's time filter read them
	--csv FILE      the change log, one row per event, with ACLED's column
	                names where they overlap
	--charts DIR    places and territory gained or lost per side since the
	                first day and highway kilometres held, a panel per
	                side on one scale, as PNG and SVG (gonum/plot)

Given the output of frontline simulate --format json instead of a
scenario, export writes the simulation's --geojson (per faction and day,
the dissolved territory within each band of likelihood, "likely" (55–80%)
and so on, and each place's probabilities), --charts (the fan chart of
fall dates, and who holds each key place day by day, the projection
shaded), and its pictures (--png, --svg, --gif, --mp4) of the simulated
days as the viewer draws them: each place and its land in the colour of
its most likely controller, the shade the stronger the likelier, the
words of likelihood in the legend, and the days past the documents
hatched and marked PROJECTED on the map and in the date box. --day picks
among the simulated days (projected ones included); --size, --focus,
--zoom and --present frame them as for a replay. The GeoJSON and charts
cover every simulated day (--day goes with pictures); a simulation has no
--csv or --story.

--compare A B makes the pictures (--png, --svg, --gif, --mp4) of a what-if
beside the history, by their ensembles, as frontline view --compare A B
--simulate shows them: A (the history) on the left and B (the what-if) on
the right, both centred on the same point at the same scale, each half
shaded by its own probabilities of control; on the what-if's half the
difference layer rings each place, and colours each highway segment, whose
odds the what-if moves by 5 points or more (blue: the history's likely
holder likelier; crimson: less likely), with its legend; and a note lists
the places it moves most, each with the paired difference and its 95%
interval ("Hama held by REGIME on 8 Dec: 53% → 6% (±7%)"). A and B are
built-in scenario ids or scenario files, run with the same --seed, so on
common random numbers (--runs, --seed, --workers, --until, --forced-until
and --params as for frontline simulate), or two saved simulations
(a.json b.json: frontline simulate --format json), compared by their odds
with the wider intervals of two independent ensembles. --day picks among
the simulated days. A compare has no --geojson, --csv, --charts or --story.

Given the output of frontline sweep --format json, export draws its
--charts only (docs/sweep.md): each outcome against each factor with its
90% intervals (outcome-FACTOR-OUTCOME), and per outcome a tornado of its
sensitivity to each factor (tornado-OUTCOME): Sobol indices, first-order
and total, for a sobol design, main effects otherwise.

Every file is written atomically: a killed export leaves no partial file.
Folders are created when their parent exists. A progress bar shows on
stderr when it is a terminal.

Examples:

	frontline export --gif docs/replay.gif
	frontline export --png frames --day 2024-11-27..2024-12-01 --focus aleppo
	frontline export --story --png slides --mp4 story.mp4 --present
	frontline export --geojson replay.geojson --csv events.csv --charts charts
	frontline export whatif.yaml --mp4 whatif.mp4 --size 1920x1080 --present
	frontline simulate --format json --out sim.json && frontline export sim.json --geojson sim.geojson --charts charts
	frontline export sim.json --png frames --day 2024-12-03..2024-12-08 --focus hama --zoom 2.2
	frontline export --compare offensive-2024 no-russian-air-support --png cmp --day 2024-12-08 --runs 200
	frontline export --compare history.json whatif.json --gif compare.gif
	frontline sweep scenarios/sweeps/air-support.yaml --format json --out air.json && frontline export air.json --charts air-charts`,
	run: runExport,
}

type exportFlags struct {
	png, gif, mp4, svg, geojson, csv, charts string
}

func runExport(e *env, c *command, args []string) (err error) {
	fs := newFlags(e, c)
	loader := loaderFlag(fs)
	var o exportFlags
	fs.StringVar(&o.png, "png", "", "write one PNG per day into `folder`")
	fs.StringVar(&o.svg, "svg", "", "write one SVG per day into `folder`")
	fs.StringVar(&o.gif, "gif", "", "write an animated GIF to `file`.gif")
	fs.StringVar(&o.mp4, "mp4", "", "write an H.264 video to `file`.mp4 (needs ffmpeg)")
	fs.StringVar(&o.geojson, "geojson", "", "write places, roads, territory and front with date intervals to `file`.geojson")
	fs.StringVar(&o.csv, "csv", "", "write the change log, one row per event, to `file`.csv")
	fs.StringVar(&o.charts, "charts", "", "write charts as PNG and SVG into `folder`")
	day := fs.String("day", "", "the days to export: `FROM..TO` or one DATE (YYYY-MM-DD); default all")
	size := fs.String("size", "1280x720", "picture size `WxH` in pixels")
	focus := fs.String("focus", "", "centre the pictures on this `place` (id, name or alias), or syria for all of Syria (default: the action of the days exported)")
	zoom := fs.Float64("zoom", 0, "zoom `factor` relative to the whole-Syria view")
	present := fs.Bool("present", false, "presenter mode's large type")
	story := fs.Bool("story", false, "pictures of the scenario's story, one per step (PNG, SVG) or one clip (GIF, MP4)")
	compare := fs.Bool("compare", false, "pictures of two scenarios, A B (or two saved simulations), side by side by their ensembles, with the difference layer")
	sf := ensembleFlags(fs, loader, "with --compare: ")
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if err := checkCompareFlags(fs, o, *compare, pos); err != nil {
		return err
	}
	if err := checkDayFlag(fs, *day); err != nil {
		return err
	}
	if o == (exportFlags{}) {
		return usagef("nothing to export: give one or more of --png DIR, --svg DIR, --gif FILE, --mp4 FILE, --geojson FILE, --csv FILE, --charts DIR")
	}
	w, h, err := parseSize(*size)
	if err != nil {
		return err
	}
	if *zoom < 0 || *zoom > 500 {
		return usagef("--zoom %g is out of range; use a factor from 0.1 to 500 (1 fits Syria)", *zoom)
	}
	for _, f := range []struct{ flag, path, exts string }{
		{"gif", o.gif, ".gif"}, {"mp4", o.mp4, ".mp4"}, {"geojson", o.geojson, ".geojson .json"}, {"csv", o.csv, ".csv"},
	} {
		if f.path != "" && !hasExt(f.path, f.exts) {
			return usagef("--%s %s: the file name must end in %s", f.flag, safetext.Quote(f.path), strings.ReplaceAll(f.exts, " ", " or "))
		}
	}
	if o.mp4 != "" {
		if _, err := export.FFmpeg(); err != nil {
			return err
		}
	}
	if *story {
		for _, f := range []string{"day", "focus", "zoom"} {
			if flagGiven(fs, f) {
				return usagef("--story and --%s: each story step has its own day and view; drop --%s", f, f)
			}
		}
		if o.png == "" && o.svg == "" && o.gif == "" && o.mp4 == "" {
			return usagef("--story makes pictures: give --png DIR, --svg DIR, --gif FILE or --mp4 FILE")
		}
	}
	p := export.Pictures{W: w, H: h, Zoom: *zoom, Present: *present, Story: *story}
	if *focus != "" {
		if p.Focus, err = placeFlag("focus", *focus); err != nil {
			return err
		}
	}
	// Check every destination before any work.
	for _, f := range []string{o.gif, o.mp4, o.geojson, o.csv} {
		if f != "" {
			if err := atomicfile.Check(f); err != nil {
				return err
			}
		}
	}
	// A failed export removes the folders it created, with what it wrote
	// into them; folders that were there stay.
	var created []string
	defer func() {
		if err != nil {
			for _, d := range created {
				os.RemoveAll(d)
			}
		}
	}()
	for _, d := range []string{o.png, o.svg, o.charts} {
		if d != "" {
			made, err := ensureDir(d)
			if err != nil {
				return err
			}
			if made {
				created = append(created, d)
			}
		}
	}
	if *compare {
		return exportCompare(e, c, loader(), pos, sf, o, p, *day)
	}
	if len(pos) == 1 && hasExt(pos[0], ".json") {
		if data, rerr := scenarios.ReadRegular(pos[0], sweep.MaxBytes, "a sweep result"); rerr == nil && sweep.Is(data) {
			return exportSweep(e, pos[0], data, o, fs)
		}
		return exportSimulation(e, loader(), pos[0], o, p, *day)
	}
	tl, err := loadTimeline(c, loader(), pos)
	if err != nil {
		return err
	}
	p.From, p.To = 0, len(tl.Days)-1
	if *day != "" {
		if p.From, p.To, err = dayRange(tl, *day); err != nil {
			return err
		}
	}
	if err := p.Check(tl); err != nil {
		return usagef("%v", err)
	}
	pr := newProgress(e)
	defer pr.finish()
	span := fmt.Sprintf("%s to %s", tl.Days[p.From].Date, tl.Days[p.To].Date)
	if o.geojson != "" {
		if err := export.WriteGeoJSON(tl, p.From, p.To, o.geojson); err != nil {
			return err
		}
		pr.wrote(e, "GeoJSON, "+span, o.geojson)
	}
	if o.csv != "" {
		if err := export.WriteCSV(tl, o.csv); err != nil {
			return err
		}
		pr.wrote(e, fmt.Sprintf("CSV, %d events", len(tl.Scenario.Events)), o.csv)
	}
	if o.charts != "" {
		paths, err := export.WriteCharts(tl, p.From, p.To, o.charts, pr.update)
		if err != nil {
			return err
		}
		pr.wrote(e, "charts, PNG and SVG, "+span, paths...)
	}
	pics := fmt.Sprintf("%dx%d, %s", p.W, p.H, span)
	if p.Story {
		st := tl.Scenario.Story
		pics = fmt.Sprintf("%dx%d, the story, %d steps", p.W, p.H, len(st.Steps))
	}
	return writePictures(e, pr, tl, p, o, pics)
}

// writePictures writes the pictures o asks for (PNG, SVG, GIF, MP4) of
// tl as p frames them; what says what they show, for the report.
func writePictures(e *env, pr *progress, tl *sim.Timeline, p export.Pictures, o exportFlags, what string) error {
	if o.png != "" {
		paths, err := export.WritePNGs(tl, p, o.png, pr.update)
		if err != nil {
			return err
		}
		pr.wrote(e, "PNG, "+what, paths...)
	}
	if o.svg != "" {
		paths, err := export.WriteSVGs(tl, p, o.svg, pr.update)
		if err != nil {
			return err
		}
		pr.wrote(e, "SVG, "+what, paths...)
	}
	if o.gif != "" {
		if err := export.WriteGIF(tl, p, o.gif, pr.update); err != nil {
			return err
		}
		pr.wrote(e, "animated GIF, "+what, o.gif)
	}
	if o.mp4 != "" {
		if err := export.WriteMP4(tl, p, o.mp4, pr.update); err != nil {
			return err
		}
		pr.wrote(e, "H.264 video, "+what, o.mp4)
	}
	return nil
}

// exportSweep writes the charts of a sweep's result (frontline sweep
// --format json): each outcome against each factor, and a tornado of
// sensitivities per outcome. A sweep has no map to draw.
func exportSweep(e *env, path string, data []byte, o exportFlags, fs *flag.FlagSet) error {
	if o != (exportFlags{charts: o.charts}) || flagGiven(fs, "day") || flagGiven(fs, "story") || flagGiven(fs, "focus") {
		return usagef("%s is a sweep: export draws its --charts only", safetext.Escape(path))
	}
	r, err := sweep.Read(data)
	if err != nil {
		return jsonpos.InFile(safetext.Escape(path), err)
	}
	pr := newProgress(e)
	defer pr.finish()
	paths, err := export.WriteSweepCharts(r, o.charts, pr.update)
	if err != nil {
		return err
	}
	pr.wrote(e, fmt.Sprintf("charts of sweep %s, %d points × %d runs", r.Sweep, len(r.Points), r.Design.Runs), paths...)
	return nil
}

// exportSimulation writes the GIS layers, charts and pictures of a saved
// simulation (frontline simulate --format json). The pictures are of the
// simulated days p.From to p.To (--day, over the simulated days) as the
// viewer draws them: the probability shading, the words of likelihood in
// the legend, the projected days hatched and bannered. The GeoJSON and
// charts cover every simulated day.
func exportSimulation(e *env, l scenarios.Loader, path string, o exportFlags, p export.Pictures, day string) error {
	if o.csv != "" {
		return usagef("%s is a simulation: its change log is its scenario's (frontline export --csv); export the simulation's --geojson, --charts or pictures", path)
	}
	if p.Story {
		return usagef("%s is a simulation: --story tells the documented history; give the simulated days with --day instead", path)
	}
	pictures := o.png != "" || o.svg != "" || o.gif != "" || o.mp4 != ""
	if day != "" && !pictures {
		return usagef("%s is a simulation: --day picks the days of its pictures (--png, --svg, --gif, --mp4); its GeoJSON and charts cover every simulated day", path)
	}
	tl, s, err := loadSimulation(l, path)
	if err != nil {
		return err
	}
	// The pictures' days are checked before anything is written.
	var st *sim.Timeline
	if pictures {
		// Lazy: only the days drawn are mapped (the builder maps them),
		// so one picture of a ten-year simulation costs one day's map.
		var sv *scene.Sim
		if st, sv, err = scene.SimViewLazy(tl, s); err != nil {
			return err
		}
		p.Sim = sv
		p.From, p.To = 0, len(st.Days)-1
		if day != "" {
			if p.From, p.To, err = dayRange(st, day); err != nil {
				return err
			}
		}
		if err := p.Check(st); err != nil {
			return usagef("%v", err)
		}
	}
	span := fmt.Sprintf("%s to %s, %d runs, projected after %s", s.Days[0].Date, s.Days[len(s.Days)-1].Date, s.Runs, s.LastDocumented)
	pr := newProgress(e)
	defer pr.finish()
	if o.geojson != "" {
		if err := export.WriteSimGeoJSON(tl, s, o.geojson); err != nil {
			return err
		}
		pr.wrote(e, "GeoJSON of a simulation, "+span, o.geojson)
	}
	if o.charts != "" {
		paths, err := export.WriteSimCharts(tl, s, o.charts, nil)
		if err != nil {
			return err
		}
		pr.wrote(e, "charts of a simulation, "+span, paths...)
	}
	if !pictures {
		return nil
	}
	what := fmt.Sprintf("%dx%d, %s to %s, simulated, %d runs", p.W, p.H, st.Days[p.From].Date, st.Days[p.To].Date, s.Runs)
	if p.Sim.Days[p.To].Projected {
		what += fmt.Sprintf(", projected after %s", s.LastDocumented)
	}
	return writePictures(e, pr, st, p, o, what)
}

func hasExt(path, exts string) bool {
	for _, x := range strings.Fields(exts) {
		if strings.EqualFold(filepath.Ext(path), x) {
			return true
		}
	}
	return false
}

// ensureDir makes sure dir is a writable folder, creating it (not its
// parents) when it is missing, and reports whether it did.
func ensureDir(dir string) (bool, error) {
	st, err := os.Stat(dir)
	made := false
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Mkdir(dir, 0o755); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return false, fmt.Errorf("cannot create folder %s: %v", dir, err)
		}
		made = true
	case err != nil:
		return false, fmt.Errorf("cannot use folder %s: %v", dir, err)
	case !st.IsDir():
		return false, fmt.Errorf("cannot write into %s: it is not a folder", dir)
	}
	if err := atomicfile.Check(filepath.Join(dir, "probe")); err != nil {
		if made {
			os.Remove(dir)
		}
		return false, err
	}
	return made, nil
}

// dayRange parses --day FROM..TO, or one date, into day indexes.
func dayRange(t *sim.Timeline, s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "..")
	if !ok {
		i, err := dayFlag(t, s)
		return i, i, err
	}
	from, to := 0, len(t.Days)-1
	var err error
	if a != "" {
		if from, err = dayFlag(t, a); err != nil {
			return 0, 0, err
		}
	}
	if b != "" {
		if to, err = dayFlag(t, b); err != nil {
			return 0, 0, err
		}
	}
	if from > to {
		return 0, 0, usagef("--day %s: the first day is after the last", s)
	}
	return from, to, nil
}

// progress draws a bar on stderr for each stage of an export when stderr
// is a terminal, and nothing otherwise.
type progress struct {
	on    bool
	w     *os.File
	bar   *progressbar.ProgressBar
	stage string
}

func newProgress(e *env) *progress {
	return &progress{on: e.terminal != nil, w: e.terminal}
}

func (p *progress) update(stage string, done, total int) {
	if !p.on {
		return
	}
	if p.bar == nil || p.stage != stage {
		p.finish()
		p.stage = stage
		p.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(p.w), progressbar.OptionSetDescription(stage),
			progressbar.OptionShowCount(), progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	p.bar.Set(done)
}

// wrote reports files written, on stdout, after the bar is cleared: one
// path, or how many in which folder.
func (p *progress) wrote(e *env, what string, paths ...string) {
	p.finish()
	switch len(paths) {
	case 0:
		return
	case 1:
		fmt.Fprintf(e.stdout, "wrote %s (%s)\n", paths[0], what)
		return
	}
	fmt.Fprintf(e.stdout, "wrote %d files in %s (%s)\n", len(paths), filepath.Dir(paths[0]), what)
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
}

// checkCompareFlags reports a usage error in export's --compare and the
// ensemble's flags that go with it.
func checkCompareFlags(fs *flag.FlagSet, o exportFlags, compare bool, pos []string) error {
	if !compare {
		for _, name := range ensembleFlagNames {
			if flagGiven(fs, name) {
				return usagef("--%s goes with --compare: frontline export --compare A B --png DIR --%s …", name, name)
			}
		}
		return nil
	}
	switch {
	case len(pos) != 2:
		return usagef("--compare takes two scenarios, A B: the history and a what-if, like --compare offensive-2024 no-russian-air-support, or two saved simulations a.json b.json")
	case o.geojson != "" || o.csv != "" || o.charts != "":
		return usagef("--compare makes pictures only (--png, --svg, --gif, --mp4); export each side's --geojson, --csv or --charts on its own")
	case o.png == "" && o.svg == "" && o.gif == "" && o.mp4 == "":
		return usagef("--compare makes pictures: give --png DIR, --svg DIR, --gif FILE or --mp4 FILE")
	case flagGiven(fs, "story"):
		return usagef("--compare shows simulated days: give them with --day instead of --story")
	}
	saved, err := comparesSaved(pos)
	if err != nil {
		return err
	}
	for _, name := range ensembleFlagNames {
		if saved && flagGiven(fs, name) {
			return usagef("--compare %s %s are simulation results, already run: --%s goes with two scenarios", safetext.Quote(pos[0]), safetext.Quote(pos[1]), name)
		}
	}
	return nil
}

// exportCompare writes the pictures of a compare by ensembles
// (scene.CompareScene) of the two sides pos: two scenarios, whose
// ensembles sf runs on common random numbers, or two saved simulations.
// --day picks among the simulated days.
func exportCompare(e *env, c *command, l scenarios.Loader, pos []string, sf *simFlags, o exportFlags, p export.Pictures, day string) error {
	saved, err := comparesSaved(pos)
	if err != nil {
		return err
	}
	var cmp *scene.Compared
	if saved {
		cmp, err = compareSaved(l, pos)
	} else {
		var tla, tlb *sim.Timeline
		if tla, tlb, err = compareTimelines(c, l, pos); err == nil {
			cmp, err = compareEnsembles(e, tla, tlb, sf)
		}
	}
	if err != nil {
		return err
	}
	tl := cmp.A
	p.Compare, p.Sim = cmp, cmp.SimA
	p.From, p.To = 0, len(tl.Days)-1
	if day != "" {
		if p.From, p.To, err = dayRange(tl, day); err != nil {
			return err
		}
	}
	if err := p.Check(tl); err != nil {
		return usagef("%v", err)
	}
	pr := newProgress(e)
	defer pr.finish()
	what := fmt.Sprintf("%dx%d, %s to %s, %s against %s, %d runs each", p.W, p.H, tl.Days[p.From].Date, tl.Days[p.To].Date,
		safetext.Escape(cmp.B.Scenario.Title), safetext.Escape(tl.Scenario.Title), cmp.SimA.Runs)
	return writePictures(e, pr, tl, p, o, what)
}

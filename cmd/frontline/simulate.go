package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

var simulateCmd = &command{
	name:  "simulate",
	args:  "[SCENARIO] [--runs N] [--seed S] [--workers W] [--until DATE] [--forced-until DATE|none] [--params posterior|fixed] [--format text|json|csv] [--shard K/N] [--out FILE]",
	short: "run the calibrated model: Monte Carlo probabilities and fall-date fans",
	long: `Simulate runs the stochastic front-line model (docs/model.md) on a
scenario, --runs times, and prints the probabilities: per place and day,
of control by each faction; per place, of falling by the end, with its
fall-date distribution (10th percentile, median, 90th); per day, of the
scenario's first watched route being closed and of a watched highway
being cut (for offensive-2024: the regime's road to Aleppo, the M5).
SCENARIO is a built-in id or a YAML file; with none, the built-in
offensive-2024.

By default the documented events are imposed up to the scenario's last
day (forced mode) and the model runs on from that documented state to
--until (2024-12-12): those days are marked projected. A what-if file's
own interventions act: the events are imposed only up to the day before
the first of them (from the start: free runs). --forced-until
moves the hand-over; --forced-until none runs the model freely from the
start state, for comparison with history.

Each run draws its own values of the fitted parameters from the fit's
uncertainty (--params posterior, the default: the Laplace approximation
that 'frontline calibrate' reports as its covariance, docs/model.md), so
that the fans are as wide as the evidence allows; a parameter the
scenario's parameters: section sets is not drawn. --params fixed runs
every run with the point estimates. The draw of run k is the same
whatever the workers and shards, and the same on both sides of a
'frontline diff'.

The same --seed gives the same bytes whatever --workers (all cores by
default). --shard K/N makes only the K-th of N equal parts of the runs
and writes a partial result; 'frontline merge' combines the N parts into
exactly the bytes of one run. A progress bar is shown on stderr when it
is a terminal.

The text format is a briefing; json follows docs/simulate-json.md; csv is
long format: date, projected, place, faction, probability.

Examples:

	frontline simulate
	frontline simulate scenarios/whatif/no-russian-air-support.yaml --runs 10000
	frontline simulate --forced-until none --until 2024-12-04 --format json
	frontline simulate --runs 100000 --shard 3/8 --out part-3.json`,
	run: runSimulate,
}

// simFlags are the options simulate, diff and merge share.
type simFlags struct {
	runs, workers      *int
	seed               *uint64
	until, forcedUntil *string
	format, shard, out *string
	params             *string
	loader             func() scenarios.Loader
}

func addSimFlags(fs *flag.FlagSet, formats ...string) *simFlags {
	return &simFlags{
		loader:      loaderFlag(fs),
		runs:        fs.Int("runs", 1000, "number of Monte Carlo `runs`"),
		workers:     fs.Int("workers", 0, "parallel `workers` (0: one per CPU; at most four per CPU); the output does not depend on it"),
		seed:        fs.Uint64("seed", 1, "random `seed`"),
		until:       fs.String("until", ensemble.DefaultUntil.String(), "last `date` modelled; days after the scenario's end are projected"),
		forcedUntil: fs.String("forced-until", "", "impose the documented events up to this `date`, then model; none: model from the start (default: the scenario's end)"),
		format:      formatFlag(fs, formats...),
		shard:       fs.String("shard", "", "make only part `K/N` of the runs and write a partial result for 'frontline merge'"),
		out:         fs.String("out", "", "write to `file` (atomically) instead of standard output; - is standard output"),
		params:      paramsFlag(fs, ""),
	}
}

// paramsFlag defines --params, where each run's parameters come from;
// when (like "with --simulate: ") says when it applies.
func paramsFlag(fs *flag.FlagSet, when string) *string {
	return fs.String("params", sim.DrawPosterior, when+"`posterior`: each run draws the fitted parameters from the fit's uncertainty; fixed: the point estimates")
}

// checkParams refuses a --params that is neither posterior nor fixed.
func checkParams(v string) error {
	if v != sim.DrawPosterior && v != sim.DrawFixed {
		return usagef("--params %s: use posterior or fixed", safetext.Quote(v))
	}
	return nil
}

// ensembleFlags are the flags of an ensemble run by a command that does
// other things too (view --simulate, view and export --compare): each
// usage line begins with, such as "with --simulate: ".
func ensembleFlags(fs *flag.FlagSet, loader func() scenarios.Loader, with string) *simFlags {
	return &simFlags{loader: loader,
		runs:        fs.Int("runs", 1000, with+"number of Monte Carlo `runs`"),
		workers:     fs.Int("workers", 0, with+"parallel `workers` (0: one per CPU; at most four per CPU); the picture does not depend on it"),
		seed:        fs.Uint64("seed", 1, with+"random `seed`"),
		until:       fs.String("until", ensemble.DefaultUntil.String(), with+"last `date` modelled; days after the scenario's end are projected"),
		forcedUntil: fs.String("forced-until", "", with+"impose the documented events up to this `date`, then model; none: from the start"),
		params:      paramsFlag(fs, with),
	}
}

// ensembleFlagNames are the names of ensembleFlags' flags.
var ensembleFlagNames = []string{"runs", "workers", "seed", "until", "forced-until", "params"}

// prepare loads the scenario named by pos and compiles its model.
func prepare(c *command, pos []string, f *simFlags) (*ensemble.Run, error) {
	if len(pos) > 1 {
		return nil, usagef("%s takes at most one scenario; got %d", c.name, len(pos))
	}
	name := scenarios.DefaultID
	if len(pos) == 1 {
		name = pos[0]
	}
	return prepareNamed(name, f)
}

// prepareNamed loads the scenario name (an id or a file) and compiles its
// model with the flags' options.
func prepareNamed(name string, f *simFlags) (*ensemble.Run, error) {
	o, err := f.options()
	if err != nil {
		return nil, err
	}
	tl, err := modelTimeline(f.loader(), name)
	if err != nil {
		return nil, err
	}
	return newRun(ensemble.New(tl, o))
}

// modelTimeline loads the scenario name (an id or a file) and replays it
// on its own atlas without territory: what the model runs on.
func modelTimeline(l scenarios.Loader, name string) (*sim.Timeline, error) {
	a, err := geo.Default()
	if err != nil {
		return nil, err
	}
	return l.Timeline(name, a, false)
}

// newRun passes on ensemble.New's result, an option the scenario cannot
// take as a usage error.
func newRun[T any](r T, err error) (T, error) {
	var oe *ensemble.OptionError
	if errors.As(err, &oe) {
		return r, usagef("%s", oe)
	}
	return r, err
}

// checkWorkers bounds --workers, for every command that has it: 0 (one
// per CPU) to sim.MaxWorkers.
func checkWorkers(w int) error {
	if w < 0 || w > sim.MaxWorkers() {
		return usagef("--workers %d: use 0 (one per CPU) to %d (four per CPU here); more only cost memory", w, sim.MaxWorkers())
	}
	return nil
}

// options reads the flags' ensemble options; what depends on the scenario
// ensemble.New checks.
func (f *simFlags) options() (ensemble.Options, error) {
	if err := checkWorkers(*f.workers); err != nil {
		return ensemble.Options{}, err
	}
	o := ensemble.Options{Runs: *f.runs, Seed: *f.seed, ParamDraws: *f.params}
	if err := checkParams(o.ParamDraws); err != nil {
		return o, err
	}
	if o.Runs <= 0 || o.Runs > ensemble.MaxRuns {
		return o, usagef("--runs %d: use a number from 1 to %d", o.Runs, ensemble.MaxRuns)
	}
	var err error
	if o.Until, err = sim.ParseDate(*f.until); err != nil {
		return o, usagef("--until: %v", err)
	}
	switch v := *f.forcedUntil; v {
	case "":
	case "none":
		o.Free = true
	default:
		d, err := sim.ParseDate(v)
		if err != nil {
			return o, usagef("--forced-until: %v, or none", err)
		}
		o.ForcedUntil = &d
	}
	return o, nil
}

// run makes runs first..last−1 with a progress bar on a terminal stderr.
func runEnsemble(e *env, r *ensemble.Run, first, last, workers int) *sim.Tally {
	progress, done := progressBar(e, last-first, "simulating")
	defer done()
	return r.Tally(first, last, workers, progress)
}

func parseShard(s string) (k, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	k, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || k < 1 || k > n || n > ensemble.MaxShards {
		return 0, 0, usagef("--shard %s: write K/N with 1 ≤ K ≤ N, like --shard 2/8", safetext.Quote(s))
	}
	return k, n, nil
}

func runSimulate(e *env, c *command, args []string) error {
	fs := newFlags(e, c)
	f := addSimFlags(fs, "text", "json", "csv")
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if err := checkFormat(*f.format, "text", "json", "csv"); err != nil {
		return err
	}
	if err := checkOut(*f.out); err != nil {
		return err
	}
	sm, err := prepare(c, pos, f)
	if err != nil {
		return err
	}
	workers := *f.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if *f.shard != "" {
		k, n, err := parseShard(*f.shard)
		if err != nil {
			return err
		}
		sh := ensemble.Part(*f.runs, k, n)
		t := runEnsemble(e, sm, sh.First, sh.Last, workers)
		return output(e, *f.out, func(w io.Writer) error {
			return writeJSON(w, ensemble.Shard{Kind: ensemble.ShardKind, Meta: sm.Meta, Shard: sh, Tally: t})
		})
	}
	t := runEnsemble(e, sm, 0, *f.runs, workers)
	return output(e, *f.out, func(w io.Writer) error { return renderSim(w, *f.format, &sm.Meta, t) })
}

// checkOut checks an --out destination before any work: none or "-" is
// standard output, anything else a file atomicfile may replace.
func checkOut(path string) error {
	if path == "" || path == "-" {
		return nil
	}
	return atomicfile.Check(path)
}

// output writes to stdout (for path "" or "-"), or atomically to path,
// escaped as stdout is (see run), so that the file holds the bytes
// stdout would.
func output(e *env, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(e.stdout)
	}
	return atomicfile.WriteFile(path, 0o644, func(w io.Writer) error {
		sw := safetext.NewWriter(w)
		if err := write(sw); err != nil {
			return err
		}
		return sw.Flush()
	})
}

// render writes a simulation's result in a format.
func renderSim(w io.Writer, format string, meta *ensemble.Meta, t *sim.Tally) error {
	switch format {
	case "json":
		return writeJSON(w, ensemble.Build(meta, t))
	case "csv":
		return writeSimCSV(w, meta, t)
	}
	return writeSimBriefing(w, meta, t)
}

func writeSimCSV(w io.Writer, meta *ensemble.Meta, t *sim.Tally) error {
	var rows [][]string
	for d := range t.Days {
		date := t.Start + sim.Date(d)
		for i, pm := range meta.Places {
			for f, id := range meta.Factions {
				rows = append(rows, []string{date.String(), strconv.FormatBool(date > meta.LastDocumented), pm.ID, id,
					strconv.FormatFloat(ensemble.Round(t.P(d, i, f)), 'f', -1, 64)})
			}
		}
	}
	return writeCSV(w, []string{"date", "projected", "place", "faction", "probability"}, rows)
}

// words turns a probability into the words of the Intelligence
// Community's scale (ICD 203), the one table every output shares:
// internal/likelihood, documented in docs/exports.md.
func words(p float64) string { return likelihood.Words(p) }

func pct(p float64) string { return fmt.Sprintf("%.0f%%", 100*p) }

// paramsText says where a simulation's runs take their parameters.
func paramsText(draws string) string {
	if draws == sim.DrawFixed {
		return "every run with the fitted point estimates (--params fixed)"
	}
	return "each run's parameters drawn from the fit's uncertainty (--params posterior)"
}

func writeSimBriefing(w io.Writer, meta *ensemble.Meta, t *sim.Tally) error {
	br := ensemble.Brief(meta, t)
	b := &strings.Builder{}
	mode := "free runs from the start state"
	if meta.ForcedUntil != nil {
		mode = fmt.Sprintf("documented events imposed to %s, modelled after", *meta.ForcedUntil)
	}
	fmt.Fprintf(b, "%s: %s\n%d runs, seed %d, %s to %s; %s; %s.\nDays after %s are projected: the documents end there.\n\n",
		meta.Scenario, meta.Title, meta.Runs, meta.Seed, meta.Start, meta.Until, mode, paramsText(meta.ParamDraws), meta.LastDocumented)
	b.WriteString("The most likely course (median fall day; probability of falling by the end):\n")
	for _, cd := range br.Course {
		var names []string
		for _, f := range cd.Falls {
			mark := ""
			if f.Documented {
				mark = ", documented"
			}
			names = append(names, fmt.Sprintf("%s (%s from %s: %s, %s%s)", f.Name, f.Captor, f.From, pct(f.P), words(f.P), mark))
		}
		tag := ""
		if cd.Projected {
			tag = " [projected]"
		}
		fmt.Fprintf(b, "  %s%s: %s\n", cd.Date, tag, strings.Join(names, "; "))
	}
	if meta.Watch != nil {
		fmt.Fprintf(b, "\nBy %s: %s in %s of runs (%s)", br.Last, routeClosed(meta), pct(br.NoRoute), words(br.NoRoute))
		if len(meta.Watch.Highways) > 0 {
			fmt.Fprintf(b, "; %s in %s (%s)", highwayCut(meta.Watch), pct(br.HighwayCut), words(br.HighwayCut))
		}
		b.WriteString(".\n")
	}
	if len(br.Uncertain) > 0 {
		b.WriteString("\nKey uncertainties (falls by the end in 20–80% of runs):\n")
		for _, f := range br.Uncertain {
			fmt.Fprintf(b, "  %s: %s (%s)\n", f.Name, pct(f.P), words(f.P))
		}
	}
	switch {
	case br.FollowsHistory:
		b.WriteString("\nHistory is imposed up to the last documented day, so the ensemble follows it there.\n")
	case len(br.Departures) > 0:
		b.WriteString("\nWhere the ensemble differs from the documents:\n")
		for _, d := range br.Departures {
			if d.Documented != nil {
				fmt.Fprintf(b, "  %s fell by %s in the documents; the model gives %s by %s\n", d.Name, *d.Documented, pct(d.PLost), d.By)
			} else {
				fmt.Fprintf(b, "  %s held to %s in the documents; the model has it lost by then in %s of runs\n", d.Name, d.By, pct(d.PLost))
			}
		}
	default:
		b.WriteString("\nThe ensemble agrees with the documented falls by the last documented day.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// routeClosed words the first watched route's loss: "the route
// Damascus–Aleppo of regime, from Damascus to Aleppo, is closed".
func routeClosed(meta *ensemble.Meta) string {
	w := meta.Watch
	name := w.Name
	if name == "" {
		name = w.Route
	}
	return fmt.Sprintf("%s (%s, %s to %s) is closed", name, w.Faction, placeName(meta, w.From), placeName(meta, w.To))
}

// highwayCut words a watched highway's cut: "the M5 is cut for regime".
func highwayCut(w *ensemble.Watch) string {
	return fmt.Sprintf("the %s is cut for %s", strings.Join(w.Highways, " or the "), w.Faction)
}

// placeName is the name of place id in meta, or the id.
func placeName(meta *ensemble.Meta, id string) string {
	for _, p := range meta.Places {
		if p.ID == id {
			return p.Name
		}
	}
	return id
}

// readShard reads and checks a partial result written by simulate --shard.
func readShard(path string) (*ensemble.Shard, error) {
	data, err := scenarios.ReadRegular(path, ensemble.MaxShardBytes, "a partial result")
	if err != nil {
		return nil, err
	}
	return ensemble.ReadShard(data, path)
}

var mergeCmd = &command{
	name:  "merge",
	args:  "FILE... [--format text|json|csv|parquet] [--table points|sensitivity] [--out FILE]",
	short: "combine the partial results of simulate --shard or sweep --shard into one",
	long: `Merge reads the partial results written by 'frontline simulate --shard K/N'
(one per shard, in any order) and writes the result of the whole
ensemble: exactly the bytes that one 'frontline simulate' with the same
scenario, --runs and --seed would print. Every shard must come from the
same simulation, and each of 1..N must appear once.

The partial results of 'frontline sweep --shard K/N' merge the same way,
into exactly the bytes of one 'frontline sweep' of the file: csv by
default, json or parquet with --format, the sensitivity table with
--table sensitivity.

Examples:

	frontline simulate --runs 100000 --shard 1/2 --out a.json
	frontline simulate --runs 100000 --shard 2/2 --out b.json
	frontline merge a.json b.json --format json > ensemble.json
	frontline sweep scenarios/sweeps/air-support.yaml --shard 1/2 --out s1.json
	frontline sweep scenarios/sweeps/air-support.yaml --shard 2/2 --out s2.json
	frontline merge s1.json s2.json > air-support.csv`,
	run: runMerge,
}

func runMerge(e *env, c *command, args []string) error {
	fs := newFlags(e, c)
	format := fs.String("format", "", "output `format`: text (the default), json or csv for simulate's parts; csv (the default), json or parquet for sweep's")
	table := fs.String("table", "points", "for sweep's parts, the `table` csv and parquet write: points or sensitivity")
	out := fs.String("out", "", "write to `file` (atomically) instead of standard output; - is standard output")
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("merge needs the partial results to combine")
	}
	if data, err := scenarios.ReadRegular(pos[0], 1<<30, "a partial result"); err == nil && isSweepShard(data) {
		return mergeSweep(e, pos, *format, *table, *out)
	}
	if *format == "" {
		*format = "text"
	}
	if err := checkFormat(*format, "text", "json", "csv"); err != nil {
		return err
	}
	var shards []*ensemble.Shard
	for _, p := range pos {
		sf, err := readShard(p)
		if err != nil {
			return err
		}
		shards = append(shards, sf)
	}
	meta, total, err := ensemble.Merge(shards, pos)
	if err != nil {
		return err
	}
	if err := checkOut(*out); err != nil {
		return err
	}
	return output(e, *out, func(w io.Writer) error { return renderSim(w, *format, meta, total) })
}

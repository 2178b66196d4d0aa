package main

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

var diffCmd = &command{
	name:  "diff",
	args:  "A B [--runs N] [--seed S] [--until DATE] [--forced-until DATE|none] [--params posterior|fixed] [--by DATE] [--threshold P] [--out FILE]",
	short: "compare two scenarios, or two saved simulate JSON outputs, day by day",
	long: `Diff compares A and B, each a scenario (a built-in id or a YAML file) or
the saved JSON of 'frontline simulate --format json'. It prints the first
day on which they differ, then per day the places whose probability of
control differs by at least --threshold, and by how much.

When A and B are both scenarios, both are simulated with the same --seed:
their runs share random numbers (common random numbers), so the
differences are paired, and diff also prints, per place that changes,
the paired difference in the probability of falling by the last day with
its 95% interval: "Hama falls by 2024-12-12: 78% → 41% (−37 ± 3 points)".
--by picks that day. Two scenarios that cannot be paired (over other
days) get a line saying why instead.

Two saved simulations are compared as they are: the flags that make a
simulation (--runs, --seed, --until, --forced-until, --by) are usage
errors with them, and --shard with any diff. Days that only one side has
are listed, not compared; two simulations without a day in common are an
error. --threshold is a probability from 0 to 1. --out writes the text to
a file, atomically.

Examples:

	frontline diff offensive-2024 scenarios/whatif/no-russian-air-support.yaml --forced-until none
	frontline diff a.json b.json`,
	run: runDiff,
}

func runDiff(e *env, c *command, args []string) error {
	fs := newFlags(e, c)
	f := addSimFlags(fs, "text")
	threshold := fs.Float64("threshold", 0.02, "smallest difference in `probability` reported")
	byFlag := fs.String("by", "", "paired differences of falling by this `date` (default: --until)")
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("diff takes two arguments, A and B; got %d", len(pos))
	}
	if !(*threshold >= 0 && *threshold <= 1) {
		return usagef("--threshold %v is not a probability: give a number from 0 to 1, like --threshold 0.05", *threshold)
	}
	if flagGiven(fs, "shard") {
		return usagef("diff runs both ensembles whole: --shard goes with simulate")
	}
	isJSON := [2]bool{}
	for k, p := range pos {
		isJSON[k] = strings.HasSuffix(strings.ToLower(p), ".json")
	}
	if isJSON[0] && isJSON[1] {
		for _, name := range []string{"runs", "workers", "seed", "until", "forced-until", "by", "allow-extends-outside"} {
			if flagGiven(fs, name) {
				return usagef("--%s does not apply to two saved simulations: diff compares them as they are; give it with scenarios", name)
			}
		}
	} else if flagGiven(fs, "by") && (isJSON[0] || isJSON[1]) {
		return usagef("--by goes with two scenarios: only they are run on common random numbers and paired")
	}
	if *f.out != "" {
		if err := atomicfile.Check(*f.out); err != nil {
			return err
		}
	}
	workers := *f.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	o, err := f.options()
	if err != nil {
		return err
	}
	var sims [2]*ensemble.Run
	var js [2]*ensemble.Result
	var tls [2]*sim.Timeline
	var scens []*sim.Scenario
	for k, p := range pos {
		if isJSON[k] {
			if js[k], err = readResult(p); err != nil {
				return err
			}
			continue
		}
		if tls[k], err = modelTimeline(f.loader(), p); err != nil {
			return err
		}
		scens = append(scens, tls[k].Scenario)
	}
	o = ensemble.Shared(o, scens...)
	for k, tl := range tls {
		if tl == nil {
			continue
		}
		sm, err := newRun(ensemble.New(tl, o))
		if err != nil {
			return err
		}
		sims[k] = sm
		js[k] = ensemble.Build(&sm.Meta, runEnsemble(e, sm, 0, *f.runs, workers))
	}
	cmp, err := ensemble.Compare(js[0], js[1], *threshold)
	if err != nil {
		return err
	}
	var pairing *ensemble.Pairing
	pairErr := error(nil)
	if sims[0] != nil && sims[1] != nil {
		by := sims[0].Meta.Until
		if *byFlag != "" {
			d, err := sim.ParseDate(*byFlag)
			if err != nil || d < sims[0].Meta.Start || d > sims[0].Meta.Until {
				return usagef("--by %s must be a date from %s to %s", safetext.Quote(*byFlag), sims[0].Meta.Start, sims[0].Meta.Until)
			}
			by = d
		}
		pairing, pairErr = ensemble.PairRuns(sims[0], sims[1], by, *threshold)
	}
	return output(e, *f.out, func(w io.Writer) error {
		return writeDiff(w, pos, js, cmp, pairing, pairErr)
	})
}

// writeDiff words a comparison and, for two scenarios, their pairing (or
// why they could not be paired).
func writeDiff(w io.Writer, pos []string, js [2]*ensemble.Result, cmp *ensemble.Comparison, pairing *ensemble.Pairing, pairErr error) error {
	b := &strings.Builder{}
	meta := js[0].Meta // with its places, which a Result holds apart
	meta.Places = nil
	for _, p := range js[0].Places {
		meta.Places = append(meta.Places, p.PlaceMeta)
	}
	for k, tag := range []string{"A", "B"} {
		fmt.Fprintf(b, "%s: %s (%s, %d runs, seed %d, %s to %s)\n", tag, pos[k], js[k].Mode, js[k].Runs, js[k].Seed, js[k].Days[0].Date, js[k].Days[len(js[k].Days)-1].Date)
	}
	for k, only := range [][]ensemble.Span{cmp.OnlyA, cmp.OnlyB} {
		for _, sp := range only {
			fmt.Fprintf(b, "Only %s has %s, not compared.\n", []string{"A", "B"}[k], spanText(sp))
		}
	}
	if !cmp.Watch && (js[0].Watch != nil || js[1].Watch != nil) {
		b.WriteString("A and B watch different routes (or one none): their routes are not compared.\n")
	}
	if len(cmp.Days) == 0 {
		fmt.Fprintf(b, "\nNo difference of %s or more on any of the %d days both have.\n", pct(cmp.Threshold), cmp.Common)
	} else {
		fmt.Fprintf(b, "\nFirst day they differ: %s\n\n", cmp.Days[0].Date)
		for _, d := range cmp.Days {
			tag := ""
			if d.Projected {
				tag = " [projected]"
			}
			fmt.Fprintf(b, "%s%s:\n", d.Date, tag)
			for _, ch := range d.Changes {
				what := routeClosed(&meta)
				if ch.Place != "" {
					what = placeLabel(ch) + " " + ch.Faction
				}
				fmt.Fprintf(b, "  %s %s → %s (%+.0f points)\n", what, pct(ch.A), pct(ch.B), 100*(ch.B-ch.A))
			}
		}
	}
	switch {
	case pairErr != nil:
		fmt.Fprintf(b, "\nNo paired differences: %v.\n", pairErr)
	case pairing != nil:
		fmt.Fprintf(b, "\nPaired differences by %s (B − A, 95%% interval, %d runs on common random numbers):\n", pairing.By, pairing.Runs)
		for _, p := range pairing.Places {
			fmt.Fprintf(b, "  %s falls by %s: %s → %s (%s)\n", p.Name, pairing.By, pct(p.PA), pct(p.PB), points(p.PairedPlace))
		}
		if r := pairing.Route; r != nil {
			fmt.Fprintf(b, "  %s on %s: %s → %s (%s)\n", routeClosed(&meta), pairing.By, pct(r.PA), pct(r.PB), points(*r))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// points words a paired difference: "−37 ± 3 points".
func points(p sim.PairedPlace) string {
	return fmt.Sprintf("%+.0f ± %.0f points", 100*p.Diff, math.Max(1, math.Round(100*p.HalfWidth)))
}

// placeLabel names a changed place: "Hama (hama)", or its id alone.
func placeLabel(ch ensemble.Change) string {
	if ch.Name == "" || ch.Name == ch.Place {
		return ch.Place
	}
	return ch.Name + " (" + ch.Place + ")"
}

// spanText words a run of days: "2024-12-13 to 2025-01-05 (24 days)".
func spanText(s ensemble.Span) string {
	if s.From == s.To {
		return s.From.String()
	}
	return fmt.Sprintf("%s to %s (%d days)", s.From, s.To, s.Days())
}

package main

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"strings"

	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

var diffCmd = &command{
	name:  "diff",
	args:  "A B [--runs N] [--seed S] [--until DATE] [--forced-until DATE|none] [--params posterior|fixed] [--threshold P]",
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
		if strings.HasSuffix(strings.ToLower(p), ".json") {
			j, err := readResult(p)
			if err != nil {
				return err
			}
			js[k] = j
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
	b := &strings.Builder{}
	fmt.Fprintf(b, "A: %s (%s, %d runs, seed %d, %s parameters)\nB: %s (%s, %d runs, seed %d, %s parameters)\n",
		pos[0], js[0].Mode, js[0].Runs, js[0].Seed, js[0].ParamDraws, pos[1], js[1].Mode, js[1].Runs, js[1].Seed, js[1].ParamDraws)
	first := ""
	var lines []string
	daysB := map[sim.Date]*ensemble.Day{}
	for i := range js[1].Days {
		daysB[js[1].Days[i].Date] = &js[1].Days[i]
	}
	for _, da := range js[0].Days {
		db, ok := daysB[da.Date]
		if !ok {
			continue
		}
		var diffs []string
		for _, id := range sortedPlaces(da.Control, db.Control) {
			pa, pb := da.Control[id], db.Control[id]
			for _, fac := range sortedFactions(pa, pb) {
				if d := pb[fac] - pa[fac]; math.Abs(d) >= *threshold {
					diffs = append(diffs, fmt.Sprintf("%s %s %s → %s (%+.0f points)", id, fac, pct(pa[fac]), pct(pb[fac]), 100*d))
				}
			}
		}
		if d := db.PFirstRouteClosed - da.PFirstRouteClosed; math.Abs(d) >= *threshold {
			diffs = append(diffs, fmt.Sprintf("no regime road to Aleppo %s → %s (%+.0f points)", pct(da.PFirstRouteClosed), pct(db.PFirstRouteClosed), 100*d))
		}
		if len(diffs) == 0 {
			continue
		}
		if first == "" {
			first = da.Date.String()
		}
		tag := ""
		if da.Projected {
			tag = " [projected]"
		}
		lines = append(lines, fmt.Sprintf("%s%s:\n  %s", da.Date, tag, strings.Join(diffs, "\n  ")))
	}
	if first == "" {
		fmt.Fprintf(b, "\nNo difference of %s or more on any day.\n", pct(*threshold))
	} else {
		fmt.Fprintf(b, "\nFirst day they differ: %s\n\n%s\n", first, strings.Join(lines, "\n"))
	}
	if sims[0] != nil && sims[1] != nil {
		a, bb := sims[0], sims[1]
		by := a.Meta.Until
		if *byFlag != "" {
			d, err := sim.ParseDate(*byFlag)
			if err != nil || d < a.Meta.Start || d > a.Meta.Until {
				return usagef("--by %q must be a date from %s to %s", *byFlag, a.Meta.Start, a.Meta.Until)
			}
			by = d
		}
		{
			pp, route, err := sim.Paired(a.Model, bb.Model, a.Timeline, bb.Timeline, a.ForcedUntil, bb.ForcedUntil, *f.seed, *f.runs, by)
			if err == nil {
				fmt.Fprintf(b, "\nPaired differences by %s (B − A, 95%% interval, %d runs on common random numbers):\n", by, *f.runs)
				sort.SliceStable(pp, func(x, y int) bool { return math.Abs(pp[x].Diff) > math.Abs(pp[y].Diff) })
				shown := 0
				for _, p := range pp {
					if math.Abs(p.Diff) < *threshold || shown >= 15 {
						continue
					}
					shown++
					fmt.Fprintf(b, "  %s falls by %s: %s → %s (%+.0f ± %.0f points)\n", a.Meta.Places[p.Place].Name, by, pct(p.PA), pct(p.PB), 100*p.Diff, math.Max(1, math.Round(100*p.HalfWidth)))
				}
				fmt.Fprintf(b, "  the regime has no road to Aleppo on %s: %s → %s (%+.0f ± %.0f points)\n", by, pct(route.PA), pct(route.PB), 100*route.Diff, math.Max(1, math.Round(100*route.HalfWidth)))
			}
		}
	}
	_, err = io.WriteString(e.stdout, b.String())
	return err
}

func sortedPlaces(a, b map[string]map[string]float64) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]map[string]float64{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func sortedFactions(a, b map[string]float64) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]float64{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

var calibrateCmd = &command{
	name:  "calibrate",
	args:  "[SCENARIO] [--format text|json] [--runs N] [--seed S] [--out FILE]",
	short: "fit the model to the documented captures and score it against baselines",
	long: `Calibrate fits the model's free parameters to the documented control
changes of a scenario (the built-in offensive-2024 by default) by
penalised maximum likelihood: a discrete-time survival likelihood in which
a place that never falls is censored, a capture dated only by a report is
an interval, and places the documents never mention are left out
(docs/model.md says why). Nelder–Mead from several starts; standard
errors from a finite-difference Hessian.

It reports the fitted values, the error of the median fall day of each
documented capture in free runs from the start (mae_days, with the number
of unmentioned places that fall in the median run beside it), the
one-day-ahead Brier score (brier; the free runs' cumulative one is
brier_cumulative), a hold-out (fit to 2024-11-30, start from its
documented state, score 12-01 to 12-04), and the same scores for two
baselines: nothing falls, and a hazard from road distance alone.

It also shows whether free runs collapse where the documents show no
collapse: for each scored place its first holder still holds on the
last documented day, the share of free runs from the start in which it
has fallen by then (p_fallen in the JSON), and false_falls, the number
of those places fallen by then in the median run. docs/model.md ("Why
free runs take the cities") says why Hama and Latakia fall in most runs.

The JSON also carries the fit's covariance (the inverse Hessian on the
scale fitted, log τ for τ, with its parameter names in order), from
which 'frontline simulate --params posterior' draws each run's
parameters, and the hold-out's coverage: the share of its captures
inside the p10–p90 fan under fixed and under posterior draws.

Then a rolling-origin backtest (backtest in the JSON): at each origin
from 2024-11-28 to 2024-12-03 the model and the distance-only baseline
are refitted to the documents up to that day, forecast from its
documented state to the last documented day, and scored beside nothing
falls: MAE, one-day-ahead Brier, and the CRPS of the fall day over days.

Examples:

	frontline calibrate
	frontline calibrate --format json --out calibration.json`,
	run: runCalibrate,
}

func runCalibrate(e *env, c *command, args []string) error {
	fs := newFlags(e, c)
	format := formatFlag(fs, "text", "json")
	runs := fs.Int("runs", 1000, "free `runs` per score (and the conditional runs of the unmentioned places, at most 400)")
	seed := fs.Uint64("seed", 1, "random `seed` of the scoring runs")
	out := fs.String("out", "", "write to `file` (atomically) instead of standard output; - is standard output")
	starts := fs.Int("starts", 4, "Nelder–Mead `starts`")
	maxEval := fs.Int("max-eval", 4000, "function `evaluations` per start")
	loader := loaderFlag(fs)
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("calibrate takes at most one scenario; got %d", len(pos))
	}
	if *runs <= 0 || *runs > 1_000_000 {
		return usagef("--runs %d: use a number from 1 to 1000000", *runs)
	}
	if *starts < 1 || *starts > 100 || *maxEval < 1 || *maxEval > 1_000_000 {
		return usagef("--starts must be 1 to 100 and --max-eval 1 to 1000000")
	}
	if err := checkOut(*out); err != nil {
		return err
	}
	name := scenarios.DefaultID
	if len(pos) == 1 {
		name = pos[0]
	}
	tl, err := modelTimeline(loader(), name)
	if err != nil {
		return err
	}
	s := tl.Scenario
	cal, err := sim.Calibrate(s, tl.Graph, tl, s.Params, sim.CalibrationOptions{Runs: *runs, Seed: *seed, Starts: *starts, MaxEval: *maxEval})
	if err != nil {
		return err
	}
	return output(e, *out, func(w io.Writer) error {
		if *format == "json" {
			return writeJSON(w, cal)
		}
		_, err := io.WriteString(w, calibrationText(cal))
		return err
	})
}

// calibrationText is the table docs/model.md carries (a test compares them).
func calibrationText(cal *sim.Calibration) string {
	b := &strings.Builder{}
	fmt.Fprintf(b, "Fit to %s (%s to %s): %d documented captures; %d places mentioned, %d never mentioned.\n\n",
		cal.Scenario, cal.FitDays[0], cal.FitDays[1], cal.Captures, cal.Observed, cal.Unmentioned)
	b.WriteString(sim.CalibrationTable(cal))
	b.WriteString("\nCoverage of the hold-out's fans:\n\n")
	b.WriteString(sim.CoverageTable(cal))
	b.WriteString("\nRolling-origin backtest (refitted at each origin, forecast from its documented state to the last documented day):\n\n")
	b.WriteString(sim.BacktestTable(cal))
	return b.String()
}

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"

	"github.com/schollz/progressbar/v3"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/internal/jsonpos"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
	"github.com/frontline-sim/frontline/sim/sweep"
)

var sweepCmd = &command{
	name:  "sweep",
	args:  "FILE [--workers W] [--params posterior|fixed] [--shard K/N] [--out FILE] [--format csv|json|parquet] [--table points|sensitivity]",
	short: "run a parameter sweep: outcomes at every point of a design, and their sensitivity",
	long: `Sweep reads a sweep file (docs/sweep.md): the scenario it sweeps, the
factors it varies (model parameters, or the factor or date of one of the
scenario's interventions), the design (grid, latin or sobol) with its
points, runs per point and seed, and the outcomes it estimates. It runs
the model at every point and writes one row per point and outcome: the
factors' values, the estimate, its 90% interval and the runs behind it.
A fall day is given in days after the start (estimate, lo, hi) and as
dates (estimate_date, lo_date, hi_date; empty where the place holds to
the end).

Every point runs with the same seed (common random numbers), so the
differences between points are paired. Each run draws the fitted
parameters no factor sets from the fit's uncertainty, as 'frontline
simulate' does by default (--params posterior; the draw of run k is the
same at every point); a parameter a factor sets keeps the point's value.
--params fixed runs the point estimates instead. The output's header
says which (param_draws). --table sensitivity writes the sensitivity of
each outcome to each factor instead: first-order and total Sobol indices
with bootstrap intervals for a sobol design, main effects for a grid or a
latin design. The json format holds both tables.

Charts: 'frontline export SWEEP.json --charts DIR', of a sweep's json
output, draws each outcome against each factor with its 90% interval as a
band, and a sensitivity ("tornado") bar chart per outcome, as PNG and SVG.

The same file gives the same bytes whatever --workers. --shard K/N makes
only the K-th of N equal parts of the sweep's runs and writes a partial
result; 'frontline merge' combines the N parts into exactly the bytes of
one run. A process makes at most 100,000,000 runs: shard a larger sweep.
A progress bar is shown on stderr when it is a terminal.

Examples:

	frontline sweep scenarios/sweeps/air-support.yaml
	frontline sweep scenarios/sweeps/fitted-sobol.yaml --table sensitivity
	frontline sweep scenarios/sweeps/air-support.yaml --format parquet --out air.parquet
	frontline sweep scenarios/sweeps/air-support.yaml --shard 2/4 --out part-2.json
	frontline sweep scenarios/sweeps/air-support.yaml --format json --out air.json && frontline export air.json --charts air-charts`,
	run: runSweep,
}

var sweepFormats = []string{"csv", "json", "parquet"}

// sweepShardKind marks a partial result of sweep --shard.
const sweepShardKind = "frontline-sweep-shard"

// sweepShard is a partial result: one shard's counts with the sweep's
// header.
type sweepShard struct {
	Kind   string              `json:"kind"`
	Meta   sweep.Meta          `json:"meta"`
	Shard  ensemble.ShardRange `json:"shard"`
	Counts *sweep.Counts       `json:"counts"`
}

func runSweep(e *env, c *command, args []string) error {
	fs := newFlags(e, c)
	loader := loaderFlag(fs)
	params := paramsFlag(fs, "")
	workers := fs.Int("workers", 0, "parallel `workers` (0: one per CPU; at most four per CPU); the output does not depend on it")
	shard := fs.String("shard", "", "make only part `K/N` of the runs and write a partial result for 'frontline merge'")
	out := fs.String("out", "", "write to `file` (atomically) instead of standard output")
	format := formatFlag(fs, sweepFormats...)
	table := fs.String("table", "points", "the `table` csv and parquet write: points (one row per point and outcome) or sensitivity")
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if err := checkSweepOutput(*format, *table, *out); err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("sweep takes one sweep file; got %d", len(pos))
	}
	if err := checkWorkers(*workers); err != nil {
		return err
	}
	if err := checkParams(*params); err != nil {
		return err
	}
	a, err := geo.Default()
	if err != nil {
		return err
	}
	sw, err := loader().LoadSweep(pos[0], a)
	if err != nil {
		return err
	}
	m := sw.Meta
	m.ParamDraws = *params
	total := m.TotalRuns()
	first, last := 0, total
	var sh ensemble.ShardRange
	if *shard != "" {
		k, n, err := parseShard(*shard)
		if err != nil {
			return err
		}
		sh = ensemble.Part(total, k, n)
		first, last = sh.First, sh.Last
	}
	w := *workers
	if w == 0 {
		w = runtime.GOMAXPROCS(0)
	}
	progress, done := progressBar(e, last-first, "sweeping")
	counts, err := sweep.Run(sw.Timeline, m, sweep.Options{First: first, Last: last, Workers: w, Progress: progress})
	done()
	var le *sweep.LimitError
	if errors.As(err, &le) {
		return usagef("%s: %v", safetext.Escape(pos[0]), err)
	} else if err != nil {
		return err
	}
	if *shard != "" {
		return output(e, *out, func(w io.Writer) error {
			return writeJSON(w, sweepShard{Kind: sweepShardKind, Meta: *m, Shard: sh, Counts: counts})
		})
	}
	return writeSweep(e, *out, *format, *table, sweep.Analyse(m, counts))
}

// writeSweep writes a sweep's result to path (standard output if empty):
// text formats through output's escaping writer, Parquet, a binary
// format whose strings are escaped cell by cell, as it is.
func writeSweep(e *env, path, format, table string, r *sweep.Result) error {
	if format == "parquet" {
		return atomicfile.WriteFile(path, 0o644, func(w io.Writer) error { return writeSweepParquet(w, table, r) })
	}
	return output(e, path, func(w io.Writer) error { return renderSweep(w, format, table, r) })
}

// progressBar returns a progress callback drawing a bar on stderr when it
// is a terminal (nil otherwise), and the function that ends the bar.
func progressBar(e *env, total int, what string) (func(int), func()) {
	if e.terminal == nil {
		return nil, func() {}
	}
	bar := progressbar.NewOptions(total, progressbar.OptionSetWriter(e.terminal), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100_000_000))
	return func(n int) { bar.Set(n) }, func() { bar.Finish() }
}

func checkSweepOutput(format, table, out string) error {
	if err := checkFormat(format, sweepFormats...); err != nil {
		return err
	}
	if table != "points" && table != "sensitivity" {
		return usagef("--table %s: use points or sensitivity", safetext.Quote(table))
	}
	if format == "parquet" && (out == "" || out == "-") {
		return usagef("--format parquet writes a binary file; give it with --out FILE")
	}
	if out != "" {
		return atomicfile.Check(out)
	}
	return nil
}

// renderSweep writes a sweep's result as text: json holds both tables,
// csv the one table chosen.
func renderSweep(w io.Writer, format, table string, r *sweep.Result) error {
	if format == "json" {
		return writeJSON(w, r)
	}
	header, rows := sweepTable(table, r)
	return writeCSV(w, header, rows)
}

// sweepTable returns the header and the rows of one of a sweep's tables,
// as text: numbers in the shortest form that reads back the same, dates
// as YYYY-MM-DD.
func sweepTable(table string, r *sweep.Result) ([]string, [][]string) {
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	var rows [][]string
	if table == "sensitivity" {
		for _, ix := range r.Sensitivity {
			rows = append(rows, []string{ix.Outcome, ix.Factor, ix.Measure, num(ix.Estimate), num(ix.Lo), num(ix.Hi), ix.Note})
		}
		return []string{"outcome", "factor", "measure", "estimate", "lo", "hi", "note"}, rows
	}
	header := []string{"point"}
	for _, f := range r.Factors {
		header = append(header, f.ID)
	}
	header = append(append(header, sweep.Columns[1:]...), sweep.DateColumns...)
	for _, row := range r.Rows {
		cells := []string{strconv.Itoa(row.Point)}
		for i, f := range r.Factors {
			cells = append(cells, f.Format(row.Values[i]))
		}
		cells = append(cells, row.Outcome, num(row.Estimate), num(row.Lo), num(row.Hi), strconv.FormatInt(row.Runs, 10))
		rows = append(rows, append(cells, dateCell(row.EstimateDate), dateCell(row.LoDate), dateCell(row.HiDate)))
	}
	return header, rows
}

// dateCell writes a date as YYYY-MM-DD, and no date as an empty cell.
func dateCell(d *sim.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// isSweepShard reports whether data is a partial result of sweep --shard.
func isSweepShard(data []byte) bool {
	var probe struct {
		Kind string `json:"kind"`
	}
	return json.Unmarshal(data, &probe) == nil && probe.Kind == sweepShardKind
}

// mergeSweep merges the partial results of sweep --shard at paths.
func mergeSweep(e *env, paths []string, format, table, out string) error {
	if format == "" {
		format = "csv"
	}
	if err := checkSweepOutput(format, table, out); err != nil {
		return err
	}
	var meta []byte
	var m *sweep.Meta
	var parts []*sweep.Counts
	var seen []bool
	for _, p := range paths {
		data, err := scenarios.ReadRegular(p, 1<<30, "a sweep shard")
		if err != nil {
			return err
		}
		const want = "want a partial result of 'frontline sweep --shard'"
		var sf sweepShard
		if err := json.Unmarshal(data, &sf); err != nil {
			return jsonpos.InFile(p, jsonpos.Locate(data, err, want))
		}
		if sf.Kind != sweepShardKind || sf.Counts == nil {
			return fmt.Errorf("%s: kind %s and no counts; %s", p, safetext.Quote(sf.Kind), want)
		}
		if err := sf.Meta.Check(); err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		b, _ := json.Marshal(sf.Meta)
		if m == nil {
			meta, m, seen = b, &sf.Meta, make([]bool, sf.Shard.Count)
		} else if string(b) != string(meta) || sf.Shard.Count != len(seen) {
			return fmt.Errorf("%s comes from a different sweep than %s (file, scenario, design or shard count differ)", p, paths[0])
		}
		k := sf.Shard.Index
		switch {
		case k < 1 || k > len(seen):
			return fmt.Errorf("%s: shard %d of %d is out of range", p, k, len(seen))
		case seen[k-1]:
			return fmt.Errorf("%s: shard %d/%d appears twice", p, k, len(seen))
		}
		seen[k-1] = true
		parts = append(parts, sf.Counts)
	}
	var missing []string
	for k, ok := range seen {
		if !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", k+1, len(seen)))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("shards missing: %s", strings.Join(missing, ", "))
	}
	counts, err := sweep.Merge(m, parts)
	if err != nil {
		return fmt.Errorf("the shards do not add up to the sweep: %v", err)
	}
	return writeSweep(e, out, format, table, sweep.Analyse(m, counts))
}

package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/sweep"
)

// smallSweep is a sweep of a what-if in a temporary folder: a parameter,
// an intervention's factor and its date, in a Latin hypercube of five
// points of 40 runs, with an outcome of each kind.
const smallSweep = `id: small
title: "A small sweep for the tests"
scenario: saraqib-holds.yaml
forced_until: none
factors:
  - {id: air, parameter: air_support.regime, min: 0, max: 2}
  - {id: garrison, intervention: saraqib-junction-fortified, field: factor, min: 1, max: 8, distribution: log_uniform}
  - {id: fortified-from, intervention: saraqib-junction-fortified, field: from, min: 2024-11-26, max: 2024-11-30}
design: {method: latin, points: 5, runs: 40, seed: 3}
outcomes:
  - {id: hama-held, kind: held, place: hama, faction: regime, on: 2024-12-08}
  - {id: saraqib-fall, kind: fall_day, place: saraqib}
  - {id: route-broken, kind: route_broken, route: regime-damascus-aleppo, on: 2024-12-06}
`

// sweepDir writes a sweep file and the what-if it sweeps into a fresh
// folder and returns the sweep file's path.
func sweepDir(t *testing.T, sweepFile string) string {
	t.Helper()
	dir := t.TempDir()
	whatif, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "whatif", "saraqib-holds.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "saraqib-holds.yaml"), whatif, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "sweep.yaml")
	if err := os.WriteFile(path, []byte(sweepFile), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := runCmd(t, args...)
	if code != 0 {
		t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

func readBytes(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The same sweep gives the same bytes for any workers, and the shards of
// it, merged in any order, give the bytes of one run, in every format and
// table.
func TestSweepShardsAndWorkers(t *testing.T) {
	path := sweepDir(t, smallSweep)
	dir := filepath.Dir(path)
	one := map[string]string{}
	for _, f := range [][]string{{"csv", "points"}, {"csv", "sensitivity"}, {"json", "points"}, {"parquet", "points"}, {"parquet", "sensitivity"}} {
		out := filepath.Join(dir, "one-"+f[0]+"-"+f[1])
		mustRun(t, "sweep", path, "--workers", "1", "--format", f[0], "--table", f[1], "--out", out)
		one[f[0]+f[1]] = readBytes(t, out)
	}
	if two := mustRun(t, "sweep", path, "--workers", "2"); two != one["csvpoints"] {
		t.Error("--workers 2 gives other bytes than --workers 1")
	}
	var parts []string
	for _, k := range []string{"3/3", "1/3", "2/3"} {
		p := filepath.Join(dir, "part-"+k[:1]+".json")
		mustRun(t, "sweep", path, "--shard", k, "--workers", "2", "--out", p)
		parts = append(parts, p)
	}
	for _, f := range [][]string{{"csv", "points"}, {"csv", "sensitivity"}, {"json", "points"}, {"parquet", "points"}, {"parquet", "sensitivity"}} {
		out := filepath.Join(dir, "merged-"+f[0]+"-"+f[1])
		mustRun(t, append([]string{"merge", "--format", f[0], "--table", f[1], "--out", out}, parts...)...)
		if readBytes(t, out) != one[f[0]+f[1]] {
			t.Errorf("merged shards, %s %s: other bytes than one run", f[0], f[1])
		}
	}
	if merged := mustRun(t, append([]string{"merge"}, parts...)...); merged != one["csvpoints"] {
		t.Error("merge writes other csv than sweep by default")
	}
	if code, _, errs := runCmd(t, "merge", parts[0], parts[1]); code != 1 || !strings.Contains(errs, "shards missing: 2/3") {
		t.Errorf("merge of two of three shards: exit %d, %q", code, errs)
	}
	if code, _, errs := runCmd(t, "merge", parts[0], parts[0], parts[1]); code != 1 || !strings.Contains(errs, "appears twice") {
		t.Errorf("merge with a shard twice: exit %d, %q", code, errs)
	}
	// A file that is not a shard: where the JSON breaks, or what it lacks.
	for _, tt := range []struct{ body, want string }{
		{"{\n  \"kind\": 7\n}", "bad.json:2:"},
		{`{"kind": "frontline-sweep-shard"}`, "bad.json: kind \"frontline-sweep-shard\" and no counts; want a partial result of 'frontline sweep --shard'"},
	} {
		bad := filepath.Join(dir, "bad.json")
		if err := os.WriteFile(bad, []byte(tt.body), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, errs := runCmd(t, "merge", parts[0], bad); code != 1 || !strings.Contains(errs, tt.want) {
			t.Errorf("merge of %s: exit %d, %q; want %q", tt.body, code, errs, tt.want)
		}
	}
	other := sweepDir(t, strings.Replace(smallSweep, "seed: 3", "seed: 4", 1))
	p := filepath.Join(dir, "other.json")
	mustRun(t, "sweep", other, "--shard", "2/3", "--out", p)
	if code, _, errs := runCmd(t, "merge", parts[0], parts[1], p); code != 1 || !strings.Contains(errs, "different sweep") {
		t.Errorf("merge of shards of two sweeps: exit %d, %q", code, errs)
	}
}

// The tables hold what docs/sweep.md says: one row per point and outcome
// with the factors' values (a date as a date), the estimate inside its
// 90% interval and the runs; the Parquet file, read back with
// parquet-go's reader, holds the same rows as the CSV.
func TestSweepTables(t *testing.T) {
	path := sweepDir(t, smallSweep)
	rows, err := csv.NewReader(strings.NewReader(mustRun(t, "sweep", path))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"point", "air", "garrison", "fortified-from", "outcome", "estimate", "lo", "hi", "runs", "estimate_date", "lo_date", "hi_date"}
	if !slices.Equal(rows[0], wantHeader) {
		t.Fatalf("header %v, want %v", rows[0], wantHeader)
	}
	if len(rows) != 1+5*3 {
		t.Fatalf("%d rows, want a header and 5 points × 3 outcomes", len(rows))
	}
	for _, r := range rows[1:] {
		est, _ := strconv.ParseFloat(r[5], 64)
		lo, _ := strconv.ParseFloat(r[6], 64)
		hi, _ := strconv.ParseFloat(r[7], 64)
		if !(lo <= est && est <= hi) || r[8] != "40" {
			t.Errorf("row %v: the estimate is outside its interval, or the runs are not 40", r)
		}
		if !strings.HasPrefix(r[3], "2024-11-") {
			t.Errorf("row %v: the date factor is not a date", r)
		}
		// A fall day's dates are the start (2024-11-26) plus its days,
		// empty where Saraqib holds to the end (day 17, past 12-12); a
		// probability has none.
		for c, d := range r[9:12] {
			days, _ := strconv.Atoi(r[5+c])
			want := ""
			if r[4] == "saraqib-fall" && days < 17 {
				want = (sim.Date(days) + sim.MustDate("2024-11-26")).String()
			}
			if d != want {
				t.Errorf("row %v: %s %q, want %q", r, wantHeader[9+c], d, want)
			}
		}
	}
	out := filepath.Join(t.TempDir(), "s.parquet")
	mustRun(t, "sweep", path, "--format", "parquet", "--out", out)
	type prow struct {
		Point         int64   `parquet:"point"`
		Air           float64 `parquet:"air"`
		Garrison      float64 `parquet:"garrison"`
		FortifiedFrom int32   `parquet:"fortified-from,date"`
		Outcome       string  `parquet:"outcome"`
		Estimate      float64 `parquet:"estimate"`
		Lo            float64 `parquet:"lo"`
		Hi            float64 `parquet:"hi"`
		Runs          int64   `parquet:"runs"`
		EstimateDate  *int32  `parquet:"estimate_date,date,optional"`
		LoDate        *int32  `parquet:"lo_date,date,optional"`
		HiDate        *int32  `parquet:"hi_date,date,optional"`
	}
	date := func(d *int32) string {
		if d == nil {
			return ""
		}
		return sim.Date(*d).String()
	}
	got, err := parquet.ReadFile[prow](out)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows)-1 {
		t.Fatalf("the Parquet file holds %d rows, the CSV %d", len(got), len(rows)-1)
	}
	for i, g := range got {
		r := rows[i+1]
		from := sim.Date(g.FortifiedFrom).String()
		cells := []string{fmt.Sprint(g.Point), num(g.Air), num(g.Garrison), from, g.Outcome, num(g.Estimate), num(g.Lo), num(g.Hi), fmt.Sprint(g.Runs),
			date(g.EstimateDate), date(g.LoDate), date(g.HiDate)}
		if !slices.Equal(cells, r) {
			t.Errorf("Parquet row %d %v, CSV %v", i, cells, r)
		}
	}
	// The JSON holds both tables and the header.
	var res struct {
		Sweep       string
		Version     int
		Rows        []map[string]any
		Sensitivity []sweep.Index
	}
	if err := json.Unmarshal([]byte(mustRun(t, "sweep", path, "--format", "json")), &res); err != nil {
		t.Fatal(err)
	}
	if res.Sweep != "small" || res.Version != sweep.Version || len(res.Rows) != 15 || len(res.Sensitivity) != 3*3 {
		t.Errorf("json: sweep %q version %d, %d rows, %d indices; want small, %d, 15, 9", res.Sweep, res.Version, len(res.Rows), len(res.Sensitivity), sweep.Version)
	}
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Bad command lines are usage errors (exit 2) that say what to do; a
// sweep too large for one process points to shards.
func TestSweepUsage(t *testing.T) {
	path := sweepDir(t, smallSweep)
	big := sweepDir(t, strings.Replace(smallSweep, "points: 5, runs: 40", "points: 200, runs: 10000000", 1))
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep"}, "one sweep file"},
		{[]string{"sweep", path, "--format", "xlsx"}, "unknown format"},
		{[]string{"sweep", path, "--format", "parquet"}, "--out FILE"},
		{[]string{"sweep", path, "--table", "everything"}, "points or sensitivity"},
		{[]string{"sweep", path, "--shard", "4/3"}, "shard"},
		{[]string{"sweep", path, "--workers", "-1"}, "--workers"},
		{[]string{"sweep", big}, "split the sweep with --shard K/N into at least 20 shards"},
		{[]string{"sweep", big, "--shard", "1/10"}, "at least 20 shards"},
	} {
		code, _, errs := runCmd(t, tt.args...)
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", tt.args, code, errs, tt.want)
		}
	}
	bad := sweepDir(t, strings.Replace(smallSweep, "method: latin", "method: lattice", 1))
	if code, _, errs := runCmd(t, "sweep", bad); code != 1 || !strings.Contains(errs, "sweep.yaml:9:18: unknown design method") {
		t.Errorf("a bad sweep file: exit %d, %q; want exit 1 and its file:line:col", code, errs)
	}
}

// The shipped air-support sweep gives the direction docs/model.md states:
// more air support for the regime, later falls of Hama and Homs and a
// Hama more often held on 12-08.
func TestShippedAirSupportSweep(t *testing.T) {
	var res struct {
		Rows []struct {
			Point    int
			Outcome  string
			Estimate float64
		}
		Sensitivity []sweep.Index
	}
	out := mustRun(t, "sweep", filepath.Join("..", "..", "scenarios", "sweeps", "air-support.yaml"), "--format", "json")
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	series := map[string][]float64{}
	for _, r := range res.Rows {
		series[r.Outcome] = append(series[r.Outcome], r.Estimate)
	}
	for _, o := range []string{"hama-held-1208", "hama-fall", "homs-held-1212"} {
		s := series[o]
		if len(s) != 9 {
			t.Fatalf("%s: %d points, want 9", o, len(s))
		}
		for i := 1; i < len(s); i++ {
			if s[i] < s[i-1] {
				t.Errorf("%s falls from %v to %v as air support rises: %v", o, s[i-1], s[i], s)
			}
		}
		if !(s[8] > s[0]) {
			t.Errorf("%s: %v at no air support, %v at double; want it to rise", o, s[0], s[8])
		}
	}
	for _, ix := range res.Sensitivity {
		if ix.Lo <= 0 {
			t.Errorf("the main effect of air support on %s is %v (%v to %v); want it above 0", ix.Outcome, ix.Estimate, ix.Lo, ix.Hi)
		}
	}
}

// export --charts of a sweep's JSON draws each outcome against each
// factor and a tornado per outcome, as PNG and SVG; the band of a
// one-factor sweep is drawn; a sweep has no map, so pictures are refused.
func TestSweepCharts(t *testing.T) {
	path := sweepDir(t, smallSweep)
	dir := filepath.Dir(path)
	js := filepath.Join(dir, "small.json")
	mustRun(t, "sweep", path, "--format", "json", "--out", js)
	charts := filepath.Join(dir, "charts")
	mustRun(t, "export", js, "--charts", charts)
	files, _ := filepath.Glob(filepath.Join(charts, "*"))
	if len(files) != 2*(3*3+3) {
		t.Errorf("%d chart files, want PNG and SVG of 9 outcome charts and 3 tornados: %v", len(files), files)
	}
	for _, name := range []string{"outcome-fortified-from-saraqib-fall.png", "tornado-route-broken.svg"} {
		if _, err := os.Stat(filepath.Join(charts, name)); err != nil {
			t.Error(err)
		}
	}
	if code, _, errs := runCmd(t, "export", js, "--png", filepath.Join(dir, "png")); code != 2 || !strings.Contains(errs, "is a sweep") {
		t.Errorf("export of a sweep's pictures: exit %d, %q", code, errs)
	}
	one := sweepDir(t, `id: one
scenario: offensive-2024
forced_until: none
factors: [{id: air, parameter: air_support.regime, min: 0, max: 2}]
design: {method: grid, levels: 3, runs: 60}
outcomes: [{id: hama-held, kind: held, place: hama, faction: regime, on: 2024-12-08}]
`)
	js = filepath.Join(filepath.Dir(one), "one.json")
	mustRun(t, "sweep", one, "--format", "json", "--out", js)
	charts = filepath.Join(filepath.Dir(one), "charts")
	mustRun(t, "export", js, "--charts", charts)
	f, err := os.Open(filepath.Join(charts, "outcome-air-hama-held.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	band := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			// The band: the estimate's blue, a quarter strong on white.
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 > 0xa0 && r>>8 < 0xd8 && g>>8 > 0xb0 && g>>8 < 0xe0 && bl>>8 > 0xc8 && bl>>8 < 0xf0 && bl > r {
				band++
			}
		}
	}
	if band < 200 {
		t.Errorf("%d pixels of the interval band; want a band drawn", band)
	}
}

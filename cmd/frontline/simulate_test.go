package main

import (
	"encoding/json"
	"github.com/frontline-sim/frontline/sim/ensemble"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The simulate JSON for a fixed seed is golden, the same bytes for one
// worker and two, and the same again after a three-way shard and merge.
func TestSimulateDeterminism(t *testing.T) {
	args := []string{"simulate", "--runs", "300", "--seed", "7", "--format", "json"}
	code, one, errs := runCmd(t, append(args, "--workers", "1")...)
	if code != 0 {
		t.Fatalf("simulate: exit %d: %s", code, errs)
	}
	golden(t, "simulate-seed7.json", one)
	_, two, _ := runCmd(t, append(args, "--workers", "2")...)
	if two != one {
		t.Error("--workers 2 gives other bytes than --workers 1")
	}
	dir := t.TempDir()
	var parts []string
	for _, k := range []string{"2/3", "1/3", "3/3"} {
		p := filepath.Join(dir, strings.ReplaceAll(k, "/", "-")+".json")
		if code, _, errs := runCmd(t, append(args, "--shard", k, "--out", p, "--workers", "2")...); code != 0 {
			t.Fatalf("shard %s: exit %d: %s", k, code, errs)
		}
		parts = append(parts, p)
	}
	code, merged, errs := runCmd(t, append([]string{"merge", "--format", "json"}, parts...)...)
	if code != 0 {
		t.Fatalf("merge: exit %d: %s", code, errs)
	}
	if merged != one {
		t.Error("merge of three shards gives other bytes than one run")
	}
	// Merge refuses an incomplete or doubled set.
	if code, _, errs := runCmd(t, "merge", parts[0], parts[1]); code != 1 || !strings.Contains(errs, "shards missing: 3/3") {
		t.Errorf("merge of two of three shards: exit %d, %q", code, errs)
	}
	if code, _, errs := runCmd(t, "merge", parts[0], parts[0], parts[1]); code != 1 || !strings.Contains(errs, "appears twice") {
		t.Errorf("merge with a shard twice: exit %d, %q", code, errs)
	}
	// An impossible shard (sim/ensemble's TestReadShardRefuses has the
	// rest) is refused with its file and field named, not a panic.
	data, err := os.ReadFile(parts[1]) // shard 1/3
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(strings.Replace(string(data), `"count": 3`, `"count": -1`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCmd(t, "merge", bad, parts[0], parts[2]); code != 1 || !strings.Contains(errs, bad+": shard.count: -1") {
		t.Errorf("merge with a shard of count -1: exit %d, %q", code, errs)
	}
}

// The JSON has the documented shape: projected days after the documents,
// probabilities that sum to one, fall dates null below one half.
func TestSimulateJSONContract(t *testing.T) {
	_, out, _ := runCmd(t, "simulate", "--runs", "200", "--format", "json")
	var j struct {
		Scenario, Mode string
		Runs           int
		Seed           uint64
		Version        int
		Days           []struct {
			Date      string
			Projected bool
			Modelled  bool
			Control   map[string]map[string]float64
		}
		Places []struct {
			ID              string
			FallProbability float64                   `json:"fall_probability"`
			FallDate        *struct{ Median *string } `json:"fall_date"`
		}
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatal(err)
	}
	if j.Scenario != "offensive-2024" || j.Runs != 200 || j.Version != ensemble.Version || j.Mode != "forced" {
		t.Errorf("header: %+v", j)
	}
	if len(j.Days) != 17 || j.Days[0].Date != "2024-11-26" || j.Days[16].Date != "2024-12-12" {
		t.Fatalf("days: %d from %s", len(j.Days), j.Days[0].Date)
	}
	for _, d := range j.Days {
		if want := d.Date > "2024-12-04"; d.Projected != want || d.Modelled != want {
			t.Errorf("%s: projected %v, modelled %v", d.Date, d.Projected, d.Modelled)
		}
		for id, ps := range d.Control {
			sum := 0.0
			for _, p := range ps {
				sum += p
			}
			if sum < 0.999 || sum > 1.001 {
				t.Errorf("%s %s: probabilities sum to %v", d.Date, id, sum)
			}
		}
	}
	for _, p := range j.Places {
		if (p.FallDate != nil) != (p.FallProbability >= 0.5) {
			t.Errorf("%s: fall probability %v but fall_date %+v", p.ID, p.FallProbability, p.FallDate)
		}
		if p.ID == "aleppo" && (p.FallDate == nil || *p.FallDate.Median != "2024-11-30") {
			t.Errorf("aleppo: documented fall on 2024-11-30 should be imposed, got %+v", p.FallDate)
		}
	}
}

func TestSimulateCSVAndText(t *testing.T) {
	_, out, _ := runCmd(t, "simulate", "--runs", "50", "--format", "csv", "--until", "2024-12-05")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "date,projected,place,faction,probability" {
		t.Errorf("header %q", lines[0])
	}
	if want := 1 + 10*100*5; len(lines) != want {
		t.Errorf("%d lines, want %d (10 days × 100 places × 5 factions)", len(lines), want)
	}
	_, text, _ := runCmd(t, "simulate", "--runs", "200", "--forced-until", "none", "--until", "2024-12-04")
	for _, want := range []string{"free runs from the start state", "The most likely course", "Where the ensemble differs from the documents"} {
		if !strings.Contains(text, want) {
			t.Errorf("briefing lacks %q:\n%s", want, text)
		}
	}
}

func TestSimulateUsage(t *testing.T) {
	for _, args := range [][]string{
		{"simulate", "--runs", "0"},
		{"simulate", "--shard", "3/2"},
		{"simulate", "--forced-until", "2025-01-01"},
		{"simulate", "--until", "yesterday"},
		{"simulate", "--format", "xml"},
		{"diff", "offensive-2024"},
	} {
		if code, _, _ := runCmd(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := runCmd(t, "merge", "/nonexistent.json"); code != 1 || errs == "" {
		t.Errorf("merge of a missing file: exit %d %q", code, errs)
	}
	if _, err := os.Stat("testdata/simulate-seed7.json"); err != nil {
		t.Skip("golden not yet written")
	}
}

// Calibrate on a tiny budget: the text table and the JSON report the
// model, both baselines and the hold-out.
func TestCalibrateCommand(t *testing.T) {
	code, out, errs := runCmd(t, "calibrate", "--runs", "20", "--starts", "1", "--max-eval", "20")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"19 documented captures", "| nothing falls |", "| distance only |", "**hold-out, 2024-12-01 to 2024-12-04, 15 captures**",
		"Rolling-origin backtest", "| 2024-11-28 | 19 |", "| 2024-12-03 | 12 |", "| **mean** |"} {
		if !strings.Contains(out, want) {
			t.Errorf("calibrate text lacks %q:\n%s", want, out)
		}
	}
	path := filepath.Join(t.TempDir(), "cal.json")
	if code, _, errs := runCmd(t, "calibrate", "--runs", "20", "--starts", "1", "--max-eval", "20", "--format", "json", "--out", path); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cal struct {
		Fitted []struct {
			Name string
			SE   *float64
		}
		Model struct {
			MAEDays           *float64 `json:"mae_days"`
			UndocumentedFalls *int     `json:"undocumented_falls"`
			Brier             *float64
		}
		Holdout    map[string]json.RawMessage
		Baselines  map[string]json.RawMessage
		Covariance *struct {
			Names  []string
			Matrix [][]float64
		}
		Backtest []struct {
			FitUntil string `json:"fit_until"`
			Captures int
			Model    map[string]float64
		}
	}
	if err := json.Unmarshal(data, &cal); err != nil {
		t.Fatal(err)
	}
	if len(cal.Fitted) != 9 || cal.Model.MAEDays == nil || cal.Model.UndocumentedFalls == nil || cal.Model.Brier == nil {
		t.Errorf("calibrate JSON incomplete: %s", data[:min(len(data), 600)])
	}
	if c := cal.Covariance; c == nil || len(c.Names) != 9 || len(c.Matrix) != 9 {
		t.Errorf("calibrate JSON: covariance %+v, want 9 names and a 9×9 matrix", c)
	}
	if bt := cal.Backtest; len(bt) != 6 || bt[0].FitUntil != "2024-11-28" || bt[5].FitUntil != "2024-12-03" || len(bt[0].Model) != 3 {
		t.Errorf("calibrate JSON: backtest %+v, want origins 2024-11-28 to 2024-12-03 with mae_days, brier, crps", bt)
	}
	for _, k := range []string{"model", "nothing_falls", "distance_only", "fit_until", "coverage"} {
		if _, ok := cal.Holdout[k]; !ok {
			t.Errorf("holdout lacks %q", k)
		}
	}
}

// diff of two saved simulate outputs: the same file twice differs
// nowhere; history against a what-if differs from its first day.
func TestDiffJSON(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.json")
	b := filepath.Join(dir, "b.json")
	for _, x := range []struct{ path, scen string }{{a, "offensive-2024"}, {b, "../../scenarios/whatif/saraqib-holds.yaml"}} {
		if code, _, errs := runCmd(t, "simulate", x.scen, "--runs", "200", "--forced-until", "none", "--format", "json", "--out", x.path); code != 0 {
			t.Fatalf("simulate %s: exit %d: %s", x.scen, code, errs)
		}
	}
	if code, out, _ := runCmd(t, "diff", a, a); code != 0 || !strings.Contains(out, "No difference") {
		t.Errorf("diff a a: exit %d\n%s", code, out)
	}
	code, out, _ := runCmd(t, "diff", a, b, "--threshold", "0.1")
	if code != 0 || !strings.Contains(out, "First day they differ: 2024-11-2") || !strings.Contains(out, "\n  Saraqib: ") {
		t.Errorf("diff a b: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "Paired") {
		t.Error("saved outputs cannot be paired; diff must not claim it")
	}
	code, out, _ = runCmd(t, "diff", "offensive-2024", "../../scenarios/whatif/saraqib-holds.yaml", "--runs", "300", "--by", "2024-11-30")
	if code != 0 || !strings.Contains(out, "Saraqib falls by 2024-11-30") || !strings.Contains(out, "common random numbers") {
		t.Errorf("paired diff: exit %d\n%s", code, out)
	}
}

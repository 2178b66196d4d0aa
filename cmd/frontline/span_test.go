package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// editJSON writes to name, in dir, the JSON file from changed by edit.
func editJSON(t *testing.T, from, name string, edit func(m map[string]any)) string {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	if data, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(filepath.Dir(from), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A simulation file whose dates lie outside its scenario's span is
// refused by every reader, view, export, diff and merge, with the field
// named: its days would be drawn against the wrong events.
func TestOutsideScenarioSpan(t *testing.T) {
	dir := t.TempDir()
	result, shard := filepath.Join(dir, "r.json"), filepath.Join(dir, "s.json")
	for _, args := range [][]string{
		{"simulate", "--runs", "2", "--until", "2024-12-08", "--format", "json", "--out", result},
		{"simulate", "--runs", "2", "--until", "2024-12-08", "--shard", "1/1", "--out", shard},
	} {
		if code, _, errs := runCmd(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	early := editJSON(t, result, "early.json", func(m map[string]any) { m["start"] = "2024-11-20" })
	late := editJSON(t, result, "late.json", func(m map[string]any) { m["last_documented"] = "2024-12-06" })
	shardLate := editJSON(t, shard, "shard-late.json", func(m map[string]any) { m["meta"].(map[string]any)["last_documented"] = "2024-12-06" })
	out := filepath.Join(dir, "out")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"export", early, "--geojson", out + ".geojson"}, "early.json: start: 2024-11-20 is outside scenario \"offensive-2024\" (2024-11-26 to 2024-12-04)"},
		{[]string{"export", late, "--charts", out}, "late.json: last_documented: 2024-12-06 is after the end of scenario"},
		{[]string{"view", early, "--screenshot", out + ".png", "--size", "320x240"}, "early.json: start:"},
		{[]string{"diff", result, late}, "late.json: last_documented:"},
		{[]string{"diff", early, result}, "early.json: start:"},
		{[]string{"merge", shardLate}, "shard-late.json: last_documented:"},
	} {
		code, _, stderr := runCmd(t, tt.args...)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q; want exit 1 and %q", tt.args[:2], code, stderr, tt.want)
		}
		if _, err := os.Stat(out + ".geojson"); err == nil {
			t.Errorf("%v wrote its output", tt.args[:2])
		}
	}
	// The files as written are read.
	if code, _, stderr := runCmd(t, "diff", result, result); code != 0 {
		t.Errorf("diff of the file as written: exit %d: %s", code, stderr)
	}
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestHandOverAtEpoch: 1970-01-01 is a day like any other, never "unset".
// A what-if whose own intervention starts on 1970-01-02 hands over on
// 1970-01-01, so that it acts, and --forced-until 1970-01-01 is obeyed.
func TestHandOverAtEpoch(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	base := write("base.yaml", `id: epoch
title: A scenario on day 0
start: 1970-01-01
end: 1970-01-10
factions:
  - {id: regime, name: Regime, colour: "#D55E00", pattern: solid}
  - {id: hts, name: HTS, colour: "#009E73", pattern: hatch}
initial:
  default: regime
  regions: {Idlib: hts}
events:
  - id: saraqib-contested
    date: 1970-01-01
    target: saraqib
    kind: contested
    faction: hts
    certainty: hypothetical
`)
	whatIf := write("whatif.yaml", `extends: base.yaml
id: epoch-passive
title: What if HTS stops on day 1
interventions:
  - kind: passive
    faction: hts
    from: 1970-01-02
`)
	for _, tt := range []struct {
		name   string
		args   []string
		mode   string
		forced string
	}{
		{"own intervention on 1970-01-02", []string{whatIf}, "forced", "1970-01-01"},
		{"--forced-until 1970-01-01", []string{base, "--forced-until", "1970-01-01"}, "forced", "1970-01-01"},
		{"the default", []string{base}, "forced", "1970-01-05"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"simulate", "--runs", "5", "--until", "1970-01-05", "--format", "json"}, tt.args...)
			code, out, errs := runCmd(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var j struct {
				Mode        string  `json:"mode"`
				ForcedUntil *string `json:"forced_until"`
			}
			if err := json.Unmarshal([]byte(out), &j); err != nil {
				t.Fatal(err)
			}
			if j.Mode != tt.mode || j.ForcedUntil == nil || *j.ForcedUntil != tt.forced {
				got := "null"
				if j.ForcedUntil != nil {
					got = *j.ForcedUntil
				}
				t.Errorf("mode %s, forced_until %s; want %s, %s", j.Mode, got, tt.mode, tt.forced)
			}
		})
	}
}

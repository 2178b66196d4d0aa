package main

import (
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/scenarios"
)

// TestStartCompare: the page's compare= links open the right sides, and a
// bad one says why and opens without compare mode.
func TestStartCompare(t *testing.T) {
	for _, tc := range []struct {
		search, left, right, problem string
	}{
		{"?scenario=no-russian-air-support&compare=1", scenarios.DefaultID, "no-russian-air-support", ""},
		{"?compare=saraqib-holds&day=2024-11-30", scenarios.DefaultID, "saraqib-holds", ""},
		{"?scenario=saraqib-holds&compare=hama-line-early", "saraqib-holds", "hama-line-early", ""},
		{"?scenario=no-russian-air-support", "no-russian-air-support", "", ""},
		{"?compare=nowhere", scenarios.DefaultID, "", "compare=nowhere: "},
		{"?compare=1", scenarios.DefaultID, "", "compare=1: compares scenario= with the history"},
	} {
		o, tl, problem, err := start(tc.search)
		if err != nil {
			t.Fatalf("%s: %v", tc.search, err)
		}
		right := ""
		if o.Compare != nil {
			right = o.Compare.Scenario.ID
		}
		if tl.Scenario.ID != tc.left || right != tc.right {
			t.Errorf("%s: opens %q against %q, want %q against %q", tc.search, tl.Scenario.ID, right, tc.left, tc.right)
		}
		if (tc.problem == "") != (problem == "") || !strings.Contains(problem, tc.problem) {
			t.Errorf("%s: problem %q, want %q", tc.search, problem, tc.problem)
		}
		if o.Compare == nil && o.CompareLink != "" {
			t.Errorf("%s: writes compare=%s without compare mode", tc.search, o.CompareLink)
		}
	}
}

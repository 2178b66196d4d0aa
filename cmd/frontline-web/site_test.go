package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/render/link"
	"github.com/frontline-sim/frontline/scenarios"
)

// TestStartCompare: the page's compare= links open the right sides, by
// their ensembles when a side has interventions (every bundled what-if),
// with the days those run to; and a bad one says why and opens without
// compare mode.
func TestStartCompare(t *testing.T) {
	for _, tc := range []struct {
		search, left, right, problem string
		ensembles                    bool
	}{
		{"?scenario=no-russian-air-support&compare=1", scenarios.DefaultID, "no-russian-air-support", "", true},
		{"?scenario=no-russian-air-support&compare=1&day=2024-12-12", scenarios.DefaultID, "no-russian-air-support", "", true},
		{"?scenario=no-russian-air-support&compare=1&day=2024-12-13", scenarios.DefaultID, "no-russian-air-support", "day=2024-12-13 is outside", true},
		{"?compare=saraqib-holds&day=2024-11-30", scenarios.DefaultID, "saraqib-holds", "", true},
		{"?scenario=saraqib-holds&compare=hama-line-early", "saraqib-holds", "hama-line-early", "", true},
		{"?scenario=no-russian-air-support", "no-russian-air-support", "", "", false},
		{"?compare=nowhere", scenarios.DefaultID, "", "compare=nowhere: ", false},
		{"?compare=1", scenarios.DefaultID, "", "compare=1: compares scenario= with the history", false},
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
		if (o.CompareSimulate != nil) != tc.ensembles || (tc.ensembles && o.SimRuns != link.DefaultRuns) {
			t.Errorf("%s: compares by ensembles %v of %d runs, want %v", tc.search, o.CompareSimulate != nil, o.SimRuns, tc.ensembles)
		}
		if o.Compare == nil && o.CompareLink != "" {
			t.Errorf("%s: writes compare=%s without compare mode", tc.search, o.CompareLink)
		}
	}
}

// TestCatalogueJSON: the page's scenario menu lists every bundled
// scenario once, in the catalogue's order, with its whole title (the page
// cuts a long one with … and shows it whole on hover).
func TestCatalogueJSON(t *testing.T) {
	var got []struct{ ID, Title string }
	if err := json.Unmarshal([]byte(catalogueJSON()), &got); err != nil {
		t.Fatalf("catalogueJSON is not JSON: %v", err)
	}
	want := scenarios.Catalogue()
	if len(got) != len(want) {
		t.Fatalf("the menu lists %d scenarios, the catalogue has %d", len(got), len(want))
	}
	for i, b := range want {
		if got[i].ID != b.ID || got[i].Title != b.Title {
			t.Errorf("menu entry %d = {%q, %q}, want {%q, %q}", i, got[i].ID, got[i].Title, b.ID, b.Title)
		}
	}
}

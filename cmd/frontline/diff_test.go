package main

import (
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/sim/ensemble"
)

// TestDiffGolden: diff names each place once a day, by its name, with
// every holder's change on its line (testdata/diff.txt; -update rewrites
// it).
func TestDiffGolden(t *testing.T) {
	code, out, errs := runCmd(t, "diff", "offensive-2024", "../../scenarios/whatif/no-russian-air-support.yaml",
		"--runs", "10", "--until", "2024-12-02", "--forced-until", "none")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "diff.txt", out)
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "20") { // a new day
			continue
		}
		if strings.Contains(line, "(aleppo)") || strings.Contains(line, "(hama)") {
			t.Errorf("a place named by its id: %q", line)
		}
	}
	for _, day := range strings.Split(out, "\n20")[1:] {
		seen := map[string]bool{}
		for _, line := range strings.Split(day, "\n")[1:] {
			place, _, ok := strings.Cut(strings.TrimSpace(line), ": ")
			if !ok || strings.HasPrefix(line, "  Regime road") || !strings.HasPrefix(line, "  ") {
				continue
			}
			if seen[place] {
				t.Errorf("%s twice on one day", place)
			}
			seen[place] = true
		}
	}
}

// TestPlaceNames: a place is named alone unless another place shares its
// name; a place without a name keeps its id.
func TestPlaceNames(t *testing.T) {
	r := &ensemble.Result{Places: []ensemble.Place{
		{PlaceMeta: ensemble.PlaceMeta{ID: "hama", Name: "Hama"}},
		{PlaceMeta: ensemble.PlaceMeta{ID: "marat-1", Name: "Marat"}},
	}}
	r2 := &ensemble.Result{Places: []ensemble.Place{
		{PlaceMeta: ensemble.PlaceMeta{ID: "marat-2", Name: "Marat"}},
		{PlaceMeta: ensemble.PlaceMeta{ID: "x9", Name: ""}},
	}}
	name := placeNames([2]*ensemble.Result{r, r2})
	for _, c := range []struct{ id, name, want string }{
		{"hama", "Hama", "Hama"},
		{"marat-1", "Marat", "Marat (marat-1)"},
		{"marat-2", "Marat", "Marat (marat-2)"},
		{"x9", "", "x9"},
	} {
		if got := name(c.id, c.name); got != c.want {
			t.Errorf("%s: %q, want %q", c.id, got, c.want)
		}
	}
}

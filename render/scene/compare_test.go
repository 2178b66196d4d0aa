package scene

import (
	"math"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// twoResults are two saved simulations of one day over the built-in map:
// in B, Aleppo goes from likely HTS (70%) to unlikely (20%), Hama from
// the regime's 55% to 90%, and Homs barely moves.
func twoResults(tl *sim.Timeline) (a, b *ensemble.Result) {
	day := func(aleppo, hama, homs float64) []ensemble.Day {
		return []ensemble.Day{{Date: tl.Days[0].Date, Control: map[string]map[string]float64{
			"aleppo": {"hts": aleppo, "regime": 1 - aleppo},
			"hama":   {"regime": hama, "hts": 1 - hama},
			"homs":   {"regime": homs, "hts": 1 - homs},
		}}}
	}
	meta := ensemble.Meta{Title: "history", Runs: 400, Factions: []string{"regime", "hts"}}
	places := []ensemble.Place{{PlaceMeta: ensemble.PlaceMeta{ID: "aleppo"}}, {PlaceMeta: ensemble.PlaceMeta{ID: "hama"}}, {PlaceMeta: ensemble.PlaceMeta{ID: "homs"}}}
	a = &ensemble.Result{Meta: meta, Places: places, Days: day(0.7, 0.55, 0.8)}
	meta.Title = "what-if"
	b = &ensemble.Result{Meta: meta, Places: places, Days: day(0.2, 0.9, 0.81)}
	return a, b
}

// TestSimCompareUnpaired: two saved simulations compare by the odds of the
// history's most likely holder, with the interval of two independent
// ensembles; the moved places come most moved first, and the panel's line
// names the holder and both odds.
func TestSimCompareUnpaired(t *testing.T) {
	tl := builtinTimeline(t)
	a, b := twoResults(tl)
	c, err := NewSimCompare(tl.Graph.Atlas, a, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx := func(id string) int {
		i, ok := tl.Graph.Atlas.Index(id)
		if !ok {
			t.Fatalf("no %s", id)
		}
		return i
	}
	aleppo, hama, homs := idx("aleppo"), idx("hama"), idx("homs")
	if got := c.Moves(0); len(got) != 2 || got[0] != aleppo || got[1] != hama {
		t.Fatalf("moves %v, want Aleppo (−50 points) then Hama (+35), not Homs (+1)", got)
	}
	ch := c.Days[0][aleppo]
	// Two independent ensembles of 400: √(.7·.3/400 + .2·.8/400)·1.96.
	if want := 1.96 * math.Sqrt((0.7*0.3+0.2*0.8)/400); ch.Holder != "hts" || math.Abs(ch.Held.Diff+0.5) > 1e-12 || math.Abs(ch.Held.HalfWidth-want) > 1e-12 {
		t.Errorf("Aleppo: %+v, want HTS's odds −0.5 ± %.4f", ch, want)
	}
	if c.Days[0][homs].Moved() {
		t.Error("a change of 1 point is shown as moved")
	}
	bl := NewBuilder(tl)
	bl.Compare = c
	line := bl.ChangeLine(0, hama)
	if !strings.HasPrefix(line, "Hama held by REGIME on ") || !strings.HasSuffix(line, ": 55% → 90% (±6%)") {
		t.Errorf("panel line %q", line)
	}
	b.Days = append(b.Days, b.Days[0])
	if _, err := NewSimCompare(tl.Graph.Atlas, a, b, nil); err == nil || !strings.Contains(err.Error(), "same --until") {
		t.Errorf("two simulations of other days: %v, want an error that says how to fix it", err)
	}
}

// TestDiffColour: the difference layer's palette diverges, crimson for a
// fall in the odds and blue for a rise, paler the smaller the change, and
// its rings grow with the change up to FullChange.
func TestDiffColour(t *testing.T) {
	if DiffColour(-FullChange) != DiffLoseColour || DiffColour(FullChange) != DiffKeepColour || DiffColour(-2) != DiffLoseColour {
		t.Errorf("the ends: %v %v %v", DiffColour(-FullChange), DiffColour(FullChange), DiffColour(-2))
	}
	lo, hi := DiffColour(-0.1), DiffColour(-0.4)
	if int(lo.R)+int(lo.G)+int(lo.B) <= int(hi.R)+int(hi.G)+int(hi.B) {
		t.Errorf("a change of 10 points (%v) is not paler than one of 40 (%v)", lo, hi)
	}
	if c := DiffColour(0.2); c.B <= c.R {
		t.Errorf("a rise is not blue: %v", c)
	}
	if c := DiffColour(-0.2); c.R <= c.B {
		t.Errorf("a fall is not red: %v", c)
	}
	if !(DiffRadius(0.05, 1) < DiffRadius(0.3, 1) && DiffRadius(0.5, 1) == DiffRadius(0.9, 1) && DiffRadius(-0.3, 1) == DiffRadius(0.3, 1)) {
		t.Error("the ring's size does not read as the size of the change")
	}
}

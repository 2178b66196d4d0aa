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

// twoCompared is the compare of twoResults, unpaired.
func twoCompared(t *testing.T) (tl *sim.Timeline, a, b *ensemble.Result, c *SimCompare) {
	t.Helper()
	tl = builtinTimeline(t)
	a, b = twoResults(tl)
	c, err := NewSimCompare(tl.Graph.Atlas, a, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tl, a, b, c
}

// TestSimCompareUnpaired: two saved simulations compare by the odds of the
// history's most likely holder, with the interval of two independent
// ensembles; the moved places come most moved first, and the panel's line
// names the holder and both odds.
func TestSimCompareUnpaired(t *testing.T) {
	tl, a, b, c := twoCompared(t)
	aleppo, hama, homs := mustIndex(t, tl, "aleppo"), mustIndex(t, tl, "hama"), mustIndex(t, tl, "homs")
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

// TestPairedMessagesNameWhatIsInView: the note names the most moved
// places in its view, not those off it or under the chrome, and offers
// shorter messages, naming fewer, down to none; "and N more" counts every
// moved place.
func TestPairedMessagesNameWhatIsInView(t *testing.T) {
	tl, _, _, c := twoCompared(t)
	bl := NewBuilder(tl)
	bl.Compare = c
	m := Rect{W: 640, H: 720}
	v := StartView(tl.Graph.Atlas, m, 1, "hama", 6)
	msgs := bl.PairedMessages(0, 400, v, nil)
	if len(msgs) != 2 || !strings.Contains(msgs[0], "Hama held by REGIME: 55% → 90%") || strings.Contains(msgs[0], "Aleppo") || !strings.Contains(msgs[0], "and 1 more") {
		t.Errorf("on Hama: %q, want Hama named, Aleppo (off the view) counted", msgs)
	}
	if want := "The what-if moves the odds of 2 places, ringed (400 paired runs, 95% intervals; both modelled from the start)."; msgs[len(msgs)-1] != want {
		t.Errorf("the shortest: %q, want %q", msgs[len(msgs)-1], want)
	}
	// Sides that hand over from the documents on different days say so.
	d := sim.MustDate("2024-12-04")
	c.HandA = &d
	if got := bl.PairedMessages(0, 400, v, nil); !strings.Contains(got[len(got)-1], "intervals; left follows the documents to 4 Dec, right not at all).") {
		t.Errorf("different hand-overs: %q", got[len(got)-1])
	}
	c.HandB = &d
	if got := bl.PairedMessages(0, 400, v, nil); !strings.Contains(got[len(got)-1], "intervals; both follow the documents to 4 Dec).") {
		t.Errorf("one hand-over: %q", got[len(got)-1])
	}
	hx, hy := v.ToScreen(tl.Graph.Atlas.Places()[mustIndex(t, tl, "hama")].Point)
	if got := bl.PairedMessages(0, 400, v, []Rect{{hx - 5, hy - 5, 10, 10}}); len(got) != 1 {
		t.Errorf("Hama under the chrome: %q, want no place named", got)
	}
}

// mustIndex is the index in tl's atlas of the place id.
func mustIndex(t *testing.T, tl *sim.Timeline, id string) int {
	t.Helper()
	i, ok := tl.Graph.Atlas.Index(id)
	if !ok {
		t.Fatalf("no %s", id)
	}
	return i
}

package render

import (
	"image"
	"image/color"
	"math"
	"path/filepath"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// pairedCompare runs compare mode's ensembles of the history and the
// bundled what-if name, as `frontline view --compare` does, with few runs
// to 8 December.
func pairedCompare(t *testing.T, name string) *scene.Compared {
	t.Helper()
	a := builtinTimeline(t)
	b, err := scenarios.Replay(filepath.Join("..", "scenarios", "whatif", name+".yaml"), geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	run, err := CompareEnsembles(a, b, ensemble.Options{Runs: 80, Seed: 1, Until: sim.MustDate("2024-12-08")}, 0)
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := run(nil)
	if err != nil {
		t.Fatal(err)
	}
	return cmp
}

// TestComparePairedHalvesDiffer: compare mode by ensembles of
// no-russian-air-support against history on 8 December draws two maps
// that differ where the what-if moves the odds (a ring in the diverging
// palette's colour on the what-if's half) and agree at the places it does
// not move (Change.Moved), clear of the rings of those it does.
func TestComparePairedHalvesDiffer(t *testing.T) {
	skipUnderRace(t)
	cmp := pairedCompare(t, "no-russian-air-support")
	day := sim.MustDate("2024-12-08")
	// Framed on Hama, wider than the compare's own framing: the Hama–Homs
	// front and the coast, whose odds the what-if moves, and places north
	// and east of them whose odds it leaves alone.
	o := Options{Day: day, Compare: cmp.B, Paired: cmp, Sim: cmp.SimA, Focus: "hama", Zoom: 1.8}
	const w, h = 1600, 900
	shot := renderOrSkip(t, cmp.A, o, w, h)
	g := NewGame(cmp.A, o)
	g.relayout(w, h)
	m, shift := g.lay.Map, g.compareShift()
	d := cmp.A.Index(day)
	moves := cmp.Diff.Moves(d)
	if len(moves) == 0 {
		t.Fatal("the what-if moves no place's odds on 8 December")
	}
	places := cmp.A.Graph.Atlas.Places()
	// Both halves show the middle half of one view: a place at x on the
	// full map is at x−shift on the left and x+shift on the right.
	// It is visible on both when clear of the edges and the chrome.
	chrome := append(g.chromeAvoid(), g.compareAvoid()...)
	visible := func(i int) (x, y float64, ok bool) {
		x, y = g.view.ToScreen(places[i].Point)
		if x-shift < m.X+40 || x+shift > m.X+m.W-40 || y < m.Y+40 || y > m.Y+m.H-40 {
			return x, y, false
		}
		for _, r := range chrome {
			if r.Inset(-40).Contains(x-shift, y) || r.Inset(-40).Contains(x+shift, y) {
				return x, y, false
			}
		}
		return x, y, true
	}
	ringed := 0
	for _, i := range moves {
		x, y, ok := visible(i)
		if !ok {
			continue
		}
		ch := cmp.Diff.Days[d][i].Held
		r := math.Round(scene.DiffRadius(ch.Diff, 1))
		// The ring's colour, on the what-if's half, somewhere on its
		// circle (another ring or a label may lie over part of it).
		want := scene.DiffColour(ch.Diff)
		found := false
		for a := 0.0; a < 2*math.Pi && !found; a += math.Pi / 16 {
			px, py := int(x+shift+r*math.Cos(a)), int(y+r*math.Sin(a))
			found = nearAny(shot, px, py, 1, want, 40)
		}
		if found {
			ringed++
		} else {
			t.Errorf("%s (odds %+.0f points): no ring of %v on the what-if's half", places[i].Name, 100*ch.Diff, want)
		}
	}
	if ringed == 0 {
		t.Fatal("no moved place is in view")
	}
	// Where the what-if does not move the odds (no ring: Change.Moved is
	// false, the change under MinChange or within its paired interval;
	// with posterior parameter draws most places move by a few points,
	// so a fixed threshold of change finds none), and both sides' most
	// likely holder is the same, clear of every ring, the two halves
	// agree at the place's symbol.
	clear := func(x, y float64) bool {
		for _, i := range moves {
			px, py := g.view.ToScreen(places[i].Point)
			if math.Hypot(px-x, py-y) < scene.DiffRadius(cmp.Diff.Days[d][i].Held.Diff, 1)+12 {
				return false
			}
		}
		return true
	}
	ib := cmp.B.Index(day)
	agreed := 0
	for i := range places {
		x, y, ok := visible(i)
		ch := cmp.Diff.Days[d][i]
		if !ok || !clear(x, y) || ch.Moved() || cmp.A.Days[d].Place(i).Controller != cmp.B.Days[ib].Place(i).Controller {
			continue
		}
		if likelihood.Index(ch.Held.PA) != likelihood.Index(ch.Held.PB) {
			continue // a change within its interval can still cross a band's edge, and the shade with it
		}
		l, r := shot.RGBAAt(int(x-shift), int(y)), shot.RGBAAt(int(x+shift), int(y))
		if !near(l, r, 16) {
			t.Errorf("%s, whose odds move by %+.1f points (±%.1f): %v on the left, %v on the right", places[i].Name, 100*ch.Held.Diff, 100*ch.Held.HalfWidth, l, r)
		}
		agreed++
	}
	if agreed < 5 {
		t.Errorf("only %d unmoved places in view on both halves", agreed)
	}
	t.Logf("%d moved places ringed, %d unmoved agree", ringed, agreed)
}

// nearAny reports whether a pixel within rad of (x, y) is within tol of c.
func nearAny(img *image.RGBA, x, y, rad int, c color.RGBA, tol int) bool {
	for dy := -rad; dy <= rad; dy++ {
		for dx := -rad; dx <= rad; dx++ {
			if near(img.RGBAAt(x+dx, y+dy), c, tol) {
				return true
			}
		}
	}
	return false
}

package render

import (
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/sim"
)

// settle runs what the game loop would after a background ensemble ends.
func settle(g *Game) {
	g.startAsked()
	g.simWait.Wait()
	g.takeOpen()
}

// TestEnsembleKey: E (or the web page's button) runs the ensemble of the
// scenario shown and shows it, with runs= and seed= in the link, and E
// again goes back to the replay; a result for a scenario no longer shown
// is dropped.
func TestEnsembleKey(t *testing.T) {
	tl := builtinTimeline(t)
	g := NewGame(tl, Options{Scenario: "offensive-2024"})
	g.Simulate(20, 3)
	settle(g)
	if g.builder.Sim == nil || g.builder.Sim.Runs != 20 {
		t.Fatalf("after Simulate(20, 3) the viewer shows no 20-run simulation")
	}
	if done, total := g.simDone.Load(), g.mapDone.Load(); done != 20 || total == 0 || total != g.mapTotal.Load() {
		t.Errorf("progress: %d runs done, %d of %d mapping steps; want 20, and all", done, total, g.mapTotal.Load())
	}
	last := g.TL.Days[len(g.TL.Days)-1].Date
	if want := EnsembleOptions(tl.Scenario, 20, 3).Until; last != want {
		t.Errorf("the simulation ends on %s, want %s", last, want)
	}
	if q := g.Link().Query(); !strings.HasPrefix(q, "scenario=offensive-2024&runs=20&seed=3") {
		t.Errorf("the link is %q, want scenario=offensive-2024&runs=20&seed=3…", q)
	}
	g.target = float64(len(g.TL.Days) - 1) // a projected day
	g.ToggleEnsemble()
	settle(g)
	if g.builder.Sim != nil || g.TL != tl {
		t.Fatal("E on a simulation does not go back to the replay")
	}
	if g.target != float64(len(tl.Days)-1) {
		t.Errorf("back from a projected day on day %v, want the replay's last (%d)", g.target, len(tl.Days)-1)
	}
	if q := g.Link().Query(); strings.Contains(q, "runs=") {
		t.Errorf("the replay's link %q still has runs=", q)
	}

	// Another scenario opened while the ensemble runs: its result is dropped.
	other := &sim.Timeline{Scenario: tl.Scenario, Graph: tl.Graph, Territory: tl.Territory, Days: tl.Days[:3], RouteLost: tl.RouteLost}
	g.Simulate(20, 3)
	g.startAsked()
	g.Open(other, "")
	g.takeOpen()
	g.simWait.Wait()
	g.takeOpen()
	if g.builder.Sim != nil || g.TL != other {
		t.Error("an ensemble of the scenario left behind replaced the one opened since")
	}
}

// TestEnsembleRefusals: compare mode and a saved simulation opened alone
// have no replay to simulate; E says so instead.
func TestEnsembleRefusals(t *testing.T) {
	tl := builtinTimeline(t)
	stl, sv := simTimeline(t, freeRun)
	for _, tc := range []struct {
		name string
		g    *Game
		want string
	}{
		{"compare", NewGame(tl, Options{Compare: tl}), "Compare mode"},
		{"saved simulation", NewGame(stl, Options{Sim: sv}), "opened from a file"},
	} {
		tc.g.ToggleEnsemble()
		settle(tc.g)
		if !strings.Contains(tc.g.problems, tc.want) {
			t.Errorf("%s: E says %q, want %q", tc.name, tc.g.problems, tc.want)
		}
	}
}

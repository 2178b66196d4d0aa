package sweep_test

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim/ensemble"
	"github.com/frontline-sim/frontline/sim/sweep"
)

// Common random numbers: every point runs with the sweep's seed and the
// same run numbers, each run drawing the parameters no factor sets as
// simulate does (the posterior draw of run k is the same at every
// point). So two points with the same values get the same counts, and
// each point's counts are those of one ensemble of its scenario, as
// `frontline simulate` of it would make them.
func TestCommonRandomNumbers(t *testing.T) {
	const src = `id: crn
scenario: offensive-2024
until: 2024-12-08
factors: [{id: tau, parameter: tau_hours, values: [1.2, 2.5, 1.2]}]
design: {method: grid, runs: 24, seed: 5}
outcomes:
  - {id: hama-held, kind: held, place: hama, faction: regime, on: 2024-12-08}
  - {id: hama-fall, kind: fall_day, place: hama}
  - {id: route-broken, kind: route_broken, route: regime-damascus-aleppo, on: 2024-12-06}
`
	sw, err := scenarios.LoadSweepFS(fstest.MapFS{}, "crn.yaml", []byte(src), geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	m := sw.Meta
	if len(m.Points) != 3 || m.ParamDraws != "posterior" {
		t.Fatalf("%d points, draws %q; want 3 and posterior", len(m.Points), m.ParamDraws)
	}
	c, err := sweep.Run(sw.Timeline, m, sweep.Options{Last: m.TotalRuns(), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Hits[0], c.Hits[2]) || !slices.Equal(c.Falls[0][1], c.Falls[2][1]) {
		t.Errorf("two points with the same values: hits %v and %v, falls %v and %v; want the same", c.Hits[0], c.Hits[2], c.Falls[0][1], c.Falls[2][1])
	}
	if slices.Equal(c.Falls[0][1], c.Falls[1][1]) && slices.Equal(c.Hits[0], c.Hits[1]) {
		t.Errorf("tau 1.2 and 2.5 give the same counts %v; the factor does not reach the model", c.Hits[0])
	}
	for p, x := range m.Points {
		s, err := sweep.Apply(sw.Timeline.Scenario, m.Factors, x)
		if err != nil {
			t.Fatal(err)
		}
		at := *sw.Timeline
		at.Scenario = s
		d := *m.ForcedUntil
		r, err := ensemble.New(&at, ensemble.Options{Runs: m.Design.Runs, Seed: m.Design.Seed, Until: m.Until, ForcedUntil: &d})
		if err != nil {
			t.Fatal(err)
		}
		tl := r.Tally(0, m.Design.Runs, 1, nil)
		hama := slices.IndexFunc(r.Meta.Places, func(pm ensemble.PlaceMeta) bool { return pm.ID == "hama" })
		falls := tl.Fall[hama*(tl.Days+1) : (hama+1)*(tl.Days+1)]
		if !slices.Equal(falls, c.Falls[p][1]) {
			t.Errorf("point %d: Hama's falls %v in the sweep, %v in its own ensemble", p, c.Falls[p][1], falls)
		}
	}
}

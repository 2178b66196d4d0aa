package render

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// simTimeline reads a saved simulation (frontline simulate --format json)
// and returns the viewer's timeline and Sim for it.
func simTimeline(t *testing.T, path string) (*sim.Timeline, *scene.Sim) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	base := builtinTimeline(t)
	s, err := ensemble.Read(f, path, base.Graph.Atlas)
	if err != nil {
		t.Fatal(err)
	}
	tl, sv, err := scene.SimView(base, s)
	if err != nil {
		t.Fatal(err)
	}
	return tl, sv
}

// The simulations of the goldens: testdata/sim/free-run.json is
// `frontline simulate --forced-until none --runs 200 --seed 7 --format
// json` (the model from the start, so documented days carry odds too);
// the export's test file is the same with the documents imposed to 4
// December and projected after.
var (
	freeRun = filepath.Join("testdata", "sim", "free-run.json")
	forced  = filepath.Join("export", "testdata", "simulate-offensive-2024.json")
)

// TestSimGoldens: probability shading on a documented day of a free run,
// projected hatching past the documents, and the fall-date fan on hover.
func TestSimGoldens(t *testing.T) {
	skipUnderRace(t)
	tests := []struct {
		name, file, day, focus string
		zoom                   float64
		hover                  string
	}{
		{"shading", freeRun, "2024-11-30", "aleppo", 2.5, ""},
		{"projected", forced, "2024-12-08", "hama", 2.2, ""},
		{"fan-hover", freeRun, "2024-12-02", "saraqib", 2.5, "saraqib"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl, sv := simTimeline(t, tt.file)
			o := Options{Sim: sv, Day: sim.MustDate(tt.day), Focus: tt.focus, Zoom: tt.zoom, Hover: tt.hover}
			golden(t, filepath.Join("testdata", "sim", tt.name+".png"), renderOrSkip(t, tl, o, 1280, 720))
		})
	}
}

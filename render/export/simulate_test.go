package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/paulmach/orb"
)

// testdata/simulate-offensive-2024.json is the output of
// `frontline simulate --format json --runs 200 --seed 7` (issue 8's
// contract, docs/simulate-json.md).
func readSim(t *testing.T) *Simulation {
	t.Helper()
	tl := builtin(t)
	f, err := os.Open("testdata/simulate-offensive-2024.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := ReadSimulation(f, "sim.json", tl)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSimGeoJSON(t *testing.T) {
	tl := builtin(t)
	s := readSim(t)
	fc := SimGeoJSON(tl, s)
	layers := byLayer(fc)
	if len(layers["probability"]) == 0 || len(layers["place"]) == 0 {
		t.Fatalf("layers: %d probability, %d place", len(layers["probability"]), len(layers["place"]))
	}
	words := map[string]bool{}
	for _, b := range likelihood.Bands {
		words[b.Words] = true
	}
	projected := false
	for _, f := range layers["probability"] {
		if _, ok := f.Geometry.(orb.MultiPolygon); !ok {
			t.Fatalf("probability geometry %T", f.Geometry)
		}
		w := f.Properties["words"].(string)
		p := f.Properties["probability"].(float64)
		lo, hi := f.Properties["p_low"].(float64), f.Properties["p_high"].(float64)
		if !words[w] || w == "almost no chance" || p < lo-1e-3 || p > hi+1e-3 || likelihood.Of(lo).Words != w {
			t.Errorf("feature %v: words %q, probability %v, band %v–%v", f.Properties["id"], w, p, lo, hi)
		}
		if f.Properties["projected"].(bool) {
			projected = true
		}
	}
	if !projected {
		t.Errorf("no polygon is marked projected, though the simulation runs past %s", s.LastDocumented)
	}
	// Aleppo fell on 30 November in every run: HTS "almost certainly"
	// holds it on 1 December.
	found := false
	for _, f := range layers["place"] {
		if f.Properties["id"] == "aleppo" && f.Properties["start_date"].(string) <= "2024-12-01" && f.Properties["end_date"].(string) > "2024-12-01" {
			found = true
			if f.Properties["most_likely"] != "hts" || f.Properties["words"] != "almost certainly" {
				t.Errorf("Aleppo on 1 December: %v", f.Properties)
			}
		}
	}
	if !found {
		t.Errorf("no Aleppo feature on 1 December")
	}
}

func TestSimCharts(t *testing.T) {
	tl := builtin(t)
	s := readSim(t)
	dir := t.TempDir()
	paths, err := WriteSimCharts(tl, s, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, p := range paths {
		names[filepath.Base(p)] = true
	}
	for _, want := range []string{"fall-dates.png", "fall-dates.svg", "control-aleppo.png", "control-hama.svg"} {
		if !names[want] {
			t.Errorf("no %s among %v", want, paths)
		}
	}
	if d := os.Getenv("CHART_DUMP"); d != "" {
		for _, p := range paths {
			data, _ := os.ReadFile(p)
			os.WriteFile(filepath.Join(d, filepath.Base(p)), data, 0o644)
		}
	}
}

func TestReadSimulationErrors(t *testing.T) {
	tl := builtin(t)
	for _, tt := range []struct{ in, want string }{
		{"{", "not JSON"},
		{`{"version": 2, "runs": 1}`, "version 2 is newer"},
		{`{"runs": 1, "days": [], "places": []}`, "no days or no places"},
		{`{"runs": 1, "places": [{"id": "atlantis"}], "days": [{"date": "2024-11-26", "control": {}}]}`, `place "atlantis" is not on the map`},
		{`{"runs": 1, "places": [{"id": "hama"}], "days": [{"date": "2024-11-26", "control": {"hama": {"hts": 1.5}}}]}`, "is not a probability"},
	} {
		_, err := ReadSimulation(strings.NewReader(tt.in), "s.json", tl)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.in, err, tt.want)
		}
	}
}

// TestSimOgrinfo reads the simulation's GeoJSON back with GDAL: its
// fields, and valid polygons.
func TestSimOgrinfo(t *testing.T) {
	ogr := needTool(t, "ogrinfo", "gdal-bin")
	tl := builtin(t)
	s := readSim(t)
	path := filepath.Join(t.TempDir(), "sim.geojson")
	if err := WriteSimGeoJSON(tl, s, path); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(ogr, "-ro", "-al", "-so", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	for _, field := range []string{"words: String", "probability: Real", "projected: Integer(Boolean)", "start_date: Date", "end_date: Date"} {
		if !strings.Contains(string(out), field) {
			t.Errorf("ogrinfo does not report %q:\n%s", field, out)
		}
	}
	out, err = exec.Command(ogr, "-ro", "-q", "-dialect", "SQLite", "-sql",
		"SELECT COUNT(*) AS bad FROM sim WHERE layer = 'probability' AND NOT ST_IsValid(geometry)", path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "bad (Integer) = 0") {
		t.Errorf("invalid probability polygons: %v %s", err, out)
	}
}

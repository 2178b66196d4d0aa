package export

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/cputime"
	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// testdata/simulate-offensive-2024.json is the output of
// `frontline simulate --format json --runs 200 --seed 7` (issue 8's
// contract, docs/simulate-json.md).
func readSim(t testing.TB) *ensemble.Result {
	t.Helper()
	tl := builtin(t)
	f, err := os.Open("testdata/simulate-offensive-2024.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := ensemble.Read(f, "sim.json", tl.Graph.Atlas)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// simExport is the test simulation's GeoJSON as WriteSimGeoJSON writes
// it, made once for the tests that read it (under -race a simulation's
// export takes seconds), and decoded afresh for each.
var simExport struct {
	sync.Once
	data []byte
	err  error
}

func simGeoJSON(t *testing.T) (*sim.Timeline, *ensemble.Result, *geojson.FeatureCollection, []byte) {
	t.Helper()
	tl := builtin(t)
	s := readSim(t)
	simExport.Do(func() {
		dir, err := os.MkdirTemp("", "simgeo")
		if err != nil {
			simExport.err = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "sim.geojson")
		if simExport.err = WriteSimGeoJSON(tl, s, path); simExport.err == nil {
			simExport.data, simExport.err = os.ReadFile(path)
		}
	})
	if simExport.err != nil {
		t.Fatal(simExport.err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(simExport.data)
	if err != nil {
		t.Fatal(err)
	}
	return tl, s, fc, simExport.data
}

func TestSimGeoJSON(t *testing.T) {
	_, s, fc, _ := simGeoJSON(t)
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

// TestSimOgrinfo reads the simulation's GeoJSON back with GDAL: its
// fields, and valid polygons.
func TestSimOgrinfo(t *testing.T) {
	ogr := needTool(t, "ogrinfo", "gdal-bin")
	_, _, _, data := simGeoJSON(t)
	path := filepath.Join(t.TempDir(), "sim.geojson")
	if err := os.WriteFile(path, data, 0o644); err != nil {
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

// TestSimGeoJSONFirstDay checks the probability layer against the replay:
// on the first day every run starts from the documented map, so each
// faction's "almost certainly" territory is the replay's territory, and
// every place lies in the polygon of its most likely faction and band,
// as in the replay's polygons.
func TestSimGeoJSONFirstDay(t *testing.T) {
	tl, s, fc, _ := simGeoJSON(t)
	first := s.Days[0].Date.String()
	on := func(f *geojson.Feature) bool {
		return f.Properties["start_date"].(string) <= first && f.Properties["end_date"].(string) > first
	}
	poly := map[string]orb.MultiPolygon{} // faction:words
	for _, f := range byLayer(fc)["probability"] {
		if !on(f) {
			continue
		}
		id := f.Properties["id"].(string)
		if _, dup := poly[id]; dup {
			t.Errorf("two %s features on %s", id, first)
		}
		poly[id] = f.Geometry.(orb.MultiPolygon)
		if f.Properties["words"] != "almost certainly" {
			continue
		}
		fac := f.Properties["faction"].(string)
		got, want := f.Properties["area_km2"].(float64), dayArea(tl.Day(s.Days[0].Date), fac)
		if math.Abs(got-want) > 0.01*want+1 {
			t.Errorf("%s almost certainly holds %.0f km² on %s; the replay gives it %.0f km²", fac, got, first, want)
		}
	}
	checked := 0
	for _, f := range byLayer(fc)["place"] {
		if !on(f) {
			continue
		}
		id := f.Properties["most_likely"].(string) + ":" + f.Properties["words"].(string)
		i, _ := tl.Graph.Atlas.Index(f.Properties["id"].(string))
		pl := tl.Graph.Atlas.Places()[i]
		// Bases are never sources of territory, and a town on the
		// border can lie just outside the raster's Syria: check the places
		// the replay's own polygons hold.
		replay := dayPolygons(tl.Day(s.Days[0].Date))[tl.Day(s.Days[0].Date).Place(i).Controller]
		if pl.Kind == geo.Base || !planar.MultiPolygonContains(replay, pl.Point) {
			continue
		}
		if !planar.MultiPolygonContains(poly[id], pl.Point) {
			t.Errorf("%s is not inside the %s polygon on %s", pl.ID, id, first)
		}
		checked++
	}
	if checked < 50 {
		t.Fatalf("only %d places checked", checked)
	}
}

// BenchmarkSimulationGeoJSONLong is `frontline export --geojson` of a
// simulation of about 10 MB, the readers' bound: 100 runs of the built-in
// scenario to 2029-01-01 (1,498 days, the point estimates), whose bands
// of likelihood change on some 500 runs of days across the factions;
// reading the file is BenchmarkReadHostile's (sim/ensemble). It reports
// the CPU time too (cpu-ns/op): the factions are traced on every core.
func BenchmarkSimulationGeoJSONLong(b *testing.B) {
	tl := builtin(b)
	r, err := ensemble.New(tl, ensemble.Options{Runs: 100, Seed: 1, Until: sim.MustDate("2029-01-01"), ParamDraws: sim.DrawFixed})
	if err != nil {
		b.Fatal(err)
	}
	// Indented, as frontline simulate --format json writes it.
	data, err := json.MarshalIndent(r.Result(0, nil), "", "  ")
	if err != nil {
		b.Fatal(err)
	}
	s, err := ensemble.Read(bytes.NewReader(data), "long.json", tl.Graph.Atlas)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cputime.Now()
	benchSimGeoJSON(b, tl, s)
	if d := cputime.Now() - cpu0; d > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
	b.ReportMetric(float64(len(data))/(1<<20), "file-MB")
}

// benchSimGeoJSON is the work of export --geojson of s, as WriteSimGeoJSON
// does it, without the file.
func benchSimGeoJSON(b *testing.B, tl *sim.Timeline, s *ensemble.Result) {
	for b.Loop() {
		fc := SimGeoJSON(tl, s)
		for _, f := range fc.Features {
			f.Geometry = roundGeom(f.Geometry)
		}
		if err := encodeFC(discard{}, fc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSimulationGeoJSON is `frontline export --geojson` of the test
// simulation (17 days, 5 factions): one territory spread per distinct day,
// dissolved per faction by band, and encoded.
func BenchmarkSimulationGeoJSON(b *testing.B) {
	benchSimGeoJSON(b, builtin(b), readSim(b))
}

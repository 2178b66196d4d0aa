package scenarios_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"go.yaml.in/yaml/v3"
)

// seeds adds the built-in scenario and every testdata file, good and bad,
// to the corpus of f. Crashers found by the fuzzer are kept under
// testdata/fuzz/FuzzX as regression seeds.
func seeds(f *testing.F) {
	for _, id := range scenarios.BuiltinIDs() {
		src, _ := scenarios.BuiltinSource(id)
		f.Add(src)
	}
	for _, pat := range []string{"testdata/*.yaml", "testdata/bad/*.yaml", "testdata/bad/include/*.yaml", "whatif/*.yaml"} {
		files, _ := filepath.Glob(pat)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

// FuzzParse: Parse never panics, and returns a file or Problems.
func FuzzParse(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := scenarios.Parse("fuzz.yaml", data)
		if (file == nil) == (err == nil) {
			t.Fatalf("Parse returned file %v and error %v; want exactly one", file != nil, err)
		}
		if err != nil {
			if _, ok := err.(scenarios.Problems); !ok {
				t.Fatalf("error is a %T, want Problems: %v", err, err)
			}
		}
	})
}

// fuzzFiles is what an extends: line may name while fuzzing: the good
// what-if files, read once.
func fuzzFiles(f *testing.F) map[string][]byte {
	files := map[string][]byte{}
	paths, _ := filepath.Glob("testdata/*.yaml")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		files[filepath.Base(p)] = data
	}
	return files
}

// FuzzValidate: Resolve and Build never panic; when they succeed, the
// scenario replays without error over exactly s.Days() days.
func FuzzValidate(f *testing.F) {
	seeds(f)
	a := geo.MustDefault()
	gr, terr := sim.NewGraph(a), sim.NewTerritory(a)
	files := fuzzFiles(f)
	read := func(path string) ([]byte, error) {
		if data, ok := files[path]; ok {
			return data, nil
		}
		return nil, os.ErrNotExist
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := scenarios.Resolve("fuzz.yaml", data, read)
		if err != nil {
			return
		}
		s, err := scenarios.Build(file, a)
		if err != nil {
			if _, ok := err.(scenarios.Problems); !ok {
				t.Fatalf("Build error is a %T, want Problems: %v", err, err)
			}
			return
		}
		g, tr := gr, terr
		if s.Atlas != a { // the file adds places or roads
			g, tr = sim.NewGraph(s.Atlas), sim.NewTerritory(s.Atlas)
		}
		tl, err := sim.Replay(s, g, tr)
		if err != nil {
			t.Fatalf("Build accepted a scenario that Replay rejects: %v", err)
		}
		if len(tl.Days) != s.Days() {
			t.Fatalf("replay has %d days, want %d", len(tl.Days), s.Days())
		}
	})
}

// FuzzEvent is FuzzValidate with the structure kept: it adds one event,
// and perhaps a new span, to the built-in scenario, so the fuzzer spends
// its time in Build and Replay rather than in the YAML parser.
func FuzzEvent(f *testing.F) {
	f.Add("", "", "2024-11-30", "aleppo", "", "", "captured", "sna", "hypothetical")
	f.Add("2024-11-20", "2024-12-10", "2024-11-20", "", "M5", "hama", "cut", "hts", "hypothetical")
	f.Add("", "2024-12-06", "2024-12-01", "", "M5", "saraqib", "reopened", "regime", "hypothetical")
	f.Add("", "", "2024-11-29", "new-aleppo", "", "", "withdrawn", "regime", "hypothetical")
	f.Add("", "", "2024-11-27", "tel-rifaat", "", "", "claimed", "sdf", "reported")
	f.Add("", "", "2024-11-28", "", "Aleppo–Azaz", "tel-rifaat", "contested", "sna", "hypothetical")
	a := geo.MustDefault()
	gr, terr := sim.NewGraph(a), sim.NewTerritory(a)
	f.Fuzz(func(t *testing.T, start, end, date, place, road, to, kind, faction, certainty string) {
		ev := map[string]any{"id": "fuzz-event", "date": date, "kind": kind, "faction": faction, "certainty": certainty}
		if road != "" {
			ev["target"] = map[string]string{"road": road, "from": "aleppo", "to": to}
		} else {
			ev["target"] = place
		}
		doc := map[string]any{"extends": scenarios.DefaultID, "id": "fuzz", "events": []any{ev}}
		if start != "" {
			doc["start"] = start
		}
		if end != "" {
			doc["end"] = end
		}
		data, err := yaml.Marshal(doc)
		if err != nil {
			t.Skip()
		}
		s, err := scenarios.LoadBytes("fuzz.yaml", data, nil, a)
		if err != nil {
			if _, ok := err.(scenarios.Problems); !ok {
				t.Fatalf("error is a %T, want Problems: %v", err, err)
			}
			return
		}
		tl, err := sim.Replay(s, gr, terr)
		if err != nil {
			t.Fatalf("Build accepted a scenario that Replay rejects: %v\n%s", err, data)
		}
		if len(tl.Days) != s.Days() {
			t.Fatalf("replay has %d days, want %d", len(tl.Days), s.Days())
		}
	})
}

// FuzzPlace adds one place and one road through it to the built-in
// scenario: Build never panics, refuses bad coordinates and unknown
// places, and what it accepts replays on the extended atlas.
func FuzzPlace(f *testing.F) {
	f.Add("tell-x", "Tell X", "36.0", "37.0", "village", "aleppo", "primary")
	f.Add("tell-x", "Tell X", "NaN", "37.0", "village", "aleppo", "primary")
	f.Add("aleppo", "Aleppo", "36.2", "37.1", "city", "idlib", "secondary")
	f.Add("tell-x", "Tell X", "36.0", "1e308", "town", "saraqibb", "track")
	f.Add("tell-x", "Tell X", "-Inf", "37.0", "fortress", "aleppo", "autobahn")
	a := geo.MustDefault()
	f.Fuzz(func(t *testing.T, id, name, lat, lon, kind, via, class string) {
		doc := map[string]any{"extends": scenarios.DefaultID, "id": "fuzz",
			"places": []any{map[string]string{"id": id, "name": name, "lat": lat, "lon": lon, "kind": kind, "source": "fuzz"}},
			"roads":  []any{map[string]any{"name": "fuzz road", "class": class, "places": []string{id, via}, "source": "fuzz"}},
		}
		data, err := yaml.Marshal(doc)
		if err != nil {
			t.Skip()
		}
		s, err := scenarios.LoadBytes("fuzz.yaml", data, nil, a)
		if err != nil {
			if _, ok := err.(scenarios.Problems); !ok {
				t.Fatalf("error is a %T, want Problems: %v", err, err)
			}
			return
		}
		p, ok := s.Atlas.Place(id)
		if !ok {
			t.Fatalf("accepted place %q is not in the extended atlas", id)
		}
		if !a.Basemap().Bound.Contains(p.Point) {
			t.Fatalf("accepted place %q at %v outside the map", id, p.Point)
		}
		if _, err := sim.Replay(s, sim.NewGraph(s.Atlas), sim.NewTerritory(s.Atlas)); err != nil {
			t.Fatalf("Build accepted a scenario that Replay rejects: %v", err)
		}
	})
}

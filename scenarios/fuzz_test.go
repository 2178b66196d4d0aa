package scenarios_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

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
// what-if files, read once, in an in-memory file system.
func fuzzFiles(f *testing.F) fstest.MapFS {
	files := fstest.MapFS{}
	paths, _ := filepath.Glob("testdata/*.yaml")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		files[filepath.Base(p)] = &fstest.MapFile{Data: data}
	}
	return files
}

// checkLoad asserts what every load must give: a scenario or Problems, at
// most MaxProblems of them and a count line, never a panic; and a
// scenario that replays over exactly its days.
func checkLoad(t *testing.T, s *sim.Scenario, err error, gr *sim.Graph, terr *sim.Territory) {
	t.Helper()
	if err != nil {
		ps, ok := err.(scenarios.Problems)
		if !ok {
			t.Fatalf("error is a %T, want Problems: %v", err, err)
		}
		if len(ps) == 0 || len(ps) > scenarios.MaxProblems+1 {
			t.Fatalf("%d problems; want 1 to %d", len(ps), scenarios.MaxProblems+1)
		}
		return
	}
	if s.Days() > 100 {
		// Valid, and replayed by the tests of long spans; replaying ten
		// years here would take the fuzzer's time from finding bugs.
		return
	}
	if s.Atlas != gr.Atlas { // the file adds places or roads
		gr, terr = sim.NewGraph(s.Atlas), sim.NewTerritory(s.Atlas)
	}
	tl, err := sim.Replay(s, gr, terr)
	if err != nil {
		t.Fatalf("Build accepted a scenario that Replay rejects: %v", err)
	}
	if len(tl.Days) != s.Days() {
		t.Fatalf("replay has %d days, want %d", len(tl.Days), s.Days())
	}
}

// FuzzValidate: loading never panics; when it succeeds, the scenario
// replays without error over exactly s.Days() days. The fuzzed file may
// extend the good what-if files by name.
func FuzzValidate(f *testing.F) {
	seeds(f)
	a := geo.MustDefault()
	gr, terr := sim.NewGraph(a), sim.NewTerritory(a)
	files := fuzzFiles(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenarios.LoadBytes("fuzz.yaml", data, files, a)
		checkLoad(t, s, err, gr, terr)
	})
}

// FuzzExtends loads a chain of two or three fuzzed files in memory:
// top.yaml may extend base.yaml (or mid.yaml, or itself, or a path out of
// the file system), which may extend the others or a built-in. Loading
// never panics, never reads outside the file system, and a scenario it
// accepts replays.
func FuzzExtends(f *testing.F) {
	f.Add([]byte("extends: mid.yaml\nid: top\ntitle: Top\n"),
		[]byte("extends: base.yaml\nid: mid\nremove_events: [saraqib-taken]\n"),
		[]byte("extends: offensive-2024\nid: base\nend: 2024-12-06\n"))
	f.Add([]byte("extends: base.yaml\nid: top\ncaptions: [{date: 2024-11-27, text: a}, {date: 2024-11-27, text: b}]\n"),
		[]byte("extends: top.yaml\n"), []byte("extends: ../secret.yaml\n"))
	f.Add([]byte("extends: sub/../base.yaml\nid: top\nfactions: [{id: hts, name: x}, {id: hts, pattern: dots}]\n"),
		[]byte("extends: /etc/passwd\n"), []byte("id: x\npassword: hunter2\n"))
	for _, name := range []string{"aleppo-holds.yaml", "aleppo-holds-m5-reopened.yaml", "sna-joins-early.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add([]byte("extends: base.yaml\nid: top\n"), []byte("extends: mid.yaml\n"), data)
	}
	a := geo.MustDefault()
	gr, terr := sim.NewGraph(a), sim.NewTerritory(a)
	f.Fuzz(func(t *testing.T, top, base, mid []byte) {
		fsys := fstest.MapFS{
			"top.yaml":     {Data: top},
			"base.yaml":    {Data: base},
			"sub/mid.yaml": {Data: mid},
			"mid.yaml":     {Data: mid},
			"secret.txt":   {Data: []byte("password: hunter2-secret\n")},
		}
		s, err := scenarios.LoadFS(fsys, "top.yaml", a)
		checkLoad(t, s, err, gr, terr)
		if err != nil && strings.Contains(err.Error(), "hunter2-secret") {
			t.Fatalf("an error quotes a file it was not asked to show: %v", err)
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
		checkLoad(t, s, err, gr, terr)
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

package main

import (
	"fmt"
	"github.com/frontline-sim/frontline/internal/race"
	"iter"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// corpus writes the hostile files of TestNoPanic into a folder: scenario
// files, simulation files (results and shards) and ACLED exports that are
// empty, binary, cut short, nested deep, too large, special files, or
// well formed with impossible values. It returns the folder and the
// files by kind.
func corpus(t *testing.T) (dir string, yamls, jsons, csvs []string) {
	t.Helper()
	dir = t.TempDir()
	put := func(list *[]string, name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		*list = append(*list, p)
	}
	rng := rand.New(rand.NewPCG(19, 19))
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(rng.UintN(256))
	}
	laughs := "a: &a [x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i < 12; i++ {
		laughs += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", 'a'+i, 'a'+i, 'a'+i-1, 'a'+i-1, 'a'+i-1, 'a'+i-1, 'a'+i-1, 'a'+i-1, 'a'+i-1, 'a'+i-1, 'a'+i-1)
	}
	head := "extends: offensive-2024\nid: hostile\ntitle: t\n"
	for name, body := range inOrder(map[string]string{
		"empty.yaml":       "",
		"nul.yaml":         "\x00\x00\x00",
		"garbage.yaml":     string(garbage),
		"utf16.yaml":       "\xff\xfei\x00d\x00:\x00 \x00x\x00\n\x00",
		"deep.yaml":        strings.Repeat("[", 100000),
		"deep-map.yaml":    strings.Repeat("a:\n ", 20000),
		"laughs.yaml":      laughs,
		"tabs.yaml":        "\t:\t:\n\t- ]",
		"list.yaml":        "- 1\n- 2\n",
		"longkey.yaml":     head + strings.Repeat("k", 1<<20) + ": 1\n",
		"self.yaml":        "extends: self.yaml\nid: x\n",
		"outside.yaml":     "extends: /etc/passwd\nid: x\n",
		"dotdot.yaml":      "extends: ../../../../etc/hostname.yaml\nid: x\n",
		"bad-dates.yaml":   head + "start: 0000-01-01\nend: 9999-12-31\n",
		"far-event.yaml":   head + "events:\n  - {id: e, date: 9999-12-31, target: hama, kind: captured, faction: hts, certainty: reported, source: {document: d}, quote: q}\n",
		"early-event.yaml": head + "events:\n  - {id: e, date: 1970-01-01, target: hama, kind: captured, faction: hts, certainty: reported, source: {document: d}, quote: q}\n",
		"params.yaml":      head + "parameters: {momentum: .nan, base: -.inf, tau_hours: 1e308, cutoff_hours: -1}\n",
		"interventions.yaml": head + "interventions:\n  - {date: 2024-11-28, kind: passive, faction: hts}\n  - {date: 2024-11-28, kind: attack, faction: hts}\n" +
			"  - {date: 0001-01-01, kind: nope, faction: nobody, factor: .nan}\n",
		"places.yaml": head + "places:\n  - {id: p, name: p, lat: 1e308, lon: .nan, kind: village, source: s}\n  - {id: p, name: p, lat: 91, lon: 0, kind: x, source: s}\n" +
			"roads:\n  - {name: r, class: motorway, places: [p, p, nowhere], source: s}\n",
		"factions.yaml": head + "factions:\n  - {id: x, name: x, colour: '#zzzzzz'}\n  - {id: x, name: x}\ninitial:\n  default: nobody\n  places: {hama: x, nowhere: y}\n",
		"story.yaml":    head + "story:\n  - {date: 2024-11-30, title: t, focus: nowhere, zoom: .nan, highlight: [nowhere]}\n",
		"watch.yaml":    head + "watch:\n  routes: [{name: r, from: nowhere, to: hama}]\n  highways: [nothing]\n",
		"zones.yaml":    head + "zones:\n  - {id: z, name: z, faction: hts, polygon: [[1e308, .nan]]}\n",
		"remove.yaml":   head + "remove_events: [" + strings.Repeat("x, ", 10000) + "x]\n",
	}) {
		put(&yamls, name, []byte(body))
	}
	model, places := hostileScenarios(t)
	yamls = append(yamls, model, places)
	os.Mkdir(filepath.Join(dir, "folder.yaml"), 0o755)
	yamls = append(yamls, filepath.Join(dir, "folder.yaml"), filepath.Join(dir, "missing.yaml"))
	if os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")) == nil {
		yamls = append(yamls, filepath.Join(dir, "zero.yaml"))
	}
	if syscall.Mkfifo(filepath.Join(dir, "fifo.yaml"), 0o600) == nil {
		yamls = append(yamls, filepath.Join(dir, "fifo.yaml"))
	}
	put(&yamls, "huge.yaml", append([]byte(head+"description: "), make([]byte, 11<<20)...))

	// Simulation files: a real result and a real shard, then each cut,
	// emptied or given impossible values.
	result, shard := filepath.Join(dir, "result.json"), filepath.Join(dir, "shard.json")
	for _, args := range [][]string{
		{"simulate", "--runs", "4", "--format", "json", "--out", result},
		{"simulate", "--runs", "4", "--shard", "1/1", "--out", shard},
	} {
		if code, _, errs := runCmd(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	jsons = append(jsons, result, shard)
	for name, body := range inOrder(map[string]string{
		"empty.json":   "",
		"null.json":    "null",
		"array.json":   "[]",
		"object.json":  "{}",
		"string.json":  `"x"`,
		"deep.json":    strings.Repeat("[", 100000),
		"garbage.json": string(garbage),
		"nul.json":     "\x00",
	}) {
		put(&jsons, name, []byte(body))
	}
	mutate := func(from, name string, edit func(m map[string]any)) {
		jsons = append(jsons, editJSON(t, from, name, edit))
	}
	obj := func(m map[string]any, key string) map[string]any { return m[key].(map[string]any) }
	list := func(m map[string]any, key string) []any { return m[key].([]any) }
	for name, edit := range inOrder(map[string]func(m map[string]any){
		"r-no-days.json":   func(m map[string]any) { m["days"] = []any{} },
		"r-no-places.json": func(m map[string]any) { m["places"] = []any{} },
		"r-far-date.json":  func(m map[string]any) { list(m, "days")[0].(map[string]any)["date"] = "9999-12-31" },
		"r-until.json":     func(m map[string]any) { m["until"] = "9999-12-31" },
		"r-fall.json":      func(m map[string]any) { list(m, "places")[0].(map[string]any)["fall_probability"] = 5 },
		"r-route.json":     func(m map[string]any) { list(m, "days")[0].(map[string]any)["p_no_regime_route"] = 7 },
		"r-version.json":   func(m map[string]any) { m["version"] = -5 },
		"r-runs.json":      func(m map[string]any) { m["runs"] = -1 },
		"r-scenario.json":  func(m map[string]any) { m["scenario"] = "/etc/passwd" },
		"r-parent.json":    func(m map[string]any) { m["scenario"] = "../../x.yaml" },
		"r-factions.json":  func(m map[string]any) { m["factions"] = []any{"x", "x"} },
		"r-control.json":   func(m map[string]any) { list(m, "days")[0].(map[string]any)["control"] = "x" },
		"r-title.json":     func(m map[string]any) { m["title"] = hostileText },
	}) {
		mutate(result, name, edit)
	}
	for name, edit := range inOrder(map[string]func(m map[string]any){
		"s-cut.json":       func(m map[string]any) { t := obj(m, "tally"); t["control"] = list(t, "control")[:10] },
		"s-count-neg.json": func(m map[string]any) { obj(m, "shard")["count"] = -1 },
		"s-count-big.json": func(m map[string]any) { obj(m, "shard")["count"] = 1e12 },
		"s-days-0.json":    func(m map[string]any) { obj(m, "tally")["days"] = 0 },
		"s-days-big.json":  func(m map[string]any) { obj(m, "tally")["days"] = 1000 },
		"s-no-fall.json":   func(m map[string]any) { obj(m, "tally")["fall"] = []any{} },
		"s-runs-0.json":    func(m map[string]any) { obj(m, "tally")["runs"] = 0; obj(m, "meta")["runs"] = 0 },
		"s-max.json":       func(m map[string]any) { list(obj(m, "tally"), "control")[0] = 9.2e18 },
		"s-index.json":     func(m map[string]any) { obj(m, "shard")["index"] = 2 },
		"s-kind.json":      func(m map[string]any) { m["kind"] = "x" },
	}) {
		mutate(shard, name, edit)
	}
	if data, err := os.ReadFile(result); err == nil {
		put(&jsons, "r-half.json", data[:len(data)/2])
	}

	columns := "event_id_cnty,event_date,sub_event_type,actor1,actor2,location,latitude,longitude,source,notes\n"
	row := ",Non-state actor overtakes territory,HTS:,x,Saraqeb,35.8625,36.8006,s,n\n"
	for name, body := range inOrder(map[string]string{
		"empty.csv":     "",
		"header.csv":    columns,
		"garbage.csv":   string(garbage),
		"unclosed.csv":  columns + "\"X1,2024-11-29" + row,
		"columns.csv":   "a,b\n1,2\n",
		"short.csv":     columns + "X1,2024-11-29\n",
		"dates.csv":     columns + "X1,0000-00-00" + row + "X2,9999-12-31" + row + "X3," + strings.Repeat("9", 1000) + row,
		"coords.csv":    columns + "X1,2024-11-29,Non-state actor overtakes territory,HTS:,x,Saraqeb,NaN,Inf,s,n\n",
		"long.csv":      columns + "X1,2024-11-29,Non-state actor overtakes territory,HTS:,x,Saraqeb,35.8625,36.8006,s," + strings.Repeat("n", 1<<20) + "\n",
		"bom.csv":       "\ufeff" + columns + "X1,2024-11-29" + row,
		"injection.csv": columns + "\"X1\nparameters: {momentum: 49}\n#\",2024-11-29,Non-state actor overtakes territory,HTS:,x,Nowhere,33,42,=cmd|' /C calc'!A0,\"\x1b]0;x\a\u202e\"\n",
	}) {
		put(&csvs, name, []byte(body))
	}
	// Special files as simulations and exports too, refused by the mode
	// of the file opened, not of its path before.
	for _, name := range []string{"fifo.json", "fifo.csv"} {
		if syscall.Mkfifo(filepath.Join(dir, name), 0o600) == nil {
			list := &jsons
			if strings.HasSuffix(name, ".csv") {
				list = &csvs
			}
			*list = append(*list, filepath.Join(dir, name))
		}
	}
	os.Mkdir(filepath.Join(dir, "folder.csv"), 0o755)
	csvs = append(csvs, filepath.Join(dir, "folder.csv"))
	return dir, yamls, jsons, csvs
}

// inOrder ranges over m in the order of its keys, so that the corpus
// and its cases come in the same order every time.
func inOrder[V any](m map[string]V) iter.Seq2[string, V] {
	return func(yield func(string, V) bool) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}

// TestNoPanic runs every subcommand over a corpus of hostile files and
// flags. None panics: a panic in the command's goroutine is recovered
// here and reported, and one in another goroutine, or a fatal error such
// as running out of memory, ends the test binary, which fails the test.
// Each exits 0, 1 or 2, and says why when it fails.
func TestNoPanic(t *testing.T) {
	if testing.Short() || race.Enabled {
		t.Skip("runs every command, 1,200 times, over a corpus of hostile files; make test runs it without -race")
	}
	dir, yamls, jsons, csvs := corpus(t)
	os.Mkdir(filepath.Join(dir, "out"), 0o755)
	out := func(name string) string { return filepath.Join(dir, "out", name) }
	var cases [][]string
	for _, f := range yamls {
		cases = append(cases,
			[]string{"validate", f},
			[]string{"replay", f, "--format", "csv"},
			[]string{"territory", f, "--format", "geojson"},
			[]string{"simulate", f, "--runs", "2", "--until", "2024-12-06"},
			[]string{"diff", f, "offensive-2024", "--runs", "2", "--until", "2024-12-06"},
			[]string{"export", f, "--geojson", out("x.geojson"), "--csv", out("x.csv")},
			[]string{"view", f, "--screenshot", out("x.png"), "--size", "320x240"},
			[]string{"import", "acled", filepath.Join(dir, "injection.csv"), "--extends", f},
		)
	}
	for _, f := range jsons {
		cases = append(cases,
			[]string{"merge", f},
			[]string{"merge", f, f, "--format", "csv"},
			[]string{"diff", f, jsons[0]},
			[]string{"diff", jsons[0], f, "--threshold", "0"},
			[]string{"export", f, "--geojson", out("s.geojson"), "--charts", out("charts")},
			[]string{"export", f, "--png", out("png"), "--day", "2024-11-30", "--size", "320x240"},
			[]string{"view", f, "--screenshot", out("s.png"), "--size", "320x240"},
		)
	}
	for _, f := range csvs {
		cases = append(cases,
			[]string{"import", "acled", f},
			[]string{"import", "acled", f, "--out", out("acled.yaml")},
		)
	}
	huge := strings.Repeat("9", 400)
	for _, flags := range [][]string{
		{"--runs", "-1"}, {"--runs", huge}, {"--runs", "1e99"}, {"--runs", "0"},
		{"--workers", "-5"}, {"--workers", huge}, {"--seed", "-1"},
		{"--until", "9999-12-31"}, {"--until", "0001-01-01"}, {"--until", "2024-02-30"}, {"--forced-until", "0000-01-01"}, {"--forced-until", "none"},
		{"--shard", "0/0"}, {"--shard", "2/1"}, {"--shard", "-1/-1"}, {"--shard", "1/" + huge},
		{"--format", "\x1b[2J"}, {"--out", "/dev/null"}, {"--out", dir}, {"--out", ""},
		{"--threshold", "NaN"}, {"--threshold", "-1"}, {"--by", "9999-12-31"},
		{"--day", "0000-01-01"}, {"--day", "9999-12-31..0001-01-01"}, {"--day", "2024-11-30..9999-12-31"},
		{"--size", "0x0"}, {"--size", "99999x99999"}, {"--zoom", "NaN"}, {"--zoom", "-Inf"}, {"--focus", ""}, {"--focus", "91,181"},
		{"--layers", ",,,"}, {"--step", "-1"}, {"--link", "?focus=%zz"}, {"--link", "?runs=" + huge}, {"--link", "?zoom=1e309&day=0000-00-00"},
		{"--extends", "/etc/passwd"}, {"--" + huge}, {"-"}, {"--"}, {"--=x"},
	} {
		for _, c := range commands {
			// Few runs, unless the flag sets them; the view draws a
			// screenshot and export a GeoJSON file, not a window.
			args := []string{c.name}
			if strings.Contains(c.args, "--runs") && c.name != "view" {
				args = append(args, "--runs", "2")
			}
			switch c.name {
			case "view":
				args = append(args, "--screenshot", out("f.png"), "--size", "320x240")
			case "export":
				args = append(args, "--geojson", out("f.geojson"))
			case "calibrate":
				// A fit takes seconds: only flags it refuses.
				if !strings.HasPrefix(flags[0], "--runs") && flags[0] != "--format" && flags[0] != "--seed" {
					continue
				}
			}
			cases = append(cases, append(args, flags...))
		}
	}
	// Extra arguments and none, for every command.
	for _, c := range commands {
		cases = append(cases, []string{c.name, "a", "b", "c"}, []string{c.name, "\x00"})
	}
	exits := map[int]int{}
	for _, args := range cases {
		start := time.Now()
		code, stdout, stderr, p := runRecover(args)
		exits[code]++
		if d := time.Since(start); d > 3*time.Second {
			t.Logf("%.120q: %v", args, d)
		}
		name := fmt.Sprintf("%.120q", args)
		switch {
		case p != "":
			t.Errorf("%s: %s", name, p)
		case strings.Contains(stdout+stderr, "panic:") || strings.Contains(stdout+stderr, "fatal error") || strings.Contains(stdout+stderr, "goroutine "):
			t.Errorf("%s: prints a crash: %.400s", name, stdout+stderr)
		case code != 0 && code != 1 && code != 2:
			t.Errorf("%s: exit %d", name, code)
		case code != 0 && strings.TrimSpace(stderr) == "":
			t.Errorf("%s: exit %d with nothing on stderr", name, code)
		case code == 1 && !namesInput(stdout+stderr, dir, args):
			t.Errorf("%s: the error names no file it read: %.400s", name, stderr)
		}
	}
	t.Logf("%d cases; exit codes %v", len(cases), exits)
}

// namesInput reports whether a failure's message names a corpus file
// that the command was given, if it was given any, unless the command
// failed for want of a display.
func namesInput(stderr, dir string, args []string) bool {
	given := false
	for _, a := range args {
		if filepath.Dir(a) == dir {
			given = true
			if strings.Contains(stderr, filepath.Base(a)) {
				return true
			}
		}
	}
	return !given || strings.Contains(stderr, "no display")
}

// runRecover runs one command line in this process, as runCmd does, and
// returns a panic of its goroutine, with its stack, instead of dying.
func runRecover(args []string) (code int, stdout, stderr, panicked string) {
	var out, errb strings.Builder
	defer func() {
		if r := recover(); r != nil {
			panicked = fmt.Sprintf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	code = run(args, &env{stdout: &out, stderr: &errb})
	return code, out.String(), errb.String(), ""
}

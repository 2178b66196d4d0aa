package scenarios_test

import (
	"fmt"
	"github.com/frontline-sim/frontline/internal/race"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

// Devices, pipes and folders are refused before any byte is read, as the
// file given and as an extended file: nothing blocks or reads forever.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	os.Mkdir(filepath.Join(dir, "folder.yaml"), 0o755)
	os.WriteFile(filepath.Join(dir, "via-fifo.yaml"), []byte("extends: fifo.yaml\nid: x\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "via-folder.yaml"), []byte("extends: folder.yaml\nid: x\n"), 0o644)
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml"))
	os.WriteFile(filepath.Join(dir, "via-zero.yaml"), []byte("extends: zero.yaml\nid: x\n"), 0o644)
	tests := []struct{ path, want string }{
		{fifo, fifo + ": cannot read " + fifo + ": it is a named pipe (FIFO), not a regular file; frontline opens only regular files"},
		{"/dev/zero", "/dev/zero: cannot read /dev/zero: it is a character device, not a regular file; frontline opens only regular files"},
		{"/dev/urandom", "/dev/urandom: cannot read /dev/urandom: it is a character device, not a regular file; frontline opens only regular files"},
		{filepath.Join(dir, "folder.yaml"), "it is a folder, not a regular file"},
		{filepath.Join(dir, "via-fifo.yaml"), "via-fifo.yaml:1:10: cannot read the extended file " + fifo + ": it is a named pipe (FIFO), not a regular file"},
		{filepath.Join(dir, "via-folder.yaml"), "via-folder.yaml:1:10: cannot read the extended file " + filepath.Join(dir, "folder.yaml") + ": it is a folder"},
		// The symlink leads out of the folder: refused before it is opened.
		{filepath.Join(dir, "via-zero.yaml"), "which is outside the folder of"},
	}
	for _, tt := range tests {
		err := load(t, tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Load(%s) = %v; want %q", tt.path, err, tt.want)
		}
	}
	// With the confinement lifted, the symlink to /dev/zero is followed,
	// and still refused: it is not a regular file.
	_, err := scenarios.Loader{AllowExtendsOutside: true}.Load(filepath.Join(dir, "via-zero.yaml"), geo.MustDefault())
	if err == nil || !strings.Contains(err.Error(), "it is a character device, not a regular file") {
		t.Errorf("Load(via-zero.yaml), outside allowed = %v", err)
	}
}

// --allow-extends-outside (Loader.AllowExtendsOutside) lifts the
// confinement; DefaultLoader reads it from the environment.
func TestAllowExtendsOutside(t *testing.T) {
	path := filepath.Join("testdata", "bad", "extends-outside-parent.yaml")
	if err := load(t, path); err == nil || !strings.Contains(err.Error(), "--allow-extends-outside") {
		t.Fatalf("confined Load = %v", err)
	}
	if _, err := (scenarios.Loader{AllowExtendsOutside: true}).Load(path, geo.MustDefault()); err != nil {
		t.Errorf("Load with AllowExtendsOutside: %v", err)
	}
	t.Setenv(scenarios.EnvAllowExtendsOutside, "1")
	if !scenarios.DefaultLoader().AllowExtendsOutside {
		t.Errorf("%s=1 does not lift the confinement", scenarios.EnvAllowExtendsOutside)
	}
	if _, err := scenarios.Load(path, geo.MustDefault()); err != nil {
		t.Errorf("Load with %s=1: %v", scenarios.EnvAllowExtendsOutside, err)
	}
}

// The bad files that extend secrets never print them.
func TestExtendedFilesNotQuoted(t *testing.T) {
	errs, _ := filepath.Glob(filepath.Join("testdata", "bad", "*.err"))
	for _, e := range errs {
		data, _ := os.ReadFile(e)
		for _, secret := range []string{"DO_NOT_PRINT", "SECRET", "password"} {
			if strings.Contains(string(data), secret) {
				t.Errorf("%s quotes %q from a file it was not given", e, secret)
			}
		}
	}
}

// A chain of MaxExtendsDepth files loads; one more is refused.
func TestExtendsDepth(t *testing.T) {
	chain := func(n int) fstest.MapFS {
		fsys := fstest.MapFS{}
		for i := 1; i < n; i++ { // files 1 … n-1; the last extends the built-in, file n
			ext := fmt.Sprintf("f%02d.yaml", i+1)
			if i == n-1 {
				ext = scenarios.DefaultID
			}
			fsys[fmt.Sprintf("f%02d.yaml", i)] = &fstest.MapFile{Data: []byte("extends: " + ext + "\nid: f\n")}
		}
		return fsys
	}
	a := geo.MustDefault()
	if _, err := scenarios.LoadFS(chain(scenarios.MaxExtendsDepth), "f01.yaml", a); err != nil {
		t.Errorf("%d files: %v", scenarios.MaxExtendsDepth, err)
	}
	_, err := scenarios.LoadFS(chain(scenarios.MaxExtendsDepth+1), "f01.yaml", a)
	want := "f16.yaml:1:10: f01.yaml extends files 17 deep, over the limit of 16; merge some of the files of the chain into one"
	if err == nil || err.Error() != want {
		t.Errorf("%d files: %v; want %s", scenarios.MaxExtendsDepth+1, err, want)
	}
}

// A UTF-8 byte-order mark is accepted.
func TestUTF8BOM(t *testing.T) {
	src := "\uFEFFextends: offensive-2024\nid: bom\n"
	if _, err := scenarios.LoadBytes("bom.yaml", []byte(src), nil, geo.MustDefault()); err != nil {
		t.Errorf("a file with a UTF-8 BOM: %v", err)
	}
}

// hostileFiles are files of up to 10 MB built to be costly: a huge
// unknown name, a huge remove_events entry, many short unknown names,
// many values, a long line, deep nesting, and shapes whose cost is in the
// replay: many factions, many places or many days of change over the
// longest span.
func hostileFiles() map[string][]byte {
	const mb = 1 << 20
	head := "extends: offensive-2024\nid: hostile\n"
	long := head + "end: 2034-11-26\n" // ten years, the longest span
	var events, places, removes strings.Builder
	for i := 0; i < 7000; i++ {
		fmt.Fprintf(&events, "  - {id: e%d, date: 2024-11-28, target: zz%dq, kind: captured, faction: hts, certainty: hypothetical}\n", i, i)
	}
	var clashes strings.Builder
	for i := 0; i < 6000; i++ {
		fmt.Fprintf(&clashes, "  - {id: c%d, date: 2024-11-28, target: hama, kind: captured, faction: %s, certainty: hypothetical}\n", i, []string{"hts", "sna"}[i%2])
	}
	for i := 0; i < 60000; i++ {
		fmt.Fprintf(&places, "zz%dq: hts, ", i)
	}
	for i := 0; i < 190000; i++ {
		fmt.Fprintf(&removes, "r%d,", i)
	}
	return map[string][]byte{
		"huge-place":       []byte(head + "events:\n  - {id: x, date: 2024-11-28, target: " + strings.Repeat("a", 9*mb) + ", kind: captured, faction: hts, certainty: hypothetical}\n"),
		"huge-remove":      []byte(head + "remove_events: [" + strings.Repeat("x", 9*mb) + "]\n"),
		"many-remove":      []byte(head + "remove_events: [" + strings.Repeat("abcdefgh,", 10*mb/9-10) + "x]\n"),
		"many-events":      []byte(head + "events:\n" + events.String()),
		"many-clashes":     []byte(head + "events:\n" + clashes.String()),
		"many-places":      []byte(head + "initial: {places: {" + places.String() + "}}\n"),
		"many-unknown-ids": []byte(head + "remove_events: [" + removes.String() + "x]\n"),
		"many-block-items": []byte(head + "remove_events:\n" + strings.Repeat("- a\n", 10*mb/4-20)),
		"long-line":        []byte(head + "title: " + strings.Repeat("long ", 9*mb/5) + "\n"),
		"deep-nesting":     []byte(head + "x: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"),
		// Refused: over MaxFactions.
		"many-factions": []byte(long + ownFactions(8000, false)),
		// MaxFactions factions (with the built-in's five), each holding a
		// place, for ten years.
		"factions-at-limit": []byte(long + ownFactions(scenarios.MaxFactions-5, true)),
		// 10,000 places of the file's own, for ten years: MaxValues allows
		// about 11,000 places so written.
		"many-own-places": []byte(long + ownPlaces(10000)),
		// Refused: a place changes hands every day for ten years.
		"many-control-days": []byte(long + "events:\n" + flips(3650)),
		// The most days of change allowed, over 10,000 places of its own.
		"control-days-at-limit": []byte(long + ownPlaces(10000) + "events:\n" + flips(scenarios.MaxControlDays)),
	}
}

// ownFactions declares n factions; with hold, each holds a place of its
// own (the first n of ownPlaces).
func ownFactions(n int, hold bool) string {
	var b strings.Builder
	b.WriteString("factions:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  - {id: f%d, name: F%d, colour: \"#123456\", pattern: solid}\n", i, i)
	}
	if hold {
		b.WriteString(ownPlaces(n) + "initial:\n  default: f0\n  places:\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "    p%d: f%d\n", i, i)
		}
	}
	return b.String()
}

// ownPlaces declares n places of the file's own on a grid over Syria.
func ownPlaces(n int) string {
	var b strings.Builder
	b.WriteString("places:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  - {id: p%d, name: P%d, lat: %.3f, lon: %.3f, source: s}\n", i, i, 32.5+float64(i%100)*0.04, 36+float64(i/100%100)*0.04)
	}
	return b.String()
}

// flips makes Tell Rifaat change hands on each of n days.
func flips(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  - {id: flip%d, date: %s, target: tell-rifaat, kind: captured, faction: %s, certainty: hypothetical}\n",
			i, sim.MustDate("2024-11-27")+sim.Date(i), []string{"hts", "regime"}[i%2])
	}
	return b.String()
}

// validate checks and replays a file as frontline validate does: without
// the territory, which only drawing needs.
func validate(name string, data []byte, a *geo.Atlas) error {
	s, err := scenarios.LoadBytes(name+".yaml", data, nil, a)
	if err != nil {
		return err
	}
	_, err = sim.NewTimeline(s, false)
	return err
}

// Validating any of the hostile files allocates under 200 MB in all
// (runtime.MemStats.TotalAlloc, so the peak is less) and gives at most
// MaxProblems problems and a count. The time is measured by
// BenchmarkHostile: see docs/performance.md.
func TestHostileBounded(t *testing.T) {
	if testing.Short() || race.Enabled {
		t.Skip("allocates 10 MB files; make test runs it without -race")
	}
	a := geo.MustDefault()
	refused := map[string]string{
		"many-factions":     "8005 factions are declared; the limit is 64",
		"many-control-days": "captures and withdrawals of places fall on 3650 days; the limit is 366",
	}
	for name, data := range hostileFiles() {
		if len(data) > scenarios.MaxFileSize {
			t.Fatalf("%s: %d bytes, over the size limit", name, len(data))
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err := validate(name, data, a)
		runtime.ReadMemStats(&after)
		if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 200 {
			t.Errorf("%s (%d bytes): allocated %d MB, over 200", name, len(data), mb)
		} else {
			t.Logf("%s: %d MB", name, mb)
		}
		if want, ok := refused[name]; ok && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("%s: %v; want %q", name, err, want)
		}
		if err != nil && (strings.Contains(name, "-at-limit") || strings.Contains(name, "own-places")) {
			t.Errorf("%s: %v", name, err)
		}
		if err == nil {
			continue // the long line is a valid, if long, title
		}
		ps, ok := err.(scenarios.Problems)
		if !ok {
			t.Errorf("%s: %v, not a file's problems", name, err)
			continue
		}
		if len(ps) > scenarios.MaxProblems+1 {
			t.Errorf("%s: %d problems", name, len(ps))
		}
		if n := len(err.Error()); n > 64<<10 {
			t.Errorf("%s: the error is %d bytes long; values must be quoted short", name, n)
		}
	}
}

var hostileNames = []string{"huge-place", "huge-remove", "many-remove", "many-events", "many-clashes", "many-places", "many-unknown-ids", "many-block-items", "long-line", "deep-nesting",
	"many-factions", "factions-at-limit", "many-own-places", "many-control-days", "control-days-at-limit"}

// BenchmarkHostile validates each hostile file as frontline validate does.
func BenchmarkHostile(b *testing.B) {
	a := geo.MustDefault()
	files := hostileFiles()
	for _, name := range hostileNames {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(files[name])))
			for b.Loop() {
				validate(name, files[name], a)
			}
		})
	}
}

// BenchmarkHostileDrawn replays the valid shapes whose cost is in the
// replay with their territory, as replay, view and the web page do.
func BenchmarkHostileDrawn(b *testing.B) {
	a := geo.MustDefault()
	files := hostileFiles()
	for _, name := range []string{"factions-at-limit", "many-own-places", "control-days-at-limit"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := scenarios.ReplayBytes(name+".yaml", files[name], a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The longest span allowed, ten years, loads and replays over all its
// days (the fuzzers leave such spans to this test: they are slow to
// replay).
func TestTenYears(t *testing.T) {
	if testing.Short() {
		t.Skip("replays ten years")
	}
	a := geo.MustDefault()
	s, err := scenarios.LoadBytes("long.yaml", []byte("extends: offensive-2024\nid: long\nend: 2034-11-26\n"), nil, a)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := sim.Replay(s, sim.NewGraph(a), sim.NewTerritory(a))
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Days) != s.Days() || s.Days() != 3653 {
		t.Errorf("%d days replayed, scenario has %d; want 3653", len(tl.Days), s.Days())
	}
}

// The bounds on what a replay costs: factions (MaxFactions) and days on
// which control changes (MaxControlDays), each refused at the first
// declaration or event over, naming the limit and the fix.
func TestReplayBounds(t *testing.T) {
	const head = "extends: offensive-2024\nid: bounds\nend: 2026-11-26\n"
	// Line of the n-th generated item, counting from 1 after the head and
	// a list key.
	line := func(n int) string { return fmt.Sprint(4 + n) }
	tests := []struct {
		name, src, want string
	}{
		{"factions at the limit", head + ownFactions(scenarios.MaxFactions-5, false), ""},
		{"one faction over", head + ownFactions(scenarios.MaxFactions-4, false),
			"bounds.yaml:" + line(scenarios.MaxFactions-4) + ":10: 65 factions are declared; the limit is 64: merge factions that fight as one, and pair allies under 'allies:'"},
		{"control days at the limit", head + "events:\n" + flips(scenarios.MaxControlDays), ""},
		{"one control day over", head + "events:\n" + flips(scenarios.MaxControlDays+1),
			"bounds.yaml:" + line(scenarios.MaxControlDays+1) + ":5: captures and withdrawals of places fall on 367 days; the limit is 366, since the map redraws its territory on each: split the scenario by date into several files, the first ending by 2025-11-27"},
		// Road events and contests change no one's territory.
		{"contests do not count", head + "events:\n" + strings.ReplaceAll(flips(scenarios.MaxControlDays+30), "captured", "contested"), ""},
	}
	a := geo.MustDefault()
	for _, tt := range tests {
		_, err := scenarios.LoadBytes("bounds.yaml", []byte(tt.src), nil, a)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || err.Error() != tt.want):
			t.Errorf("%s:\n got %v\nwant %s", tt.name, err, tt.want)
		}
	}
}

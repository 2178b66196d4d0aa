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
// many values, a long line, deep nesting.
func hostileFiles() map[string][]byte {
	const mb = 1 << 20
	head := "extends: offensive-2024\nid: hostile\n"
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
	}
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
	for name, data := range hostileFiles() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := scenarios.LoadBytes(name+".yaml", data, nil, a)
		runtime.ReadMemStats(&after)
		if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 200 {
			t.Errorf("%s (%d bytes): allocated %d MB, over 200", name, len(data), mb)
		} else {
			t.Logf("%s: %d MB", name, mb)
		}
		if err == nil {
			continue // the long line is a valid, if long, title
		}
		ps := err.(scenarios.Problems)
		if len(ps) > scenarios.MaxProblems+1 {
			t.Errorf("%s: %d problems", name, len(ps))
		}
		if n := len(err.Error()); n > 64<<10 {
			t.Errorf("%s: the error is %d bytes long; values must be quoted short", name, n)
		}
	}
}

func BenchmarkHostile(b *testing.B) {
	a := geo.MustDefault()
	files := hostileFiles()
	for _, name := range []string{"huge-place", "huge-remove", "many-remove", "many-events", "many-clashes", "many-places", "many-unknown-ids", "many-block-items", "long-line", "deep-nesting"} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(files[name])))
			for b.Loop() {
				scenarios.LoadBytes(name+".yaml", files[name], nil, a)
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

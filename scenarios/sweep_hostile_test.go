package scenarios_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/frontline-sim/frontline/internal/race"
	"github.com/frontline-sim/frontline/scenarios"
)

// sweepHead is the start of a valid sweep; each hostile file adds to it.
const sweepHead = "id: hostile\nscenario: offensive-2024\n" +
	"design: {method: grid, runs: 10}\n" +
	"outcomes: [{id: hama-held, kind: held, place: hama, faction: regime, on: 2024-12-08}]\n"

// hostileSweeps are sweep files built to cost: each stays under the size
// limit but the last, and is refused with its want, or loads (want "":
// a long title is valid, if long; an id is at most 64 characters).
func hostileSweeps() map[string]struct {
	data []byte
	want string
} {
	const mb = 1 << 20
	var factors, outcomes strings.Builder
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&factors, "  - {id: f%d, parameter: base, min: 0, max: 1}\n", i)
	}
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&outcomes, "  - {id: o%d, kind: fall_day, place: hama}\n", i)
	}
	var some strings.Builder
	for i := 0; i < 21; i++ {
		fmt.Fprintf(&some, "  - {id: f%d, parameter: base, min: 0, max: 1}\n", i)
	}
	air := "factors: [{id: air, parameter: air_support.regime, values: [0, 1]}]\n"
	// A billion laughs: ten levels of ten aliases each.
	laughs := "x0: &x0 [lol]\n"
	for i := 1; i < 10; i++ {
		laughs += fmt.Sprintf("x%d: &x%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*x%d,", i-1), 10), ","))
	}
	return map[string]struct {
		data []byte
		want string
	}{
		"huge-id":       {[]byte(sweepHead + "factors: [{id: " + strings.Repeat("a", 9*mb) + ", parameter: base, min: 0, max: 1}]\n"), "is 9437184 characters long; keep it to at most 64"},
		"long-outcome":  {[]byte(strings.Replace(sweepHead, "id: hama-held", "id: "+strings.Repeat("o", 65), 1) + air), "is 65 characters long; keep it to at most 64"},
		"many-factors":  {[]byte(sweepHead + "factors:\n" + factors.String()), "YAML values"},
		"21-factors":    {[]byte(sweepHead + "factors:\n" + some.String()), "21 factors, over the limit of 20; keep the 20"},
		"many-values":   {[]byte(sweepHead + "factors: [{id: air, parameter: air_support.regime, values: [" + strings.Repeat("1,", 4*mb) + "1]}]\n"), "YAML values"},
		"many-outcomes": {[]byte(strings.Replace(sweepHead, "outcomes: [{id: hama-held, kind: held, place: hama, faction: regime, on: 2024-12-08}]\n", "", 1) + air + "outcomes:\n" + outcomes.String()), "YAML values"},
		"long-line":     {[]byte(sweepHead + air + "title: " + strings.Repeat("long ", 9*mb/5) + "\n"), ""},
		"deep-nesting":  {[]byte(sweepHead + air + "description: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"), "description"},
		"aliases":       {[]byte(laughs + sweepHead + air), "aliases"},
		"not-utf8":      {[]byte(sweepHead + air + "title: \xff\xfe\n"), "UTF-8"},
		"nul":           {[]byte(sweepHead + air + "title: a\x00b\n"), "not a text file"},
		"over-size":     {[]byte(sweepHead + air + "title: " + strings.Repeat("x", scenarios.MaxFileSize) + "\n"), "over the 10 MB limit for a sweep"},
	}
}

// A hostile sweep file is refused or loaded within bounds, as a hostile
// scenario file is (TestHostileBounded): under 200 MB allocated, at most
// MaxProblems problems, a short error that names the file, and no panic.
func TestHostileSweeps(t *testing.T) {
	if testing.Short() || race.Enabled {
		t.Skip("allocates 10 MB files; make test runs it without -race")
	}
	dir := t.TempDir()
	for name, h := range hostileSweeps() {
		path := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(path, h.data, 0o644); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := loadSweep(t, path)
		runtime.ReadMemStats(&after)
		if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 200 {
			t.Errorf("%s (%d bytes): allocated %d MB, over 200", name, len(h.data), mb)
		}
		if h.want == "" {
			if err != nil {
				t.Errorf("%s: %.300v; want it loaded", name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: loaded; want it refused", name)
			continue
		}
		msg := err.Error()
		t.Logf("%s: %.200s", name, msg)
		ps, ok := err.(scenarios.Problems)
		switch {
		case !ok:
			t.Errorf("%s: %T, not a file's problems: %v", name, err, err)
		case len(ps) > scenarios.MaxProblems+1:
			t.Errorf("%s: %d problems", name, len(ps))
		case len(msg) > 64<<10:
			t.Errorf("%s: the error is %d bytes long; values must be quoted short", name, len(msg))
		case !strings.HasPrefix(msg, path+":") || !strings.Contains(strings.TrimPrefix(msg, path), h.want):
			t.Errorf("%s: %.300s; want the file's name and %q", name, msg, h.want)
		case strings.ContainsRune(msg, 0) || !utf8.ValidString(msg):
			t.Errorf("%s: the error echoes raw bytes: %q", name, msg)
		}
	}
}

// Devices, pipes and folders are refused before any byte is read, as the
// sweep file and as the scenario it names; a link out of the folder is
// refused before it is opened; nothing of a refused scenario is echoed.
func TestSweepSpecialFiles(t *testing.T) {
	dir, fifo := specialFiles(t)
	os.WriteFile(filepath.Join(dir, "secret.yaml"), []byte("TOP-SECRET: [unterminated\n"), 0o644)
	body := strings.SplitN(sweepHead, "\n", 3)[2] + "factors: [{id: air, parameter: air_support.regime, values: [0, 1]}]\n"
	sweepOf := func(name, scenario string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("id: s\nscenario: "+scenario+"\n"+body), 0o644)
		return p
	}
	for _, tt := range []struct{ path, want string }{
		{fifo, "it is a named pipe (FIFO), not a regular file"},
		{"/dev/zero", "it is a character device, not a regular file"},
		{filepath.Join(dir, "folder.yaml"), "it is a folder, not a regular file"},
		{sweepOf("via-fifo.yaml", "fifo.yaml"), "it is a named pipe (FIFO), not a regular file"},
		{sweepOf("via-folder.yaml", "folder.yaml"), "it is a folder"},
		{sweepOf("via-zero.yaml", "zero.yaml"), "which is outside the folder of"},
		{sweepOf("via-secret.yaml", "secret.yaml"), "secret.yaml"},
	} {
		_, err := loadSweep(t, tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), tt.path+":") {
			t.Errorf("LoadSweep(%s) = %v; want %q", tt.path, err, tt.want)
		} else if strings.Contains(err.Error(), "TOP-SECRET") {
			t.Errorf("LoadSweep(%s) echoes the refused file: %v", tt.path, err)
		}
	}
}

package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/render/link"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/scenarios/acled"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
	"github.com/frontline-sim/frontline/sim/sweep"
)

// hostileText sets a terminal's title, clears it, starts a C1 CSI,
// reverses the text after it and starts a spreadsheet formula.
const hostileText = "\x1b]0;PWNED\a\x1b[2J \u009b31m \u202eevil\u2066 \u200f =cmd|' /C calc'!A0"

// hostileScenarios writes two what-if files whose title, captions,
// quotes, outlets and notes are hostileText: model.yaml, for the model's
// commands, and places.yaml, which also adds a place named with it.
func hostileScenarios(t *testing.T) (model, places string) {
	dir := t.TempDir()
	h := strings.ReplaceAll(strings.ReplaceAll(fmt.Sprintf("%q", hostileText), `\x1b`, `\e`), `\u009b`, `\x9b`)
	h = h[1 : len(h)-1]
	body := "extends: offensive-2024\nid: hostile\n" +
		`title: "` + h + ` what if"` + "\n" +
		`description: "` + h + `"` + "\n" +
		"captions:\n" + `  - {date: 2024-11-28, text: "` + h + ` caption"}` + "\n" +
		"events:\n" + `  - {id: e1, date: 2024-11-28, target: saraqib, kind: captured, faction: hts, certainty: reported, source: {document: "` + h +
		` doc", outlet: "` + h + ` outlet"}, quote: "` + h + ` quote", note: "` + h + ` note"}` + "\n"
	model = filepath.Join(dir, "model.yaml")
	places = filepath.Join(dir, "places.yaml")
	os.WriteFile(model, []byte(body), 0o644)
	os.WriteFile(places, []byte(body+
		"  - {id: e2, date: 2024-11-29, target: tell-x, kind: captured, faction: hts, certainty: reported, source: {document: d}, quote: q}\n"+
		"places:\n"+`  - {id: tell-x, name: "=cmd|' /C calc'!A0 `+h+` place", aliases: ["`+h+`"], lat: 36.1, lon: 37.0, kind: village, source: "`+h+`"}`+"\n"+
		"initial:\n  places:\n    tell-x: regime\n"), 0o644)
	return model, places
}

// checkTerminalSafe fails if out holds a control character other than
// newline and tab, or a bidi mark: what a terminal would act on.
func checkTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	for i, r := range out {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Errorf("%s: raw U+%04X at byte %d: %q", what, r, i, out[max(0, i-40):min(len(out), i+40)])
			return
		}
	}
	if !utf8.ValidString(out) {
		t.Errorf("%s: invalid UTF-8", what)
	}
}

// checkCSVSafe fails if a cell of the CSV starts a formula.
func checkCSVSafe(t *testing.T, what, data string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Errorf("%s: not CSV: %v", what, err)
		return
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && strings.ContainsAny(cell, "=()|!") {
				t.Errorf("%s: the cell %q starts a formula", what, cell)
			}
		}
	}
}

// TestHostileTextOutputs runs every command's text, CSV and JSON output
// over a scenario whose title, place, captions and quotes are hostile.
// Nothing reaches the terminal that it would act on, no CSV cell starts
// a formula, and the JSON stays JSON.
func TestHostileTextOutputs(t *testing.T) {
	model, places := hostileScenarios(t)
	dir := t.TempDir()
	shard := filepath.Join(dir, "shard.json")
	sim := filepath.Join(dir, "sim.json")
	csvFile := filepath.Join(dir, "events.csv")
	simArgs := []string{"--runs", "4", "--until", "2024-12-06"}
	for _, tc := range []struct {
		args   []string
		format string // "csv" or "json" when stdout is one
	}{
		{[]string{"validate", model, places}, ""},
		{[]string{"replay", places}, ""},
		{[]string{"replay", places, "--day", "2024-11-28"}, ""},
		{[]string{"replay", places, "--format", "csv"}, "csv"},
		{[]string{"replay", places, "--format", "json"}, "json"},
		{[]string{"territory", places, "--day", "2024-11-29"}, ""},
		{[]string{"territory", places, "--day", "2024-11-29", "--format", "json"}, "json"},
		{append([]string{"simulate", model}, simArgs...), ""},
		{append([]string{"simulate", model, "--format", "csv"}, simArgs...), "csv"},
		{append([]string{"simulate", model, "--format", "json", "--out", sim}, simArgs...), ""},
		{append([]string{"simulate", model, "--shard", "1/1", "--out", shard}, simArgs...), ""},
		{[]string{"merge", shard}, ""},
		{[]string{"merge", shard, "--format", "csv"}, "csv"},
		{[]string{"merge", shard, "--format", "json"}, "json"},
		{append([]string{"diff", model, "offensive-2024"}, simArgs...), ""},
		{[]string{"export", places, "--csv", csvFile}, ""},
		{[]string{"export", sim, "--geojson", filepath.Join(dir, "sim.geojson")}, ""},
		{[]string{"import", "acled", "../../scenarios/acled/testdata/acled-sample.csv", "--extends", model, "--out", filepath.Join(filepath.Dir(model), "acled.yaml")}, ""},
	} {
		name := strings.Join(tc.args, " ")
		code, out, errs := runCmd(t, tc.args...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", name, code, errs)
			continue
		}
		checkTerminalSafe(t, name+" (stdout)", out)
		checkTerminalSafe(t, name+" (stderr)", errs)
		switch tc.format {
		case "csv":
			checkCSVSafe(t, name, out)
		case "json":
			if !json.Valid([]byte(out)) {
				t.Errorf("%s: the JSON is not valid", name)
			}
		}
	}
	data, err := os.ReadFile(csvFile)
	if err != nil {
		t.Fatal(err)
	}
	checkTerminalSafe(t, "export --csv", string(data))
	checkCSVSafe(t, "export --csv", string(data))
	for _, f := range []string{sim, shard} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkTerminalSafe(t, f, string(data))
		if !json.Valid(data) {
			t.Errorf("%s: the JSON is not valid", f)
		}
	}
}

// --out writes through a symlink to a regular file and leaves the link a
// link; "-" is standard output; a link to a device (a fake /dev/stdout,
// in a temporary folder) or a folder is refused, and stays.
func TestOutLinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.txt")
	os.WriteFile(real, []byte("old"), 0o644)
	link := filepath.Join(dir, "link.json")
	os.Symlink(real, link)
	args := []string{"simulate", "--runs", "2", "--until", "2024-12-05", "--format", "json", "--out"}
	if code, _, errs := runCmd(t, append(args, link)...); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link.json is no longer a symlink")
	}
	if data, _ := os.ReadFile(real); !json.Valid(data) {
		t.Errorf("the link's target does not hold the JSON: %.40q", data)
	}
	code, out, errs := runCmd(t, append(args, "-")...)
	if code != 0 || !json.Valid([]byte(out)) {
		t.Errorf("--out -: exit %d, stdout %.40q, stderr %s", code, out, errs)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf("--out - created a file named -")
	}
	devLink := filepath.Join(dir, "stdout")
	os.Symlink("/dev/null", devLink)
	dirLink := filepath.Join(dir, "folder.json")
	os.Symlink(t.TempDir(), dirLink)
	for _, l := range []string{devLink, dirLink} {
		code, _, errs := runCmd(t, append(args, l)...)
		if code != 1 || !strings.Contains(errs, "not to a regular file") {
			t.Errorf("--out %s: exit %d, %q; want a refusal", l, code, errs)
		}
		if st, err := os.Lstat(l); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s was replaced", l)
		}
	}
}

// --workers is bounded, with a message that gives the bound.
func TestWorkersBounded(t *testing.T) {
	for _, args := range [][]string{
		{"simulate", "--workers", "10000", "--runs", "10000", "--until", "2034-11-26"},
		{"diff", "offensive-2024", "offensive-2024", "--workers", "10000"},
		{"simulate", "--workers", "-1"},
		{"sweep", "scenarios/testdata/x.yaml", "--workers", "10000"},
	} {
		code, _, errs := runCmd(t, args...)
		if code != 2 || !strings.Contains(errs, "four per CPU") {
			t.Errorf("%v: exit %d, %q; want a usage error with the bound", args, code, errs)
		}
	}
}

// Values from the command line and from files are echoed capped at
// safetext.MaxQuote runes: an 800 KB extends: path, a long link or flag
// value once came back whole.
func TestEchoCapped(t *testing.T) {
	long := strings.Repeat("x", 5000)
	dir := t.TempDir()
	ext := filepath.Join(dir, "extends.yaml")
	os.WriteFile(ext, []byte("extends: "+strings.Repeat("a/", 400000)+"x.yaml\nid: x\ntitle: t\n"), 0o644)
	key := filepath.Join(dir, "key.yaml")
	os.WriteFile(key, []byte("extends: offensive-2024\nid: x\ntitle: t\n"+long+": 1\n"+long+": 2\n"), 0o644)
	places := filepath.Join(dir, "places.yaml")
	os.WriteFile(places, []byte("extends: offensive-2024\nid: x\ntitle: t\nplaces:\n  - {id: "+long+", name: n, lat: "+long+", lon: 1, kind: village, source: s}\n"), 0o644)
	acled := filepath.Join(dir, "acled.csv")
	os.WriteFile(acled, []byte("event_id_cnty,event_date,sub_event_type,actor1,actor2,location,latitude,longitude,source,notes\nX,"+long+",Non-state actor overtakes territory,HTS:,x,y,1,2,s,n\n"), 0o644)
	for _, args := range [][]string{
		{"validate", ext},
		{"validate", key},
		{"validate", places},
		{"import", "acled", acled},
		{"import", long},
		{long},
		{"simulate", "--runs", long},
		{"simulate", "--runs=" + long},
		{"simulate", "--" + long},
		{"simulate", "--shard", long},
		{"view", "--link", long},
		{"view", "--link", "https://x/?" + long + "=1"},
		{"view", "--link", "https://x/?zoom=" + long},
		{"view", "--zoom", long, "--screenshot", filepath.Join(dir, "s.png")},
		{"view", "--size", long, "--screenshot", filepath.Join(dir, "s.png")},
		{"view", "--screenshot", long},
		{"export", "--csv", long},
		{"replay", "--day", long},
		{"replay", "--format", long},
		{"route", long, "hama"},
		{"places", long},
		{"summary", long},
		{"version", long},
	} {
		code, stdout, errs := runCmd(t, args...)
		if code == 0 {
			t.Errorf("%.60q: exit 0", args)
		}
		if strings.Contains(stdout+errs, strings.Repeat("x", 100)) || strings.Contains(stdout+errs, strings.Repeat("a/", 50)) {
			t.Errorf("%.60q: echoes a value whole (%d bytes): %.300s", args, len(stdout+errs), errs)
		}
	}
}

// TestSafetyFigures checks the limits that the Safety section of
// docs/scenarios.md gives against the code.
func TestSafetyFigures(t *testing.T) {
	data, err := os.ReadFile("../../docs/scenarios.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Join(strings.Fields(string(data)), " ")
	comma := func(n int) string {
		s := strconv.Itoa(n)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		return s
	}
	for _, want := range []string{
		fmt.Sprintf("| %d MB |", scenarios.MaxFileSize>>20),
		fmt.Sprintf("| %d MiB, a span of at most %d days", ensemble.MaxBytes>>20, ensemble.MaxDays),
		fmt.Sprintf("| %d MiB read; the file written stays under %d MB", acled.MaxBytes>>20, scenarios.MaxFileSize>>20),
		fmt.Sprintf("at most %s runs |", comma(link.MaxRuns)),
		fmt.Sprintf("`--runs` at most %s, `--size` at most %dx%d", comma(ensemble.MaxRuns), maxW, maxH),
		fmt.Sprintf("at most %d characters, then `…`", safetext.MaxQuote),
		fmt.Sprintf("keeps at most %d GiB of their tallies", sim.MaxTallyBytes>>30),
		fmt.Sprintf("%d factions, ten years, places changing hands on at most %d days |", scenarios.MaxFactions, scenarios.MaxControlDays),
		fmt.Sprintf("ten years, and %d days on which places change hands", scenarios.MaxControlDays),
		fmt.Sprintf("| simulation shards (`merge`) | regular files only | %d MiB;", ensemble.MaxShardBytes>>20),
		fmt.Sprintf("| sweep results and shards (`export`, `merge`) | regular files only | %d GiB |", sweep.MaxBytes>>30),
		fmt.Sprintf("**%d days of change is a limit on what a scenario can say**", scenarios.MaxControlDays),
		fmt.Sprintf("files of at most %d days of change each", scenarios.MaxControlDays),
		fmt.Sprintf("**Ids are at most %d characters**", sim.MaxIDLen),
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("docs/scenarios.md no longer says %q; update the Safety section or this test", want)
		}
	}
	if sim.MaxWorkers() != 4*runtime.NumCPU() || !strings.Contains(doc, "four workers per CPU") {
		t.Errorf("the docs say four workers per CPU; the code allows %d on %d CPUs", sim.MaxWorkers(), runtime.NumCPU())
	}
}

package acled

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
)

// testdata/acled-sample.csv is in ACLED's column layout. Its rows are
// written for this test (three are marked fictitious in their notes), not
// taken from ACLED's data.
func TestImportSample(t *testing.T) {
	a := geo.MustDefault()
	tl, err := scenarios.Replay(scenarios.DefaultID, a)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/acled-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := Parse(f, "acled-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	res := Match(rows, a, tl.Scenario)
	if res.Rows != 8 || res.Skipped != 1 {
		t.Errorf("rows %d skipped %d; want 8 and 1 (the armed clash)", res.Rows, res.Skipped)
	}
	want := []struct{ id, place, faction, by string }{
		{"SYRT0001", "saraqib", "hts", "name"},        // an alias
		{"SYRT0002", "aleppo", "hts", "name"},         // alias Halab, old date format
		{"SYRT0005", "tel-rifaat", "sna", "distance"}, // no name, 1 km away
		{"SYRT0006", "hama", "regime", "name"},
	}
	if len(res.Proposals) != len(want) {
		t.Fatalf("%d proposals, want %d: %+v", len(res.Proposals), len(want), res.Proposals)
	}
	for k, w := range want {
		p := res.Proposals[k]
		if p.Row.ID != w.id || p.Place.ID != w.place || p.Faction != w.faction || p.By != w.by {
			t.Errorf("proposal %d: %s → %s, %s by %s; want %s → %s, %s by %s", k, p.Row.ID, p.Place.ID, p.Faction, p.By, w.id, w.place, w.faction, w.by)
		}
	}
	unmatched := map[string]string{}
	for _, u := range res.Unmatched {
		unmatched[u.Row.ID] = u.Reason
		if u.Nearest.ID == "" || u.Km <= 0 {
			t.Errorf("%s: no nearest place", u.Row.ID)
		}
	}
	for id, part := range map[string]string{"SYRT0003": "no place is named", "SYRT0007": "lies 1", "SYRT0008": "outside the scenario"} {
		if !strings.Contains(unmatched[id], part) {
			t.Errorf("%s: reason %q, want it to say %q", id, unmatched[id], part)
		}
	}
	// The fragment is a valid what-if file that replays.
	var buf bytes.Buffer
	if err := Fragment(&buf, res, scenarios.DefaultID, "acled-sample.csv"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, part := range []string{"REVIEW BEFORE USE", "certainty: reported", "nearest place", `quote: "On 28 November 2024, HTS fighters took control of Saraqeb, a \"strategic\" junction`} {
		if !strings.Contains(out, part) {
			t.Errorf("fragment lacks %q:\n%s", part, out)
		}
	}
	path := filepath.Join(t.TempDir(), "acled.yaml")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	wtl, err := scenarios.Replay(path, a)
	if err != nil {
		t.Fatalf("the fragment does not load: %v\n%s", err, out)
	}
	if n := len(wtl.Scenario.Events) - len(tl.Scenario.Events); n != 4 {
		t.Errorf("the fragment adds %d events, want 4", n)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "x.csv:1: the file is empty"},
		{"event_date,location\n2024-11-28,Saraqib\n", "lacks ACLED's column(s) event_id_cnty, sub_event_type"},
		{strings.Join(Columns, ",") + "\nX1,28/11/2024,Non-state actor overtakes territory,a,b,Saraqib,35.8,36.8,s,n\n", "x.csv:2:4: event_date \"28/11/2024\""},
		{strings.Join(Columns, ",") + "\nX1,2024-11-28,Non-state actor overtakes territory,a,b,Saraqib,north,36.8,s,n\n", "x.csv:2:"},
		{strings.Join(Columns, ",") + "\nX1,2024-11-28,\"unterminated\n", "x.csv:"},
	}
	for _, tt := range tests {
		_, err := Parse(strings.NewReader(tt.in), "x.csv")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tt.in, err, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	data, err := os.ReadFile("testdata/acled-sample.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(strings.Join(Columns, ",") + "\n"))
	f.Add([]byte("event_date\n\"a"))
	a := geo.MustDefault()
	tl, err := scenarios.Replay(scenarios.DefaultID, a)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := Parse(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.csv") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		res := Match(rows, a, tl.Scenario)
		var buf bytes.Buffer
		if err := Fragment(&buf, res, scenarios.DefaultID, "fuzz.csv"); err != nil {
			t.Fatal(err)
		}
	})
}

package acled

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
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
	for _, part := range []string{"REVIEW BEFORE USE", "certainty: reported", "nearest place", `quote: On 28 November 2024, HTS fighters took control of Saraqeb, a "strategic" junction`} {
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

// roundTrip imports a CSV of two rows: one that matches Saraqib, with the
// given id, actor2, source and notes, and one that matches nothing, with
// the given id and location, which goes to the head comment. The file
// written must load, and hold exactly the base scenario's settings and
// events plus the one proposed, with ACLED's text as Parse read it.
func roundTrip(t *testing.T, base *sim.Timeline, id, actor2, source, notes, id2, location string) {
	t.Helper()
	var in bytes.Buffer
	cw := csv.NewWriter(&in)
	cw.Write(Columns)
	cw.Write([]string{id, "2024-11-29", Territorial[0], "HTS: Hayat Tahrir al-Sham", actor2, "Saraqeb", "35.8625", "36.8006", source, notes})
	cw.Write([]string{id2, "2024-11-29", Territorial[0], "HTS:", "x", location, "33", "42", "s", "n"})
	cw.Flush()
	rows, err := Parse(&in, "fuzz.csv")
	if err != nil {
		t.Fatalf("Parse of a CSV that encoding/csv wrote: %v", err)
	}
	a := base.Scenario.Atlas
	res := Match(rows, a, base.Scenario)
	if len(res.Proposals) != 1 || len(res.Unmatched) != 1 {
		t.Fatalf("%d proposals and %d unmatched; want 1 and 1", len(res.Proposals), len(res.Unmatched))
	}
	var out bytes.Buffer
	if err := Fragment(&out, res, scenarios.DefaultID, "fuzz.csv"); err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.LoadBytes("acled.yaml", out.Bytes(), nil, a)
	if err != nil {
		t.Fatalf("the file import wrote does not load: %v\n%s", err, out.String())
	}
	b := base.Scenario
	if !reflect.DeepEqual(s.Params, b.Params) || len(s.Interventions) != len(b.Interventions) || len(s.Zones) != len(b.Zones) ||
		s.Start != b.Start || s.End != b.End || !reflect.DeepEqual(s.Initial, b.Initial) || len(s.Factions) != len(b.Factions) {
		t.Fatalf("the file changes the scenario's settings, not only its events:\n%s", out.String())
	}
	if len(s.Events) != len(b.Events)+1 {
		t.Fatalf("%d events, want the base's %d and one more:\n%s", len(s.Events), len(b.Events), out.String())
	}
	known := map[string]bool{}
	for _, e := range b.Events {
		known[e.ID] = true
	}
	r := rows[0]
	for _, e := range s.Events {
		if known[e.ID] {
			continue
		}
		want := func(field, got, want string) {
			if got != want {
				t.Errorf("%s %q after the round trip, want %q:\n%s", field, got, want, out.String())
			}
		}
		want("quote", e.Quote, orDash(strings.ToValidUTF8(r.Notes, "\ufffd")))
		want("outlet", e.Source.Outlet, orDash(strings.ToValidUTF8(r.Source, "\ufffd")))
		want("target", e.Target.Place, "saraqib")
		want("faction", e.Faction, "hts")
		want("date", e.Date.String(), "2024-11-29")
		if e.Certainty != sim.Reported || e.Kind != sim.Captured {
			t.Errorf("certainty %v, kind %v; want reported, captured", e.Certainty, e.Kind)
		}
	}
}

func TestRoundTripHostile(t *testing.T) {
	base, err := scenarios.Replay(scenarios.DefaultID, geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range [][6]string{
		// The reproducer: a newline in an unmatched id.
		{"X0", "x", "s", "n", "X1\nparameters: {momentum: 49}\n#", "Nowhere"},
		{"X0", "x", "s", "n", "X1", "Nowhere\ninterventions: [{date: 2024-11-28, kind: passive, faction: hts}]\n#"},
		{"X0\r\nparameters: {momentum: 49}", "x\u2028y", "=cmd|' /C calc'!A0", "del \x7f c1 \u0085nel \u009b[2J", "X1", "a"},
		{"X0", "x", "@SUM(1+1)", "bidi \u202e\u2066\u200f reversed", "X1\u2029id: evil", "\u202e"},
		{"X0", "a: b", "'single' \"double\"", "# not a comment", "X1", "- item"},
		{"X0", "x", "\xff\xfe bad", "tab\there, bell \a, nul \x00", "X1", "yes"},
		{"", "", "", "", "", ""},
		{"X0", "*alias", "&anchor", "!!binary AAAA", "%TAG", "---"},
	} {
		roundTrip(t, base, tc[0], tc[1], tc[2], tc[3], tc[4], tc[5])
	}
}

// The ids "SYR-1-2", "SYR 1" and "SYR-1" once gave acled-syr-1-2 twice.
func TestEventIDsUnique(t *testing.T) {
	var ps []Proposal
	for _, id := range []string{"SYR-1-2", "SYR 1", "SYR-1", "", "1", "SYR--1", ""} {
		ps = append(ps, Proposal{Row: Row{ID: id}})
	}
	seen := map[string]bool{}
	for _, id := range eventIDs(ps) {
		if seen[id] {
			t.Errorf("event id %s twice: %v", id, eventIDs(ps))
		}
		seen[id] = true
	}
	if long := idOf("acled-" + strings.Repeat("x", 10000)); len(long) > MaxID {
		t.Errorf("an id of %d bytes", len(long))
	}
}

// FuzzRoundTrip: fuzzed ACLED fields give a file that loads and means
// exactly the events the CSV meant, and nothing else.
func FuzzRoundTrip(f *testing.F) {
	base, err := scenarios.Replay(scenarios.DefaultID, geo.MustDefault())
	if err != nil {
		f.Fatal(err)
	}
	f.Add("SYR1", "x", "Reuters", "HTS took the town.", "X1\nparameters: {momentum: 49}\n#", "Nowhere")
	f.Add("X0", "x\u2028y", "=HYPERLINK(\"http://x\")", "del \x7f \u0085", "X1", "\u202e")
	f.Fuzz(func(t *testing.T, id, actor2, source, notes, id2, location string) {
		roundTrip(t, base, id, actor2, source, notes, id2, location)
	})
}

// Proposals too many for one scenario file are refused with the way to
// filter the export, not written as a file validate would refuse.
func TestFragmentTooBig(t *testing.T) {
	a := geo.MustDefault()
	p, err := a.Lookup("saraqib")
	if err != nil {
		t.Fatal(err)
	}
	var res Result
	for i := 0; i < 11; i++ {
		res.Proposals = append(res.Proposals, Proposal{Row: Row{ID: "X", Notes: strings.Repeat("n", 1<<20)}, Place: p, Faction: "hts", By: "name"})
	}
	var buf bytes.Buffer
	err = Fragment(&buf, res, scenarios.DefaultID, "big.csv")
	var tb *TooBigError
	if !errors.As(err, &tb) || !strings.Contains(err.Error(), "admin1") || !strings.Contains(err.Error(), "event_date") || buf.Len() != 0 {
		t.Errorf("Fragment of 11 MB: %v, %d bytes written; want a TooBigError that says how to filter, and nothing written", err, buf.Len())
	}
	// Proposals on more days than a scenario may change hands on: the
	// same, before the file is encoded.
	res.Proposals = nil
	for d := range scenarios.MaxControlDays + 1 {
		res.Proposals = append(res.Proposals, Proposal{Row: Row{ID: "X", Date: sim.MustDate("2024-11-26") + sim.Date(d)}, Place: p, Faction: "hts", By: "name"})
	}
	buf.Reset()
	err = Fragment(&buf, res, scenarios.DefaultID, "long.csv")
	if !errors.As(err, &tb) || !strings.Contains(err.Error(), "fall on 101 days, over the limit of 100") || !strings.Contains(err.Error(), "event_date") || buf.Len() != 0 {
		t.Errorf("Fragment over 101 days: %v, %d bytes written; want a TooBigError that says how to filter, and nothing written", err, buf.Len())
	}
}

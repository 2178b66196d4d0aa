package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// TestReplayPlace: replay --place prints one place's history with its
// sources, in text (testdata/replay-place-saraqib.txt; -update rewrites
// it), JSON and CSV, found by id, name or alias; an unknown place is a
// usage error with the nearest name.
func TestReplayPlace(t *testing.T) {
	code, text, errs := runCmd(t, "replay", "--place", "saraqib")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "replay-place-saraqib.txt", text)
	for _, want := range []string{
		"Saraqib (saraqib): its history in",
		"== 2024-11-29, Friday (day 4 of 9) ==",
		"• Saraqib: captured (hts) — now held by hts, was regime (held) [confirmed]",
		"“Iran pledges support for Syria's Assad as rebels", // the headline
		"001_e345968a194e8ad3.txt",                          // the file
		"On 2024-12-04: held by hts (since 2024-11-29).",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the history lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Aleppo: captured") {
		t.Error("the history of Saraqib lists another place's events")
	}
	if _, byName, _ := runCmd(t, "replay", "--place", "Saraqib"); byName != text {
		t.Error("--place Saraqib and --place saraqib differ")
	}

	code, out, errs := runCmd(t, "replay", "--place", "saraqib", "--format", "json")
	if code != 0 {
		t.Fatalf("json: exit %d: %s", code, errs)
	}
	var doc replayDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	titled := 0
	if doc.Place != "saraqib" || len(doc.Days) != 9 {
		t.Errorf("json: place %q, %d days; want saraqib, 9", doc.Place, len(doc.Days))
	}
	for _, d := range doc.Days {
		if _, ok := d.Places["saraqib"]; !ok || len(d.Places) != 1 {
			t.Errorf("%s: places %v; want Saraqib alone", d.Date, d.Places)
		}
		for _, r := range d.Roads {
			if r.From != "saraqib" && r.To != "saraqib" {
				t.Errorf("%s: road %s %s–%s does not end at Saraqib", d.Date, r.Road, r.From, r.To)
			}
		}
		for _, e := range d.Events {
			if e.Target != "saraqib" || e.Quote == "" || e.Certainty == "" || e.Source.Document == "" {
				t.Errorf("%s: event %+v", d.Date, e)
			}
			if e.Source.Title != "" {
				titled++
			}
		}
	}
	if titled == 0 {
		t.Error("json: no event carries its document's headline")
	}

	code, out, errs = runCmd(t, "replay", "--place", "saraqib", "--format", "csv", "--day", "2024-11-29")
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || strings.Join(rows[0], ",") != strings.Join(placeCSVHeader, ",") {
		t.Fatalf("csv: %q", rows)
	}
	row := map[string]string{}
	for k, h := range rows[0] {
		row[h] = rows[1][k]
	}
	if row["place"] != "saraqib" || row["event"] != "saraqib-taken" || row["certainty"] != "confirmed" ||
		row["source_document"] != "001_e345968a194e8ad3.txt" || !strings.Contains(row["quote"], "Saraqib") || row["source_title"] == "" {
		t.Errorf("csv row %v", row)
	}

	code, _, errs = runCmd(t, "replay", "--place", "sarakib")
	if code != 2 || !strings.Contains(errs, `--place "sarakib": unknown place "sarakib"; did you mean "saraqib"?`) {
		t.Errorf("unknown place: exit %d, %s", code, errs)
	}
}

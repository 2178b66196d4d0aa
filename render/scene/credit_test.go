package scene

import (
	"strings"
	"testing"
)

// TestCreditNamesTheDocuments: an exported picture's credit line names the
// documents the day's map rests on (those its events up to the day cite),
// by number and the first words of their titles, shorter on a narrow
// picture, and never a command.
func TestCreditNamesTheDocuments(t *testing.T) {
	tl := builtinTimeline(t)
	b := NewBuilder(tl)
	tests := []struct {
		date    string
		w, h    int
		want    []string
		wantNot []string
	}{
		{"2024-11-26", 1280, 720, []string{"The 2024 offensive", "000 “International Coalition warplanes"}, []string{"001", "export"}},
		{"2024-11-28", 1600, 900, []string{"000 “International Coalition", "003 “Syria: Rebel", "004 “Syrian rebels"}, []string{"export"}},
		{"2024-12-04", 1600, 900, []string{"000 “", "001 “Iran pledges", "002 “", "003 “", "004 “Syrian rebels"}, []string{"export"}},
		{"2024-12-04", 1280, 720, []string{"000", "001", "002", "003", "004"}, []string{"export"}},
	}
	for _, tt := range tests {
		i := dayIndex(t, tl, tt.date)
		m := Rect{W: float64(tt.w), H: float64(tt.h)}
		v := StartView(tl.Graph.Atlas, m, 1, "hama", 2.2)
		r, credit, ok := b.creditRect(i, v, 1)
		if !ok {
			t.Errorf("%s %dx%d: no credit line fits (%q, %+v)", tt.date, tt.w, tt.h, credit, r)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(credit, w) {
				t.Errorf("%s %dx%d: credit %q does not name %q", tt.date, tt.w, tt.h, credit, w)
			}
		}
		for _, w := range tt.wantNot {
			if strings.Contains(credit, w) {
				t.Errorf("%s %dx%d: credit %q names %q", tt.date, tt.w, tt.h, credit, w)
			}
		}
		if !strings.Contains(credit, "docs/sources.md") {
			t.Errorf("%s: credit %q does not say where the documents are listed", tt.date, credit)
		}
	}
}

package likelihood

import (
	"os"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		p    float64
		want string
	}{
		{-0.1, "almost no chance"}, {0, "almost no chance"}, {0.049, "almost no chance"},
		{0.05, "very unlikely"}, {0.2, "unlikely"}, {0.45, "roughly even chance"}, {0.5, "roughly even chance"},
		{0.55, "likely"}, {0.62, "likely"}, {0.8, "very likely"}, {0.95, "almost certainly"}, {1, "almost certainly"}, {1.2, "almost certainly"},
	}
	for _, tt := range tests {
		if got := Words(tt.p); got != tt.want {
			t.Errorf("Words(%v) = %q, want %q", tt.p, got, tt.want)
		}
	}
	if got := Phrase(0.62); got != "likely (62%)" {
		t.Errorf("Phrase = %q", got)
	}
	// The bands tile [0, 1].
	for i := 1; i < len(Bands); i++ {
		if Bands[i].Lo != Bands[i-1].Hi {
			t.Errorf("gap between %v and %v", Bands[i-1], Bands[i])
		}
	}
	if Bands[0].Lo != 0 || Bands[len(Bands)-1].Hi != 1 {
		t.Errorf("the bands do not cover [0, 1]")
	}
	if r := Of(0.6).Range(); r != "55–80%" {
		t.Errorf("Range = %q", r)
	}
}

// TestDocumented checks that docs/exports.md shows the bands as they are.
func TestDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/exports.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range Bands {
		row := "| " + b.Words + " | " + b.Range() + " |"
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/exports.md lacks the row %q", row)
		}
	}
}

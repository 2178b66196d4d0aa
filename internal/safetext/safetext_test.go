package safetext

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, «Ḥalab»\n\tindented", "plain text, «Ḥalab»\n\tindented"},
		{"\x1b[2J\x1b]0;pwned\x07", `\x1b[2J\x1b]0;pwned\x07`},
		{"osc 52: \x1b]52;c;ZXZpbA==\x1b\\", `osc 52: \x1b]52;c;ZXZpbA==\x1b\`},
		{"c1 csi \u009b2J", `c1 csi \u009b2J`},
		{"bidi \u202eevil", `bidi \u202eevil`},
		{"cr\rlf", `cr\rlf`},
		{"del\x7f", `del\u007f`},
		{"bad \xff byte", `bad \ufffd byte`},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuote(t *testing.T) {
	if got := Quote("saraqib"); got != `"saraqib"` {
		t.Errorf("Quote = %s", got)
	}
	long := strings.Repeat("é", 1000)
	got := Quote(long)
	if want := `"` + strings.Repeat("é", MaxQuote) + `"…`; got != want {
		t.Errorf("Quote(1000 runes) = %s; want %s", got, want)
	}
	if got := Quote("\x1b[2J"); got != `"\x1b[2J"` {
		t.Errorf("Quote(ESC) = %s", got)
	}
	if got := Quote(strings.Repeat("a", MaxQuote)); len(got) != MaxQuote+2 {
		t.Errorf("Quote of exactly MaxQuote runes was cut: %s", got)
	}
}

func TestCap(t *testing.T) {
	if got := Cap("abcdef", 3); got != "abc…" {
		t.Errorf("Cap = %q", got)
	}
	if got := Cap("abc", 3); got != "abc" {
		t.Errorf("Cap = %q", got)
	}
}

// A rune split across writes is escaped whole, and ESC split from its
// sequence is still escaped.
func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	in := []byte("a\u009bb é\x1b[31m")
	for i := range in {
		if _, err := w.Write(in[i : i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), `a\u009bb é\x1b[31m`; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

func TestEscapeBidiMarks(t *testing.T) {
	for _, r := range []rune{0x061c, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069} {
		if got := Escape("a" + string(r) + "b"); got == "a"+string(r)+"b" {
			t.Errorf("Escape left U+%04X raw", r)
		}
	}
	if got := Escape("Ḥalab \u200d"); got != "Ḥalab \u200d" {
		t.Errorf("Escape changed a joiner: %q", got)
	}
}

func TestEscapeLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"one line", "one line"},
		{"a\nb\tc\rd", `a\nb\tc\rd`},
		{"nel\u0085ls\u2028ps\u2029", `nel\u0085ls\u2028ps\u2029`},
		{"\x1b]0;x\a", `\x1b]0;x\x07`},
	}
	for _, tt := range tests {
		if got := EscapeLine(tt.in); got != tt.want {
			t.Errorf("EscapeLine(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestCSVCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Saraqib", "Saraqib"},
		{"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"@SUM(1+1)", "'@SUM(1+1)"},
		{"+1+cmd", "'+1+cmd"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"\t=1", `'\t=1`},
		{"\r=1", `'\r=1`},
		{"a\nb", `a\nb`},
		{"\x1b[2J", `\x1b[2J`},
		{"\u202eevil", `\u202eevil`},
		// Numbers stay numbers.
		{"-3.5", "-3.5"},
		{"+2", "+2"},
		{"-1e-3", "-1e-3"},
		{"36.8006", "36.8006"},
		{"2024-11-29", "2024-11-29"},
		{"", ""},
		// Not plain numbers: text to a spreadsheet, or a formula.
		{"-inf", "'-inf"},
		{"-0x10", "'-0x10"},
		{"-1-1", "'-1-1"},
	}
	for _, tt := range tests {
		if got := CSVCell(tt.in); got != tt.want {
			t.Errorf("CSVCell(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzCSVWriter: whatever the cells hold, the CSV reads back as the
// same number of records and cells, no cell holds a control character
// or starts a formula, and a cell that was safe comes back unchanged.
func FuzzCSVWriter(f *testing.F) {
	f.Add("Saraqib", "=cmd|' /C calc'!A0", "-3.5")
	f.Add("a\nb", "\x1b]0;x\a", "\u202e")
	f.Add("\"quoted\", comma", "@SUM(1+1)", "\t\r")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var buf bytes.Buffer
		w := NewCSVWriter(&buf)
		rec := []string{a, b, c}
		if err := w.WriteAll([][]string{rec, rec}); err != nil {
			t.Fatal(err)
		}
		got, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("the CSV does not read back: %v\n%q", err, buf.String())
		}
		if len(got) != 2 || len(got[0]) != 3 {
			t.Fatalf("read back %d records of %d cells, want 2 of 3", len(got), len(got[0]))
		}
		for i, cell := range got[0] {
			for _, r := range cell {
				if unsafeInLine(r) {
					t.Errorf("cell %q holds U+%04X", cell, r)
				}
			}
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) && !number.MatchString(cell) {
				t.Errorf("cell %q starts a formula", cell)
			}
			if in := rec[i]; EscapeLine(in) == in && (in == "" || !strings.ContainsRune("=+-@", rune(in[0])) || number.MatchString(in)) && cell != in {
				t.Errorf("safe cell %q came back as %q", in, cell)
			}
		}
	})
}

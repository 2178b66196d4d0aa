package safetext

import (
	"bytes"
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
		{"del\x7f", `del\x7f`},
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

package safetext

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxQuote is the number of runes of a value that Quote keeps.
const MaxQuote = 80

// Quote returns s as a Go-quoted string, like %q, with control
// characters escaped and at most MaxQuote runes of s kept; a longer value
// ends in an ellipsis after the closing quote ("abc…"), so that a
// hostile 10 MB name is not echoed back in full.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= MaxQuote {
		return strconv.Quote(s)
	}
	n, i := 0, 0
	for i = range s {
		if n == MaxQuote {
			break
		}
		n++
	}
	return strconv.Quote(s[:i]) + "…"
}

// Name returns s for a message where quotes would be noise (a file
// name, a key=value): capped at MaxQuote runes as Quote caps, with an
// ellipsis when cut, and kept on one line as EscapeLine does.
func Name(s string) string { return EscapeLine(Cap(s, MaxQuote)) }

// Cap returns s cut to at most max runes, with an ellipsis when cut. It
// does not escape: use it for values that Escape or Quote will see.
func Cap(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// unsafe reports whether r must not reach a terminal raw: C0 controls
// other than tab and newline, DEL, C1 controls (U+0080–U+009F, of which
// U+009B is a CSI on some terminals), and the bidirectional marks,
// overrides and isolates that reorder the text shown around them.
func unsafe(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		return true
	case Bidi(r):
		return true
	case r == utf8.RuneError:
		return true
	}
	return false
}

// Bidi reports whether r is a bidirectional formatting character: the
// marks U+061C, U+200E and U+200F, the embeddings and overrides
// U+202A–U+202E and the isolates U+2066–U+2069. They are invisible and
// reorder the text around them, so that a reader sees other text than
// the one a program reads ("Trojan Source").
func Bidi(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// lineBreak reports whether r ends a line for some reader: YAML breaks
// lines at U+0085 (NEL, also a C1 control), U+2028 and U+2029 as well.
func lineBreak(r rune) bool { return r == '\n' || r == 0x2028 || r == 0x2029 }

func escapeRune(b *strings.Builder, r rune) {
	switch {
	case r == '\r':
		b.WriteString(`\r`)
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\t':
		b.WriteString(`\t`)
	case r < 0x20:
		fmt.Fprintf(b, `\x%02x`, r)
	default:
		fmt.Fprintf(b, `\u%04x`, r)
	}
}

// Escape returns s with every control character written as a visible
// escape (ESC becomes \x1b), keeping newlines and tabs. Invalid UTF-8
// bytes become \ufffd.
func Escape(s string) string { return escapeIf(s, unsafe) }

// EscapeLine is Escape for text that must stay on one line (a comment,
// a CSV cell): it escapes newlines, tabs and the line separators
// U+2028 and U+2029 too.
func EscapeLine(s string) string { return escapeIf(s, unsafeInLine) }

func unsafeInLine(r rune) bool { return unsafe(r) || r == '\t' || lineBreak(r) }

func escapeIf(s string, bad func(rune) bool) string {
	clean := true
	for _, r := range s {
		if bad(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if bad(r) {
			escapeRune(&b, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Writer escapes, as Escape does, everything written to it before
// passing it to the underlying writer. A rune split across two writes is
// held back until it is complete.
//
// Only C0 controls become \x escapes; DEL, C1 controls, bidi marks and
// invalid bytes become \u escapes, which mean the same character in a
// JSON string. encoding/json escapes C0 controls itself, so JSON written
// through a Writer stays valid JSON with the same content, and every
// output of a command, text or JSON, can go through one Writer.
type Writer struct {
	w       io.Writer
	pending []byte
}

// NewWriter returns a Writer that escapes control characters on their
// way to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write implements io.Writer. It reports len(p) written when the
// escaped text was written whole.
func (w *Writer) Write(p []byte) (int, error) {
	data := append(w.pending, p...)
	w.pending = nil
	// Hold back an incomplete rune at the end.
	cut := len(data)
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				cut = i
			}
			break
		}
	}
	w.pending = append([]byte(nil), data[cut:]...)
	if _, err := io.WriteString(w.w, Escape(string(data[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a held-back incomplete rune, escaped.
func (w *Writer) Flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	_, err := io.WriteString(w.w, Escape(string(w.pending)))
	w.pending = nil
	return err
}

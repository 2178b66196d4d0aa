package acled

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"go.yaml.in/yaml/v3"
)

// MaxListed bounds the unmatched rows the head comment lists; the rest
// are counted (every one is on stderr).
const MaxListed = 200

// MaxID is the longest event id a proposal gets, in bytes.
const MaxID = 64

// whatIf is the what-if file Fragment writes, in the order of its keys.
type whatIf struct {
	Extends     text    `yaml:"extends"`
	ID          text    `yaml:"id"`
	Title       text    `yaml:"title"`
	Description text    `yaml:"description"`
	Events      []event `yaml:"events"`
}

type event struct {
	ID        text   `yaml:"id"`
	Date      text   `yaml:"date"`
	Target    text   `yaml:"target"`
	Kind      text   `yaml:"kind"`
	Faction   text   `yaml:"faction"`
	Certainty text   `yaml:"certainty"`
	Source    source `yaml:"source,flow"`
	Quote     text   `yaml:"quote"`
	Note      text   `yaml:"note"`
}

type source struct {
	Document text `yaml:"document"`
	Outlet   text `yaml:"outlet"`
}

// text is a string of the file. It is written as a YAML string whatever
// it holds: invalid UTF-8 becomes U+FFFD (yaml would write !!binary),
// and a string with a character a reader should see escaped is
// double-quoted, where the encoder escapes control characters and line
// breaks, and escapeBidi the bidi marks.
type text string

// MarshalYAML implements yaml.Marshaler.
func (t text) MarshalYAML() (any, error) {
	v := strings.ToValidUTF8(string(t), "\ufffd")
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	if safetext.EscapeLine(v) != v {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n, nil
}

// TooBigError says that the proposals make a file over the scenario size
// limit, or fall on more days than a scenario may change hands on
// (Days, when Bytes is 0), and how to cut the export down.
type TooBigError struct {
	Bytes     int
	Days      int
	Proposals int
}

func (e *TooBigError) Error() string {
	const filter = "import a smaller export: filter it on ACLED's site or with a CSV tool by event_date (a few weeks at a time), " +
		"by admin1 (one province, such as Idleb or Aleppo) or by actor1 (one side)"
	if e.Bytes == 0 {
		return fmt.Sprintf("the %d proposals fall on %d days, over the limit of %d days on which a scenario's places change hands; %s",
			e.Proposals, e.Days, scenarios.MaxControlDays, filter)
	}
	return fmt.Sprintf("the %d proposals make a what-if file of %.1f MB, over the %d MB limit for a scenario file; %s",
		e.Proposals, float64(e.Bytes)/(1<<20), scenarios.MaxFileSize>>20, filter)
}

// Fragment writes the proposals as a what-if file extending the scenario
// extends (a built-in id, or a path relative to the folder the file is
// written to): one `captured` event per proposal, marked `reported`, with
// ACLED's notes as its quote and ACLED's source as its outlet, and a note
// saying how the row was matched. Unmatched rows are listed in the file's
// head comment, with the nearest place and its distance, for the reviewer.
//
// The YAML comes only from yaml's encoder, and the head comment only
// through comment, so that no text of the CSV can end a line of the file
// and add a key of its own. A file over scenarios.MaxFileSize is a
// *TooBigError, and so are proposals on more than
// scenarios.MaxControlDays days; then nothing is written.
func Fragment(w io.Writer, res Result, extends, file string) error {
	doc := filepath.Base(file)
	var b bytes.Buffer
	comment(&b, "Proposed by frontline import acled from %s.", doc)
	comment(&b, "REVIEW BEFORE USE: every event below is ACLED's report, matched to a place")
	comment(&b, "by name or distance; check each one, drop what is wrong, then")
	comment(&b, "  frontline validate THIS.yaml && frontline replay THIS.yaml")
	comment(&b, "%d rows read, %d of other sub-event types skipped, %d proposed, %d unmatched.",
		res.Rows, res.Skipped, len(res.Proposals), len(res.Unmatched))
	if len(res.Unmatched) > 0 {
		comment(&b, "")
		comment(&b, "Unmatched rows (not proposed):")
		for k, u := range res.Unmatched {
			if k == MaxListed {
				comment(&b, "  and %d more (frontline import lists every one on stderr)", len(res.Unmatched)-k)
				break
			}
			comment(&b, "  line %d, %s, %s %s: %s; nearest place %s (%s), %.1f km",
				u.Row.Line, safetext.Quote(u.Row.ID), u.Row.Date, safetext.Quote(u.Row.Location), u.Reason, u.Nearest.ID, u.Nearest.Name, u.Km)
		}
	}
	f := whatIf{
		Extends:     text(extends),
		ID:          text(idOf("acled-" + strings.TrimSuffix(doc, filepath.Ext(doc)))),
		Title:       text("ACLED territorial events from " + doc + " (for review)"),
		Description: "Events proposed by frontline import acled; reported, not confirmed; review each before use.",
		Events:      []event{},
	}
	days := map[sim.Date]bool{}
	for _, p := range res.Proposals {
		days[p.Row.Date] = true
	}
	if len(days) > scenarios.MaxControlDays {
		return &TooBigError{Days: len(days), Proposals: len(res.Proposals)}
	}
	ids := eventIDs(res.Proposals)
	for k, p := range res.Proposals {
		r := p.Row
		f.Events = append(f.Events, event{
			ID: text(ids[k]), Date: text(r.Date.String()), Target: text(p.Place.ID), Kind: "captured", Faction: text(p.Faction), Certainty: "reported",
			Source: source{Document: text(doc), Outlet: text(orDash(r.Source))},
			Quote:  text(orDash(r.Notes)),
			Note: text(fmt.Sprintf("ACLED %s, %s: actor1 %s, actor2 %s; location %q matched to %s by %s, %.1f km from ACLED's coordinates (line %d)",
				orDash(r.ID), r.SubEventType, orDash(r.Actor1), orDash(r.Actor2), r.Location, p.Place.ID, p.By, p.Km, r.Line)),
		})
	}
	if err := encode(&b, f); err != nil {
		return err
	}
	if b.Len() > scenarios.MaxFileSize {
		return &TooBigError{Bytes: b.Len(), Proposals: len(res.Proposals)}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// comment writes one line of the head comment. Whatever the arguments
// hold, it stays one line: every control character, line break
// (U+0085, U+2028, U+2029 included) and bidirectional mark is written as
// an escape, so no text can end the comment and start a key.
func comment(b *bytes.Buffer, format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	line = strings.ToValidUTF8(line, "\ufffd")
	b.WriteString("#")
	if line != "" {
		b.WriteString(" ")
		b.WriteString(safetext.EscapeLine(line))
	}
	b.WriteString("\n")
}

// encode writes v through yaml's encoder.
func encode(b *bytes.Buffer, v any) error {
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	b.WriteString(escapeBidi(out.String()))
	return nil
}

// escapeBidi writes the bidirectional marks, which yaml's encoder leaves
// raw, as YAML escapes; text put every string that holds one in
// double quotes, where the escape means the mark itself.
func escapeBidi(s string) string {
	var b strings.Builder
	for _, r := range s {
		if safetext.Bidi(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// eventIDs gives every proposal an event id made of its ACLED id, unique
// in the file: the ids "SYR-1-2", "SYR 1" and "SYR-1" become acled-syr-1-2,
// acled-syr-1 and acled-syr-1-3 (the next free number), and a row without
// an id is numbered.
func eventIDs(ps []Proposal) []string {
	used := map[string]bool{}
	for k, p := range ps {
		used[baseID(p, k)] = true
	}
	taken := map[string]bool{}
	ids := make([]string, len(ps))
	for k, p := range ps {
		id := baseID(p, k)
		if taken[id] {
			for n := 2; ; n++ {
				c := fmt.Sprintf("%s-%d", id, n)
				if !taken[c] && !used[c] {
					id = c
					break
				}
			}
		}
		taken[id] = true
		ids[k] = id
	}
	return ids
}

func baseID(p Proposal, k int) string {
	id := idOf("acled-" + p.Row.ID)
	if id == "acled" {
		id = fmt.Sprintf("acled-%d", k+1)
	}
	return id
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

var notID = regexp.MustCompile(`[^a-z0-9]+`)

// idOf makes an id of lower-case letters, digits and dashes, of at most
// MaxID bytes.
func idOf(s string) string {
	s = notID.ReplaceAllString(strings.ToLower(s), "-")
	s = strings.Trim(s, "-")
	if len(s) > MaxID {
		s = strings.TrimRight(s[:MaxID], "-")
	}
	return s
}

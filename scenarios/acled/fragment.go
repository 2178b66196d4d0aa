package acled

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
)

// Fragment writes the proposals as a what-if file extending the scenario
// extends: one `captured` event per proposal, marked `reported`, with
// ACLED's notes as its quote and ACLED's source as its outlet, and a note
// saying how the row was matched. Unmatched rows are listed in the file's
// head comment, with the nearest place and its distance, for the reviewer.
func Fragment(w io.Writer, res Result, extends, file string) error {
	doc := filepath.Base(file)
	b := &strings.Builder{}
	fmt.Fprintf(b, "# Proposed by frontline import acled from %s.\n", doc)
	fmt.Fprintf(b, "# REVIEW BEFORE USE: every event below is ACLED's report, matched to a place\n")
	fmt.Fprintf(b, "# by name or distance; check each one, drop what is wrong, then\n")
	fmt.Fprintf(b, "#   frontline validate THIS.yaml && frontline replay THIS.yaml\n")
	fmt.Fprintf(b, "# %d rows read, %d of other sub-event types skipped, %d proposed, %d unmatched.\n",
		res.Rows, res.Skipped, len(res.Proposals), len(res.Unmatched))
	if len(res.Unmatched) > 0 {
		fmt.Fprintf(b, "#\n# Unmatched rows (not proposed):\n")
		for _, u := range res.Unmatched {
			fmt.Fprintf(b, "#   line %d, %s, %s %q: %s; nearest place %s (%s), %.1f km\n",
				u.Row.Line, u.Row.ID, u.Row.Date, oneLine(u.Row.Location), oneLine(u.Reason), u.Nearest.ID, u.Nearest.Name, u.Km)
		}
	}
	fmt.Fprintf(b, "extends: %s\n", extends)
	fmt.Fprintf(b, "id: %s\n", idOf("acled-"+strings.TrimSuffix(doc, filepath.Ext(doc))))
	fmt.Fprintf(b, "title: %s\n", q("ACLED territorial events from "+doc+" (for review)"))
	fmt.Fprintf(b, "description: %s\n", q("Events proposed by frontline import acled; reported, not confirmed; review each before use."))
	if len(res.Proposals) == 0 {
		fmt.Fprintf(b, "events: []\n")
	} else {
		fmt.Fprintf(b, "events:\n")
	}
	seen := map[string]int{}
	for k, p := range res.Proposals {
		r := p.Row
		id := idOf("acled-" + r.ID)
		if r.ID == "" {
			id = fmt.Sprintf("acled-%d", k+1)
		}
		if n := seen[id]; n > 0 {
			id = fmt.Sprintf("%s-%d", id, n+1)
		}
		seen[id]++
		fmt.Fprintf(b, "  - id: %s\n", id)
		fmt.Fprintf(b, "    date: %s\n", r.Date)
		fmt.Fprintf(b, "    target: %s\n", p.Place.ID)
		fmt.Fprintf(b, "    kind: captured\n")
		fmt.Fprintf(b, "    faction: %s\n", p.Faction)
		fmt.Fprintf(b, "    certainty: reported\n")
		fmt.Fprintf(b, "    source: {document: %s, outlet: %s}\n", q(doc), q(orDash(r.Source)))
		fmt.Fprintf(b, "    quote: %s\n", q(orDash(r.Notes)))
		fmt.Fprintf(b, "    note: %s\n", q(fmt.Sprintf("ACLED %s, %s: actor1 %s, actor2 %s; location %q matched to %s by %s, %.1f km from ACLED's coordinates (line %d)",
			orDash(r.ID), r.SubEventType, orDash(r.Actor1), orDash(r.Actor2), r.Location, p.Place.ID, p.By, p.Km, r.Line)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// q quotes s for YAML: a JSON string is a YAML double-quoted scalar.
func q(s string) string {
	out, _ := json.Marshal(s)
	return string(out)
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var notID = regexp.MustCompile(`[^a-z0-9]+`)

// idOf makes an id of lower-case letters, digits and dashes.
func idOf(s string) string {
	s = notID.ReplaceAllString(strings.ToLower(s), "-")
	return strings.Trim(s, "-")
}

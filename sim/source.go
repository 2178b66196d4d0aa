package sim

import "strings"

// Document is one source document, a news report the ledger cites, as the
// document itself gives it: a reader who has only the file name can tell
// which report it is, and a reader who has the file can check it. Nothing
// here is looked up elsewhere: no URL, no outlet the text does not name.
type Document struct {
	File     string   // file name, as events cite it (001_e345968a194e8ad3.txt)
	Headline string   // the document's own headline; "" when it has none
	Outlets  []string // the outlets and agencies it names, in order of first mention
	Date     Date     // the date it gives itself; 0 when it gives none
	Opening  string   // its opening words, verbatim
	Note     string   // what the reader should know: what kind of text it is, how to date it
}

// Title is the document's headline, or, when it has none, its opening
// words marked as such, so that every document has a name a reader can
// look for in the text.
func (d *Document) Title() string {
	if d.Headline != "" {
		return d.Headline
	}
	return "(no headline) “" + d.Opening + "…”"
}

// Quoted is the title as a citation writes it: the headline in quotes,
// or the first words of an untitled document's opening.
func (d *Document) Quoted() string {
	if d.Headline != "" {
		return "“" + d.Headline + "”"
	}
	return "(no headline) “" + firstWords(d.Opening, 6) + "”"
}

// DateText is the document's date, YYYY-MM-DD, or "undated".
func (d *Document) DateText() string {
	if d.Date == 0 {
		return "undated"
	}
	return d.Date.String()
}

// Number is the document's number, the digits its file name starts with
// (001 for 001_e345968a194e8ad3.txt), or the whole name when it has none.
func (d *Document) Number() string {
	if i := strings.IndexByte(d.File, '_'); i > 0 {
		return d.File[:i]
	}
	return d.File
}

// Citation is the one-line citation of an event's source, for the panel,
// replay's text and the change log: its outlet and date as the ledger
// gives them, the document's title and its file name. A source with
// nothing is a hypothetical event's.
func (s Source) Citation() string {
	var parts []string
	if s.Outlet != "" {
		parts = append(parts, s.Outlet)
	}
	if s.Date != 0 {
		parts = append(parts, s.Date.Time().Format("2 Jan 2006"))
	}
	if s.Doc != nil {
		parts = append(parts, s.Doc.Quoted())
	}
	if s.Document != "" {
		parts = append(parts, s.Document)
	}
	if len(parts) == 0 {
		return "no source (hypothetical)"
	}
	return strings.Join(parts, ", ")
}

// Short is the document's number and the first n words of its title, in
// quotes (001 “Iran pledges support…”), for a line that names several
// documents; n < 1 gives the number alone.
func (d *Document) Short(n int) string {
	if n < 1 {
		return d.Number()
	}
	t := d.Headline
	if t == "" {
		t = d.Opening
	}
	return d.Number() + " “" + firstWords(t, n) + "”"
}

// firstWords is the first n words of t, with … when it cuts.
func firstWords(t string, n int) string {
	words := strings.Fields(t)
	if len(words) <= n {
		return t
	}
	return strings.TrimRight(strings.Join(words[:n], " "), ",;:") + "…"
}

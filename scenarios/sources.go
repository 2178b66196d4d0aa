package scenarios

import (
	"fmt"
	"strings"

	"github.com/frontline-sim/frontline/sim"
)

// documents is the table of the source documents the built-in scenario
// cites (the files of shared/seeds), each as it gives itself: its own
// headline, the outlets and agencies it names, its own date and its
// opening words. TestDocumentsAreTheFiles checks every field against the
// files; docs/sources.md is written from this table (SourcesMarkdown) and
// TestSourcesDoc keeps the two in step. No field is looked up elsewhere:
// there is no URL, because no document gives one.
var documents = []sim.Document{
	{
		File:    "000_dff895b4a065181a.txt",
		Outlets: []string{"Syrian Observatory for Human Rights (SOHR)", "US Central Command (CENTCOM)"},
		Opening: "International Coalition warplanes overnight Monday targeted sites belonging to the Iranian militias",
		Note:    "No headline, byline or date. It quotes a CENTCOM statement of Nov. 26 and reports the offensive up to “over the weekend” after Friday 29 November 2024.",
	},
	{
		File:     "001_e345968a194e8ad3.txt",
		Headline: "Iran pledges support for Syria's Assad as rebels advance after taking Aleppo",
		Outlets:  []string{"AP", "Syrian Observatory for Human Rights", "France 24", "Sham FM", "Al Mayadeen TV", "SANA", "White Helmets", "iNEWS UK", "AFP", "Reuters"},
		Date:     sim.MustDate("2024-12-01"),
		Opening:  "Russian air strikes targeted Syrian insurgents on Sunday and Iran pledged to “firmly support” the regime in Damascus",
		Note:     "A blog post of Sunday, December 01, 2024 that gathers reports of 29 November to 1 December from France 24, AP, iNEWS UK, AFP and Reuters; each event cites the report it rests on.",
	},
	{
		File:    "002_67b2850a9ad6994d.txt",
		Outlets: []string{"White Helmets"},
		Date:    sim.MustDate("2024-12-04"),
		Opening: "Syrian rebels intensified their offensive against the Assad regime, advancing toward Hama City",
		Note:    "No headline and no outlet: it opens with “date 2024-12-04”, cites military sources affiliated with the rebels and, for the dead, the White Helmets.",
	},
	{
		File:     "003_e40010e4dce9fb33.txt",
		Headline: "Syria: Rebel offensive on Aleppo intensifies, resulting in 130 deaths",
		Outlets:  []string{"Syrian Observatory for Human Rights", "SNN"},
		Opening:  "In one of the most severe outbreaks of violence in recent years, rebel forces in Syria have captured an army base",
		Note:     "Undated; the offensive it reports was “launched late Wednesday”, 27 November 2024.",
	},
	{
		File:     "004_18d87b238d17ccc5.txt",
		Headline: "Syrian rebels blaze towards Aleppo in shock offensive",
		Outlets:  []string{"MiddleEastEye", "SNN"},
		Opening:  "Syrian rebels have seized “highly strategic” areas in a shock offensive that is blazing its way towards the city of Aleppo",
		Note:     "Undated; it reports the offensive launched “On November 27th” and what it took “within a day”, and ends with the name MiddleEastEye.",
	},
}

// Documents returns the table of source documents, in file order. The
// entries are shared: do not change them.
func Documents() []*sim.Document {
	out := make([]*sim.Document, len(documents))
	for i := range documents {
		out[i] = &documents[i]
	}
	return out
}

// DocumentByFile returns the table's entry for a document's file name, or
// nil when the table has none (a user's own document).
func DocumentByFile(file string) *sim.Document {
	for i := range documents {
		if documents[i].File == file {
			return &documents[i]
		}
	}
	return nil
}

// SourcesMarkdown is docs/sources.md: the table of documents for a reader.
func SourcesMarkdown() []byte {
	var b strings.Builder
	// In the intro, ¦ stands for a backquote, which a raw string cannot hold.
	intro := strings.ReplaceAll(`# The source documents

Every event of the built-in scenario cites one of these %d documents by
its file name (the ¦document¦ of ¦frontline replay¦, the change log and
the GeoJSON). Each row gives the document as it gives itself: its own
headline, the outlets and agencies it names, its own date and its opening
words. None gives a URL, so none is listed. The viewer's panel, ¦replay¦'s
text and JSON (¦source.title¦, ¦source.outlets¦), the CSV
(¦source_title¦, ¦source_outlet¦), the GeoJSON and the exports' credit
line (by number: 000, 001, …) carry the same fields.

This page is generated from the table in ¦scenarios/sources.go¦
(¦go test ./scenarios -run TestSourcesDoc -update¦), and
¦TestDocumentsAreTheFiles¦ checks each field against the files.

| file | headline | outlets and agencies named | date | opening words |
| --- | --- | --- | --- | --- |
`, "¦", "`")
	fmt.Fprintf(&b, intro, len(documents))
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, d := range Documents() {
		h := d.Headline
		if h == "" {
			h = "*(none)*"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s… |\n", d.File, cell(h), cell(strings.Join(d.Outlets, ", ")), d.DateText(), cell(d.Opening))
	}
	b.WriteString("\n## Notes\n\n")
	for _, d := range Documents() {
		fmt.Fprintf(&b, "- `%s`: %s\n", d.File, d.Note)
	}
	return []byte(b.String())
}

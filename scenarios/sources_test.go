package scenarios_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/scenarios"
)

// seedsDir is where the source documents are: $FRONTLINE_SEEDS, or
// ../shared/seeds beside the repository.
func seedsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("FRONTLINE_SEEDS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "seeds")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("source documents not found at %s (set FRONTLINE_SEEDS)", dir)
	}
	return dir
}

var (
	space = regexp.MustCompile(`\s+`)
	quote = strings.NewReplacer("“", `"`, "”", `"`, "’", "'", "‘", "'")
)

func normText(s string) string { return space.ReplaceAllString(quote.Replace(s), " ") }

// TestDocumentsAreTheFiles checks each entry of the table of sources
// against its file: the headline is the file's first line, the opening
// words start its text (after the headline or a date line), the date and
// every outlet are written in it, and every document the built-in cites
// has an entry.
func TestDocumentsAreTheFiles(t *testing.T) {
	dir := seedsDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no documents in %s: %v", dir, err)
	}
	docs := scenarios.Documents()
	if len(docs) != len(files) {
		t.Errorf("the table has %d documents, %s has %d", len(docs), dir, len(files))
	}
	for _, d := range docs {
		b, err := os.ReadFile(filepath.Join(dir, d.File))
		if err != nil {
			t.Errorf("%s: %v", d.File, err)
			continue
		}
		text := normText(string(b))
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if d.Headline != "" && !strings.Contains(strings.Join(lines[:min(3, len(lines))], "\n"), d.Headline) {
			t.Errorf("%s: headline %q is not among the first lines", d.File, d.Headline)
		}
		if i := strings.Index(text, normText(d.Opening)); i < 0 || i > 200 {
			t.Errorf("%s: opening words %q not found near the start (at %d)", d.File, d.Opening, i)
		}
		if d.Date != 0 {
			long := d.Date.Time().Format("January 02, 2006")
			if !strings.Contains(text, d.Date.String()) && !strings.Contains(text, long) {
				t.Errorf("%s: date %s (%s) is not written in it", d.File, d.Date, long)
			}
		}
		for _, o := range d.Outlets {
			name := strings.TrimSpace(strings.SplitN(o, " (", 2)[0])
			if !strings.Contains(strings.ToLower(text), strings.ToLower(name)) {
				t.Errorf("%s: outlet %q is not named in it", d.File, name)
			}
		}
		if d.Note == "" {
			t.Errorf("%s: no note", d.File)
		}
	}
}

func TestBuiltinCitesOnlyTabledDocuments(t *testing.T) {
	tl := replayBuiltin(t)
	for _, e := range tl.Scenario.Events {
		if e.Source.Doc == nil || e.Source.Doc.File != e.Source.Document {
			t.Errorf("event %s cites %s, which has no entry in the table of sources", e.ID, e.Source.Document)
		}
	}
}

// TestSourcesDoc keeps docs/sources.md in step with the table; -update
// rewrites it.
func TestSourcesDoc(t *testing.T) {
	path := filepath.Join("..", "docs", "sources.md")
	got := scenarios.SourcesMarkdown()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/sources.md is out of step with scenarios/sources.go; run go test ./scenarios -run TestSourcesDoc -update")
	}
}

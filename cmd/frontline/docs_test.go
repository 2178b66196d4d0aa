package main

import (
	"github.com/frontline-sim/frontline/internal/race"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
)

// docFiles are the documents whose transcripts and figures are tested.
var docFiles = []string{"README.md", "docs/scenarios.md", "docs/sweep.md", "docs/replay-json.md", "docs/performance.md", "docs/data.md", "docs/model.md", "docs/viewer.md"}

var transcript = regexp.MustCompile("(?m)^```\\n\\$ frontline ([^\\n]*)\\n((?s:.*?))^```")

// TestDocTranscripts runs every "$ frontline …" block of the docs, from
// the repository root, and checks that the lines it shows appear in the
// output (stdout, then stderr) in the same order. A line "[… …]" stands
// for lines left out. So no transcript can show a stale count or line.
func TestDocTranscripts(t *testing.T) {
	if race.Enabled {
		t.Skip("runs the docs' sweeps and simulations; make test runs it without -race")
	}
	t.Chdir("../..")
	n := 0
	for _, doc := range docFiles {
		data, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range transcript.FindAllStringSubmatch(string(data), -1) {
			n++
			args := strings.Fields(m[1])
			_, out, errs := runCmd(t, args...)
			got := strings.Split(out+errs, "\n")
			i := 0
			for _, want := range strings.Split(strings.TrimRight(m[2], "\n"), "\n") {
				if strings.HasPrefix(want, "[…") {
					continue
				}
				for i < len(got) && got[i] != want {
					i++
				}
				if i == len(got) {
					t.Errorf("%s: 'frontline %s' does not print, in this order:\n%s\n\nit prints:\n%s", doc, m[1], want, out+errs)
					break
				}
				i++
			}
		}
	}
	if n < 4 {
		t.Errorf("found %d transcripts; the docs have at least 4", n)
	}
}

// TestDocFigures checks the counts the docs give in prose against the
// built-in data. Rewording one of these sentences means updating its
// pattern here.
func TestDocFigures(t *testing.T) {
	a := geo.MustDefault()
	s, err := scenarios.Default(a)
	if err != nil {
		t.Fatal(err)
	}
	places, segs, roads, events := len(a.Places()), len(a.Segments()), len(a.Roads()), len(s.Events)
	tests := []struct {
		doc, pattern string
		want         []int
	}{
		{"docs/replay-json.md", `three of the (\d+) places, three of the (\d+) road segments`, []int{places, segs}},
		{"docs/performance.md", `built-in atlas \((\d+) places, (\d+) segments\)`, []int{places, segs}},
		{"docs/performance.md", "replay `offensive-2024`: 9 days, (\\d+) events", []int{events}},
		{"docs/data.md", `it has (\d+) places and (\d+) road\s+rows`, []int{places, roads}},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join("..", "..", tt.doc))
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(tt.pattern).FindStringSubmatch(string(data))
		if m == nil {
			t.Errorf("%s no longer says %q; update the sentence or this test", tt.doc, tt.pattern)
			continue
		}
		for i, w := range tt.want {
			if got, _ := strconv.Atoi(m[i+1]); got != w {
				t.Errorf("%s says %q with %d; the code has %d", tt.doc, m[0], got, w)
			}
		}
	}
}

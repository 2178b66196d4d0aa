package render

import (
	"testing"
)

// TestFindSuggests: the find box suggests places as a name is typed
// (geo.Atlas.Complete), ↓ picks the next, and Enter goes to the one
// picked; a name near nothing says so.
func TestFindSuggests(t *testing.T) {
	tl := builtinTimeline(t)
	g := NewGame(tl, Options{})
	g.relayout(1280, 720)
	g.searching = true
	for _, c := range "kh" {
		g.searchEdit(string(c), findNone)
	}
	if len(g.suggest) < 2 || g.suggest[0].ID != "khan-sheikhoun" {
		t.Fatalf("typing kh suggests %v, want Khan Sheikhoun first", g.suggest)
	}
	second := g.suggest[1].ID
	g.searchEdit("", findDown)
	g.searchEdit("", findGo)
	if i, _ := tl.Graph.Atlas.Index(second); g.searching || g.pinned != i {
		t.Errorf("↓ then Enter: searching %v, pinned %d, want %s (%d) pinned", g.searching, g.pinned, second, i)
	}

	g.searching, g.query, g.suggest = true, "", nil
	g.searchEdit("Hmoss", findNone) // a typo
	if len(g.suggest) != 1 || g.suggest[0].ID != "homs" {
		t.Errorf("Hmoss suggests %v, want Homs", g.suggest)
	}
	g.searchEdit("", findBack)
	if g.query != "Hmos" {
		t.Errorf("Backspace leaves %q", g.query)
	}
	g.searchEdit("qqqq", findGo)
	if !g.searching || len(g.suggest) != 0 || g.searchMsg == "" {
		t.Errorf("a name near nothing: searching %v, suggestions %v, message %q", g.searching, g.suggest, g.searchMsg)
	}
}

package render

import (
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
)

// TestPanelLayout lays out the captions panel as plain data, without
// painting: the day's date first; one entry a click goes to per event,
// top to bottom without overlap, each naming its place (a road by its
// first end); a scroll
// past the end kept within the content; and a pinned place's history
// with no entries to click.
func TestPanelLayout(t *testing.T) {
	tl := builtinTimeline(t)
	day := sim.MustDate("2024-11-29")
	g := NewGame(tl, Options{Day: day})
	g.relayout(1600, 900)
	page := g.layoutPanel()
	if len(page.items) == 0 || page.items[0].text != scene.LongDate(day) {
		t.Fatalf("the panel opens on %+v, want the date", page.items[:min(1, len(page.items))])
	}
	d := tl.Days[tl.Index(day)]
	if len(page.hits) != len(d.Events) {
		t.Fatalf("%d entries for %d events", len(page.hits), len(d.Events))
	}
	r := g.lay.Panel
	for k, h := range page.hits {
		if h.r.X != r.X || h.r.W != r.W || h.r.H <= 0 {
			t.Errorf("entry %d at %+v, not across the panel %+v", k, h.r, r)
		}
		if k > 0 && h.r.Y < page.hits[k-1].r.Y+page.hits[k-1].r.H {
			t.Errorf("entry %d (%+v) overlaps the one above (%+v)", k, h.r, page.hits[k-1].r)
		}
		pl, ok := tl.Graph.Atlas.Place(h.place)
		if !ok {
			t.Errorf("entry %d goes to %q, not a place", k, h.place)
			continue
		}
		found := false
		for _, it := range page.items {
			inside := it.y+r.Y >= h.r.Y && it.y+r.Y < h.r.Y+h.r.H
			if it.kind == itemText && inside && strings.Contains(it.text, pl.Name) {
				found = true
			}
		}
		if !found && h.r.Y+h.r.H < r.Y+r.H {
			t.Errorf("entry %d (%s) does not name its place", k, pl.Name)
		}
	}

	g.panelScroll = 1e6
	if s := g.layoutPanel().scroll; s >= 1e6 || s < 0 {
		t.Errorf("a scroll past the end is kept at %v", s)
	}

	g.panelScroll = 0
	i, _ := tl.Graph.Atlas.Index("saraqib")
	g.pinned = i
	page = g.layoutPanel()
	if len(page.hits) != 0 || len(page.items) == 0 || page.items[0].text != tl.Graph.Atlas.Places()[i].Name {
		t.Errorf("Saraqib pinned: %d entries, first item %+v", len(page.hits), page.items[:min(1, len(page.items))])
	}
}

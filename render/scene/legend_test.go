package scene

import (
	"fmt"
	"testing"
)

// drawnKinds derives from a scene's own primitives the symbols it draws
// that can be read off them: its place shapes, rings and halos, and
// whether it fills any land.
func drawnKinds(s *Scene) (shapes map[Shape]bool, rings map[SymbolKind]bool, land bool) {
	shapes, rings = map[Shape]bool{}, map[SymbolKind]bool{}
	for _, m := range s.Markers {
		shapes[m.Shape] = true
		switch {
		case m.HasRing && m.RingDashed:
			rings[SymClaimed] = true
		case m.HasRing:
			rings[SymContested] = true
		}
		if m.Highlight {
			rings[SymChanged] = true
		}
	}
	for _, l := range s.Layers {
		if l.Name == LayerTerritory && len(l.Fills) > 0 {
			land = true
		}
	}
	return shapes, rings, land
}

// TestLegendListsWhatIsDrawn: for a replay day, a roads-only story step
// and a simulated day, the legend's rows hold exactly the scene's
// symbols, and those agree with the scene's primitives.
func TestLegendListsWhatIsDrawn(t *testing.T) {
	tl := builtinTimeline(t)
	m := Rect{W: 1280, H: 720}
	type tc struct {
		name string
		b    *Builder
		f    Frame
	}
	var cases []tc
	rb := NewBuilder(tl)
	for _, d := range []string{"2024-11-26", "2024-11-30", "2024-12-04"} {
		cases = append(cases, tc{"replay " + d, rb, Settled(dayIndex(t, tl, d), StartView(tl.Graph.Atlas, m, 1, "hama", 2.2))})
	}
	if st := tl.Scenario.Story.Steps; len(st) >= 6 {
		f := Settled(max(0, tl.Index(st[5].Day)), StartView(tl.Graph.Atlas, m, 1, "aleppo", 2))
		f.Show, f.Highlight = ShowLayers(st[5].Layers), st[5].Highlight
		cases = append(cases, tc{"story step 6", rb, f})
	}
	sb := NewBuilder(tl)
	sb.Sim = testSim(tl, 5)
	cases = append(cases, tc{"simulated day", sb, Settled(3, FitSyria(m, 1))})
	for _, c := range cases {
		s := c.b.Build(c.f)
		if got, want := fmt.Sprint(c.b.Symbols(c.f)), fmt.Sprint(s.Symbols); got != want {
			t.Fatalf("%s: Symbols %s, Build drew %s", c.name, got, want)
		}
		var listed []Symbol
		for _, r := range c.b.LegendRows(s.Symbols) {
			listed = append(listed, r.Symbols...)
		}
		if got, want := fmt.Sprint(listed), fmt.Sprint(s.Symbols); got != want {
			t.Errorf("%s: the legend lists %s, the map draws %s", c.name, got, want)
		}
		shapes, rings, land := drawnKinds(s)
		has := map[SymbolKind]int{}
		for _, sym := range s.Symbols {
			has[sym.Kind]++
			if sym.Kind == SymPlace && !shapes[sym.Shape] {
				t.Errorf("%s: the legend lists shape %d, which no place has", c.name, sym.Shape)
			}
		}
		if has[SymPlace] != len(shapes) {
			t.Errorf("%s: %d shapes listed, %d drawn", c.name, has[SymPlace], len(shapes))
		}
		for _, k := range []SymbolKind{SymClaimed, SymContested, SymChanged} {
			if (has[k] > 0) != rings[k] {
				t.Errorf("%s: kind %d listed %v, drawn %v", c.name, k, has[k] > 0, rings[k])
			}
		}
		if (has[SymTerritory] > 0) != land {
			t.Errorf("%s: territory listed %v, drawn %v", c.name, has[SymTerritory] > 0, land)
		}
		if !c.f.Show.Territory && (has[SymTerritory] > 0 || has[SymFront] > 0 || has[SymShade] > 0) {
			t.Errorf("%s: roads only, but the legend lists territory: %v", c.name, s.Symbols)
		}
		if (has[SymStoryRing] > 0) != (len(c.f.Highlight) > 0) {
			t.Errorf("%s: story ring listed %v with %d highlighted", c.name, has[SymStoryRing] > 0, len(c.f.Highlight))
		}
	}
}

// TestShadeSwatchTints: a simulation's likelihood swatches are drawn in
// each side's own tint, one part per side shaded in the band, not grey.
func TestShadeSwatchTints(t *testing.T) {
	tl := builtinTimeline(t)
	b := NewBuilder(tl)
	b.Sim = testSim(tl, 5)
	m := Rect{W: 1280, H: 720}
	fs := tl.Scenario.Factions
	syms := b.MergeSymbols([]Symbol{{Kind: SymShade, Faction: fs[0].ID, Band: 6}, {Kind: SymShade, Faction: fs[1].ID, Band: 6}, {Kind: SymShade, Faction: fs[1].ID, Band: 4}})
	rows, sws := b.LegendSwatches(syms, m, 1)
	o := b.ChromeWith(3, FitSyria(m, 1), 1, ChromeLegend, syms)
	n := 0
	for k, r := range rows {
		if r.Title || r.Symbols[0].Kind != SymShade {
			continue
		}
		w := sws[k].W / float64(len(r.Symbols))
		for j, sh := range r.Symbols {
			want := ShadeSwatch(b.Colour(sh.Faction), sh.Band)
			part := Rect{sws[k].X + float64(j)*w, sws[k].Y, w, sws[k].H}
			if want == Over(WithAlpha(MutedInk, ShadeOpacity(sh.Band)), SyriaColour) {
				t.Errorf("row %q: %s's swatch is grey", r.Text, sh.Faction)
			}
			found := false
			for _, bx := range o.Boxes {
				if bx.R == part && bx.Fill == want {
					found = true
				}
			}
			if !found {
				t.Errorf("row %q: no swatch of %s in %v", r.Text, sh.Faction, want)
			}
			n++
		}
	}
	if n != 3 {
		t.Fatalf("%d likelihood swatches, want 3", n)
	}
}

// TestLegendColumns: a legend of every kind of row (a compare's) goes into
// columns where one would be taller than legendTall of the map, keeps
// within the map, no column ends on a title, and every swatch and text
// lies in its box; a short legend stays in one column at full size.
func TestLegendColumns(t *testing.T) {
	tl := builtinTimeline(t)
	b := NewBuilder(tl)
	var syms []Symbol
	for _, f := range tl.Scenario.Factions {
		syms = append(syms, Symbol{Kind: SymTerritory, Faction: f.ID}, Symbol{Kind: SymShade, Faction: f.ID, Band: 6}, Symbol{Kind: SymShade, Faction: f.ID, Band: 4})
	}
	for k := SymPlace; k <= SymStoryRing; k++ {
		syms = append(syms, Symbol{Kind: k})
	}
	syms = b.MergeSymbols(syms)
	for _, m := range []Rect{{W: 800, H: 450}, {W: 1280, H: 720}, {W: 922, H: 642}} {
		rows := b.LegendRows(syms)
		l := b.layoutLegend(rows, m, 1)
		if l.box.X < 0 || l.box.Y < 0 || l.box.H > legendTall*m.H+1 && l.zoom > legendMinZoom {
			t.Errorf("%vx%v: the legend %+v at zoom %.2f", m.W, m.H, l.box, l.zoom)
		}
		cols := map[float64]bool{}
		for k, r := range rows {
			cols[l.x[k]] = true
			last := k+1 == len(rows) || l.x[k+1] != l.x[k]
			if r.Title && last {
				t.Errorf("%vx%v: the column ends on the title %q", m.W, m.H, r.Text)
			}
			right := l.x[k] + TextWidth(r.Text, l.size, r.Title)
			if !r.Title {
				right += 38 * l.zoom
			}
			if right > l.box.X+l.box.W || l.y[k]+l.row > l.box.Y+l.box.H {
				t.Errorf("%vx%v: row %q runs out of the box %+v", m.W, m.H, r.Text, l.box)
			}
		}
		if len(cols) < 2 {
			t.Errorf("%vx%v: %d rows in one column", m.W, m.H, len(rows))
		}
	}
	short := b.MergeSymbols([]Symbol{{Kind: SymFront}, {Kind: SymRoadOther}})
	if l := b.layoutLegend(b.LegendRows(short), Rect{W: 800, H: 450}, 1); l.zoom != 1 || len(l.x) != 2 || l.x[0] != l.x[1] {
		t.Errorf("a short legend: %+v", l)
	}
}

package scene

import (
	"fmt"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
)

// TestActionFraming: the default view of a day frames where the news is:
// 11-26 the road from Saraqib to Aleppo (the next days' changes), 11-30
// Aleppo down to Hama, 12-04 the Hama front and not the SDF's villages
// across the Euphrates the same day; and at a scale where towns are
// named.
func TestActionFraming(t *testing.T) {
	tl := builtinTimeline(t)
	a := tl.Graph.Atlas
	for _, tc := range []struct {
		day     string
		in, out []string
	}{
		{"2024-11-26", []string{"aleppo", "saraqib"}, []string{"hama", "deir-ez-zor"}},
		{"2024-11-30", []string{"aleppo", "saraqib", "maarat-al-numan", "hama"}, []string{"homs", "deir-ez-zor"}},
		{"2024-12-04", []string{"hama", "halfaya", "taybat-al-imam", "rahbat-khattab"}, []string{"aleppo", "hatla", "deir-ez-zor"}},
	} {
		i := dayIndex(t, tl, tc.day)
		for _, m := range []Rect{{0, 0, 1280, 720}, NewLayout(1280, 720, true, false).Map, {0, 0, 1600, 900}, NewLayout(1600, 900, true, false).Map} {
			v := Framing{}.OnAction(tl, i, i).View(a, m, m, 1)
			vb := v.Bounds()
			for _, id := range tc.in {
				p, _ := a.Place(id)
				if !vb.Contains(p.Point) {
					t.Errorf("%s at %gx%g: %s is off the map %v", tc.day, m.W, m.H, id, vb)
				}
			}
			for _, id := range tc.out {
				p, _ := a.Place(id)
				if vb.Contains(p.Point) {
					t.Errorf("%s at %gx%g: %s is on the map; want the view on the action", tc.day, m.W, m.H, id)
				}
			}
			if show, _ := labelRule(placeOf(t, tl, "saraqib"), v.Scale); !show {
				t.Errorf("%s at %gx%g: scale %.2f px/km names no towns", tc.day, m.W, m.H, v.Scale)
			}
		}
	}
	// Anything asked for wins over the action: a focus, Syria, a zoom.
	i := dayIndex(t, tl, "2024-12-04")
	m := Rect{0, 0, 1600, 900}
	for _, fr := range []Framing{{Focus: FocusSyria}, {Focus: "aleppo"}, {Zoom: 2}, {HasBox: true, Box: NorthWestBound}} {
		want := fr.View(a, m, m, 1)
		if got := fr.OnAction(tl, i, i).View(a, m, m, 1); got != want {
			t.Errorf("%+v: the action moved the view asked for: %+v, want %+v", fr, got, want)
		}
	}
	if got, want := (Framing{Focus: FocusSyria}).View(a, m, m, 1), FitSyria(m, 1); got != want {
		t.Errorf("focus syria: %+v, want all of Syria %+v", got, want)
	}
}

// TestDefaultFramingLabels: at the default framing of every day, at
// 1280×720 and 1600×900 (the viewer's map beside its panel, and an
// export's whole picture), no label overlaps another, a symbol other than
// its own place's, or the chrome.
func TestDefaultFramingLabels(t *testing.T) {
	tl := builtinTimeline(t)
	b := NewBuilder(tl)
	for _, size := range [][2]int{{1280, 720}, {1600, 900}} {
		for _, panel := range []bool{true, false} {
			m := NewLayout(size[0], size[1], panel, false).Map
			if !panel {
				m = Rect{0, 0, float64(size[0]), float64(size[1])}
			}
			for i := range tl.Days {
				name := fmt.Sprintf("%dx%d panel=%v %s", size[0], size[1], panel, tl.Days[i].Date)
				v := Framing{}.OnAction(tl, i, i).View(tl.Graph.Atlas, m, m, 1)
				f := Settled(i, v)
				f.Avoid = b.ChromeAvoid(i, v, 1)
				s := b.Build(f)
				checkLabelBoxes(t, name, s, f.Avoid)
			}
		}
	}
}

// checkLabelBoxes fails for a label of s that overlaps another label, a
// marker of another place, or one of the chrome's boxes.
func checkLabelBoxes(t *testing.T, name string, s *Scene, chrome []Rect) {
	t.Helper()
	for x, l := range s.Labels {
		for _, c := range chrome {
			if l.Box.Overlaps(c) {
				t.Errorf("%s: label %q under the chrome %+v", name, l.Text, c)
			}
		}
		for _, o := range s.Labels[x+1:] {
			if l.Box.Overlaps(o.Box) {
				t.Errorf("%s: labels %q and %q overlap", name, l.Text, o.Text)
			}
		}
		for _, mk := range s.Markers {
			if mk.Place != l.Place && MarkerBox(mk).Inset(1).Overlaps(l.Box) {
				t.Errorf("%s: label %q covers the symbol of place %d", name, l.Text, mk.Place)
			}
		}
	}
}

func placeOf(t *testing.T, tl *sim.Timeline, id string) geo.Place {
	t.Helper()
	p, ok := tl.Graph.Atlas.Place(id)
	if !ok {
		t.Fatalf("no place %s", id)
	}
	return p
}

// TestCompareFraming: a compare is framed on the places its what-if moves,
// the weightiest theatre of them (importance times the change), whatever
// the day's action; with no place moved it falls back to the action.
func TestCompareFraming(t *testing.T) {
	tl := builtinTimeline(t)
	a := tl.Graph.Atlas
	d := dayIndex(t, tl, "2024-11-26") // the action: Aleppo to Saraqib
	moved := func(changes map[string]float64) *Compared {
		days := make([][]Change, len(tl.Days))
		for k := range days {
			days[k] = make([]Change, len(a.Places()))
			for i := range days[k] {
				days[k][i].Held = sim.PairedPlace{Place: i}
			}
		}
		for id, dp := range changes {
			i := mustIndex(t, tl, id)
			days[d][i].Held = sim.PairedPlace{Place: i, Diff: dp, HalfWidth: 0.02}
		}
		return &Compared{A: tl, B: tl, Diff: &SimCompare{Days: days}}
	}
	m := Rect{W: 1280, H: 720}
	for _, tc := range []struct {
		name    string
		changes map[string]float64
		in, out []string
	}{
		{"the Hama front outweighs a small change far east", map[string]float64{"hama": -0.3, "salamiyah": -0.2, "deir-ez-zor": 0.06},
			[]string{"hama", "salamiyah"}, []string{"deir-ez-zor", "aleppo"}},
		{"a city's large change outweighs villages' small ones", map[string]float64{"homs": 0.4, "taybat-al-imam": 0.06, "halfaya": 0.06},
			[]string{"homs"}, []string{"aleppo", "deir-ez-zor"}},
		{"changes under MinChange frame the action", map[string]float64{"homs": 0.01},
			[]string{"aleppo", "saraqib"}, []string{"homs", "deir-ez-zor"}},
	} {
		vb := Framing{}.OnCompare(moved(tc.changes), d, d).View(a, m, m, 1).Bounds()
		for _, id := range tc.in {
			if !vb.Contains(placeOf(t, tl, id).Point) {
				t.Errorf("%s: %s is off the map %v", tc.name, id, vb)
			}
		}
		for _, id := range tc.out {
			if vb.Contains(placeOf(t, tl, id).Point) {
				t.Errorf("%s: %s is on the map; want the view on what the what-if moves", tc.name, id)
			}
		}
	}
	if _, ok := CompareBound(moved(nil), d, d); ok {
		t.Error("CompareBound of a compare that moves nothing: ok, want false")
	}
}

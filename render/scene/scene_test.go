package scene

import (
	"math"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
)

func builtinTimeline(t testing.TB) *sim.Timeline {
	t.Helper()
	tl, err := scenarios.Replay(scenarios.DefaultID, geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

func dayIndex(t testing.TB, tl *sim.Timeline, date string) int {
	i := tl.Index(sim.MustDate(date))
	if i < 0 {
		t.Fatalf("no day %s", date)
	}
	return i
}

func TestViewRoundTrip(t *testing.T) {
	v := Fit(SyriaBound, Rect{10, 20, 1200, 800}, 24)
	for _, p := range []orb.Point{{37.16, 36.2}, {36.29, 33.51}, {40.14, 35.34}} {
		x, y := v.ToScreen(p)
		q := v.ToWorld(x, y)
		if math.Abs(q[0]-p[0]) > 1e-9 || math.Abs(q[1]-p[1]) > 1e-9 {
			t.Errorf("round trip %v → (%v, %v) → %v", p, x, y, q)
		}
	}
	// Zoom keeps the world point under the cursor.
	anchor := v.ToWorld(400, 300)
	z := v.Zoom(2.5, 400, 300)
	x, y := z.ToScreen(anchor)
	if math.Abs(x-400) > 1e-6 || math.Abs(y-300) > 1e-6 {
		t.Errorf("zoom moved the anchor to (%v, %v)", x, y)
	}
	if z.Scale != v.Scale*2.5 {
		t.Errorf("zoom scale %v, want %v", z.Scale, v.Scale*2.5)
	}
	// Pan follows the drag.
	p := v.Pan(30, -20)
	x2, y2 := p.ToScreen(anchor)
	if math.Abs(x2-430) > 1e-6 || math.Abs(y2-280) > 1e-6 {
		t.Errorf("pan put the anchor at (%v, %v), want (430, 280)", x2, y2)
	}
	// Fit shows the whole bound.
	b := v.Bounds()
	if !b.Contains(SyriaBound.Min) || !b.Contains(SyriaBound.Max) {
		t.Errorf("fit view %v does not contain %v", b, SyriaBound)
	}
}

func TestAleppoColours(t *testing.T) {
	tl := builtinTimeline(t)
	b := NewBuilder(tl)
	v := Fit(NorthWestBound, Rect{0, 0, 1200, 800}, 20)
	aleppo, _ := tl.Graph.Atlas.Index("aleppo")
	regime, hts := b.Colour("regime"), b.Colour("hts")
	tests := []struct {
		date      string
		fill      Pt
		want      any
		ring      bool
		ringColor any
	}{
		{"2024-11-28", Pt{}, regime, false, nil},
		{"2024-11-29", Pt{}, regime, true, hts}, // contested by HTS
		{"2024-11-30", Pt{}, hts, false, nil},
	}
	for _, tt := range tests {
		s := b.Build(Settled(dayIndex(t, tl, tt.date), v))
		m, ok := s.Marker(aleppo)
		if !ok {
			t.Fatalf("%s: no Aleppo marker", tt.date)
		}
		if m.Fill != tt.want {
			t.Errorf("%s: Aleppo fill %v, want %v", tt.date, m.Fill, tt.want)
		}
		if m.HasRing != tt.ring || (tt.ring && m.Ring != tt.ringColor) {
			t.Errorf("%s: Aleppo ring %v %v, want %v %v", tt.date, m.HasRing, m.Ring, tt.ring, tt.ringColor)
		}
	}
	// Half-way through the fade from 11-29 to 11-30 the colour is between.
	f := Settled(dayIndex(t, tl, "2024-11-29"), v)
	f.To, f.T = f.From+1, 0.5
	m, _ := b.Build(f).Marker(aleppo)
	if m.Fill == regime || m.Fill == hts || m.Fill != Mix(regime, hts, 0.5) {
		t.Errorf("mid-transition fill %v, want %v", m.Fill, Mix(regime, hts, 0.5))
	}
	// Hama is claimed, not taken: a dashed ring in the claimant's colour.
	hama, _ := tl.Graph.Atlas.Index("hama")
	m, _ = b.Build(Settled(dayIndex(t, tl, "2024-12-01"), v)).Marker(hama)
	if m.Fill != regime || !m.HasRing || !m.RingDashed || m.Ring != hts {
		t.Errorf("Hama on 12-01: %+v, want regime fill with a dashed HTS ring", m)
	}
}

// TestLabelsDoNotOverlap checks label placement on every day through
// several views.
func TestLabelsDoNotOverlap(t *testing.T) {
	tl := builtinTimeline(t)
	b := NewBuilder(tl)
	r := Rect{0, 0, 1152, 822}
	views := map[string]View{
		"syria":     Fit(SyriaBound, r, 24),
		"northwest": Fit(NorthWestBound, r, 24),
		"aleppo":    Fit(SyriaBound, r, 24).Zoom(8, 330, 220),
		"small":     Fit(SyriaBound, Rect{0, 0, 480, 320}, 10),
	}
	for name, v := range views {
		for i := range tl.Days {
			f := Settled(i, v)
			f.Avoid = []Rect{{14, 14, 300, 80}}
			s := b.Build(f)
			if len(s.Labels) == 0 {
				t.Errorf("%s day %d: no labels", name, i)
			}
			for x := range s.Labels {
				a := s.Labels[x]
				if a.Box.Overlaps(f.Avoid[0]) {
					t.Errorf("%s day %d: label %q under the date box", name, i, a.Text)
				}
				if !v.Rect.Contains(a.Box.X, a.Box.Y) || !v.Rect.Contains(a.Box.X+a.Box.W-1e-9, a.Box.Y+a.Box.H-1e-9) {
					t.Errorf("%s day %d: label %q off the map at %+v", name, i, a.Text, a.Box)
				}
				for y := x + 1; y < len(s.Labels); y++ {
					if c := s.Labels[y]; a.Box.Overlaps(c.Box) {
						t.Errorf("%s day %d: labels %q and %q overlap", name, i, a.Text, c.Text)
					}
				}
			}
		}
	}
	// The cities are always named at the whole-Syria view.
	s := b.Build(Settled(4, views["syria"]))
	named := map[string]bool{}
	for _, l := range s.Labels {
		named[l.Text] = true
	}
	for _, c := range []string{"Aleppo", "Damascus", "Homs", "Hama", "Idlib", "Deir ez-Zor"} {
		if !named[c] {
			t.Errorf("no label for %s at the whole-Syria view", c)
		}
	}
}

func TestHitTest(t *testing.T) {
	tl := builtinTimeline(t)
	b := NewBuilder(tl)
	v := Fit(NorthWestBound, Rect{0, 0, 1200, 800}, 20)
	s := b.Build(Settled(0, v))
	for _, id := range []string{"aleppo", "saraqib", "idlib", "hama"} {
		i, _ := tl.Graph.Atlas.Index(id)
		x, y := b.PlacePoint(v, i)
		if got := s.PlaceAt(x+2, y-1); got != i {
			t.Errorf("hover near %s hit %d, want %d", id, got, i)
		}
	}
	// The Mediterranean west of Latakia has no place.
	x, y := v.ToScreen(orb.Point{35.2, 35.2})
	if got := s.PlaceAt(x, y); got != -1 {
		t.Errorf("hover over the sea hit %d", got)
	}
}

func TestLayoutTimeline(t *testing.T) {
	l := NewLayout(1600, 900, true, false)
	for _, n := range []int{1, 2, 9} {
		for d := 0; d < n; d++ {
			if got := l.DayAt(l.DayX(float64(d), n), n); math.Abs(got-float64(d)) > 1e-9 {
				t.Errorf("n=%d: DayAt(DayX(%d)) = %v", n, d, got)
			}
		}
	}
	if l.Map.W+l.Panel.W != 1600 || l.Map.H+l.Timeline.H != 900 {
		t.Errorf("layout does not tile the window: %+v", l)
	}
	if NewLayout(600, 400, true, false).Panel.W != 0 {
		t.Error("a 600-pixel window should drop the panel")
	}
}

func TestHatchStaysInside(t *testing.T) {
	sq := RectPolygon(Rect{10, 10, 100, 60})
	for _, pat := range []string{"hatch", "backhatch", "cross", "vertical", "horizontal", "dots"} {
		ss := Hatch(sq, pat, 9, 1, InkColour)
		if len(ss) == 0 {
			t.Errorf("%s: no strokes", pat)
		}
		for _, s := range ss {
			for _, p := range s.Points {
				if p.X < 8.9 || p.X > 111.1 || p.Y < 8.9 || p.Y > 71.1 {
					t.Fatalf("%s: stroke point %v outside the square", pat, p)
				}
			}
		}
	}
	if Hatch(sq, "solid", 9, 1, InkColour) != nil {
		t.Error("solid has a pattern")
	}
}

func TestDash(t *testing.T) {
	line := []Pt{{0, 0}, {100, 0}}
	ds := Dash(line, 10, 5, 2, InkColour)
	if len(ds) != 7 {
		t.Fatalf("got %d dashes, want 7", len(ds))
	}
	for i, d := range ds {
		if x := d.Points[0].X; math.Abs(float64(x)-float64(i*15)) > 1e-4 {
			t.Errorf("dash %d starts at %v", i, x)
		}
	}
}

// synthetic returns a timeline over n random places in Syria's box with
// random roads between neighbours: the 5,000-place benchmark's map.
func synthetic(tb testing.TB, n int) *sim.Timeline {
	tb.Helper()
	base := geo.MustDefault()
	places := make([]geo.Place, n)
	state := uint64(1)
	rnd := func() float64 {
		state = state*6364136223846793005 + 1442695040888963407
		return float64(state>>11) / (1 << 53)
	}
	for i := range places {
		places[i] = geo.Place{ID: "p-" + itoa(i), Name: "Place " + itoa(i), Kind: geo.Town, Governorate: "G", Source: "synthetic",
			Point: orb.Point{36 + rnd()*6, 32.5 + rnd()*4.5}}
		if i%50 == 0 {
			places[i].Kind = geo.City
		}
	}
	var roads []geo.Road
	// A chain through every place: one link in ten is highway, as on a
	// real network.
	for i := 0; i+1 < n; i++ {
		r := geo.Road{Name: "local", Class: geo.Secondary, Places: []string{places[i].ID, places[i+1].ID}, Source: "synthetic"}
		if i%10 == 0 {
			r.Name, r.Class = "M5", geo.Motorway
		}
		roads = append(roads, r)
	}
	a, err := geo.NewAtlas(places, roads, base.Basemap())
	if err != nil {
		tb.Fatal(err)
	}
	initial := make([]string, n)
	for i := range initial {
		initial[i] = []string{"regime", "hts", "sdf"}[i%3]
	}
	s := &sim.Scenario{ID: "synthetic", Atlas: a, Start: sim.MustDate("2024-11-26"), End: sim.MustDate("2024-11-27"),
		Factions: []sim.Faction{{ID: "regime", Colour: "#D55E00", Pattern: "solid"}, {ID: "hts", Colour: "#009E73", Pattern: "hatch"}, {ID: "sdf", Colour: "#E6C300", Pattern: "vertical"}},
		Initial:  initial}
	tl, err := sim.Replay(s, sim.NewGraph(a), sim.NewTerritory(a))
	if err != nil {
		tb.Fatal(err)
	}
	return tl
}

func itoa(i int) string {
	const digits = "0123456789"
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{digits[i%10]}, b...)
	}
	return string(b)
}

func BenchmarkBuildScene(b *testing.B) {
	tl := builtinTimeline(b)
	bl := NewBuilder(tl)
	v := Fit(SyriaBound, Rect{0, 0, 1152, 822}, 24)
	f := Settled(4, v)
	f.To, f.T = 5, 0.5 // a frame mid-transition: the costliest kind
	b.ReportAllocs()
	for b.Loop() {
		bl.Build(f)
	}
}

func BenchmarkBuildScene5000(b *testing.B) {
	tl := synthetic(b, 5000)
	bl := NewBuilder(tl)
	v := Fit(SyriaBound, Rect{0, 0, 1152, 822}, 24)
	f := Settled(0, v)
	f.To, f.T = 1, 0.5
	b.ReportAllocs()
	for b.Loop() {
		bl.Build(f)
	}
}

// TestCutMarkVisible checks that no shield covers the cut mark of the M5
// on the day it is cut.
func TestCutMarkVisible(t *testing.T) {
	tl := builtinTimeline(t)
	b := NewBuilder(tl)
	v := Fit(NorthWestBound, Rect{0, 0, 1200, 800}, 20)
	s := b.Build(Settled(dayIndex(t, tl, "2024-11-28"), v))
	var marks []Stroke
	for _, l := range s.Layers {
		for _, st := range l.Strokes {
			if st.Colour == CutColour && st.Width == 3.5 {
				marks = append(marks, st)
			}
		}
	}
	if len(marks) == 0 {
		t.Fatal("no cut mark on 2024-11-28")
	}
	for _, m := range marks {
		for _, p := range m.Points {
			for _, l := range s.Labels {
				if l.Box.Contains(float64(p.X), float64(p.Y)) {
					t.Errorf("label %q covers the cut mark at %v", l.Text, p)
				}
			}
		}
	}
}

// A what-if says so on the map itself; the documented replay does not.
func TestWhatIfBanner(t *testing.T) {
	a := geo.MustDefault()
	for _, tt := range []struct {
		name string
		want bool
	}{{scenarios.DefaultID, false}, {"../../scenarios/testdata/aleppo-holds.yaml", true}} {
		tl, err := scenarios.Replay(tt.name, a)
		if err != nil {
			t.Fatal(err)
		}
		b := NewBuilder(tl)
		v := Fit(NorthWestBound, Rect{0, 0, 1200, 700}, 20)
		s := b.Build(Settled(0, v))
		found := false
		for _, l := range s.Labels {
			if strings.HasPrefix(l.Text, "WHAT-IF · ") {
				found = true
				if want := "WHAT-IF · " + tl.Scenario.Title; l.Text != want {
					t.Errorf("banner %q, want %q", l.Text, want)
				}
				for _, o := range s.Labels {
					if o.Text != l.Text && o.Box.Overlaps(l.Box) {
						t.Errorf("label %q covers the banner", o.Text)
					}
				}
			}
		}
		if found != tt.want {
			t.Errorf("%s: banner shown %v, want %v", tt.name, found, tt.want)
		}
	}
}

// The timeline labels as many days as fit: every day of nine, one a
// year of ten years, on a 1,000-pixel track.
func TestTimelineStep(t *testing.T) {
	for _, tt := range []struct {
		days int
		want int
	}{{9, 1}, {60, 7}, {365, 30}, {3653, 365}} {
		if got := TimelineStep(tt.days, 1000/float64(tt.days-1), 60); got != tt.want {
			t.Errorf("%d days: a label every %d days, want %d", tt.days, got, tt.want)
		}
	}
}

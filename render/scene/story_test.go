package scene

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestCompareNoteClear: compare mode's note of what differs keeps off the
// legend, the scale bar and the date box at every window size and text
// zoom, the viewer's 800×450 (a 480×372 map beside the panel) included.
func TestCompareNoteClear(t *testing.T) {
	tl := builtinTimeline(t)
	b := NewBuilder(tl)
	long := strings.Repeat("Aleppo: HTS left, REGIME right; ", 12)
	for _, tc := range []struct {
		w, h float64
		tz   float64
	}{{922, 642, 1}, {1280, 720, 1}, {640, 400, 1}, {1200, 620, PresentTextZoom}, {1920, 1000, 1}, {480, 372, 1}, {640, 282, 1}, {802, 358, 1}} {
		m := Rect{W: tc.w, H: tc.h}
		v := FitSyria(m, tc.tz)
		for i := range tl.Days {
			leg := b.LegendRect(b.DaySymbols(i, v, tc.tz), m, tc.tz)
			r, lines := CompareNote(tl, i, v, tc.tz, leg, []string{long}, 14*tc.tz)
			if len(lines) == 0 || r.W <= 0 || r.X < 0 || r.X+r.W > m.W || r.Y < 0 {
				t.Fatalf("%vx%v: note %+v with %d lines is off the map", tc.w, tc.h, r, len(lines))
			}
			for name, o := range map[string]Rect{"legend": leg, "scale bar": ScaleRect(v.Scale, m, tc.tz), "date box": DateRect(tl, i, m, tc.tz), "sides' names": CompareLabelBand(m, tc.tz)} {
				if r.Overlaps(o) {
					t.Errorf("%vx%v tz %v day %d: the note %+v overlaps the %s %+v", tc.w, tc.h, tc.tz, i, r, name, o)
				}
			}
		}
	}
}

// TestStoryCaptionClear: each step's caption box sits below the date box
// and above the scale bar, and its step's view is centred right of it.
func TestStoryCaptionClear(t *testing.T) {
	tl := builtinTimeline(t)
	m := Rect{W: 1280, H: 720}
	for k, st := range tl.Scenario.Story.Steps {
		day := tl.Index(st.Day)
		v := StoryView(tl, m, 1, k)
		r, labels := storyCaption(tl, k, day, m, 1)
		if len(labels) < 3 {
			t.Errorf("step %d: %d caption lines", k+1, len(labels))
		}
		if r.Overlaps(DateRect(tl, day, m, 1)) || r.Overlaps(ScaleRect(v.Scale, m, 1)) {
			t.Errorf("step %d: caption %+v overlaps the date box or the scale bar", k+1, r)
		}
		if st.Focus != "" {
			p, _ := tl.Graph.Atlas.Place(st.Focus)
			if x, _ := v.ToScreen(p.Point); x < r.X+r.W {
				t.Errorf("step %d: %s at x=%.0f is under the caption (right edge %.0f)", k+1, st.Focus, x, r.X+r.W)
			}
		}
	}
}

func TestFitText(t *testing.T) {
	long := "right: What if: Saraqib and the M4/M5 junction reinforced before the offensive"
	for _, w := range []float64{1000, 300, 120, 10} {
		got := FitText(long, 14, true, w)
		if TextWidth(got, 14, true) > w && got != "…" {
			t.Errorf("width %v: %q is %.0f wide", w, got, TextWidth(got, 14, true))
		}
		if w == 1000 && got != long {
			t.Errorf("width 1000: %q, want it whole", got)
		}
		if w == 300 && !strings.HasSuffix(got, "…") {
			t.Errorf("width 300: %q, want it cut with …", got)
		}
	}
}

// TestFraming: the one rule of focus and zoom that the viewer's links and
// steps and the exports share.
func TestFraming(t *testing.T) {
	tl := builtinTimeline(t)
	a := tl.Graph.Atlas
	m := Rect{W: 1000, H: 600}
	syria := FitSyria(m, 1)
	nw := Fit(NorthWestBound, m, 24).Scale
	aleppo, _ := a.Place("aleppo")
	box := orb.Bound{Min: orb.Point{36.5, 35.5}, Max: orb.Point{37.5, 36.5}}
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9*math.Max(1, math.Abs(y)) }
	tests := []struct {
		name   string
		fr     Framing
		center orb.Point
		scale  float64
	}{
		{"nothing: Syria", Framing{}, syria.Center, syria.Scale},
		{"a place: the north-west's scale", Framing{Focus: "aleppo"}, aleppo.Point, nw},
		{"a place and a zoom", Framing{Focus: "aleppo", Zoom: 3}, aleppo.Point, 3 * syria.Scale},
		{"an unknown place: Syria", Framing{Focus: "atlantis"}, syria.Center, syria.Scale},
		{"a point", Framing{Center: orb.Point{36, 35}, HasCenter: true}, orb.Point{36, 35}, syria.Scale},
		{"a point and a zoom", Framing{Center: orb.Point{36, 35}, HasCenter: true, Zoom: 2}, orb.Point{36, 35}, 2 * syria.Scale},
		{"a box", Framing{Box: box, HasBox: true, Focus: "aleppo"}, Fit(box, m, 24).Center, Fit(box, m, 24).Scale},
		{"a box and a zoom", Framing{Box: box, HasBox: true, Zoom: 4}, Fit(box, m, 24).Center, 4 * syria.Scale},
		{"a zoom past the limit", Framing{Zoom: 1e6}, syria.Center, MaxScale},
	}
	for _, tt := range tests {
		v := tt.fr.View(a, m, m, 1)
		if !near(v.Center[0], tt.center[0]) || !near(v.Center[1], tt.center[1]) || !near(v.Scale, tt.scale) || v.Rect != m {
			t.Errorf("%s: centre %v scale %g rect %v; want %v, %g and %v", tt.name, v.Center, v.Scale, v.Rect, tt.center, tt.scale, m)
		}
		if !tt.fr.HasBox && !tt.fr.HasCenter {
			if s := StartView(a, m, 1, tt.fr.Focus, tt.fr.Zoom); s != v {
				t.Errorf("%s: StartView %+v differs from the framing's %+v", tt.name, s, v)
			}
		}
	}
}

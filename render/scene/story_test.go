package scene

import (
	"strings"
	"testing"
)

// TestCompareNoteClear: compare mode's note of what differs keeps off the
// legend and the scale bar at every window size and text zoom.
func TestCompareNoteClear(t *testing.T) {
	tl := builtinTimeline(t)
	long := strings.Repeat("Aleppo: HTS left, REGIME right; ", 12)
	for _, tc := range []struct {
		w, h float64
		tz   float64
	}{{922, 642, 1}, {1280, 720, 1}, {640, 400, 1}, {1200, 620, PresentTextZoom}, {1920, 1000, 1}} {
		m := Rect{W: tc.w, H: tc.h}
		v := FitSyria(m, tc.tz)
		for i := range tl.Days {
			r, lines := CompareNote(tl, i, v, tc.tz, long, 14*tc.tz)
			if len(lines) == 0 || r.W <= 0 || r.X < 0 || r.X+r.W > m.W || r.Y < 0 {
				t.Fatalf("%vx%v: note %+v with %d lines is off the map", tc.w, tc.h, r, len(lines))
			}
			for name, o := range map[string]Rect{"legend": LegendRect(tl, i, m, tc.tz), "scale bar": ScaleRect(v.Scale, m, tc.tz)} {
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

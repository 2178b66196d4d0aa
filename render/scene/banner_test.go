package scene

import (
	"fmt"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/sim"
)

// testSim is a simulation over tl's days for layout tests: every place
// at 70%, the days from proj on projected.
func testSim(tl *sim.Timeline, proj int) *Sim {
	n := len(tl.Graph.Atlas.Places())
	p := make([]float64, n)
	for i := range p {
		p[i] = 0.7
	}
	s := &Sim{Title: tl.Scenario.Title, Runs: 100, Start: tl.Days[0].Date, LastDocumented: tl.Days[proj-1].Date}
	for i := range tl.Days {
		s.Days = append(s.Days, SimDay{P: p, Projected: i >= proj})
	}
	return s
}

// whatIf returns a copy of tl that is a what-if titled title.
func whatIf(tl *sim.Timeline, title string) *sim.Timeline {
	sc := *tl.Scenario
	sc.WhatIf, sc.Title = true, title
	out := *tl
	out.Scenario = &sc
	return &out
}

// banners returns the WHAT-IF and PROJECTED banners of a scene.
func banners(s *Scene) []Label {
	var out []Label
	for _, l := range s.Labels {
		if strings.HasPrefix(l.Text, "WHAT-IF") || strings.HasPrefix(l.Text, "PROJECTED") {
			out = append(out, l)
		}
	}
	return out
}

// TestBannersClearOfChrome: at every size from 640×360 up, in the viewer
// (the map beside the panel, above the timeline) and in an export (the
// map over the whole picture), at normal and presenter text, the
// PROJECTED banner of a simulated day and a what-if's WHAT-IF banner lie
// on the map, clear of the date box, the legend, the scale bar, the
// credit and each other.
func TestBannersClearOfChrome(t *testing.T) {
	base := builtinTimeline(t)
	const proj = 5
	long := "What if the regime had held Aleppo, Hama and Homs with Russian air support throughout December"
	sizes := [][2]int{{640, 360}, {720, 405}, {800, 450}, {854, 480}, {960, 540}, {1024, 576}, {1280, 720}, {1600, 900}, {1920, 1080}, {3840, 2160}, {800, 600}, {640, 480}}
	for _, tl := range []*sim.Timeline{base, whatIf(base, long)} {
		b := NewBuilder(tl)
		b.Sim = testSim(tl, proj)
		for _, sz := range sizes {
			for _, tz := range []float64{1, PresentTextZoom} {
				for _, where := range []string{"viewer", "export"} {
					name := fmt.Sprintf("%s %dx%d tz %.2f what-if %v", where, sz[0], sz[1], tz, tl.Scenario.WhatIf)
					m := Rect{W: float64(sz[0]), H: float64(sz[1])}
					if where == "viewer" {
						m = NewLayout(sz[0], sz[1], true, tz > 1).Map
					}
					v := StartView(tl.Graph.Atlas, m, tz, "hama", 2.2)
					for _, i := range []int{proj - 1, proj, len(tl.Days) - 1} {
						f := Settled(i, v)
						f.TextZoom = tz
						chrome := map[string]Rect{"date box": b.DateRect(i, m, tz), "legend": b.LegendRect(b.DaySymbols(i, v, tz), m, tz), "scale bar": ScaleRect(v.Scale, m, tz)}
						if where == "viewer" {
							f.Avoid = []Rect{chrome["date box"].Inset(-4), chrome["legend"].Inset(-4), chrome["scale bar"].Inset(-4)}
						} else {
							f.Avoid = b.ChromeAvoid(i, v, tz)
							if r, _, ok := b.creditRect(i, v, tz, b.DaySymbols(i, v, tz)); ok {
								chrome["credit"] = r
							}
						}
						bs := banners(b.Build(f))
						want := 0
						if tl.Scenario.WhatIf {
							want++
						}
						if i >= proj {
							want++
						}
						if len(bs) != want {
							t.Fatalf("%s day %d: %d banners, want %d", name, i, len(bs), want)
						}
						for k, l := range bs {
							r := l.Box
							if r.X < m.X || r.Y < m.Y || r.X+r.W > m.X+m.W || r.Y+r.H > m.Y+m.H {
								t.Errorf("%s day %d: banner %q %+v leaves the map %+v", name, i, l.Text, r, m)
							}
							for what, c := range chrome {
								if r.Overlaps(c) {
									t.Errorf("%s day %d: banner %q %+v overlaps the %s %+v", name, i, l.Text, r, what, c)
								}
							}
							for _, o := range bs[k+1:] {
								if r.Overlaps(o.Box) {
									t.Errorf("%s day %d: banners %q and %q overlap", name, i, l.Text, o.Text)
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestWhatIfBannerFitsItsHalf: side by side in compare mode, each map
// shows its middle half, and a what-if's banner, however long its title,
// fits that half, shortened with "…" when it must be.
func TestWhatIfBannerFitsItsHalf(t *testing.T) {
	base := builtinTimeline(t)
	tests := []struct {
		w, h    int
		title   string
		present bool
		cut     bool // the title is shortened
	}{
		{1280, 720, "What if: Aleppo holds", false, false},
		{1280, 720, "What if the regime had held Aleppo, Hama and Homs with Russian air support throughout December", false, true},
		{800, 450, "What if: Aleppo holds", false, true}, // a 480-pixel map beside the panel: 240 a half
		{800, 450, "What if the regime had held Aleppo, Hama and Homs with Russian air support", false, true},
		{1920, 1080, "What if the regime had held Aleppo, Hama and Homs with Russian air support throughout December", true, true},
		{640, 360, "What if: Aleppo holds", false, false}, // no panel: 320 a half
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%dx%d %q", tt.w, tt.h, tt.title)
		tl := whatIf(base, tt.title)
		b := NewBuilder(tl)
		lay := NewLayout(tt.w, tt.h, true, tt.present)
		m := lay.Map
		tz := 1.0
		if tt.present {
			tz = PresentTextZoom
		}
		// The right-hand map is drawn shifted left by a quarter of the
		// map: it shows its own middle half.
		half := Rect{m.X + m.W/4, m.Y, m.W / 2, m.H}
		f := Settled(0, FitSyria(m, tz))
		f.TextZoom = tz
		f.Banner = half
		bs := banners(b.Build(f))
		if len(bs) != 1 {
			t.Fatalf("%s: %d banners, want 1", name, len(bs))
		}
		l := bs[0]
		if r := l.Box; r.X < half.X || r.X+r.W > half.X+half.W {
			t.Errorf("%s: banner %+v leaves its half %+v", name, r, half)
		}
		if cut := strings.HasSuffix(l.Text, "…"); cut != tt.cut || !strings.HasPrefix(l.Text, "WHAT-IF · What") {
			t.Errorf("%s: banner %q; want it cut short: %v", name, l.Text, tt.cut)
		}
	}
}

// TestSimLegendFits: a simulation's legend, with its rows of likelihood,
// fits the map at every size from 640×360 up, presenter type included,
// and its words fit its box.
func TestSimLegendFits(t *testing.T) {
	tl := builtinTimeline(t)
	b := NewBuilder(tl)
	b.Sim = testSim(tl, 5)
	for _, sz := range [][2]float64{{640, 360}, {640, 282}, {800, 450}, {480, 372}, {1280, 720}, {1920, 1080}} {
		for _, tz := range []float64{1, PresentTextZoom} {
			m := Rect{W: sz[0], H: sz[1]}
			v := FitSyria(m, tz)
			r := b.LegendRect(b.DaySymbols(0, v, tz), m, tz)
			if r.X < m.X || r.Y < m.Y || r.X+r.W > m.X+m.W || r.Y+r.H > m.Y+m.H {
				t.Errorf("%vx%v tz %v: the legend %+v leaves the map", sz[0], sz[1], tz, r)
			}
			for _, l := range b.ChromeOf(0, v, tz, ChromeLegend).Labels {
				if right := float64(l.X) + TextWidth(l.Text, l.Size, l.Bold); right > r.X+r.W {
					t.Errorf("%vx%v tz %v: %q runs to x %.0f, past the legend's edge %.0f", sz[0], sz[1], tz, l.Text, right, r.X+r.W)
				}
			}
		}
	}
}

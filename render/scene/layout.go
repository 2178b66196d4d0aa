package scene

import "math"

// Layout divides the window: the map, the captions panel on the right and
// the timeline along the bottom. It is pure geometry, shared by drawing
// and hit tests.
type Layout struct {
	W, H     int
	Map      Rect
	Timeline Rect
	Panel    Rect // zero width when the panel is hidden
	Present  bool
}

// NewLayout lays out a w×h window.
func NewLayout(w, h int, panel, present bool) Layout {
	tlH := 78.0
	if present {
		tlH = 92
	}
	pw := 0.0
	if panel {
		pw = math.Max(320, math.Min(520, float64(w)*0.28))
		if present {
			pw = math.Max(380, math.Min(660, float64(w)*0.34))
		}
		if pw > float64(w)*0.45 {
			pw = 0 // too narrow a window for a panel
		}
	}
	fw, fh := float64(w), float64(h)
	return Layout{W: w, H: h, Present: present,
		Map:      Rect{0, 0, fw - pw, fh - tlH},
		Timeline: Rect{0, fh - tlH, fw, tlH},
		Panel:    Rect{fw - pw, 0, pw, fh - tlH},
	}
}

// Track is the part of the timeline that maps to days: right of the play
// button, with room for the first and last tick labels.
func (l Layout) Track() Rect {
	t := l.Timeline
	return Rect{t.X + 96, t.Y + 14, t.W - 96 - 40, t.H - 28}
}

// PlayButton is the play/pause button's area.
func (l Layout) PlayButton() Rect {
	t := l.Timeline
	return Rect{t.X + 22, t.Y + t.H/2 - 24, 48, 48}
}

// DayX returns the x of day position pos (0 = first day) on the track of
// a timeline with n days.
func (l Layout) DayX(pos float64, n int) float64 {
	tr := l.Track()
	if n <= 1 {
		return tr.X + tr.W/2
	}
	return tr.X + tr.W*pos/float64(n-1)
}

// DayAt returns the day position under x, clamped to [0, n-1].
func (l Layout) DayAt(x float64, n int) float64 {
	tr := l.Track()
	if n <= 1 {
		return 0
	}
	return math.Max(0, math.Min(float64(n-1), (x-tr.X)/tr.W*float64(n-1)))
}

// TimelineSteps are the spacings, in days, the timeline may put between
// two date labels: a day, two, a week, a fortnight, about a month, a
// quarter, a year and multiples of years.
var TimelineSteps = []int{1, 2, 7, 14, 30, 91, 365, 730, 1826}

// TimelineStep returns the smallest of TimelineSteps that keeps labels
// of width labelW apart on a timeline of n days, perDay pixels apart, so
// that the labels drawn fit the pixels whatever the span.
func TimelineStep(n int, perDay, labelW float64) int {
	for _, s := range TimelineSteps {
		if float64(s)*perDay >= labelW {
			return s
		}
	}
	return max(1, n)
}

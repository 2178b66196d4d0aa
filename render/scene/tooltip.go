package scene

import (
	"math"

	"github.com/frontline-sim/frontline/geo"
)

// BorrowedLine is the hover's line for a place whose coordinates are
// borrowed ("position borrowed from Mhardeh (no public coordinates)"),
// naming the anchor by its name when it is a place of a; "" for a place
// with coordinates of its own.
func BorrowedLine(a *geo.Atlas, p geo.Place) string {
	from := p.CoordFrom()
	if from == "" {
		return ""
	}
	if q, ok := a.Place(from); ok {
		from = q.Name
	}
	return "position borrowed from " + from + " (no public coordinates)"
}

// TooltipRect places a w×h hover tooltip for the place under the pointer
// at (x, y) on the map s, within area: beside the pointer, on the side
// where it covers the fewest of the map's other symbols and labels (the
// hovered place's neighbours) and none of the chrome in avoid. Each
// candidate's cost counts a covered chrome box far above a covered symbol,
// a symbol above a label, so a tooltip gives way to the legend first and
// to Homs before the M5's shield. O(candidates × (markers + labels)).
func TooltipRect(s *Scene, hovered int, x, y, w, h float64, area Rect, avoid []Rect) Rect {
	const gap = 16
	var cands []Rect
	// Beside the pointer on its four diagonals, then further out above,
	// below and to each side: the near ones first, so that ties keep the
	// tooltip by the pointer.
	for _, d := range []float64{gap, gap + 60, gap + 140} {
		cands = append(cands,
			Rect{x + d, y + gap, w, h}, Rect{x + d, y - gap - h, w, h},
			Rect{x - d - w, y + gap, w, h}, Rect{x - d - w, y - gap - h, w, h})
		cands = append(cands,
			Rect{x - w/2, y + d + gap, w, h}, Rect{x - w/2, y - d - gap - h, w, h})
	}
	best, bestCost := Rect{}, math.Inf(1)
	for _, r := range cands {
		r = clampRect(r, area)
		if c := tooltipCost(s, hovered, x, y, r, avoid); c < bestCost {
			best, bestCost = r, c
		}
	}
	return best
}

// tooltipCost is what a tooltip at r hides: chrome, symbols, labels, and
// the pointer's own place.
func tooltipCost(s *Scene, hovered int, x, y float64, r Rect, avoid []Rect) float64 {
	cost := 0.0
	if r.Inset(-2).Contains(x, y) {
		cost += 1e6 // over the place it describes
	}
	for _, a := range avoid {
		if a.Overlaps(r) {
			cost += 1e4
		}
	}
	for _, m := range s.Markers {
		if m.Place != hovered && MarkerBox(m).Overlaps(r) {
			cost += 10
		}
	}
	for _, l := range s.Labels {
		if l.Place != hovered && l.Box.Overlaps(r) {
			cost += 3
		}
	}
	return cost
}

// MarkerBox is the square a marker's symbol covers.
func MarkerBox(m Marker) Rect {
	return Rect{float64(m.X - m.R), float64(m.Y - m.R), float64(2 * m.R), float64(2 * m.R)}
}

// clampRect moves r inside area where it fits.
func clampRect(r, area Rect) Rect {
	r.X = math.Max(area.X, math.Min(r.X, area.X+area.W-r.W))
	r.Y = math.Max(area.Y, math.Min(r.Y, area.Y+area.H-r.H))
	return r
}

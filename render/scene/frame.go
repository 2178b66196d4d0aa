package scene

import (
	"fmt"
	"math"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
)

// FitSyria returns the view of the map area m that fits Syria below the
// date box, for text zoom tz. The viewer and the exporters share it, so an
// exported frame and the viewer's screenshot show the same map.
func FitSyria(m Rect, tz float64) View {
	top := 40 * tz
	v := Fit(SyriaBound, Rect{m.X, m.Y + top, m.W, m.H - top}, 18)
	v.Rect = m
	v.Center = v.ToWorld(m.X+m.W/2, m.Y+m.H/2-top/2)
	return v
}

// fitAction fits the action's box b into the map area m below the date
// box, at no more than actionMaxScale: close enough to read the villages'
// names, not so close that the towns around them leave the map.
func fitAction(b orb.Bound, m Rect, tz float64) View {
	top := 40 * tz
	v := Fit(b, Rect{m.X, m.Y + top, m.W, m.H - top}, 24)
	v.Scale = math.Min(v.Scale, actionMaxScale)
	v.Rect = m
	v.Center = v.ToWorld(m.X+m.W/2, m.Y+m.H/2-top/2)
	return v
}

// StartView returns the view a viewer or an export opens on: Syria, or
// centred on the place focus (an id) at the north-west's scale, and zoom
// times the whole-Syria scale when zoom > 0.
func StartView(a *geo.Atlas, m Rect, tz float64, focus string, zoom float64) View {
	return Framing{Focus: focus, Zoom: zoom}.View(a, m, m, tz)
}

// Framing is what a deep link, a story step or the command line's flags
// say of the view; the zero Framing shows all of Syria.
type Framing struct {
	Focus     string    // a place id to centre on, at the north-west's scale unless Zoom is given
	Center    orb.Point // centre on this (lon, lat) when HasCenter, instead of Focus
	HasCenter bool
	Box       orb.Bound // fit this (lon/lat) box when HasBox, instead of Focus or Center
	HasBox    bool
	Zoom      float64 // the scale relative to the whole-Syria view when > 0
	// Action is the box of the action (ActionBound) that the view fits
	// when HasAction and nothing else is asked: no focus, centre, box or
	// zoom. Focus FocusSyria, or no action, shows all of Syria.
	Action    orb.Bound
	HasAction bool
}

// OnAction returns fr framing the action around days [from, to] of tl
// when fr asks for nothing else: the default view of a day, in the
// viewer, the web page and the exports.
func (fr Framing) OnAction(tl *sim.Timeline, from, to int) Framing {
	fr.Action, fr.HasAction = ActionBound(tl, from, to)
	return fr
}

// OnCompare returns fr framing what the what-if of c changes over days
// [from, to] (CompareBound), or else the action of its history's side,
// when fr asks for nothing else: the default view of a compare.
func (fr Framing) OnCompare(c *Compared, from, to int) Framing {
	if b, ok := CompareBound(c, from, to); ok {
		fr.Action, fr.HasAction = b, true
		return fr
	}
	return fr.OnAction(c.A, from, to)
}

// View returns the view of the map area m that fr frames, at text zoom
// tz; a box is fitted into fit (m, or the part of m a caption leaves).
// It is the one rule of focus and zoom: the viewer's opening view, its
// deep links and story steps, and the exports all use it.
func (fr Framing) View(a *geo.Atlas, m, fit Rect, tz float64) View {
	v := FitSyria(m, tz)
	if fr.HasAction && fr.Focus == "" && !fr.HasCenter && !fr.HasBox && fr.Zoom == 0 {
		return fitAction(fr.Action, m, tz)
	}
	if fr.Focus != "" {
		if p, ok := a.Place(fr.Focus); ok {
			v.Center = p.Point
			if fr.Zoom == 0 {
				v.Scale = Fit(NorthWestBound, m, 24).Scale
			}
		}
	}
	switch {
	case fr.HasBox:
		v = Fit(fr.Box, fit, 24)
	case fr.HasCenter:
		v.Center = fr.Center
	}
	if fr.Zoom > 0 {
		v.Scale = math.Max(MinScale, math.Min(MaxScale, FitSyria(m, tz).Scale*fr.Zoom))
	}
	return v
}

// Ease is the easing of a transition between two days: slow in, slow out.
func Ease(t float64) float64 { return t * t * (3 - 2*t) }

// PresentTextZoom is the text size of presenter mode relative to normal.
const PresentTextZoom = 1.35

// LongDate formats a day as a briefer reads it: "30 November 2024".
func LongDate(d sim.Date) string { return d.Time().Format("2 January 2006") }

// DateSub is the line under the date: "Saturday · day 5 of 13".
func DateSub(tl *sim.Timeline, i int) string {
	return fmt.Sprintf("%s · day %d of %d", tl.Days[i].Date.Weekday(), i+1, len(tl.Days))
}

// ScaleKm is the longest round distance whose scale bar fits in 140 px at
// scale pixels per km.
func ScaleKm(scale float64) float64 {
	km := 1.0
	for _, c := range []float64{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000} {
		if c*scale <= 140 {
			km = c
		}
	}
	return km
}

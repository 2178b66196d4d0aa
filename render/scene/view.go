package scene

import (
	"math"

	"github.com/frontline-sim/frontline/geo"
	"github.com/paulmach/orb"
)

// View maps the world to the screen: points are projected to km with
// geo.SyriaProjection, then scaled and translated so that Center sits in
// the middle of the viewport. It is a plain value; every method is pure.
type View struct {
	Center orb.Point // the world point at the middle of the viewport, (lon, lat)
	Scale  float64   // pixels per km
	Rect   Rect      // the viewport on the screen, in pixels
}

// Rect is a screen rectangle in pixels.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether the point (x, y) lies in r.
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// Overlaps reports whether r and s share any area.
func (r Rect) Overlaps(s Rect) bool {
	return r.X < s.X+s.W && s.X < r.X+r.W && r.Y < s.Y+s.H && s.Y < r.Y+r.H
}

// Inset returns r shrunk by d on every side.
func (r Rect) Inset(d float64) Rect { return Rect{r.X + d, r.Y + d, r.W - 2*d, r.H - 2*d} }

var proj = geo.SyriaProjection

// ToScreen returns the screen position of a (lon, lat) point.
func (v View) ToScreen(p orb.Point) (x, y float64) {
	q := proj.ToKm(p)
	c := proj.ToKm(v.Center)
	return v.Rect.X + v.Rect.W/2 + (q[0]-c[0])*v.Scale, v.Rect.Y + v.Rect.H/2 - (q[1]-c[1])*v.Scale
}

// ToWorld is the inverse of ToScreen.
func (v View) ToWorld(x, y float64) orb.Point {
	c := proj.ToKm(v.Center)
	q := orb.Point{c[0] + (x-v.Rect.X-v.Rect.W/2)/v.Scale, c[1] - (y-v.Rect.Y-v.Rect.H/2)/v.Scale}
	return proj.FromKm(q)
}

// Fit returns a view of the viewport r that shows all of b (lon/lat) with
// margin pixels to spare on every side.
func Fit(b orb.Bound, r Rect, margin float64) View {
	lo, hi := proj.ToKm(b.Min), proj.ToKm(b.Max)
	w, h := math.Max(hi[0]-lo[0], 1e-6), math.Max(hi[1]-lo[1], 1e-6)
	scale := math.Min((r.W-2*margin)/w, (r.H-2*margin)/h)
	center := proj.FromKm(orb.Point{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2})
	return View{Center: center, Scale: math.Max(scale, 1e-6), Rect: r}
}

// Zoom returns the view scaled by factor about the screen point (x, y),
// which stays over the same world point. The scale is kept within
// [MinScale, MaxScale].
func (v View) Zoom(factor, x, y float64) View {
	anchor := v.ToWorld(x, y)
	v.Scale = math.Max(MinScale, math.Min(MaxScale, v.Scale*factor))
	// Move the centre so that anchor returns under (x, y).
	ax, ay := v.ToScreen(anchor)
	return v.Pan(x-ax, y-ay)
}

// Pan returns the view moved so that the map follows a drag of (dx, dy)
// pixels.
func (v View) Pan(dx, dy float64) View {
	v.Center = v.ToWorld(v.Rect.X+v.Rect.W/2-dx, v.Rect.Y+v.Rect.H/2-dy)
	return v
}

// Bounds returns the world (lon/lat) bound visible in the viewport.
func (v View) Bounds() orb.Bound {
	a := v.ToWorld(v.Rect.X, v.Rect.Y+v.Rect.H)
	b := v.ToWorld(v.Rect.X+v.Rect.W, v.Rect.Y)
	return orb.Bound{Min: a, Max: b}
}

// The zoom limits, in pixels per km: from all of the Levant to a few
// streets.
const (
	MinScale = 0.05
	MaxScale = 200
)

// ZoomLevel expresses the scale relative to a view that fits Syria (1 =
// all of Syria); deep links and the status line use it.
func ZoomLevel(v View, fitSyria View) float64 { return v.Scale / fitSyria.Scale }

// SyriaBound is the lon/lat box the "fit to Syria" view shows.
var SyriaBound = orb.Bound{Min: orb.Point{35.6, 32.3}, Max: orb.Point{42.4, 37.4}}

// NorthWestBound is the box of the offensive: Idlib, Aleppo and Hama.
var NorthWestBound = orb.Bound{Min: orb.Point{35.9, 34.85}, Max: orb.Point{37.8, 36.75}}

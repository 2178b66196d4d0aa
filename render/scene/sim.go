package scene

import (
	"fmt"
	"image/color"
	"math"

	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
)

// Sim is a simulation (an ensemble's probabilities of control) as the map
// shows it. It goes with a timeline whose days are the simulation's days,
// each place held by its most likely controller (scene.SimView
// builds both from `frontline simulate --format json`); Days and Fans add
// what a replay has not: how likely, and when places fall.
type Sim struct {
	Title          string
	Runs           int
	Start          sim.Date // the first simulated day
	LastDocumented sim.Date // days after it are projected: the documents end there
	Days           []SimDay // one per day of the timeline
	Fans           []Fan    // one per place of the atlas
	lazy           *lazyMap // the days still to map (SimViewLazy); nil when mapped whole
}

// SimDay is one simulated day.
type SimDay struct {
	Projected bool      // past the last documented day: the model alone
	P         []float64 // per place: the probability of its most likely controller (the timeline day's Controller; "" is nobody)
	Shades    []Shade   // the land of the most likely controllers, dissolved by band of likelihood
}

// Shade is the land a faction most likely holds with a probability in one
// band of likelihood (an index in likelihood.Bands).
type Shade struct {
	Faction string
	Band    int
	Land    orb.MultiPolygon // lon/lat
}

// Fan is a place's fall-date distribution: the day indexes (in Sim.Days)
// by which it has changed hands in 10%, 50% and 90% of the runs, -1 when
// it has not by the last day, and the day it fell in the documents (-1:
// it did not, or the documents end first).
type Fan struct {
	FallP               float64 // probability it changes hands by the last day
	P10, Median, P90    int
	Documented          int
	DocumentedAfterDays bool // the documented fall lies outside the simulated days
}

// ShadeOpacity is the opacity of the territory of a most likely
// controller whose probability falls in band bi: the stronger the
// likelihood, the stronger the shade, up to the replay's TerritoryOpacity
// for "almost certainly".
func ShadeOpacity(bi int) float64 {
	b := likelihood.Bands[bi]
	mid := (b.Lo + b.Hi) / 2
	return TerritoryOpacity * (0.12 + 0.88*mid*mid)
}

// ProjectedColour marks projections: the banner, the hatching, the
// timeline's projected span. A dark slate no side's colour is near, so
// the hatching never reads as a side's pattern.
var ProjectedColour = color.RGBA{0x2b, 0x3a, 0x55, 0xff}

// simDay returns the simulated day i, or nil outside a simulation.
func (b *Builder) simDay(i int) *SimDay {
	if b.Sim == nil || i < 0 || i >= len(b.Sim.Days) {
		return nil
	}
	return &b.Sim.Days[i]
}

// Projected reports whether day i is a projection of the model past the
// documents.
func (b *Builder) Projected(i int) bool {
	d := b.simDay(i)
	return d != nil && d.Projected
}

// simTerritory is the probability layer: each most likely controller's
// land in its colour, at the opacity of its band, and its pattern over it.
func (b *Builder) simTerritory(s *Scene, vc *viewCache, i int, d *sim.Day) Layer {
	l := Layer{Name: LayerTerritory}
	fills, ok := vc.sims[i]
	if !ok {
		vb := vc.v.Bounds()
		for _, sh := range b.Sim.Days[i].Shades {
			if sh.Faction == "" {
				continue
			}
			f := Fill{Colour: WithAlpha(b.Colour(sh.Faction), ShadeOpacity(sh.Band))}
			for _, poly := range sh.Land {
				if !visible(vb, poly.Bound()) {
					continue
				}
				for _, r := range poly {
					f.Rings = append(f.Rings, ring(vc.v, r))
				}
			}
			if len(f.Rings) > 0 {
				fills = append(fills, f)
			}
		}
		vc.sims[i] = fills
	}
	l.Fills = fills
	for _, sh := range b.Sim.Days[i].Shades {
		if sh.Faction != "" && visibleLand(vc.v.Bounds(), sh.Land) {
			s.uses(Symbol{Kind: SymTerritory, Faction: sh.Faction})
			s.uses(Symbol{Kind: SymShade, Faction: sh.Faction, Band: sh.Band})
		}
	}
	// The sides' patterns, over the most likely controllers' land.
	g := vc.dayGeometry(d)
	l.Strokes = b.dayPatterns(g, 0.6)
	return l
}

// LayerProjected is the hatching over a projected day.
const LayerProjected = "projected"

// projectedLayer hatches Syria on a projected day, in the projection's
// colour and a direction no side's pattern takes at that spacing.
func (b *Builder) projectedLayer(vc *viewCache) Layer {
	l := Layer{Name: LayerProjected}
	if vc.projected != nil {
		l.Strokes = vc.projected
		return l
	}
	bm := b.TL.Graph.Atlas.Basemap()
	var mp orb.MultiPolygon
	if bm != nil {
		for _, c := range bm.Countries {
			if c.ISO != "SYR" {
				continue
			}
			for _, poly := range c.Polygon {
				var sp orb.Polygon
				for _, r := range poly {
					sp = append(sp, toOrb(ring(vc.v, r)))
				}
				mp = append(mp, sp)
			}
		}
	}
	if len(mp) == 0 {
		mp = RectPolygon(vc.v.Rect)
	}
	vc.projected = Hatch(mp, "backhatch", 16, 1.6, WithAlpha(ProjectedColour, 0.55))
	l.Strokes = vc.projected
	return l
}

// projectedBanner is the label that says, on the map itself, that the day
// is a projection: top centre of area, below or beside the what-if banner
// if any, and clear of the chrome in avoid (placeBanner), shortened to
// "PROJECTED · model only" or "PROJECTED" where there is no room.
func (b *Builder) projectedBanner(area Rect, tz float64, avoid []Rect) Label {
	if tz == 0 {
		tz = 1
	}
	full := fmt.Sprintf("PROJECTED · model only: the documents end %s", b.Sim.LastDocumented.Time().Format("2 Jan 2006"))
	return b.placeBanner([]string{full, "PROJECTED · model only", "PROJECTED"}, "", 15*tz, area, avoid, ProjectedColour)
}

// simMarkerFill is the symbol colour of place i on a simulated day: the
// most likely controller's colour, paler the less likely.
func (b *Builder) simMarkerFill(d *SimDay, ctrl string, i int) color.RGBA {
	c := b.Colour(ctrl)
	return Mix(CasingColour, c, 0.3+0.7*d.P[i])
}

// SimDateLine is the date box's third line on a simulated day: what the
// map shows, and "PROJECTED" past the documents.
func (b *Builder) SimDateLine(i int) (string, bool) {
	d := b.simDay(i)
	if d == nil {
		return "", false
	}
	if d.Projected {
		return fmt.Sprintf("PROJECTED · simulated, %d runs", b.Sim.Runs), true
	}
	return fmt.Sprintf("simulated, %d runs · most likely control", b.Sim.Runs), false
}

// visibleLand reports whether any of mp's polygons is in view of vb.
func visibleLand(vb orb.Bound, mp orb.MultiPolygon) bool {
	for _, poly := range mp {
		if visible(vb, poly.Bound()) {
			return true
		}
	}
	return false
}

// SimTooltip is the hover line of place i on day d of a simulation:
// "likely HTS, 72%".
func (b *Builder) SimTooltip(d, i int, ctrl string) string {
	sd := b.simDay(d)
	if sd == nil {
		return ""
	}
	return fmt.Sprintf("%s %s, %.0f%%", likelihood.Words(sd.P[i]), b.shortName(ctrl), 100*sd.P[i])
}

// shortName is a controller's name in a line of text: its name when
// short, else its id in capitals ("HTS"); "nobody" for "".
func (b *Builder) shortName(ctrl string) string {
	if ctrl == "" {
		return "nobody"
	}
	if f, ok := b.TL.Scenario.Faction(ctrl); ok && len(f.Name) <= 12 {
		return f.Name
	}
	return upper(ctrl)
}

func upper(s string) string {
	out := []byte(s)
	for k, c := range out {
		if c >= 'a' && c <= 'z' {
			out[k] = c - 32
		}
	}
	return string(out)
}

// FanChart returns the small chart of place i's fall date drawn in the
// rectangle r: the simulated days along x, projected days hatched, the
// 10th–90th percentile as a bar with the median as a dot, and the
// documented fall as a black tick, with the probability of falling said
// in words. It returns nil when the place has no fan (outside a
// simulation).
func (b *Builder) FanChart(i int, r Rect, day int, tz float64) *Scene {
	if b.Sim == nil || i < 0 || i >= len(b.Sim.Fans) {
		return nil
	}
	if tz == 0 {
		tz = 1
	}
	s := b.Sim
	fan := s.Fans[i]
	n := len(s.Days)
	o := &Scene{W: int(r.X + r.W), H: int(r.Y + r.H)}
	lay := Layer{Name: "fan"}
	size := 11 * tz
	o.Boxes = append(o.Boxes, Box{R: r, Radius: 5, Fill: color.RGBA{0xff, 0xff, 0xff, 0xf5}, Border: WithAlpha(InkColour, 0.4)})
	title := fmt.Sprintf("falls by %s: %s", s.dayLabel(n-1), likelihood.Phrase(fan.FallP))
	o.text(title, size, true, r.X+8, r.Y+5, InkColour)
	plot := Rect{r.X + 10, r.Y + size*1.4 + 12, r.W - 20, r.H - size*4.2 - 24}
	x := func(d float64) float32 {
		if n <= 1 {
			return float32(plot.X + plot.W/2)
		}
		return float32(plot.X + plot.W*d/float64(n-1))
	}
	// Projected days, hatched as on the map.
	first := -1
	for k, d := range s.Days {
		if d.Projected {
			first = k
			break
		}
	}
	if first >= 0 {
		x0 := math.Max(plot.X, float64(x(float64(first)-0.5)))
		pr := Rect{x0, plot.Y, plot.X + plot.W - x0, plot.H}
		o.Boxes = append(o.Boxes, Box{R: pr, Fill: WithAlpha(ProjectedColour, 0.08)})
		lay.Strokes = append(lay.Strokes, Hatch(RectPolygon(pr), "backhatch", 7, 1, WithAlpha(ProjectedColour, 0.5))...)
		o.text("projected", size*0.9, false, x0+3, plot.Y+1, ProjectedColour)
	}
	axisY := float32(plot.Y + plot.H)
	lay.Strokes = append(lay.Strokes, Stroke{Points: []Pt{{float32(plot.X), axisY}, {float32(plot.X + plot.W), axisY}}, Width: 1, Colour: MutedInk})
	// The day shown.
	lay.Strokes = append(lay.Strokes, Stroke{Points: []Pt{{x(float64(day)), float32(plot.Y)}, {x(float64(day)), axisY}}, Width: 1, Colour: WithAlpha(InkColour, 0.35)})
	cy := float32(plot.Y + plot.H*0.6)
	if fan.Median >= 0 {
		lo := float64(fan.Median)
		if fan.P10 >= 0 {
			lo = float64(fan.P10)
		}
		hi := float64(n-1) + 0.5 // open: later than the last day in over 10% of runs
		if fan.P90 >= 0 {
			hi = float64(fan.P90)
		}
		col := Darken(b.Colour(attackerOf(b, i, day)), 0.1)
		lay.Strokes = append(lay.Strokes, Stroke{Points: []Pt{{x(lo), cy}, {x(hi), cy}}, Width: 7, Colour: WithAlpha(col, 0.55), Round: true})
		o.Markers = append(o.Markers, Marker{Place: -1, X: x(float64(fan.Median)), Y: cy, R: 4.5, Fill: col, Outline: InkColour})
	} else {
		o.text("does not fall in most runs", size, false, plot.X+4, float64(cy)-size*0.6, MutedInk)
	}
	if fan.Documented >= 0 {
		dx := x(float64(fan.Documented))
		lay.Strokes = append(lay.Strokes, Stroke{Points: []Pt{{dx, float32(plot.Y + 2)}, {dx, axisY}}, Width: 2.2, Colour: InkColour})
	}
	// Ticks: the first and last day, and the documented day.
	foot := fmt.Sprintf("%s … %s", s.dayLabel(0), s.dayLabel(n-1))
	if fan.Documented >= 0 {
		foot += fmt.Sprintf(" · documented fall %s (black)", s.dayLabel(fan.Documented))
	} else if fan.DocumentedAfterDays {
		foot += " · documented fall after these days"
	} else {
		foot += " · no documented fall"
	}
	o.text(foot, size*0.95, false, r.X+8, float64(axisY)+4, MutedInk)
	if fan.Median >= 0 {
		o.text("bar: 10th–90th percentile, dot: median", size*0.95, false, r.X+8, float64(axisY)+4+size*1.3, MutedInk)
	}
	o.Layers = []Layer{lay}
	return o
}

// FanSize is the size of a fan chart at text zoom tz.
func FanSize(tz float64) (w, h float64) {
	if tz == 0 {
		tz = 1
	}
	return 300 * tz, 126 * tz
}

// attackerOf is the faction most likely to take place i: its most likely
// controller on the last day if that is not who held it on the day shown,
// else the day's controller.
func attackerOf(b *Builder, i, day int) string {
	last := b.TL.Days[len(b.TL.Days)-1].Place(i).Controller
	if last != b.TL.Days[0].Place(i).Controller {
		return last
	}
	return b.TL.Days[min(day, len(b.TL.Days)-1)].Place(i).Controller
}

func (s *Sim) dayLabel(d int) string {
	return (s.Start + sim.Date(d)).Time().Format("2 Jan")
}

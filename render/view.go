package render

import (
	"math"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/paulmach/orb"
)

// viewState is what the map shows of the scenario, and how: the camera
// (the view, its easing between story steps, its motion), the day (the
// clock and playback), the mode (the layers, presenter mode and its story
// step, help, the places hovered and pinned) and compare mode. Game embeds
// it; this file holds the methods that move the camera and the clock.
type viewState struct {
	// The camera.
	view     scene.View
	viewInit bool   // whether view has been set, on the first layout
	cam      camera // the camera's easing between story steps
	// motion counts down the ticks since the view last moved; the map is
	// repainted sharp when it reaches 0.
	motion int

	// The day.
	pos, target float64 // day position shown, and where it is heading
	playing     bool
	speed       int // index in Speeds

	// The mode.
	show            scene.Show
	present         bool
	help            bool
	step            int // the story step shown in presenter mode, from 1; 0 for none
	hovered, pinned int // places (atlas index) under the pointer and pinned; -1 for none

	// Compare mode.
	cmp     *comparison // nil when off
	mapOnly bool        // paint the map alone: compare mode's right-hand side
	side    *sideFrame  // where compare mode's right-hand map shows, side by side; nil otherwise
}

// transition is the share of a day's time spent fading from the previous
// day; the rest holds the day still.
const transition = 0.6

// cameraSeconds is how long the camera takes to ease from one story step's
// view to the next: long enough for a room to follow where the map goes.
const cameraSeconds = 1.1

// camera eases the view between two views.
type camera struct {
	from, to scene.View
	t        float64 // progress in [0, 1]; 1 when still
}

func (g *Game) days() int { return len(g.TL.Days) }

func (g *Game) textZoom() float64 {
	if g.present {
		return scene.PresentTextZoom
	}
	return 1
}

// frame returns the frame for the current clock, with the chrome's areas
// for the labels to avoid.
func (g *Game) frame() scene.Frame {
	f := g.clockFrame()
	f.Avoid = g.chromeAvoid()
	switch {
	case g.side != nil:
		f.Avoid, f.Banner = g.side.avoid, g.side.area
	case g.cmp != nil:
		// Side by side, the left-hand map is drawn a quarter of the map
		// to the left: its chrome and its visible half, in its own
		// coordinates.
		shift := g.compareShift()
		f.Avoid = shiftRects(append(f.Avoid, g.compareAvoid()...), shift)
		if g.sideBySide() {
			m := g.lay.Map
			f.Banner = scene.Rect{X: m.X + shift, Y: m.Y, W: m.W / 2, H: m.H}
		}
	}
	return f
}

// clockFrame returns the frame for the current clock.
func (g *Game) clockFrame() scene.Frame {
	f := scene.Settled(0, g.view)
	i := int(math.Floor(g.pos + 1e-9))
	frac := g.pos - float64(i)
	if i >= g.days()-1 {
		i, frac = g.days()-1, 0
	}
	f.From, f.To, f.T = i, i, 1
	if frac > 1e-6 {
		f.To = i + 1
		f.T = smoothstep(math.Min(1, frac/transition))
		if f.T >= 1 {
			f.From = f.To
		}
	}
	f.Show = g.show
	f.Pinned = g.pinned
	f.TextZoom = g.textZoom()
	if g.inStory() && g.cam.t >= 1 {
		f.Highlight = g.steps()[g.step-1].Highlight
	}
	return f
}

func smoothstep(t float64) float64 { return scene.Ease(t) }

// dayShown is the day whose date, captions and events are on screen.
func (g *Game) dayShown() int {
	f := g.clockFrame()
	if f.T >= 0.5 {
		return f.To
	}
	return f.From
}

// Layout implements ebiten.Game.
func (g *Game) Layout(w, h int) (int, int) {
	if g.lay.W != w || g.lay.H != h || g.lay.Present != g.present || (g.lay.Panel.W > 0) != g.panel {
		g.relayout(w, h)
	}
	return w, h
}

func (g *Game) relayout(w, h int) {
	old := g.lay
	g.lay = scene.NewLayout(w, h, g.panel, g.present)
	if !g.viewInit {
		g.view = g.initialView()
		g.viewInit = true
		if i, ok := g.TL.Graph.Atlas.Index(g.opts.Hover); ok && g.opts.Hover != "" {
			x, y := g.builder.PlacePoint(g.view, i)
			g.hovered, g.mouseX, g.mouseY = i, int(x), int(y)
		}
		if g.inStory() {
			g.GoToStep(g.step, false)
		}
	} else {
		// Keep the centre and scale; the viewport changes.
		g.view.Rect = g.lay.Map
		_ = old
	}
	g.scratch = nil
	g.dirty = true
}

// fitSyria fits Syria below the date box.
func (g *Game) fitSyria() scene.View { return scene.FitSyria(g.lay.Map, g.textZoom()) }

func (g *Game) initialView() scene.View {
	o := g.opts
	// On the action of the opening day, or a compare's on what its
	// what-if changes, unless the link or flags say more.
	day := int(math.Round(g.pos))
	fr := scene.Framing{Focus: o.Focus, Center: o.Center, HasCenter: o.HasCenter, Box: o.Box, HasBox: o.HasBox, Zoom: o.Zoom}
	if o.Paired != nil {
		return g.viewFor(fr.OnCompare(o.Paired, day, day))
	}
	return g.viewFor(fr.OnAction(g.TL, day, day))
}

// viewFor is the view of a deep link or a story step over the map, by the
// one rule of focus and zoom (scene.Framing).
func (g *Game) viewFor(fr scene.Framing) scene.View {
	return fr.View(g.TL.Graph.Atlas, g.lay.Map, g.lay.Map, g.textZoom())
}

// tick advances the clock by dt seconds.
func (g *Game) tick(dt float64) {
	g.tickCamera(dt)
	if g.motion > 0 {
		g.motion--
		if g.motion == 0 {
			g.dirty = true // repaint sharp now that the map is still
		}
	}
	n := float64(g.days() - 1)
	if g.playing {
		g.pos += Speeds[g.speed] * dt
		if g.pos >= n {
			g.pos, g.playing = n, false
		}
		g.target = math.Round(g.pos)
		if math.Floor(g.pos) != g.pos {
			g.target = math.Ceil(g.pos)
		}
		g.dirty = true
		return
	}
	if g.dragging == dragTimeline || g.pos == g.target {
		return
	}
	step := 2.5 * dt
	if math.Abs(g.target-g.pos) <= step {
		g.pos = g.target
	} else if g.target > g.pos {
		g.pos += step
	} else {
		g.pos -= step
	}
	g.dirty = true
}

func (g *Game) stepTo(target float64) {
	g.playing = false
	g.target = math.Max(0, math.Min(float64(g.days()-1), target))
	g.dirty = true
}

// moving reports whether the map is in motion: playing, stepping,
// dragging or just zoomed.
func (g *Game) moving() bool {
	return g.playing || g.pos != g.target || g.dragging != dragNone || g.motion > 0
}

// viewMoving reports whether the view itself is moving (a drag or a zoom),
// as opposed to the clock.
func (g *Game) viewMoving() bool { return g.dragging == dragMap || g.motion > 0 }

// tickCamera advances the camera's easing by dt seconds.
func (g *Game) tickCamera(dt float64) {
	if g.cam.t >= 1 {
		return
	}
	g.cam.t = math.Min(1, g.cam.t+dt/cameraSeconds)
	g.view = lerpView(g.cam.from, g.cam.to, smoothstep(g.cam.t))
	if g.cam.t >= 1 {
		g.view = g.cam.to // exactly where a deep link to the step opens
	}
	g.motion = 15 // move the cached pictures; repaint sharp once still
	g.dirty = true
}

// lerpView goes from a to b as t goes from 0 to 1: the centre moves in
// projected km, and the scale changes geometrically, so that a zoom feels
// even.
func lerpView(a, b scene.View, t float64) scene.View {
	ca, cb := geo.SyriaProjection.ToKm(a.Center), geo.SyriaProjection.ToKm(b.Center)
	v := b
	v.Center = geo.SyriaProjection.FromKm(orb.Point{ca[0] + (cb[0]-ca[0])*t, ca[1] + (cb[1]-ca[1])*t})
	v.Scale = a.Scale * math.Pow(b.Scale/a.Scale, t)
	return v
}

package render

import (
	"math"

	"github.com/frontline-sim/frontline/render/link"
	"github.com/frontline-sim/frontline/render/scene"
)

// ApplyLink copies a deep link's view (read by link.Parse, from the web
// page's address or the desktop's flags) onto o.
func (o *Options) ApplyLink(l link.Link) {
	o.Day, o.Focus, o.Zoom, o.Present = l.Day, l.Focus, l.Zoom, l.Present
	o.Center, o.HasCenter, o.Box, o.HasBox = l.Center, l.HasCenter, l.Box, l.HasBox
	o.Layers, o.Step, o.Scenario, o.CompareLink = l.Layers, l.Step, l.Scenario, l.Compare
	o.EnsembleRuns, o.EnsembleSeed = l.Runs, l.Seed
}

// Link returns the deep link of what the viewer shows: the day it is on or
// heading to, the centre (a place when the view is centred on one, else a
// point), the zoom, the layers and presenter mode.
func (g *Game) Link() link.Link {
	if g.inStory() {
		return link.Link{Scenario: g.opts.Scenario, Compare: g.opts.CompareLink, Step: g.step, Present: true}
	}
	l := link.Link{Scenario: g.opts.Scenario, Compare: g.opts.CompareLink, Present: g.present, Runs: g.simRuns, Seed: g.simSeed}
	if g.days() > 0 {
		l.Day = g.TL.Days[int(math.Max(0, math.Min(float64(g.days()-1), math.Round(g.target))))].Date
	}
	if g.show != scene.ShowAll {
		s := g.show
		l.Layers = &s
	}
	if !g.viewInit {
		l.Focus, l.Zoom = g.opts.Focus, g.opts.Zoom
		l.Center, l.HasCenter, l.Box, l.HasBox = g.opts.Center, g.opts.HasCenter, g.opts.Box, g.opts.HasBox
		return l
	}
	fit := g.fitSyria()
	l.Zoom = math.Round(scene.ZoomLevel(g.view, fit)*1000) / 1000
	if math.Abs(l.Zoom-1) < 1e-3 && g.view.Center.Equal(fit.Center) {
		// All of Syria, which a link must ask for: a bare day opens on
		// the day's action.
		l.Zoom, l.Focus = 0, scene.FocusSyria
		return l
	}
	// A place within half a pixel of the centre names the view.
	cx, cy := g.view.ToScreen(g.view.Center)
	best, bestD := "", 0.5
	for _, p := range g.TL.Graph.Atlas.Places() {
		x, y := g.view.ToScreen(p.Point)
		if d := math.Hypot(x-cx, y-cy); d < bestD {
			best, bestD = p.ID, d
		}
	}
	if best != "" {
		l.Focus = best
	} else {
		l.Center, l.HasCenter = g.view.Center, true
	}
	return l
}

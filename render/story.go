package render

import (
	"fmt"

	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
)

// steps returns the scenario's story steps, or nil.
func (g *Game) steps() []sim.StoryStep {
	if g.TL.Scenario.Story == nil {
		return nil
	}
	return g.TL.Scenario.Story.Steps
}

// inStory reports whether presenter mode is playing the story.
func (g *Game) inStory() bool { return g.present && g.step > 0 && g.step <= len(g.steps()) }

// Step returns the story step shown, from 1, or 0 outside the story.
func (g *Game) Step() int {
	if g.inStory() {
		return g.step
	}
	return 0
}

// GoToStep shows story step n (from 1): its day, view, layers and
// highlights, easing the camera there when ease is set. It enters
// presenter mode. Out-of-range steps are clamped.
func (g *Game) GoToStep(n int, ease bool) {
	steps := g.steps()
	if len(steps) == 0 {
		return
	}
	n = max(1, min(n, len(steps)))
	g.step, g.present = n, true
	if g.lay.W > 0 && (g.lay.Present != g.present) {
		g.relayout(g.lay.W, g.lay.H)
	}
	st := steps[n-1]
	if i := g.TL.Index(st.Day); i >= 0 {
		if ease {
			g.stepTo(float64(i))
		} else {
			g.pos, g.target, g.playing = float64(i), float64(i), false
		}
	}
	g.show = scene.ShowLayers(st.Layers)
	g.pinned = -1
	g.dirty = true
	if g.lay.W == 0 {
		return // the view is set on the first layout
	}
	to := g.viewFor(scene.StepFraming(st))
	if ease {
		g.cam = camera{from: g.view, to: to}
		g.motion = 15
	} else {
		g.view, g.cam = to, camera{t: 1}
	}
}

// storyPanel writes the story step at the top of the captions panel: the
// count, the step's title and caption, the keys; the day's events follow.
func (g *Game) storyPanel(w *panelWriter) {
	text := w.text
	steps := g.steps()
	st := steps[g.step-1]
	tz := g.tz()
	head := fmt.Sprintf("Step %d of %d", g.step, len(steps))
	if t := g.TL.Scenario.Story.Title; t != "" {
		head += " · " + t
	}
	text(head, 12*tz, false, scene.MutedInk, 0)
	w.y += 2
	text(st.Title, 21*tz, true, scene.InkColour, 0)
	w.y += 4
	text(st.Caption, 16*tz, false, scene.InkColour, 0)
	if st.Compare != "" {
		w.y += 4
		text(scene.CompareLine(st.Compare), 14*tz, true, scene.InkColour, 0)
	}
	w.y += 4
	text("→ or Page Down: next · ← or Page Up: back · S: leave the story", 11*tz, false, scene.MutedInk, 0)
	w.y += 6
	w.rule(2, scene.InkColour)
	w.y += 14
}

// StoryRingColour rings a story step's highlighted places; the headless
// exports ring them in the same colour.
var StoryRingColour = scene.StoryRingColour

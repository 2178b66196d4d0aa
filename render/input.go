package render

import (
	"fmt"
	"math"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// inputState is the pointer's and the find box's: where the cursor was,
// what the left button drags, and the find box's query and suggestions.
// Game embeds it.
type inputState struct {
	mouseX, mouseY int

	dragging     drag // what the left button drags
	dragX, dragY int  // the cursor when the drag last moved
	dragMoved    bool // whether the map has moved since the press: a drag, not a click

	searching  bool
	query      string
	searchMsg  string
	suggest    []geo.Place // the places the query may mean, best first
	searchPick int         // the suggestion Enter goes to
}

// readInputs reads this tick's keyboard and pointer from Ebiten.
func readInputs() inputs {
	var in inputs
	for k := ebiten.Key(0); k <= ebiten.KeyMax; k++ {
		d := inpututil.KeyPressDuration(k)
		in.just[k] = inpututil.IsKeyJustPressed(k)
		in.typed[k] = in.just[k] || (d > repeatDelay && d%repeatEvery == 0)
		in.held[k] = ebiten.IsKeyPressed(k)
	}
	in.x, in.y = ebiten.CursorPosition()
	_, in.wheel = ebiten.Wheel()
	in.press = inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft)
	in.down = ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	in.release = inpututil.IsMouseButtonJustReleased(ebiten.MouseButtonLeft)
	return in
}

// input acts on this tick's keys and pointer: the find box takes the
// keys while open, then the story's keys in presenter mode, then the
// viewer's; the pointer acts outside presenter mode.
func (g *Game) input() {
	in := readInputs()
	if g.searching {
		g.searchEdit(string(ebiten.AppendInputChars(nil)), findKeyOf(&in))
		return
	}
	if g.inStory() {
		if it := storyIntent(&in); it.do != doNothing {
			g.do(it)
			return
		}
	}
	g.do(keyIntent(&in, g.cmp != nil))
	if !g.present {
		g.mouse(&in)
	}
}

// do acts on an intent.
func (g *Game) do(it intent) {
	switch it.do {
	case doNothing:
		return
	case doPlay:
		if !g.playing && g.pos >= float64(g.days()-1) {
			g.pos, g.target = 0, 0
		}
		g.playing = !g.playing
	case doPan:
		g.view = g.view.Pan(it.dx, it.dy)
		g.motion = 15
	case doDayBack:
		g.stepTo(math.Ceil(g.target) - 1)
	case doDayNext:
		g.stepTo(math.Floor(g.target) + 1)
	case doFirstDay:
		g.stepTo(0)
	case doLastDay:
		g.stepTo(float64(g.days() - 1))
	case doFaster:
		g.speed = min(g.speed+1, len(Speeds)-1)
	case doSlower:
		g.speed = max(g.speed-1, 0)
	case doZoom:
		x, y := it.x, it.y
		if !g.lay.Map.Contains(x, y) {
			x, y = g.lay.Map.X+g.lay.Map.W/2, g.lay.Map.Y+g.lay.Map.H/2
		}
		g.view = g.view.Zoom(it.zoom, x, y)
		g.motion = 15
	case doFitSyria:
		g.view = g.fitSyria()
	case doFitNorthWest:
		g.view = scene.Fit(scene.NorthWestBound, g.lay.Map, 24)
	case doTerritory:
		g.show.Territory = !g.show.Territory
	case doRoads:
		g.show.Roads = !g.show.Roads
	case doLabels:
		g.show.Labels = !g.show.Labels
	case doPanel:
		g.panel = !g.panel
		g.relayout(g.lay.W, g.lay.H)
	case doPresent:
		g.present = !g.present
		ebiten.SetFullscreen(g.present)
		g.relayout(g.lay.W, g.lay.H)
		if g.present && len(g.steps()) > 0 {
			g.GoToStep(max(1, g.step), true) // presenter mode tells the story
		}
	case doFind:
		if !g.present {
			g.searching, g.query, g.searchMsg, g.suggest, g.searchPick = true, "", "", nil, 0
		}
	case doEnsemble:
		g.toggleEnsemble()
	case doSwipeMode:
		if g.cmp != nil {
			g.cmp.swipeMode = !g.cmp.swipeMode
		}
	case doHelp:
		g.help = !g.help
	case doEscape:
		switch {
		case g.problems != "":
			g.problems = ""
		case g.help:
			g.help = false
		case g.pinned >= 0:
			g.pinned = -1
		case g.present:
			g.present = false
			ebiten.SetFullscreen(false)
			g.relayout(g.lay.W, g.lay.H)
		}
	case doStepNext:
		g.GoToStep(g.step+1, true)
	case doStepBack:
		g.GoToStep(g.step-1, true)
	case doStepFirst:
		g.GoToStep(1, true)
	case doStepLast:
		g.GoToStep(len(g.steps()), true)
	case doStepLeave:
		g.step = 0
		g.show = scene.ShowAll
	case doScroll:
		g.panelScroll = math.Max(0, g.panelScroll+it.dy)
	case doGrab:
		g.dragging = it.grab
		if it.grab == dragTimeline {
			g.playing = false
			g.pos = g.lay.DayAt(it.x, g.days())
		}
	case doPickItem:
		for _, h := range g.eventHits {
			if h.r.Contains(it.x, it.y) && h.place != "" {
				g.focus(h.place)
			}
		}
	}
	g.dirty = true
}

// partAt is the part of the window at (x, y), for the pointer.
func (g *Game) partAt(x, y float64) part {
	switch {
	case g.lay.PlayButton().Contains(x, y):
		return onPlay
	case g.nearSwipe(x, y):
		return onSwipe
	case g.lay.Timeline.Contains(x, y):
		return onTimeline
	case g.lay.Map.Contains(x, y):
		return onMap
	case g.lay.Panel.Contains(x, y):
		return onPanel
	}
	return offParts
}

// mouse follows the pointer: the place under it, its wheel and presses
// (pointerIntents), and the drag of the map, the timeline or the swipe
// line until the button is released; a click on the map without a drag
// pins the place under it.
func (g *Game) mouse(in *inputs) {
	x, y := in.x, in.y
	fx, fy := float64(x), float64(y)
	// The place under the cursor changes when the cursor moves and when the
	// map moves under it (a focus, a zoom), so look every tick.
	h := -1
	if g.scene != nil && g.lay.Map.Contains(fx, fy) && !g.onRightSide(fx) {
		h = g.scene.PlaceAt(fx+g.compareShift(), fy)
	}
	if x != g.mouseX || y != g.mouseY || h != g.hovered {
		g.mouseX, g.mouseY, g.hovered = x, y, h
		g.dirty = true // the tooltip follows the cursor
	}
	if in.press {
		g.dragX, g.dragY, g.dragMoved = x, y, false
	}
	for _, it := range pointerIntents(in, g.partAt(fx, fy)) {
		g.do(it)
	}
	if g.dragging != dragNone && in.down {
		dx, dy := x-g.dragX, y-g.dragY
		if dx != 0 || dy != 0 {
			switch g.dragging {
			case dragMap:
				g.view = g.view.Pan(float64(dx), float64(dy))
				g.motion = 15
				g.dragMoved = true
			case dragTimeline:
				g.pos = g.lay.DayAt(fx, g.days())
			case dragSwipe:
				g.dragSwipe(fx)
			}
			g.dragX, g.dragY = x, y
			g.dirty = true
		}
	}
	if in.release {
		switch g.dragging {
		case dragMap:
			if !g.dragMoved {
				// A click, not a drag: pin the place under the cursor.
				g.pinned = -1
				if g.scene != nil {
					g.pinned = g.scene.PlaceAt(fx, fy)
				}
				g.panelScroll = 0
			}
		case dragTimeline:
			g.target = math.Round(g.pos)
		}
		g.dragging = dragNone
		g.dirty = true
	}
}

// focus centres the map on a place and pins it.
func (g *Game) focus(id string) {
	i, ok := g.TL.Graph.Atlas.Index(id)
	if !ok {
		return
	}
	p := g.TL.Graph.Atlas.Places()[i]
	g.view.Center = p.Point
	g.view.Scale = math.Max(g.view.Scale, scene.Fit(scene.NorthWestBound, g.lay.Map, 24).Scale)
	g.pinned = i
	g.panelScroll = 0
	g.dirty = true
}

// maxSuggestions is how many places the find box suggests.
const maxSuggestions = 6

// searchEdit applies typed text and a key to the find box: the query,
// its suggestions (geo.Atlas.Complete, the lookup the CLI's names go
// through) and the one picked, and Enter goes to it.
func (g *Game) searchEdit(typed string, key findKey) {
	q := g.query + typed
	if r := []rune(q); key == findBack && len(r) > 0 {
		q = string(r[:len(r)-1])
	}
	if q != g.query {
		g.query, g.searchMsg, g.searchPick = q, "", 0
		g.suggest = g.TL.Graph.Atlas.Complete(q, maxSuggestions)
	}
	switch key {
	case findCancel:
		g.searching = false
	case findDown:
		g.searchPick = min(g.searchPick+1, max(0, len(g.suggest)-1))
	case findUp:
		g.searchPick = max(g.searchPick-1, 0)
	case findGo:
		if g.searchPick < len(g.suggest) {
			g.focus(g.suggest[g.searchPick].ID)
			g.searching = false
		} else {
			g.searchMsg = fmt.Sprintf("no place %q", q)
		}
	}
	g.dirty = true
}

package render

import (
	"fmt"
	"math"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render/link"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/paulmach/orb"
)

// Options are the viewer's start-up settings, from flags and deep links.
type Options struct {
	Day     sim.Date // the day to open on; 0 for the first
	Focus   string   // a place id to centre on, scene.FocusSyria for all of Syria; "" for the action of the day
	Zoom    float64  // zoom relative to the whole-Syria view; 0 for the default
	Present bool     // presenter mode: full screen, large type
	Width   int      // window size in pixels
	Height  int
	Draft   bool // draw the map without supersampling: faster, rougher

	// From deep links (render/link; see Options.ApplyLink).
	Center            orb.Point // centre on this (lon, lat) when HasCenter
	Box               orb.Bound // fit this box when HasBox
	HasCenter, HasBox bool
	Layers            *scene.Show // the layers shown; nil for all
	Step              int         // open on this story step (from 1); 0 for none
	Scenario          string      // the scenario id a link names, for the links the viewer writes

	// Compare, when set, is a second timeline (a what-if) shown right of a
	// swipe line over this one, with the places that differ ringed.
	Compare *sim.Timeline
	// CompareLink is the compare= value of the deep link that opened
	// compare mode, for the links the viewer writes.
	CompareLink string
	// Paired, when set with Compare, is compare mode by ensembles: this
	// timeline and Sim are its A side, Compare its B side's most likely
	// days, and the map shows B's shading and the difference layer.
	Paired *scene.Compared
	// CompareSimulate, when set with Compare (and not Paired), runs compare
	// mode's two ensembles in the background, of SimRuns runs, while the
	// two replays show with a progress box; they then replace the
	// replays, as Paired would have shown them (the web page's compare=).
	CompareSimulate CompareFunc

	// OnLink, when set, is called with the view's deep link whenever it
	// changes; the web build keeps the address bar on it.
	OnLink func(link.Link)

	// Sim, when set, is the simulation whose most likely days the
	// timeline holds (scene.SimView): the map is shaded by
	// probability and projected days are hatched.
	Sim *scene.Sim

	// Simulate, when set, runs an ensemble in the background while the
	// window shows the replay with a progress box; its result then
	// replaces the replay. progress is told the runs done, of SimRuns,
	// then the days mapped.
	Simulate SimulateFunc
	SimRuns  int
	// Replay is the replay a Sim came from, which the E key goes back
	// to; nil when there is none (a saved simulation opened alone).
	Replay *sim.Timeline
	// EnsembleRuns, when positive and neither Sim nor Simulate is set,
	// starts an ensemble of that many runs with EnsembleSeed once the
	// viewer opens, as the E key does (a link's runs= and seed=).
	EnsembleRuns int
	EnsembleSeed uint64
	// OnSimulated, when set, is called once an ensemble run in the
	// background is on screen, with its runs and how long it took.
	OnSimulated func(runs int, took time.Duration)

	// Hover is a place (id) the pointer rests on at opening, for
	// screenshots of its tooltip (and a simulation's fall-date fan).
	Hover string
}

// Speeds are the playback speeds in days per second.
var Speeds = []float64{0.25, 0.5, 1, 2}

// supersample is how many times larger than the screen the map is drawn
// before it is shrunk to fit, which smooths its edges far more cheaply than
// antialiasing every path in a software renderer.
const supersample = 2

// transition is the share of a day's time spent fading from the previous
// day; the rest holds the day still.
const transition = 0.6

// Game is the Ebiten viewer. Update advances the clock and handles input;
// Draw paints the scene built for the current moment and the chrome.
type Game struct {
	TL      *sim.Timeline
	builder *scene.Builder
	painter *Painter

	lay      scene.Layout
	view     scene.View
	viewInit bool
	opts     Options

	pos, target float64 // day position shown, and where it is heading
	playing     bool
	speed       int // index in Speeds

	show    scene.Show
	panel   bool
	present bool
	help    bool

	hovered, pinned int
	mouseX, mouseY  int

	searching  bool
	query      string
	searchMsg  string
	suggest    []geo.Place // the places the query may mean, best first
	searchPick int         // the suggestion Enter goes to

	dragging    int // 0 none, 1 map, 2 timeline
	dragX       int
	dragY       int
	dragMoved   bool
	panelScroll float64
	eventHits   []eventHit

	scene      *scene.Scene
	sceneFrame scene.Frame
	dayImgs    map[int]*dayImages // the pictures of each day, for daysKey
	daysKey    dayKey
	scratch    *ebiten.Image // supersampled canvas
	panelImg   *ebiten.Image
	panelKey   panelKey
	chromeImg  *ebiten.Image
	chromeKey  chromeKey
	dirty      bool
	// motion counts down the ticks since the view last moved; the map is
	// repainted sharp when it reaches 0.
	motion int
	ticks  int
	logFPS bool // FRONTLINE_FPS=1 logs the frame rate, for docs/performance.md

	lastLink string      // the deep link last reported to opts.OnLink
	linked   bool        // whether it has been reported once
	open     opener      // a scenario to swap in, from Open
	step     int         // the story step shown in presenter mode, from 1; 0 for none
	cam      camera      // the camera's easing between story steps
	cmp      *comparison // compare mode; nil when off
	mapOnly  bool        // paint the map alone: compare mode's right-hand side
	side     *sideFrame  // where compare mode's right-hand map shows, side by side; nil otherwise
	problems string      // a dropped file's problems, shown over the map

	simDone atomic.Int64 // runs of the background ensemble done
	simBusy atomic.Bool  // the background ensemble is running
	simAsk  atomic.Pointer[simRequest]
	// mapDone of mapTotal steps of mapping the ensemble's days are done.
	mapDone, mapTotal atomic.Int64
	simWait           sync.WaitGroup // the background ensemble's goroutine
	// simTotal is the runs of the ensemble running or last run; simRuns
	// and simSeed those of one the viewer started by itself, for links
	// (0 otherwise).
	simTotal, simRuns int
	simSeed           uint64
	// replay is the replay of the scenario shown, which the E key
	// simulates or goes back to; nil for a saved simulation opened alone.
	replay *sim.Timeline
}

type eventHit struct {
	r     scene.Rect
	place string
}

type panelKey struct {
	day, pinned int
	step        int
	scroll      float64
	rect        scene.Rect
	present     bool
}

// NewGame returns a viewer on the timeline tl.
func NewGame(tl *sim.Timeline, opts Options) *Game {
	g := &Game{TL: tl, builder: scene.NewBuilder(tl), painter: NewPainter(), opts: opts,
		speed: 1, show: scene.ShowAll, panel: true, present: opts.Present, hovered: -1, pinned: -1, dirty: true,
		logFPS: os.Getenv("FRONTLINE_FPS") != ""}
	if opts.Day != 0 {
		if i := tl.Index(opts.Day); i >= 0 {
			g.pos, g.target = float64(i), float64(i)
		}
	}
	if opts.Layers != nil {
		g.show = *opts.Layers
	}
	g.builder.Sim = opts.Sim
	g.cam.t = 1
	g.initCompare()
	g.replay = tl
	if opts.Sim != nil {
		g.replay = opts.Replay
	}
	switch {
	case opts.Simulate != nil:
		g.runInBackground(tl, opts.SimRuns, opts.Simulate)
	case opts.CompareSimulate != nil && opts.Compare != nil && opts.Paired == nil:
		g.compareInBackground(opts.SimRuns, opts.CompareSimulate)
	case opts.Sim == nil && opts.EnsembleRuns > 0:
		g.Simulate(opts.EnsembleRuns, opts.EnsembleSeed)
	}
	if len(g.steps()) > 0 && (opts.Step > 0 || opts.Present) {
		g.GoToStep(max(1, opts.Step), false)
	}
	return g
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

// chromeAvoid is the chrome over the map on the screen: the date box, the
// legend and the scale bar, with a margin, which labels keep clear of.
func (g *Game) chromeAvoid() []scene.Rect {
	return []scene.Rect{g.dateRect().Inset(-4), g.legendRect().Inset(-4), g.scaleRect().Inset(-4)}
}

// shiftRects returns rs moved right by dx.
func shiftRects(rs []scene.Rect, dx float64) []scene.Rect {
	out := make([]scene.Rect, len(rs))
	for k, r := range rs {
		r.X += dx
		out[k] = r
	}
	return out
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

// Update implements ebiten.Game.
func (g *Game) Update() error {
	if g.lay.W == 0 {
		return nil
	}
	g.ticks++
	g.takeOpen()
	g.startAsked()
	g.dropped()
	if g.logFPS && g.ticks%120 == 0 {
		fmt.Fprintf(os.Stderr, "frontline: %.1f frames/s, %.1f ticks/s, day %.2f\n", ebiten.ActualFPS(), ebiten.ActualTPS(), g.pos+1)
	}
	g.input()
	g.tick(1.0 / float64(ebiten.TPS()))
	if g.simBusy.Load() && g.ticks%6 == 0 {
		g.dirty = true // the progress box moves
	}
	if g.opts.OnLink != nil && g.ticks%10 == 0 && !g.moving() {
		if l := g.Link(); l.Query() != g.lastLink || !g.linked {
			g.lastLink, g.linked = l.Query(), true
			g.opts.OnLink(l)
		}
	}
	return nil
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
	if g.dragging == 2 || g.pos == g.target {
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

func (g *Game) input() {
	if g.searching {
		g.searchInput()
		return
	}
	if g.inStory() && g.storyInput() {
		return
	}
	shift := ebiten.IsKeyPressed(ebiten.KeyShift)
	ctrl := ebiten.IsKeyPressed(ebiten.KeyControl) || ebiten.IsKeyPressed(ebiten.KeyMeta)
	pressed := func(k ebiten.Key) bool {
		return inpututil.IsKeyJustPressed(k) || (inpututil.KeyPressDuration(k) > 20 && inpututil.KeyPressDuration(k)%4 == 0)
	}
	switch {
	case inpututil.IsKeyJustPressed(ebiten.KeySpace):
		if !g.playing && g.pos >= float64(g.days()-1) {
			g.pos, g.target = 0, 0
		}
		g.playing = !g.playing
		g.dirty = true
	case shift && (pressed(ebiten.KeyLeft) || pressed(ebiten.KeyRight) || pressed(ebiten.KeyUp) || pressed(ebiten.KeyDown)):
		d := 80.0
		switch {
		case ebiten.IsKeyPressed(ebiten.KeyLeft):
			g.view = g.view.Pan(d, 0)
			g.motion = 15
		case ebiten.IsKeyPressed(ebiten.KeyRight):
			g.view = g.view.Pan(-d, 0)
			g.motion = 15
		case ebiten.IsKeyPressed(ebiten.KeyUp):
			g.view = g.view.Pan(0, d)
			g.motion = 15
		case ebiten.IsKeyPressed(ebiten.KeyDown):
			g.view = g.view.Pan(0, -d)
			g.motion = 15
		}
		g.dirty = true
	case pressed(ebiten.KeyLeft):
		g.stepTo(math.Ceil(g.target) - 1)
	case pressed(ebiten.KeyRight):
		g.stepTo(math.Floor(g.target) + 1)
	case inpututil.IsKeyJustPressed(ebiten.KeyHome):
		g.stepTo(0)
	case inpututil.IsKeyJustPressed(ebiten.KeyEnd):
		g.stepTo(float64(g.days() - 1))
	case inpututil.IsKeyJustPressed(ebiten.KeyBracketRight) || inpututil.IsKeyJustPressed(ebiten.KeyPeriod):
		g.speed = min(g.speed+1, len(Speeds)-1)
		g.dirty = true
	case inpututil.IsKeyJustPressed(ebiten.KeyBracketLeft) || inpututil.IsKeyJustPressed(ebiten.KeyComma):
		g.speed = max(g.speed-1, 0)
		g.dirty = true
	case pressed(ebiten.KeyEqual) || pressed(ebiten.KeyKPAdd):
		g.zoomAtCursor(1.25)
	case pressed(ebiten.KeyMinus) || pressed(ebiten.KeyKPSubtract):
		g.zoomAtCursor(0.8)
	case inpututil.IsKeyJustPressed(ebiten.Key0) || inpututil.IsKeyJustPressed(ebiten.Key1) || inpututil.IsKeyJustPressed(ebiten.KeyZ):
		g.view = g.fitSyria()
		g.dirty = true
	case inpututil.IsKeyJustPressed(ebiten.Key2) || inpututil.IsKeyJustPressed(ebiten.KeyN):
		g.view = scene.Fit(scene.NorthWestBound, g.lay.Map, 24)
		g.dirty = true
	case inpututil.IsKeyJustPressed(ebiten.KeyT):
		g.show.Territory = !g.show.Territory
		g.dirty = true
	case inpututil.IsKeyJustPressed(ebiten.KeyR):
		g.show.Roads = !g.show.Roads
		g.dirty = true
	case inpututil.IsKeyJustPressed(ebiten.KeyL):
		g.show.Labels = !g.show.Labels
		g.dirty = true
	case inpututil.IsKeyJustPressed(ebiten.KeyC):
		g.panel = !g.panel
		g.relayout(g.lay.W, g.lay.H)
	case inpututil.IsKeyJustPressed(ebiten.KeyF):
		g.present = !g.present
		ebiten.SetFullscreen(g.present)
		g.relayout(g.lay.W, g.lay.H)
		if g.present && len(g.steps()) > 0 {
			g.GoToStep(max(1, g.step), true) // presenter mode tells the story
		}
	case inpututil.IsKeyJustPressed(ebiten.KeySlash) || (ctrl && inpututil.IsKeyJustPressed(ebiten.KeyF)):
		if !g.present {
			g.searching, g.query, g.searchMsg, g.suggest, g.searchPick = true, "", "", nil, 0
			g.dirty = true
		}
	case inpututil.IsKeyJustPressed(ebiten.KeyE):
		g.toggleEnsemble()
	case g.cmp != nil && inpututil.IsKeyJustPressed(ebiten.KeyX):
		g.cmp.swipeMode = !g.cmp.swipeMode
		g.dirty = true
	case inpututil.IsKeyJustPressed(ebiten.KeyH) || inpututil.IsKeyJustPressed(ebiten.KeyF1):
		g.help = !g.help
		g.dirty = true
	case inpututil.IsKeyJustPressed(ebiten.KeyEscape):
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
		g.dirty = true
	}
	if !g.present {
		g.mouse()
	}
}

func (g *Game) zoomAtCursor(f float64) {
	x, y := ebiten.CursorPosition()
	fx, fy := float64(x), float64(y)
	if !g.lay.Map.Contains(fx, fy) {
		fx, fy = g.lay.Map.X+g.lay.Map.W/2, g.lay.Map.Y+g.lay.Map.H/2
	}
	g.view = g.view.Zoom(f, fx, fy)
	g.motion = 15
	g.dirty = true
}

func (g *Game) mouse() {
	x, y := ebiten.CursorPosition()
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
	if _, wy := ebiten.Wheel(); wy != 0 {
		switch {
		case g.lay.Map.Contains(fx, fy):
			g.view = g.view.Zoom(math.Pow(1.15, wy), fx, fy)
			g.motion = 15
		case g.lay.Panel.Contains(fx, fy):
			g.panelScroll = math.Max(0, g.panelScroll-wy*40)
		}
		g.dirty = true
	}
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		g.dragX, g.dragY, g.dragMoved = x, y, false
		switch {
		case g.lay.PlayButton().Contains(fx, fy):
			g.playing = !g.playing
			if g.playing && g.pos >= float64(g.days()-1) {
				g.pos, g.target = 0, 0
			}
			g.dirty = true
		case g.nearSwipe(fx, fy):
			g.dragging = 3
		case g.lay.Timeline.Contains(fx, fy):
			g.dragging = 2
			g.playing = false
			g.pos = g.lay.DayAt(fx, g.days())
			g.dirty = true
		case g.lay.Map.Contains(fx, fy):
			g.dragging = 1
		case g.lay.Panel.Contains(fx, fy):
			for _, h := range g.eventHits {
				if h.r.Contains(fx, fy) && h.place != "" {
					g.focus(h.place)
				}
			}
		}
	}
	if g.dragging != 0 && ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft) {
		dx, dy := x-g.dragX, y-g.dragY
		if dx != 0 || dy != 0 {
			switch g.dragging {
			case 1:
				g.view = g.view.Pan(float64(dx), float64(dy))
				g.motion = 15
				g.dragMoved = true
			case 2:
				g.pos = g.lay.DayAt(fx, g.days())
			case 3:
				g.dragSwipe(fx)
			}
			g.dragX, g.dragY = x, y
			g.dirty = true
		}
	}
	if inpututil.IsMouseButtonJustReleased(ebiten.MouseButtonLeft) {
		switch g.dragging {
		case 1:
			if !g.dragMoved {
				// A click, not a drag: pin the place under the cursor.
				g.pinned = -1
				if g.scene != nil {
					g.pinned = g.scene.PlaceAt(fx, fy)
				}
				g.panelScroll = 0
			}
		case 2:
			g.target = math.Round(g.pos)
		}
		g.dragging = 0
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

func (g *Game) searchInput() {
	key := findNone
	switch {
	case inpututil.IsKeyJustPressed(ebiten.KeyEscape):
		key = findCancel
	case inpututil.IsKeyJustPressed(ebiten.KeyBackspace):
		key = findBack
	case inpututil.IsKeyJustPressed(ebiten.KeyDown) || inpututil.IsKeyJustPressed(ebiten.KeyTab):
		key = findDown
	case inpututil.IsKeyJustPressed(ebiten.KeyUp):
		key = findUp
	case inpututil.IsKeyJustPressed(ebiten.KeyEnter) || inpututil.IsKeyJustPressed(ebiten.KeyKPEnter):
		key = findGo
	}
	g.searchEdit(string(ebiten.AppendInputChars(nil)), key)
}

// The find box's keys, beside the text typed.
type findKey int

const (
	findNone   findKey = iota
	findCancel         // Esc
	findBack           // Backspace
	findDown           // ↓ or Tab: the next suggestion
	findUp             // ↑: the previous one
	findGo             // Enter: go to the suggestion picked
)

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

// Draw implements ebiten.Game. It repaints only when something changed.
func (g *Game) Draw(screen *ebiten.Image) {
	if !g.dirty && g.dayImgs != nil {
		return
	}
	g.dirty = false
	g.render(screen)
}

// moving reports whether the map is in motion: playing, stepping,
// dragging or just zoomed.
func (g *Game) moving() bool {
	return g.playing || g.pos != g.target || g.dragging != 0 || g.motion > 0
}

// viewMoving reports whether the view itself is moving (a drag or a zoom),
// as opposed to the clock.
func (g *Game) viewMoving() bool { return g.dragging == 1 || g.motion > 0 }

// dayKey identifies what a cached day image shows besides the day.
type dayKey struct {
	view   scene.View
	show   scene.Show
	pinned int
	zoom   float64
	avoid  [3]scene.Rect
	banner scene.Rect
	draft  bool
	rings  string // the story step's ringed places
}

// render paints the whole window onto dst.
//
// The map of each day is painted once per view into a cached image; a
// transition between days cross-fades two of them, so playback costs two
// image draws a frame. While the view moves, the cached images are moved
// and scaled with it, and repainted sharp once it stops.
func (g *Game) render(dst *ebiten.Image) {
	f := g.frame()
	var avoid [3]scene.Rect
	copy(avoid[:], f.Avoid)
	key := dayKey{f.View, f.Show, f.Pinned, f.TextZoom, avoid, f.Banner, g.opts.Draft, strings.Join(f.Highlight, ",")}
	// The scene of the frame itself serves hit tests.
	if g.scene == nil || g.sceneFrame.From != f.From || g.sceneFrame.To != f.To || g.sceneFrame.T != f.T || g.sceneFrame.View != f.View || g.sceneFrame.Show != f.Show || g.sceneFrame.Pinned != f.Pinned || len(g.sceneFrame.Highlight) != len(f.Highlight) {
		g.scene = g.builder.Build(f)
		g.sceneFrame = f
	}
	dst.Fill(nrgba(scene.SeaColour))
	if g.viewMoving() && len(g.dayImgs) > 0 {
		// Move the last sharp images with the view.
		s := f.View.Scale / g.daysKey.view.Scale
		ox, oy := f.View.ToScreen(g.daysKey.view.ToWorld(0, 0))
		g.drawDays(g.leftSide(dst), f, func(op *ebiten.DrawImageOptions) {
			op.GeoM.Scale(s, s)
			op.GeoM.Translate(ox-g.compareShift(), oy)
		})
	} else {
		if key != g.daysKey {
			for _, d := range g.dayImgs {
				d.mapImg.Deallocate()
				d.labels.Deallocate()
			}
			g.dayImgs = map[int]*dayImages{}
			g.daysKey = key
		}
		g.drawDays(g.leftSide(dst), f, func(op *ebiten.DrawImageOptions) { op.GeoM.Translate(-g.compareShift(), 0) })
	}
	if g.mapOnly {
		return
	}
	g.drawCompare(dst)
	g.drawChrome(dst)
}

// drawDays draws the map of the frame: day From, and day To faded in over
// it by T, then the labels of the day shown. Labels switch rather than
// fade, since a place's label may sit elsewhere on the next day.
func (g *Game) drawDays(dst *ebiten.Image, f scene.Frame, place func(*ebiten.DrawImageOptions)) {
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	place(op)
	if img := g.dayImage(f.From); img != nil {
		dst.DrawImage(img.mapImg, op)
	}
	if f.To != f.From && f.T > 0 {
		fade := *op
		fade.ColorScale.ScaleAlpha(float32(f.T))
		if img := g.dayImage(f.To); img != nil {
			dst.DrawImage(img.mapImg, &fade)
		}
	}
	if img := g.dayImage(g.dayShown()); img != nil && f.Show.Labels {
		dst.DrawImage(img.labels, op)
	}
}

// dayImages are the cached pictures of one day: the map, and its labels on
// a transparent layer.
type dayImages struct {
	mapImg, labels *ebiten.Image
}

// dayImage returns the cached pictures of day i for the current key,
// painting them if needed. While the view moves it paints nothing new.
func (g *Game) dayImage(i int) *dayImages {
	if img, ok := g.dayImgs[i]; ok {
		return img
	}
	if g.viewMoving() {
		return nil
	}
	f := g.frame()
	f.From, f.To, f.T = i, i, 1
	sc := g.builder.Build(f)
	labels := sc.Labels
	sc.Labels = nil
	img := ebiten.NewImage(g.lay.W, g.lay.H)
	if g.opts.Draft {
		g.painter.Scene(img, sc, nil)
	} else {
		if g.scratch == nil {
			g.scratch = ebiten.NewImage(g.lay.W*supersample, g.lay.H*supersample)
		}
		g.painter.Scene(g.scratch, sc.Scaled(supersample), nil)
		op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
		op.GeoM.Scale(1.0/supersample, 1.0/supersample)
		img.DrawImage(g.scratch, op)
	}
	li := ebiten.NewImage(g.lay.W, g.lay.H)
	g.painter.Labels(li, labels)
	d := &dayImages{mapImg: img, labels: li}
	g.dayImgs[i] = d
	return d
}

package render

import (
	"fmt"
	"image"
	"os"
	"strings"
	"time"

	"github.com/frontline-sim/frontline/render/link"
	"github.com/frontline-sim/frontline/render/raster"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
	"github.com/hajimehoshi/ebiten/v2"
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
	// CPUMaps paints each day's map on the CPU (render/raster, the
	// exports' painter, antialiased) and uploads it, instead of
	// supersampling it on the GPU: the web page sets it, since a browser
	// without a GPU (WebGL on SwiftShader) took seconds a map that
	// render/raster paints in a fraction of one (docs/performance.md).
	CPUMaps bool

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

// Game is the Ebiten viewer. Update advances the clock and acts on the
// input's intents; Draw paints the scene built for the current moment and
// the chrome. Its state comes in parts, each in the file that uses it:
// what the map shows (viewState, view.go), the captions panel
// (panelState, panel.go), the pointer and the find box (inputState,
// input.go), the pictures kept between frames (frames, here) and the
// ensemble run in the background (simState, ensemble.go).
type Game struct {
	TL      *sim.Timeline
	builder *scene.Builder
	painter *Painter

	lay  scene.Layout
	opts Options

	viewState
	panelState
	inputState
	frames
	simState

	ticks  int
	logFPS bool // FRONTLINE_FPS=1 logs the frame rate, for docs/performance.md

	lastLink string // the deep link last reported to opts.OnLink
	linked   bool   // whether it has been reported once
	open     opener // a scenario to swap in, from Open
	problems string // a dropped file's problems, shown over the map
}

// frames are the pictures kept between frames, and whether the window
// needs painting again.
type frames struct {
	scene      *scene.Scene // the scene of the frame last drawn, for hit tests
	sceneFrame scene.Frame
	dayImgs    map[int]*dayImages // the pictures of each day, for daysKey
	daysKey    dayKey
	scratch    *ebiten.Image   // supersampled canvas
	cpu        *raster.Painter // Options.CPUMaps's painter
	chromeImg  *ebiten.Image
	chromeKey  chromeKey
	dirty      bool
}

// NewGame returns a viewer on the timeline tl.
func NewGame(tl *sim.Timeline, opts Options) *Game {
	g := &Game{TL: tl, builder: scene.NewBuilder(tl), painter: NewPainter(), opts: opts,
		viewState:  viewState{speed: 1, show: scene.ShowAll, present: opts.Present, hovered: -1, pinned: -1},
		panelState: panelState{panel: true}, frames: frames{dirty: true}, logFPS: os.Getenv("FRONTLINE_FPS") != ""}
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

// Draw implements ebiten.Game. It repaints only when something changed.
func (g *Game) Draw(screen *ebiten.Image) {
	if !g.dirty && g.dayImgs != nil {
		return
	}
	g.dirty = false
	g.render(screen)
}

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
	img := g.paintMap(sc)
	li := ebiten.NewImage(g.lay.W, g.lay.H)
	g.painter.Labels(li, labels)
	d := &dayImages{mapImg: img, labels: li}
	g.dayImgs[i] = d
	return d
}

// paintMap paints sc, a day's map without its labels, at the window's
// size: on the CPU (Options.CPUMaps), at screen size (Options.Draft), or
// supersampled on the GPU and shrunk, which smooths its edges.
func (g *Game) paintMap(sc *scene.Scene) *ebiten.Image {
	switch {
	case g.opts.CPUMaps:
		if g.cpu == nil {
			g.cpu = raster.New()
		}
		rgba := image.NewRGBA(image.Rect(0, 0, g.lay.W, g.lay.H))
		g.cpu.PaintOn(rgba, sc)
		return ebiten.NewImageFromImage(rgba)
	case g.opts.Draft:
		img := ebiten.NewImage(g.lay.W, g.lay.H)
		g.painter.Scene(img, sc, nil)
		return img
	}
	if g.scratch == nil {
		g.scratch = ebiten.NewImage(g.lay.W*supersample, g.lay.H*supersample)
	}
	g.painter.Scene(g.scratch, sc.Scaled(supersample), nil)
	img := ebiten.NewImage(g.lay.W, g.lay.H)
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	op.GeoM.Scale(1.0/supersample, 1.0/supersample)
	img.DrawImage(g.scratch, op)
	return img
}

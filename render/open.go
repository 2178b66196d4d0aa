package render

import (
	"fmt"
	"image/color"
	"io"
	"io/fs"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/hajimehoshi/ebiten/v2"
)

// opener hands a new timeline from any goroutine (a browser callback, a
// background load) to the game loop, which swaps it in on its next Update.
type opener struct {
	mu       sync.Mutex
	tl       *sim.Timeline
	sim      *scene.Sim
	paired   *scene.Compared // compare mode's ensembles, run in the background
	of       *sim.Timeline   // the replay a background ensemble simulated
	took     time.Duration   // how long that ensemble took
	id       string
	problems string
	set      bool
}

// Open replaces the scenario on screen with tl on the next frame, keeping
// the view and, when tl has it, the day. id is the scenario id the links
// carry ("" for one that has none, like a dropped file). Safe from any
// goroutine.
func (g *Game) Open(tl *sim.Timeline, id string) {
	g.open.mu.Lock()
	g.open.tl, g.open.sim, g.open.id, g.open.problems, g.open.set = tl, nil, id, "", true
	g.open.mu.Unlock()
}

// ShowProblems puts a scenario's problems in a box over the map until the
// next key press or click. Safe from any goroutine.
func (g *Game) ShowProblems(msg string) {
	g.open.mu.Lock()
	g.open.tl, g.open.problems, g.open.set = nil, msg, true
	g.open.mu.Unlock()
}

// takeOpen applies a pending Open or ShowProblems; Update calls it.
func (g *Game) takeOpen() {
	g.open.mu.Lock()
	tl, sv, of, id, msg, set, took := g.open.tl, g.open.sim, g.open.of, g.open.id, g.open.problems, g.open.set, g.open.took
	pc := g.open.paired
	g.open.tl, g.open.sim, g.open.of, g.open.paired, g.open.set = nil, nil, nil, nil, false
	g.open.mu.Unlock()
	if !set || (of != nil && of != g.replay) {
		return // nothing, or the ensemble of a scenario no longer shown
	}
	if of != nil {
		id = g.opts.Scenario
		if g.opts.OnSimulated != nil {
			defer g.opts.OnSimulated(g.simTotal, took)
		}
	}
	g.problems = msg
	g.dirty = true
	if pc != nil {
		g.openPaired(pc)
		return
	}
	if tl == nil {
		return
	}
	day := g.TL.Days[int(math.Round(g.target))].Date
	g.TL, g.builder = tl, scene.NewBuilder(tl)
	g.builder.Sim = sv
	g.opts.Scenario = id
	if sv == nil {
		g.replay, g.simRuns = tl, 0 // a replay; a simulation keeps its own
	}
	// Another scenario leaves compare mode: its sides no longer hold.
	if g.cmp != nil {
		if g.cmp.img != nil {
			g.cmp.img.Deallocate()
		}
		g.cmp, g.opts.Compare, g.opts.CompareLink = nil, nil, ""
	}
	g.pos, g.target, g.playing = 0, 0, false
	if i := tl.Index(day); i >= 0 {
		g.pos, g.target = float64(i), float64(i)
	} else if last := len(tl.Days) - 1; day > tl.Days[last].Date {
		// Back from a projected day to the replay: its last day.
		g.pos, g.target = float64(last), float64(last)
	}
	// A simulation run in the background opens on the day asked for,
	// which may be a projected day the replay does not have.
	if i := tl.Index(g.opts.Day); sv != nil && g.opts.Day != 0 && i >= 0 && day == g.TL.Days[0].Date {
		g.pos, g.target = float64(i), float64(i)
	}
	g.dropFrames()
	ebiten.SetWindowTitle("frontline — " + tl.Scenario.Title)
}

// dropFrames forgets the pictures drawn of the timeline replaced.
func (g *Game) dropFrames() {
	g.hovered, g.pinned, g.scene = -1, -1, nil
	for _, d := range g.dayImgs {
		d.mapImg.Deallocate()
		d.labels.Deallocate()
	}
	g.dayImgs, g.daysKey, g.chromeImg, g.panelImg = nil, dayKey{}, nil, nil
}

// dropped opens the first scenario file dropped on the window, as the web
// page does with a file dropped on it: problems go in a box over the map.
func (g *Game) dropped() {
	files := ebiten.DroppedFiles()
	if files == nil {
		return
	}
	var names []string
	_ = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	if len(names) == 0 {
		g.ShowProblems("Drop a scenario file (.yaml) to open it.")
		return
	}
	f, err := files.Open(names[0])
	if err != nil {
		g.ShowProblems(err.Error())
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, scenarios.MaxFileSize+1))
	if err != nil {
		g.ShowProblems(err.Error())
		return
	}
	tl, err := OpenScenario(names[0], data)
	if err != nil {
		g.ShowProblems(err.Error())
		return
	}
	g.Open(tl, "")
}

// OpenScenario checks and replays a scenario file's bytes as `frontline
// validate` does, with the same file:line problems.
func OpenScenario(name string, data []byte) (*sim.Timeline, error) {
	a, err := geo.Default()
	if err != nil {
		return nil, err
	}
	return scenarios.ReplayBytes(name, data, a)
}

// drawProblems paints the problems box over the map.
func (g *Game) drawProblems(dst *ebiten.Image) {
	p := g.painter
	size := 13 * g.tz()
	w := math.Min(g.lay.Map.W-40, 760)
	var lines []string
	for _, l := range strings.Split(g.problems, "\n") {
		lines = append(lines, scene.WrapText(l, size, false, w-32)...)
	}
	if len(lines) > 14 {
		lines = append(lines[:13], fmt.Sprintf("… and %d more lines", len(lines)-13))
	}
	h := float64(len(lines))*size*1.45 + size*3.6
	r := scene.Rect{X: g.lay.Map.X + g.lay.Map.W/2 - w/2, Y: g.lay.Map.Y + g.lay.Map.H - h - 16, W: w, H: h}
	p.Box(dst, r, 6, color.RGBA{R: 0xff, G: 0xf4, B: 0xf0, A: 0xfa}, color.RGBA{R: 0xb0, G: 0x20, B: 0x10, A: 0xff})
	p.Text(dst, "This scenario file has problems (Esc closes):", p.face(size*1.1, true), r.X+16, r.Y+10, color.RGBA{R: 0xb0, G: 0x20, B: 0x10, A: 0xff})
	y := r.Y + 10 + size*1.9
	for _, l := range lines {
		p.Text(dst, l, p.face(size, false), r.X+16, y, scene.InkColour)
		y += size * 1.45
	}
}

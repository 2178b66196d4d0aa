package render

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/sim"
	"github.com/hajimehoshi/ebiten/v2"
)

// ErrNoDisplay is returned when no display is available to open a window.
var ErrNoDisplay = errors.New(`no display: the viewer needs an X server or Wayland.
Run it under a virtual one:    xvfb-run -a frontline view
or export pictures, which need no display:
                               frontline export --day 2024-11-30 --png frames/`)

// HasDisplay reports whether a window can be opened here.
func HasDisplay() bool {
	if runtime.GOOS != "linux" && runtime.GOOS != "freebsd" {
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}

// runGame runs an Ebiten game, turning a panic in the graphics driver into
// an error that says what to do.
func runGame(game ebiten.Game, opts *ebiten.RunGameOptions) (err error) {
	if !HasDisplay() {
		return ErrNoDisplay
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the graphics driver failed (%v); run under xvfb-run -a, or use frontline export, which needs no display", r)
		}
	}()
	if err := ebiten.RunGameWithOptions(game, opts); err != nil && !errors.Is(err, ebiten.Termination) {
		return fmt.Errorf("viewer: %v", err)
	}
	return nil
}

// Run opens the viewer window on tl and returns when it is closed.
func Run(tl *sim.Timeline, o Options) error {
	if !HasDisplay() {
		return ErrNoDisplay
	}
	if serving() != nil {
		return errors.New("viewer: cannot open a window inside ServeScreenshots, which runs this process's one Ebiten game")
	}
	w, h := o.Width, o.Height
	if w <= 0 || h <= 0 {
		w, h = 1600, 900
	}
	ebiten.SetWindowTitle("frontline — " + tl.Scenario.Title)
	ebiten.SetWindowSize(w, h)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetScreenClearedEveryFrame(false)
	ebiten.SetTPS(60)
	if o.Present {
		ebiten.SetFullscreen(true)
	}
	return runGame(NewGame(tl, o), nil)
}

// shotGame renders one frame of a Game offscreen at a fixed size, hands the
// pixels to done, and ends.
type shotGame struct {
	g    *Game
	w, h int
	img  *image.RGBA
	done bool
}

func (s *shotGame) Update() error {
	if s.done {
		return ebiten.Termination
	}
	return nil
}

func (s *shotGame) Draw(screen *ebiten.Image) {
	if s.done {
		return
	}
	s.img = shot(s.g, s.w, s.h, screen)
	s.done = true
}

func (s *shotGame) Layout(int, int) (int, int) { return s.w, s.h }

// Render draws the viewer as it would look on opening with o, at w×h, and
// returns the image: the viewer's screenshot, chrome and all. It needs a
// display, like the viewer; pictures without one come from render/raster.
// Ebiten runs one game per process, so inside ServeScreenshots the frame is
// drawn by its game; otherwise Render runs a game of its own, once.
func Render(tl *sim.Timeline, o Options, w, h int) (*image.RGBA, error) {
	if w <= 0 || h <= 0 || w > 8192 || h > 8192 {
		return nil, fmt.Errorf("image size %dx%d: width and height must be 1 to 8192", w, h)
	}
	g := NewGame(tl, o)
	if serving() != nil {
		var img *image.RGBA
		onServer(func(screen *ebiten.Image) { img = shot(g, w, h, screen) })
		return img, nil
	}
	s := &shotGame{g: g, w: w, h: h}
	ebiten.SetWindowTitle("frontline screenshot")
	ebiten.SetWindowSize(min(w, 800), min(h, 450))
	if err := runGame(s, &ebiten.RunGameOptions{InitUnfocused: true}); err != nil {
		return nil, err
	}
	if s.img == nil {
		return nil, errors.New("viewer: no frame was drawn")
	}
	return s.img, nil
}

// shot draws one frame of g at w×h offscreen and reads it back. It must
// run inside an Ebiten Draw.
func shot(g *Game, w, h int, screen *ebiten.Image) *image.RGBA {
	g.relayout(w, h)
	off := ebiten.NewImage(w, h)
	defer off.Deallocate()
	g.render(off)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	off.ReadPixels(img.Pix)
	screen.DrawImage(off, nil)
	return img
}

// serveJob is work for ServeScreenshots's game to do inside a Draw.
type serveJob struct {
	fn   func(screen *ebiten.Image)
	done chan struct{}
}

var (
	serveMu   sync.Mutex
	serveJobs chan serveJob
)

func serving() chan serveJob {
	serveMu.Lock()
	defer serveMu.Unlock()
	return serveJobs
}

// ServeScreenshots runs work while one Ebiten game, on the calling (main)
// goroutine, draws every frame that Render asks for, since a process may
// run only one Ebiten game. The tests of the viewer and of "frontline view
// --screenshot" use it; exports do not, for they need no display (see
// render/raster). Without a display, work runs alone and Render returns
// ErrNoDisplay.
func ServeScreenshots(work func()) error {
	if serving() != nil {
		work() // already inside ServeScreenshots: its game draws for this work too
		return nil
	}
	if !HasDisplay() {
		work()
		return nil
	}
	jobs := make(chan serveJob)
	serveMu.Lock()
	serveJobs = jobs
	serveMu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		work()
	}()
	ebiten.SetWindowTitle("frontline renderer")
	ebiten.SetWindowSize(320, 180)
	err := runGame(&serveGame{jobs: jobs, done: done}, &ebiten.RunGameOptions{InitUnfocused: true})
	serveMu.Lock()
	serveJobs = nil
	serveMu.Unlock()
	<-done
	return err
}

// serveGame draws the frames that Render submits until work is done.
type serveGame struct {
	jobs    chan serveJob
	done    chan struct{}
	pending *serveJob
}

func (s *serveGame) Update() error {
	if s.pending != nil {
		return nil
	}
	select {
	case <-s.done:
		return ebiten.Termination
	case j := <-s.jobs:
		s.pending = &j
	default:
	}
	return nil
}

func (s *serveGame) Draw(screen *ebiten.Image) {
	if s.pending == nil {
		return
	}
	j := s.pending
	s.pending = nil
	j.fn(screen)
	close(j.done)
}

// onServer runs fn inside a Draw of ServeScreenshots's game and waits for it.
func onServer(fn func(screen *ebiten.Image)) {
	j := serveJob{fn: fn, done: make(chan struct{})}
	serving() <- j
	<-j.done
}

func (s *serveGame) Layout(int, int) (int, int) { return 320, 180 }

// WritePNG encodes img to path atomically (see internal/atomicfile), so
// that a failure or a kill leaves no half-written file.
func WritePNG(path string, img image.Image) error {
	return atomicfile.WriteFile(path, 0o644, func(w io.Writer) error { return png.Encode(w, img) })
}

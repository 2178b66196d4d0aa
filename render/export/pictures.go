package export

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/render/raster"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/render/svg"
	"github.com/frontline-sim/frontline/sim"
)

// Pictures says what every picture of an export shows.
type Pictures struct {
	W, H     int
	Focus    string  // place id to centre on, scene.FocusSyria for Syria, or "" for the action
	Zoom     float64 // relative to the whole-Syria view; 0 for the default
	Present  bool    // presenter mode's large type
	From, To int     // first and last day index, inclusive
	// Story makes one picture per step of the scenario's story instead of
	// one per day: each step's day, view, layers, highlights and caption,
	// as presenter mode shows it. From and To are then unused.
	Story bool
	// Sim, when set, is the simulation whose most likely days the
	// timeline holds (scene.SimView): every picture shades the land by the
	// probability of its most likely controller, hatches and banners the
	// projected days, and gives the legend the words of likelihood, as
	// the viewer draws the same day.
	Sim *scene.Sim
	// Compare, when set, makes every picture a compare by ensembles of
	// two scenarios side by side (scene.CompareScene): the timeline is
	// Compare.A, Sim is Compare.SimA, and the what-if is Compare.B.
	Compare *scene.Compared
}

// Progress is told how much of a stage is done; it may be nil.
type Progress func(stage string, done, total int)

func (pr Progress) report(stage string, done, total int) {
	if pr != nil {
		pr(stage, done, total)
	}
}

func (p Pictures) textZoom() float64 {
	if p.Present {
		return scene.PresentTextZoom
	}
	return 1
}

// View is the view of every frame: the map fills the picture, framed on
// the action of the days exported, or a compare's on what its what-if
// changes, unless a focus or zoom is given.
func (p Pictures) View(tl *sim.Timeline) scene.View {
	m := scene.Rect{W: float64(p.W), H: float64(p.H)}
	fr, to := scene.Framing{Focus: p.Focus, Zoom: p.Zoom}, min(p.To, len(tl.Days)-1)
	if p.Compare != nil {
		fr = fr.OnCompare(p.Compare, p.From, to)
	} else {
		fr = fr.OnAction(tl, p.From, to)
	}
	return fr.View(tl.Graph.Atlas, m, m, p.textZoom())
}

// Check reports a bad picture setting.
func (p Pictures) Check(tl *sim.Timeline) error {
	if p.W < 64 || p.H < 64 || p.W > 8192 || p.H > 8192 {
		return fmt.Errorf("picture size %dx%d: width and height must be 64 to 8192", p.W, p.H)
	}
	if p.Sim != nil && len(p.Sim.Days) != len(tl.Days) {
		return fmt.Errorf("the simulation has %d days and its timeline %d: build both with scene.SimView", len(p.Sim.Days), len(tl.Days))
	}
	if p.Compare != nil && (p.Sim != p.Compare.SimA || tl != p.Compare.A || p.Story) {
		return fmt.Errorf("a compare's pictures are of its days, over its first side's timeline and simulation (Compared.A and SimA), with no story")
	}
	if p.Story {
		if p.Sim != nil {
			return fmt.Errorf("a simulation has no story: its pictures are of its days (--day)")
		}
		if tl.Scenario.Story == nil || len(tl.Scenario.Story.Steps) == 0 {
			return fmt.Errorf("%s has no story: add story: to the file (docs/scenarios.md)", tl.Scenario.ID)
		}
		return nil
	}
	if p.From < 0 || p.To >= len(tl.Days) || p.From > p.To {
		return fmt.Errorf("day range %d..%d is outside the timeline's %d days", p.From, p.To, len(tl.Days))
	}
	return nil
}

// Days returns the day indexes the pictures cover.
func (p Pictures) Days() []int {
	var out []int
	for i := p.From; i <= p.To; i++ {
		out = append(out, i)
	}
	return out
}

// Builder returns a scene builder for p's pictures of tl: with p's
// simulation, if any. A builder is not safe for concurrent use.
func (p Pictures) Builder(tl *sim.Timeline) *scene.Builder {
	b := scene.NewBuilder(tl)
	b.Sim = p.Sim
	if p.Compare != nil {
		b.Compare = p.Compare.Diff
	}
	return b
}

// DayScene returns the scene of an exported frame of day i: the map, its
// labels, and the chrome (date, legend, scale, credit) as an overlay.
func DayScene(b *scene.Builder, p Pictures, i int) *scene.Scene {
	v := p.View(b.TL)
	tz := p.textZoom()
	f := scene.Settled(i, v)
	f.TextZoom = tz
	f.Avoid = b.ChromeAvoid(i, v, tz)
	s := b.Build(f)
	s.Overlay = b.Chrome(i, v, tz)
	return s
}

// StoryScene returns the scene of story step k (from 0) as an exported
// frame: the step's day through its view, with its layers, the chrome,
// the caption box and the highlighted places ringed.
func StoryScene(b *scene.Builder, p Pictures, k int) *scene.Scene {
	tl := b.TL
	st := tl.Scenario.Story.Steps[k]
	i := max(0, tl.Index(st.Day))
	tz := p.textZoom()
	v := scene.StoryView(tl, scene.Rect{W: float64(p.W), H: float64(p.H)}, tz, k)
	f := scene.Settled(i, v)
	f.TextZoom = tz
	f.Show = scene.ShowLayers(st.Layers)
	f.Highlight = st.Highlight
	syms := b.Symbols(f)
	f.Avoid = append(b.ChromeAvoidOf(i, v, tz, syms), scene.StoryAvoid(tl, k, i, v, tz))
	s := b.Build(f)
	o := b.ChromeWith(i, v, tz, scene.ChromeAll, syms)
	so := b.StoryOverlay(k, i, v, tz)
	o.Boxes = append(o.Boxes, so.Boxes...)
	o.Layers = append(o.Layers, so.Layers...)
	o.Labels = append(o.Labels, so.Labels...)
	s.Overlay = o
	return s
}

// frameSeq is what a set of pictures shows in order: days, or story
// steps. Key k of keys is drawn by scene; name is its file name.
type frameSeq struct {
	keys  []int
	scene func(b *scene.Builder, k int) *scene.Scene
	name  func(k int, ext string) string
	title func(k int) string
}

// seq returns the frames of p: its days, or its story's steps.
func (p Pictures) seq(tl *sim.Timeline) frameSeq {
	if p.Story {
		steps := tl.Scenario.Story.Steps
		keys := make([]int, len(steps))
		for k := range keys {
			keys[k] = k
		}
		return frameSeq{keys: keys,
			scene: func(b *scene.Builder, k int) *scene.Scene { return StoryScene(b, p, k) },
			name:  func(k int, ext string) string { return StepFileName(k, ext) },
			title: func(k int) string {
				return fmt.Sprintf("%s — step %d of %d: %s", tl.Scenario.Title, k+1, len(steps), steps[k].Title)
			},
		}
	}
	if p.Compare != nil {
		return p.compareSeq(tl)
	}
	return frameSeq{keys: p.Days(),
		scene: func(b *scene.Builder, i int) *scene.Scene { return DayScene(b, p, i) },
		name:  func(i int, ext string) string { return FileName(tl, i, ext) },
		title: p.dayTitle(tl),
	}
}

// dayTitle is the title of day i's picture (an SVG's <title>).
func (p Pictures) dayTitle(tl *sim.Timeline) func(i int) string {
	return func(i int) string {
		t := fmt.Sprintf("%s — %s", tl.Scenario.Title, scene.LongDate(tl.Days[i].Date))
		if p.Sim != nil {
			t += fmt.Sprintf(" — simulated, %d runs", p.Sim.Runs)
			if p.Sim.Days[i].Projected {
				t += ", PROJECTED (model only)"
			}
		}
		return t
	}
}

// StepFileName is the name of story step k's picture (from 0): step-01
// and the extension, so that the steps sort in order.
func StepFileName(k int, ext string) string { return fmt.Sprintf("step-%02d%s", k+1, ext) }

// FileName is the name of day i's picture: its date and the extension.
func FileName(tl *sim.Timeline, i int, ext string) string { return tl.Days[i].Date.String() + ext }

// parallel runs fn(worker, k) for k in [0, n) on up to GOMAXPROCS
// workers; each worker has its own scene builder (p.Builder) and
// painter, which are not safe for concurrent use.
func parallel(tl *sim.Timeline, p Pictures, n int, fn func(b *scene.Builder, p *raster.Painter, k int) error) error {
	workers := min(n, runtime.GOMAXPROCS(0))
	errs := make([]error, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, pt := p.Builder(tl), raster.New()
			for k := range next {
				errs[k] = fn(b, pt, k)
			}
		}()
	}
	for k := 0; k < n; k++ {
		next <- k
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// WritePNGs writes one PNG per day (or story step) into dir and returns
// their paths.
// Frames are painted and encoded on every core, and written one at a
// time: atomicfile clears stale temporary files of its folder on each
// write, which would take another writer's.
func WritePNGs(tl *sim.Timeline, p Pictures, dir string, pr Progress) ([]string, error) {
	sq := p.seq(tl)
	days := sq.keys
	paths := make([]string, len(days))
	var mu sync.Mutex
	done := 0
	err := parallel(tl, p, len(days), func(b *scene.Builder, pt *raster.Painter, k int) error {
		img := pt.Paint(sq.scene(b, days[k]))
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		paths[k] = filepath.Join(dir, sq.name(days[k], ".png"))
		if err := atomicfile.WriteBytes(paths[k], buf.Bytes(), 0o644); err != nil {
			return err
		}
		done++
		pr.report("png", done, len(days))
		return nil
	})
	return paths, err
}

// WriteSVGs writes one SVG per day (or story step) into dir and returns
// their paths.
func WriteSVGs(tl *sim.Timeline, p Pictures, dir string, pr Progress) ([]string, error) {
	b := p.Builder(tl)
	sq := p.seq(tl)
	var paths []string
	for k, i := range sq.keys {
		s := sq.scene(b, i)
		path := filepath.Join(dir, sq.name(i, ".svg"))
		title := sq.title(i)
		if err := atomicfile.WriteFile(path, 0o644, func(w io.Writer) error { return svg.Write(w, s, svg.Options{Title: title}) }); err != nil {
			return paths, err
		}
		paths = append(paths, path)
		pr.report("svg", k+1, len(sq.keys))
	}
	return paths, nil
}

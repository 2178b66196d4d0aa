package render

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/frontline-sim/frontline/render/link"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// simState is the ensemble run in the background's: its progress, a
// request to start one from another goroutine, and the runs and seed the
// links carry. Game embeds it.
type simState struct {
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

// Ensemble returns a Simulate function (see Options) for the scenario
// replayed as tl: it makes o's runs on workers goroutines (0: one per
// CPU) and returns what the viewer draws of them (scene.SimViewLazy over
// tl: each day's territory is mapped when it is first drawn, nine tenths
// of the cost of mapping every day). The options are checked now, so that
// a bad one fails before any window opens. The same options give the same
// picture as `frontline view` of the saved `frontline simulate --format json`.
func Ensemble(tl *sim.Timeline, o ensemble.Options, workers int) (SimulateFunc, error) {
	r, err := ensemble.New(tl, o)
	if err != nil {
		return nil, err
	}
	return func(progress SimProgress) (*sim.Timeline, *scene.Sim, error) {
		var runs func(int)
		if progress != nil {
			runs = func(done int) { progress(StageRuns, done, o.Runs) }
		}
		return scene.SimViewLazy(tl, r.Result(workers, runs))
	}, nil
}

// SimulateFunc runs an ensemble and returns what the viewer draws of it
// (Options.Simulate); progress may be nil.
type SimulateFunc func(progress SimProgress) (*sim.Timeline, *scene.Sim, error)

// SimProgress is told how much of a stage of a simulation is done: the
// runs (StageRuns), then the map of the day shown (StageMap).
type SimProgress func(stage string, done, total int)

// The stages of a simulation the progress box shows.
const (
	StageRuns = "runs"
	StageMap  = "map"
)

// EnsembleOptions are the options of an ensemble the viewer starts by
// itself (the E key, a link's runs=): the scenario's own hand-over from
// the documents to the model, and a forecast to ensemble.DefaultUntil or
// a week past the scenario's end, whichever is later.
func EnsembleOptions(s *sim.Scenario, runs int, seed uint64) ensemble.Options {
	return ensemble.Options{Runs: runs, Seed: seed, Until: max(ensemble.DefaultUntil, s.End+7)}
}

// Simulate runs an ensemble of runs with seed on the scenario shown, in
// the background with a progress box, and then shows its probabilities.
// It does nothing while another runs, and in compare mode. Safe from any
// goroutine: the game loop starts it on its next Update.
func (g *Game) Simulate(runs int, seed uint64) {
	g.simAsk.Store(&simRequest{runs: runs, seed: seed})
}

// ToggleEnsemble does what the E key does, from any goroutine (the web
// page's Simulate button): it runs the ensemble of the scenario shown, or
// goes back from a simulation to its replay.
func (g *Game) ToggleEnsemble() {
	g.simAsk.Store(&simRequest{toggle: true})
}

type simRequest struct {
	runs   int
	seed   uint64
	toggle bool
}

// startAsked starts the ensemble Simulate or ToggleEnsemble asked for.
func (g *Game) startAsked() {
	rq := g.simAsk.Swap(nil)
	if rq != nil && rq.toggle {
		g.toggleEnsemble()
		return
	}
	if rq == nil || g.simBusy.Load() || g.cmp != nil || g.replay == nil {
		return
	}
	replay := g.replay
	f, err := Ensemble(replay, EnsembleOptions(replay.Scenario, rq.runs, rq.seed), 0)
	if err != nil {
		g.ShowProblems("Cannot simulate this scenario: " + err.Error())
		return
	}
	g.simRuns, g.simSeed = rq.runs, rq.seed
	g.runInBackground(replay, rq.runs, f)
}

// runInBackground runs f, the ensemble of replay's scenario, off the game
// loop; its result replaces the replay unless another scenario has been
// opened since.
func (g *Game) runInBackground(replay *sim.Timeline, runs int, f SimulateFunc) {
	day := g.dayAsked()
	g.background(runs, func(progress SimProgress) (func(), error) {
		tl, sv, err := f(progress)
		if err != nil {
			return nil, err
		}
		mapShown(progress, day, simSide{tl, sv})
		return func() { g.open.tl, g.open.sim, g.open.of = tl, sv, replay }, nil
	})
}

// compareInBackground runs f, compare mode's two ensembles, off the game
// loop, while the two replays show; its result then replaces them
// (openPaired) unless another scenario has been opened since.
func (g *Game) compareInBackground(runs int, f CompareFunc) {
	day, replay := g.dayAsked(), g.replay
	g.background(runs, func(progress SimProgress) (func(), error) {
		pc, err := f(progress)
		if err != nil {
			return nil, err
		}
		mapShown(progress, day, simSide{pc.A, pc.SimA}, simSide{pc.B, pc.SimB})
		return func() { g.open.paired, g.open.of = pc, replay }, nil
	})
}

// background runs work, a simulation of runs, off the game loop, with the
// progress box; the function work returns hands its result to the game
// loop (it sets g.open's fields under its lock), which swaps it in and
// tells Options.OnSimulated how long it took.
func (g *Game) background(runs int, work func(SimProgress) (func(), error)) {
	g.simBusy.Store(true)
	g.simDone.Store(0)
	g.mapDone.Store(0)
	g.mapTotal.Store(0)
	g.simTotal = runs
	start := time.Now()
	g.simWait.Add(1)
	go func() {
		defer g.simWait.Done()
		hand, err := work(func(stage string, done, total int) {
			if stage == StageMap {
				g.mapDone.Store(int64(done))
				g.mapTotal.Store(int64(total))
			} else {
				g.simDone.Store(int64(done))
			}
			yieldToPage()
		})
		g.simBusy.Store(false)
		if err != nil {
			g.ShowProblems("The simulation failed: " + err.Error())
			return
		}
		g.open.mu.Lock()
		hand()
		g.open.problems, g.open.took, g.open.set = "", time.Since(start), true
		g.open.mu.Unlock()
	}()
}

// dayAsked is the date the viewer will show a simulation on: the one its
// options ask for, else the one on screen.
func (g *Game) dayAsked() sim.Date {
	if g.opts.Day != 0 {
		return g.opts.Day
	}
	return g.TL.Days[g.dayShown()].Date
}

// simSide is a simulation's days and what the viewer draws of them.
type simSide struct {
	tl *sim.Timeline
	sv *scene.Sim
}

// mapShown maps the day the viewer will open on, of each side, off the
// game loop with the progress box (the others are mapped as they are
// drawn); a day a side does not have is left to the draw.
func mapShown(progress SimProgress, day sim.Date, sides ...simSide) {
	for k, s := range sides {
		progress(StageMap, k, len(sides))
		s.sv.MapDay(s.tl.Index(day))
	}
	progress(StageMap, len(sides), len(sides))
}

// toggleEnsemble is the E key: the ensemble of the scenario shown, or
// back from a simulation to its replay.
func (g *Game) toggleEnsemble() {
	switch {
	case g.builder.Sim != nil && g.replay != nil:
		g.open.mu.Lock()
		g.open.tl, g.open.sim, g.open.of, g.open.id, g.open.problems, g.open.set = g.replay, nil, nil, g.opts.Scenario, "", true
		g.open.mu.Unlock()
	case g.cmp != nil:
		g.ShowProblems("Compare mode shows its two sides as they are: open one scenario to simulate it (E), or compare by ensembles with frontline view --compare A B --simulate.")
	case g.replay == nil:
		g.ShowProblems("This simulation was opened from a file, without its replay: open its scenario to simulate it again (E).")
	case !g.simBusy.Load():
		g.Simulate(link.DefaultRuns, 1)
	}
}

// CompareFunc runs compare mode's two ensembles and returns what the
// viewer draws of them; progress may be nil.
type CompareFunc func(progress SimProgress) (*scene.Compared, error)

// CompareEnsembles returns a CompareFunc for the scenarios replayed as tla
// (the history) and tlb (a what-if): o's runs of both on common random
// numbers (ensemble.Pair), on workers goroutines (0: one per CPU), mapped
// by scene.CompareViewsLazy as they are drawn. The options are checked now.
func CompareEnsembles(tla, tlb *sim.Timeline, o ensemble.Options, workers int) (CompareFunc, error) {
	p, err := ensemble.NewPair(tla, tlb, o)
	if err != nil {
		return nil, err
	}
	return func(progress SimProgress) (*scene.Compared, error) {
		var runs func(int)
		if progress != nil {
			runs = func(done int) { progress(StageRuns, done, o.Runs) }
		}
		ra, rb, pt, err := p.Results(workers, runs)
		if err != nil {
			return nil, err
		}
		return scene.CompareViewsLazy(tla, ra, tlb, rb, pt)
	}, nil
}

// ComparesByEnsembles reports whether compare mode compares the scenarios
// of tla and tlb by their ensembles: when asked (simulate), or when either
// has interventions, which act only in the model, so that their replays
// would look alike.
func ComparesByEnsembles(tla, tlb *sim.Timeline, simulate bool) bool {
	return simulate || len(tla.Scenario.Interventions) > 0 || len(tlb.Scenario.Interventions) > 0
}

// CompareOptions are the options of compare mode's two ensembles when the
// viewer starts them: as EnsembleOptions, to the later of the two ends.
func CompareOptions(a, b *sim.Scenario, runs int, seed uint64) ensemble.Options {
	o := EnsembleOptions(a, runs, seed)
	o.Until = max(o.Until, EnsembleOptions(b, runs, seed).Until)
	return o
}

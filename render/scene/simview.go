package scene

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/geo/territory"
	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// SimView returns what the viewer and the picture exports draw of a
// simulation s over the replay tl: a timeline of the simulated days, each
// place held by its most likely controller (ties to the first by name)
// and the territory the partition spreads from them (SimSegments, the
// spread the GeoJSON probability layer uses), and the scene's Sim, with
// each day's probabilities, shaded land by band of likelihood and
// projection, and each place's fall-date fan. Roads derive from their
// ends by the replay's rules (sim.Timeline.StatesDay): the simulation does
// not say who cuts a road. The timeline has no events; its scenario is
// tl's, or, for a simulation of another scenario (a what-if file drawn
// over the built-in replay's factions), a what-if named after s
// (simScenario), so that its pictures carry the WHAT-IF banner. It fails
// when s names a controller that is not one of tl's factions.
func SimView(tl *sim.Timeline, s *ensemble.Result) (*sim.Timeline, *Sim, error) {
	return SimViewProgress(tl, s, nil)
}

// SimViewProgress is SimView telling progress, if set, how many of its
// steps are done (two a day: the day's partition, then its polygons), so
// that a viewer can show the mapping move, and a browser page yield.
func SimViewProgress(tl *sim.Timeline, s *ensemble.Result, progress func(done, total int)) (*sim.Timeline, *Sim, error) {
	out, sv, err := SimViewLazy(tl, s)
	if err != nil {
		return nil, nil, err
	}
	sv.MapAll(progress)
	return out, sv, nil
}

// SimViewLazy is SimView without the territory: each day's partition,
// geometry and shaded land are mapped when the day is first drawn
// (Builder.Build calls Sim.MapDay), which is nine tenths of the cost of
// SimView. The viewer, the web page and the picture exports draw some
// of the days, so they map only those (an export of one day of a
// ten-year simulation maps one day). Code that reads a day's Territory or Geometry itself,
// rather than through a Builder, calls MapDay or MapAll first.
func SimViewLazy(tl *sim.Timeline, s *ensemble.Result) (*sim.Timeline, *Sim, error) {
	a := tl.Graph.Atlas
	places := a.Places()
	out := &sim.Timeline{Scenario: simScenario(tl.Scenario, s), Graph: tl.Graph, Territory: tl.Territory,
		RouteLost: make([]sim.Date, len(tl.RouteLost))}
	sv := &Sim{Title: s.Title, Runs: s.Runs, Start: s.Days[0].Date, LastDocumented: s.LastDocumented}
	var lz *lazyMap
	if tl.Territory != nil && tl.Territory.Map != nil {
		lz = &lazyMap{tl: tl, out: out, sv: sv, done: make([]bool, len(s.Days)),
			parts: map[string]*territory.Partition{}, geoms: map[string]territory.Geometry{}, shades: map[string][]Shade{}}
		sv.lazy = lz
	}
	var prev []sim.PlaceState
	for _, day := range s.Days {
		sd := SimDay{Projected: day.Projected, P: make([]float64, len(places))}
		st := make([]sim.PlaceState, len(places))
		ctrl := controllers(places, day)
		labels := make([]string, len(places))
		for i, pl := range places {
			ps, c := day.Control[pl.ID], ctrl[i]
			p := 0.0
			for _, v := range ps {
				p = max(p, v)
			}
			sd.P[i] = p
			since := day.Date
			if prev != nil && prev[i].Controller == c {
				since = prev[i].Since
			}
			st[i] = sim.PlaceState{Controller: c, Status: sim.Held, Since: since}
			labels[i] = c + "|" + strconv.Itoa(likelihood.Index(p))
		}
		prev = st
		sday, err := tl.StatesDay(day.Date, st)
		if err != nil {
			return nil, nil, fmt.Errorf("simulation %s: %w", s.Title, err)
		}
		if j := tl.Index(day.Date); j >= 0 && !day.Projected {
			// A documented day's events are the panel's, as the replay's.
			sday.Events = tl.Days[j].Events
		}
		sday.Metrics = sim.Metrics{Places: map[string]int{}}
		for _, ps := range st {
			if ps.Controller != "" {
				sday.Metrics.Places[ps.Controller]++
			}
		}
		if lz != nil {
			lz.ctrl, lz.labels = append(lz.ctrl, ctrl), append(lz.labels, labels)
		}
		out.Days = append(out.Days, sday)
		sv.Days = append(sv.Days, sd)
	}
	sv.Fans = simFans(a, s)
	return out, sv, nil
}

// simFans returns each place's fall-date fan in s, in a's order.
func simFans(a *geo.Atlas, s *ensemble.Result) []Fan {
	first, last := s.Days[0].Date, s.Days[len(s.Days)-1].Date
	idx := func(d *sim.Date) int {
		if d == nil || *d < first || *d > last {
			return -1
		}
		return int(*d - first)
	}
	fans := make([]Fan, len(a.Places()))
	for i := range fans {
		fans[i] = Fan{P10: -1, Median: -1, P90: -1, Documented: -1}
	}
	for _, pl := range s.Places {
		i, ok := a.Index(pl.ID)
		if !ok {
			continue
		}
		f := Fan{FallP: pl.FallProbability, P10: -1, Median: -1, P90: -1, Documented: idx(pl.Documented)}
		f.DocumentedAfterDays = pl.Documented != nil && *pl.Documented > last
		if fd := pl.FallDate; fd != nil {
			f.P10, f.Median, f.P90 = idx(fd.P10), idx(fd.Median), idx(fd.P90)
		}
		fans[i] = f
	}
	return fans
}

// lazyMap maps a simulation's days on demand (SimViewLazy): the days with
// the same most likely controllers share one partition and geometry, and
// those with the same controllers and bands of likelihood one shading. A
// partition is derived from the last one made (Partition.Next, which
// gives what a fresh spread gives), so the order the days are drawn in
// changes nothing.
type lazyMap struct {
	mu     sync.Mutex
	tl     *sim.Timeline // the replay
	out    *sim.Timeline // the simulation's days, whose Territory and Geometry are filled in
	sv     *Sim          // whose days' Shades are filled in
	ctrl   [][]string    // per day and place, the most likely controller
	labels [][]string    // per day and place, "controller|band"
	done   []bool
	parts  map[string]*territory.Partition
	geoms  map[string]territory.Geometry
	shades map[string][]Shade
	last   *territory.Partition
}

// MapDay maps the territory of the days given (indexes in s.Days) that are
// not mapped yet; it does nothing for a simulation mapped whole (SimView)
// or nil. Safe from any goroutine.
func (s *Sim) MapDay(days ...int) {
	if s == nil || s.lazy == nil {
		return
	}
	s.lazy.mu.Lock()
	defer s.lazy.mu.Unlock()
	for _, d := range days {
		s.lazy.mapDay(d, func(int) {})
	}
}

// MapAll maps every day not mapped yet, telling progress, if set, its
// steps (two a day: the partition, then the polygons).
func (s *Sim) MapAll(progress func(done, total int)) {
	total := 2 * len(s.Days)
	tell := func(done int) {
		if progress != nil {
			progress(done, total)
		}
	}
	if s.lazy != nil {
		s.lazy.mu.Lock()
		defer s.lazy.mu.Unlock()
		for d := range s.Days {
			s.lazy.mapDay(d, func(step int) { tell(2*d + step) })
		}
	}
	tell(total)
}

// partition returns day d's partition and its key, the day's controllers.
func (lz *lazyMap) partition(d int) (*territory.Partition, string) {
	key := strings.Join(lz.ctrl[d], "\x00")
	p, ok := lz.parts[key]
	if !ok {
		if lz.last == nil {
			p = lz.tl.Territory.Map.Partition(lz.ctrl[d], lz.tl.Scenario.Zones)
		} else {
			p = lz.last.Next(lz.ctrl[d])
		}
		lz.parts[key], lz.last = p, p
	}
	return p, key
}

// mapDay maps day d unless it is mapped, telling tell its steps (0, 1).
func (lz *lazyMap) mapDay(d int, tell func(step int)) {
	if d < 0 || d >= len(lz.done) || lz.done[d] {
		return
	}
	tell(0)
	sc := lz.tl.Scenario
	p, key := lz.partition(d)
	tell(1)
	geom, ok := lz.geoms[key]
	if !ok {
		geom = p.Geometry(sc.Hostile)
		lz.geoms[key] = geom
	}
	day := &lz.out.Days[d]
	day.Territory, day.Geometry = p, geom
	skey := key + "\x01" + strings.Join(lz.labels[d], "\x00")
	sh, ok := lz.shades[skey]
	if !ok {
		zones := make([]string, p.Zones())
		for z, zone := range sc.Zones {
			if z < len(zones) {
				zones[z] = zone.Faction + "|" + strconv.Itoa(len(likelihood.Bands)-1)
			}
		}
		polys := p.Relabel(lz.labels[d], zones).Polygons()
		for _, l := range slices.Sorted(maps.Keys(polys)) {
			f, b, _ := strings.Cut(l, "|")
			bi, _ := strconv.Atoi(b)
			if f == "" {
				continue
			}
			sh = append(sh, Shade{Faction: f, Band: bi, Land: polys[l]})
		}
		lz.shades[skey] = sh
	}
	lz.sv.Days[d].Shades = sh
	lz.done[d] = true
}

// SimSegments calls fn, in order, for each run of days from..to (indexes
// in s.Days) with the same most likely controllers, with the partition of
// the map among them: per place the faction (or nobody, for "none") with
// the highest probability, ties to the first in name order; a place s does
// not list is unheld. It reports false, calling nothing, without a
// territory map. The partitions are those SimView maps (lazyMap), by
// faction, cell for cell: a run whose held places or bridgeheads differ
// from the run before's (territory.Map.Respreads, most of a long
// simulation's spreads) is spread afresh, on every core and up to ahead
// runs before fn, and the others derive from the partition before
// (territory.Partition.Next). Only those few partitions are alive, not one
// per run: the readers' memory bound.
func SimSegments(tl *sim.Timeline, s *ensemble.Result, fn func(from, to int, p *territory.Partition)) bool {
	if tl.Territory == nil || tl.Territory.Map == nil {
		return false
	}
	m, zones := tl.Territory.Map, tl.Scenario.Zones
	runs := simRuns(tl.Graph.Atlas.Places(), s)
	fresh := make([]chan *territory.Partition, len(runs)) // nil for a run derived from the one before
	for k, r := range runs {
		if k == 0 || m.Respreads(runs[k-1].ctrl, r.ctrl) {
			fresh[k] = make(chan *territory.Partition, 1)
		}
	}
	jobs := make(chan int)
	slots := make(chan struct{}, ahead)
	go func() {
		defer close(jobs)
		for k := range runs {
			if fresh[k] != nil {
				slots <- struct{}{}
				jobs <- k
			}
		}
	}()
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for k := range jobs {
				fresh[k] <- m.Partition(runs[k].ctrl, zones)
			}
		}()
	}
	var p *territory.Partition
	for k, r := range runs {
		if fresh[k] != nil {
			p = <-fresh[k]
			<-slots
		} else {
			p = p.Next(r.ctrl)
		}
		fn(r.from, r.to, p)
	}
	return true
}

// ahead is how many fresh partitions SimSegments may hold before fn takes
// them: enough to keep every core spreading while fn works, few enough
// for the memory bound (about 1.5 MB each).
const ahead = 8

// simRun is a run of days from..to of a simulation with the same most
// likely controllers.
type simRun struct {
	from, to int
	ctrl     []string
}

// simRuns splits s's days into runs of the same most likely controllers.
func simRuns(places []geo.Place, s *ensemble.Result) []simRun {
	var out []simRun
	for d, day := range s.Days {
		c := controllers(places, day)
		if n := len(out); n > 0 && slices.Equal(c, out[n-1].ctrl) {
			out[n-1].to = d
			continue
		}
		out = append(out, simRun{d, d, c})
	}
	return out
}

// controllers returns the most likely controller of each place on day,
// "" for nobody. A place the simulation does not list (a file from an
// older atlas) is left unheld: its land goes to the places it lists.
func controllers(places []geo.Place, day ensemble.Day) []string {
	ctrl := make([]string, len(places))
	for i, pl := range places {
		ctrl[i] = mostLikely(day.Control[pl.ID])
	}
	return ctrl
}

// mostLikely returns the faction with the highest probability in ps, ties
// to the first by name, and "" when that is "none" or ps is empty.
func mostLikely(ps map[string]float64) string {
	best, bestP := "", -1.0
	for _, f := range slices.Sorted(maps.Keys(ps)) {
		if ps[f] > bestP {
			best, bestP = f, ps[f]
		}
	}
	if best == "none" {
		return ""
	}
	return best
}

// simScenario is the scenario the pictures of s over sc name: sc when s
// simulates it, else a copy of sc marked a what-if, with s's id and
// title. A simulation of another scenario than the replay it is drawn
// over (the built-in one, for a what-if file) is not the documented
// history, and must not pass for a simulation of it.
func simScenario(sc *sim.Scenario, s *ensemble.Result) *sim.Scenario {
	if s.Scenario == "" || s.Scenario == sc.ID {
		return sc
	}
	c := *sc
	c.ID, c.WhatIf = s.Scenario, true
	if s.Title != "" {
		c.Title = s.Title
	}
	return &c
}

package scene

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/frontline-sim/frontline/geo/territory"
	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// SimView returns what the viewer and the picture exports draw of a
// simulation s over the replay tl: a timeline of the simulated days, each
// place held by its most likely controller (ties to the first by name)
// and the territory the partition spreads from them (SimPartitions, the
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
	total := 2 * len(s.Days)
	tell := func(done int) {
		if progress != nil {
			progress(done, total)
		}
	}
	a := tl.Graph.Atlas
	places := a.Places()
	parts, keys := simPartitions(tl, s, tell)
	out := &sim.Timeline{Scenario: simScenario(tl.Scenario, s), Graph: tl.Graph, Territory: tl.Territory,
		RouteLost: make([]sim.Date, len(tl.RouteLost))}
	sv := &Sim{Title: s.Title, Runs: s.Runs, Start: s.Days[0].Date, LastDocumented: s.LastDocumented}
	shades := map[string][]Shade{}
	var prev []sim.PlaceState
	for d, day := range s.Days {
		tell(len(s.Days) + d)
		sd := SimDay{Projected: day.Projected, P: make([]float64, len(places))}
		st := make([]sim.PlaceState, len(places))
		labels := make([]string, len(places))
		for i, pl := range places {
			ps := day.Control[pl.ID]
			c := mostLikely(ps)
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
		if parts != nil {
			p := parts[d]
			sday.Territory = p
			if d > 0 && keys[d] == keys[d-1] {
				sday.Geometry = out.Days[d-1].Geometry
			} else {
				sday.Geometry = p.Geometry(tl.Scenario.Hostile)
			}
			key := keys[d] + "\x01" + strings.Join(labels, "\x00")
			sh, ok := shades[key]
			if !ok {
				zones := make([]string, p.Zones())
				for z, zone := range tl.Scenario.Zones {
					if z < len(zones) {
						zones[z] = zone.Faction + "|" + strconv.Itoa(len(likelihood.Bands)-1)
					}
				}
				polys := p.Relabel(labels, zones).Polygons()
				for _, l := range slices.Sorted(maps.Keys(polys)) {
					f, b, _ := strings.Cut(l, "|")
					bi, _ := strconv.Atoi(b)
					if f == "" {
						continue
					}
					sh = append(sh, Shade{Faction: f, Band: bi, Land: polys[l]})
				}
				shades[key] = sh
			}
			sd.Shades = sh
		}
		out.Days = append(out.Days, sday)
		sv.Days = append(sv.Days, sd)
	}
	first, last := s.Days[0].Date, s.Days[len(s.Days)-1].Date
	idx := func(d *sim.Date) int {
		if d == nil || *d < first || *d > last {
			return -1
		}
		return int(*d - first)
	}
	sv.Fans = make([]Fan, len(places))
	for i := range sv.Fans {
		sv.Fans[i] = Fan{P10: -1, Median: -1, P90: -1, Documented: -1}
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
		sv.Fans[i] = f
	}
	tell(total)
	return out, sv, nil
}

// SimPartitions returns, for each day of s, the partition of the map
// among the day's most likely controllers: per place the faction (or
// nobody, for "none") with the highest probability, ties to the first in
// name order; a place s does not list is unheld. keys[d] is equal for days with the same controllers, which
// share one partition; nil without a territory map. Consecutive days are
// derived with Partition.Next, which reuses the spread where it can.
func SimPartitions(tl *sim.Timeline, s *ensemble.Result) (parts []*territory.Partition, keys []string) {
	return simPartitions(tl, s, func(int) {})
}

// simPartitions is SimPartitions telling tell the days done.
func simPartitions(tl *sim.Timeline, s *ensemble.Result, tell func(done int)) (parts []*territory.Partition, keys []string) {
	if tl.Territory == nil || tl.Territory.Map == nil {
		return nil, nil
	}
	places := tl.Graph.Atlas.Places()
	byKey := map[string]*territory.Partition{}
	var prev *territory.Partition
	for d, day := range s.Days {
		tell(d)
		ctrl := make([]string, len(places))
		for i, pl := range places {
			// A place the simulation does not list (a file from an older
			// atlas) is left unheld: its land goes to the places it lists.
			ctrl[i] = mostLikely(day.Control[pl.ID])
		}
		key := strings.Join(ctrl, "\x00")
		p, ok := byKey[key]
		if !ok {
			if prev == nil {
				p = tl.Territory.Map.Partition(ctrl, tl.Scenario.Zones)
			} else {
				p = prev.Next(ctrl)
			}
			byKey[key] = p
		}
		prev = p
		parts, keys = append(parts, p), append(keys, key)
	}
	return parts, keys
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

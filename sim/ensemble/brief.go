package ensemble

import (
	"math"
	"sort"

	"github.com/frontline-sim/frontline/sim"
)

// Briefing is the reasoning of a simulation's text briefing, as data: the
// most likely course, the watches on the last day, the key uncertainties
// and where the ensemble departs from the documents. `frontline simulate`
// and `frontline merge` only word it.
type Briefing struct {
	// Course lists, day by day, the places whose median fall day it is.
	Course []CourseDay
	// Last is the last day modelled; NoRoute and HighwayCut are the
	// shares of runs in which, on that day, the first watched route is
	// closed and a watched highway cut (see Meta.Watch).
	Last                sim.Date
	NoRoute, HighwayCut float64
	// Uncertain are the places that fall by the end in 20–80% of runs,
	// nearest an even chance first, at most MaxUncertain of them.
	Uncertain []Fall
	// FollowsHistory is true when the documented events are imposed up
	// to the last documented day, so that the ensemble cannot depart
	// from them; Departures is then empty.
	FollowsHistory bool
	Departures     []Departure
}

// MaxUncertain bounds Briefing.Uncertain.
const MaxUncertain = 8

// CourseDay is one day of the most likely course.
type CourseDay struct {
	Date      sim.Date
	Projected bool // after the last documented day
	Falls     []Fall
}

// Fall is a place that falls in some runs.
type Fall struct {
	Place  int    // index in Meta.Places
	Name   string // the place's name
	From   string // its first holder
	Captor string // the faction most likely to hold it on its median fall day, other than From; "" with no median
	P      float64
	// Median is the day by which it has fallen in half the runs; 0 when
	// it falls in fewer.
	Median sim.Date
	// Documented is true when Median lies on a day the documents were
	// imposed.
	Documented bool
}

// Departure is a place where the ensemble and the documents disagree by
// the last documented day: the documents have it fallen (Documented set)
// and the model in fewer than half the runs, or held and the model lost in
// half or more.
type Departure struct {
	Place      int
	Name       string
	Documented *sim.Date // the documented fall, or nil for a place the documents have held
	PLost      float64   // share of runs in which its first holder has lost it by By
	By         sim.Date  // the last documented day, or the last modelled day if earlier
}

// Brief reasons over the tally t of the simulation meta describes.
func Brief(meta *Meta, t *sim.Tally) *Briefing {
	last := t.Days - 1
	b := &Briefing{Last: t.Start + sim.Date(last)}
	if meta.Watch != nil {
		b.NoRoute, b.HighwayCut = t.PNoRoute(last), t.PHighwayCut(last)
	}
	var falls, open []Fall
	for i, pm := range meta.Places {
		p := t.FallProbability(i)
		if p == 0 || pm.Initial == "" {
			continue
		}
		f := Fall{Place: i, Name: pm.Name, From: pm.Initial, P: p}
		if md := t.FallQuantile(i, 50); md >= 0 {
			f.Median = t.Start + sim.Date(md)
			f.Captor = topCaptor(meta, t, md, i)
			f.Documented = meta.ForcedUntil != nil && f.Median <= *meta.ForcedUntil
			falls = append(falls, f)
		} else if p >= 0.2 {
			open = append(open, f)
		}
	}
	sort.SliceStable(falls, func(a, b int) bool {
		if falls[a].Median != falls[b].Median {
			return falls[a].Median < falls[b].Median
		}
		return falls[a].P > falls[b].P
	})
	for _, f := range falls {
		if n := len(b.Course); n == 0 || b.Course[n-1].Date != f.Median {
			b.Course = append(b.Course, CourseDay{Date: f.Median, Projected: f.Median > meta.LastDocumented})
		}
		cd := &b.Course[len(b.Course)-1]
		cd.Falls = append(cd.Falls, f)
	}
	for _, f := range append(append([]Fall(nil), falls...), open...) {
		if f.P >= 0.2 && f.P <= 0.8 {
			b.Uncertain = append(b.Uncertain, f)
		}
	}
	sort.SliceStable(b.Uncertain, func(x, y int) bool {
		return math.Abs(b.Uncertain[x].P-0.5) < math.Abs(b.Uncertain[y].P-0.5)
	})
	b.Uncertain = b.Uncertain[:min(len(b.Uncertain), MaxUncertain)]
	b.FollowsHistory = meta.ForcedUntil != nil && *meta.ForcedUntil >= meta.LastDocumented
	if !b.FollowsHistory {
		b.Departures = departures(meta, t)
	}
	return b
}

// departures lists where the ensemble departs from the documents by the
// last documented day, in the order of meta.Places.
func departures(meta *Meta, t *sim.Tally) []Departure {
	day := min(int(meta.LastDocumented-t.Start), t.Days-1)
	var out []Departure
	for i, pm := range meta.Places {
		if pm.Initial == "" || !pm.Observed {
			continue
		}
		lost := 1 - t.P(day, i, FactionIndex(meta, pm.Initial))
		if (pm.Documented != nil && lost < 0.5) || (pm.Documented == nil && lost >= 0.5) {
			out = append(out, Departure{Place: i, Name: pm.Name, Documented: pm.Documented, PLost: lost, By: t.Start + sim.Date(day)})
		}
	}
	return out
}

// FactionIndex returns the index of faction id in meta.Factions, or -1
// (nobody) when it is not one.
func FactionIndex(meta *Meta, id string) int {
	for i, f := range meta.Factions {
		if f == id {
			return i
		}
	}
	return -1
}

// topCaptor is the faction most likely to hold place i on day d, other
// than its first holder.
func topCaptor(meta *Meta, t *sim.Tally, d, i int) string {
	best, bp := "", -1.0
	for f, id := range meta.Factions {
		if id == meta.Places[i].Initial {
			continue
		}
		if p := t.P(d, i, f); p > bp {
			best, bp = id, p
		}
	}
	return best
}

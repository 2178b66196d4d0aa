package sim

import (
	"fmt"

	"github.com/frontline-sim/frontline/geo/territory"
)

// Status is how firmly a place is held.
type Status string

// The place statuses.
const (
	Held          Status = "held"      // the controller holds it
	ContestedStat Status = "contested" // another faction fights for it (By)
	ClaimedStat   Status = "claimed"   // another faction claims it, unconfirmed (By)
)

// PlaceState is a place's state at the end of a day.
type PlaceState struct {
	Controller string // faction id; "" when nobody holds it
	Status     Status
	By         string // the contesting or claiming faction
	Since      Date   // first day of this controller and status
	Events     []int  // indexes in Scenario.Events that set this state
}

// RoadStatus is the state of a road segment.
type RoadStatus string

// The road statuses.
const (
	Open        RoadStatus = "open"      // passable for Controller
	CutStat     RoadStatus = "cut"       // cut by By
	ContestedRd RoadStatus = "contested" // fought over, or its ends are held by hostile sides
)

// RoadState is a segment's state at the end of a day.
type RoadState struct {
	Status     RoadStatus
	Controller string // for Open: who may use it
	By         string // for CutStat and explicit contests: who cut or contests it
	Events     []int  // explicit events behind the state; empty when derived from the ends
}

// Day is the state of the map at the end of one day. Places and Roads are
// indexed like Atlas.Places and Atlas.Segments.
type Day struct {
	Date    Date
	Places  []PlaceState
	Roads   []RoadState
	Events  []int // indexes in Scenario.Events dated this day, in order
	Metrics Metrics
	// Territory is the day's cost-distance partition (nil without a
	// basemap); Geometry its dissolved polygons per faction and its front
	// lines, which the renderers draw as they are.
	Territory *territory.Partition
	Geometry  territory.Geometry
}

// Timeline is the day-by-day result of a replay or a model run. It is
// read-only once built.
type Timeline struct {
	Scenario  *Scenario
	Graph     *Graph
	Territory *Territory
	Days      []Day
	// RouteLost gives, per watched route (Scenario.Watch.Routes), the first
	// day on which it is closed, or 0 if it never is.
	RouteLost []Date
	// FirstDayNoRegimeRoute repeats RouteLost[0] (0 when nothing is
	// watched), for readers of the first JSON contract.
	FirstDayNoRegimeRoute Date
}

// Day returns the state on date d, clamped to the timeline's span.
func (t *Timeline) Day(d Date) *Day {
	i := int(d - t.Days[0].Date)
	i = max(0, min(i, len(t.Days)-1))
	return &t.Days[i]
}

// Index returns the position of date d in Days, or -1.
func (t *Timeline) Index(d Date) int {
	i := int(d - t.Days[0].Date)
	if i < 0 || i >= len(t.Days) {
		return -1
	}
	return i
}

// state is the mutable state a replay walks forward.
type state struct {
	places []PlaceState
	roads  []RoadState // explicit overrides; Status "" when derived
}

// Replay applies the scenario's events to the graph day by day from Start
// to End and returns the timeline. Events apply in date order, then in the
// order they appear in the scenario. It takes O(d·(n + m) + e) for d days,
// n places, m segments and e events, plus the metrics (see Metrics).
//
// The rules, documented in docs/model.md:
//   - captured: the faction controls the place, held;
//   - contested: the faction fights for a place someone else holds;
//   - claimed: the faction says it holds the place, unconfirmed; a claim
//     does not weaken an existing contest by the same faction;
//   - withdrawn: the faction leaves; a place passes to its contester or
//     claimant, if any, else to nobody; a contest or claim by the faction ends;
//   - on a road stretch, cut, contested and captured set the segments' state
//     until reopened, withdrawn, or until either end changes hands; a cut
//     stretch whose ends the cutting side (or an ally) holds is open to it;
//   - annotation changes nothing.
func Replay(s *Scenario, gr *Graph, terr *Territory) (*Timeline, error) {
	n, m := len(gr.Atlas.Places()), len(gr.Atlas.Segments())
	if len(s.Initial) != n {
		return nil, fmt.Errorf("sim: scenario %s has initial control for %d places, the atlas has %d", s.ID, len(s.Initial), n)
	}
	if s.End < s.Start {
		return nil, fmt.Errorf("sim: scenario %s ends (%s) before it starts (%s)", s.ID, s.End, s.Start)
	}
	st := &state{places: make([]PlaceState, n), roads: make([]RoadState, m)}
	for i, c := range s.Initial {
		st.places[i] = PlaceState{Controller: c, Status: Held, Since: s.Start}
	}
	t := &Timeline{Scenario: s, Graph: gr, Territory: terr, Days: make([]Day, 0, s.Days()), RouteLost: make([]Date, len(s.Watch.Routes))}
	ev := 0
	var prev *territory.Partition
	for d := s.Start; d <= s.End; d++ {
		// Events before the start apply to the starting state.
		var today []int
		for ; ev < len(s.Events) && s.Events[ev].Date <= d; ev++ {
			if err := st.apply(s, gr, ev); err != nil {
				return nil, err
			}
			if s.Events[ev].Date == d {
				today = append(today, ev)
			}
		}
		day := Day{Date: d, Places: st.snapshotPlaces(), Roads: st.deriveRoads(s, gr), Events: today}
		day.Territory = terr.partition(s, prev, &day)
		if day.Territory != nil {
			if prev != nil && day.Territory.Changed == 0 {
				day.Geometry = t.Days[len(t.Days)-1].Geometry // nothing moved
			} else {
				day.Geometry = day.Territory.Geometry(s.Hostile)
			}
			prev = day.Territory
		}
		day.Metrics = computeMetrics(s, gr, &day)
		for k, r := range day.Metrics.Routes {
			if !r.Open && t.RouteLost[k] == 0 {
				t.RouteLost[k] = d
			}
		}
		if len(t.RouteLost) > 0 {
			t.FirstDayNoRegimeRoute = t.RouteLost[0]
		}
		t.Days = append(t.Days, day)
	}
	return t, nil
}

func (st *state) apply(s *Scenario, gr *Graph, k int) error {
	e := &s.Events[k]
	if e.Kind == Annotation {
		return nil
	}
	if e.Target.IsRoad() {
		for _, sg := range e.Segments {
			r := &st.roads[sg]
			switch e.Kind {
			case Cut:
				*r = RoadState{Status: CutStat, By: e.Faction}
			case Contested, Claimed:
				*r = RoadState{Status: ContestedRd, By: e.Faction}
			case Captured:
				*r = RoadState{Status: Open, Controller: e.Faction}
			case Reopened, Withdrawn:
				*r = RoadState{}
				continue
			}
			r.Events = append(r.Events, k)
		}
		return nil
	}
	i, ok := gr.Atlas.Index(e.Target.Place)
	if !ok {
		return fmt.Errorf("sim: event %d targets unknown place %q", e.Seq, e.Target.Place)
	}
	p := st.places[i]
	before := p.Controller
	next := p
	switch e.Kind {
	case Captured:
		next = PlaceState{Controller: e.Faction, Status: Held}
	case Contested:
		if p.Controller == e.Faction {
			next.Status, next.By = ContestedStat, "" // attacked, attacker unnamed
		} else {
			next.Status, next.By = ContestedStat, e.Faction
		}
	case Claimed:
		if p.Controller == e.Faction || (p.Status == ContestedStat && p.By == e.Faction) {
			break // nothing new: already held, or already fought over
		}
		next.Status, next.By = ClaimedStat, e.Faction
	case Withdrawn:
		switch {
		case p.Controller == e.Faction:
			next = PlaceState{Controller: p.By, Status: Held}
		case p.By == e.Faction:
			next.Status, next.By = Held, ""
		}
	case Cut, Reopened:
		return fmt.Errorf("sim: event %d: %s applies to road segments, not to place %s", e.Seq, e.Kind, e.Target.Place)
	}
	if next.Controller != p.Controller || next.Status != p.Status || next.By != p.By {
		next.Since = e.Date
		next.Events = []int{k}
	} else {
		next.Since = p.Since // a confirming report changes nothing
		next.Events = append(append([]int(nil), p.Events...), k)
	}
	st.places[i] = next
	if next.Controller != before {
		// A change of hands at either end supersedes an explicit road state.
		for _, sg := range gr.Incident(i) {
			st.roads[sg] = RoadState{}
		}
	}
	return nil
}

func (st *state) snapshotPlaces() []PlaceState {
	out := make([]PlaceState, len(st.places))
	copy(out, st.places)
	return out
}

// deriveRoads returns every segment's state: the explicit one if set, else
// one derived from its ends. A contested segment whose ends one side still
// holds stays that side's (Controller), so it can still move along it.
func (st *state) deriveRoads(s *Scenario, gr *Graph) []RoadState {
	segs := gr.Atlas.Segments()
	out := make([]RoadState, len(segs))
	for k := range segs {
		i, j := gr.Ends(k)
		derived := deriveRoad(s, &st.places[i], &st.places[j])
		switch r := &st.roads[k]; r.Status {
		case "":
			out[k] = derived
		case ContestedRd:
			out[k] = *r
			out[k].Controller = derived.Controller
		case CutStat:
			// A cut is against the enemy: once the side that cut the road
			// holds both ends, the stretch is simply open to it.
			if derived.Status == Open && !s.Hostile(derived.Controller, r.By) {
				out[k] = derived
				out[k].Events = r.Events
			} else {
				out[k] = *r
			}
		default:
			out[k] = *r
		}
	}
	return out
}

func deriveRoad(s *Scenario, a, b *PlaceState) RoadState {
	switch {
	case a.Controller == "" && b.Controller == "":
		return RoadState{Status: ContestedRd}
	case s.Hostile(a.Controller, b.Controller):
		return RoadState{Status: ContestedRd}
	}
	c := a.Controller
	if c == "" {
		c = b.Controller
	}
	if a.Status == ContestedStat || b.Status == ContestedStat {
		by := a.By
		if by == "" {
			by = b.By
		}
		return RoadState{Status: ContestedRd, Controller: c, By: by}
	}
	return RoadState{Status: Open, Controller: c}
}

// Passable reports whether faction f may move along segment k on day d:
// the segment is not cut, and it is held (open, or contested but with both
// ends in one side's hands) by f or an ally.
func (d *Day) Passable(s *Scenario, k int, f string) bool {
	r := d.Roads[k]
	return r.Status != CutStat && r.Controller != "" && !s.Hostile(r.Controller, f)
}

// EventsOn returns the indexes of the events that target place id on or
// before day d, latest last.
func (t *Timeline) EventsOn(id string, d Date) []int {
	var out []int
	for k, e := range t.Scenario.Events {
		if e.Date > d {
			break
		}
		if e.Target.Place == id {
			out = append(out, k)
		}
	}
	return out
}

// FactionIDs returns the ids of the scenario's factions in order.
func (s *Scenario) FactionIDs() []string {
	ids := make([]string, len(s.Factions))
	for i, f := range s.Factions {
		ids[i] = f.ID
	}
	return ids
}

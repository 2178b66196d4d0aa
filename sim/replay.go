package sim

import (
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/frontline-sim/frontline/geo/territory"
	"github.com/frontline-sim/frontline/internal/safetext"
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

// Day is the state of the map at the end of one day. Its places and road
// segments are numbered like Atlas.Places and Atlas.Segments: Place(i)
// and Road(k) give their states, Places and Roads iterate over them.
//
// A day stores only what differs from the scenario's start: the states
// of the places some event has touched, and the explicit road states;
// every other place is held by its initial controller since Start, and
// a segment without an explicit state is derived from its ends when it
// is read. Consecutive days share this state when nothing in it changed.
// A Day is read-only, and so are the Events slices in the states it
// returns.
type Day struct {
	Date    Date
	Events  []int // indexes in Scenario.Events dated this day, in order
	Metrics Metrics
	// Territory is the day's cost-distance partition (nil without a
	// basemap); Geometry its dissolved polygons per faction and its front
	// lines, which the renderers draw as they are.
	Territory *territory.Partition
	Geometry  territory.Geometry
	snap      snapshot
}

// Place returns the state of place i at the end of the day.
func (d *Day) Place(i int) PlaceState { return d.snap.place(i) }

// Road returns the state of segment k at the end of the day.
func (d *Day) Road(k int) RoadState { return d.snap.road(k) }

// NumPlaces returns the number of places, len(Atlas.Places()).
func (d *Day) NumPlaces() int { return len(d.snap.tab.slot) }

// NumRoads returns the number of road segments, len(Atlas.Segments()).
func (d *Day) NumRoads() int { return len(d.snap.tab.gr.Atlas.Segments()) }

// Places iterates over the places' states in atlas order.
func (d *Day) Places() iter.Seq2[int, PlaceState] {
	return func(yield func(int, PlaceState) bool) {
		for i := range d.NumPlaces() {
			if !yield(i, d.Place(i)) {
				return
			}
		}
	}
}

// Roads iterates over the segments' states in atlas order.
func (d *Day) Roads() iter.Seq2[int, RoadState] {
	return func(yield func(int, RoadState) bool) {
		for k := range d.NumRoads() {
			if !yield(k, d.Road(k)) {
				return
			}
		}
	}
}

// Timeline is the day-by-day result of a replay or a model run. It is
// read-only once built: its days share unchanged state (see Day).
type Timeline struct {
	Scenario  *Scenario
	Graph     *Graph
	Territory *Territory
	Days      []Day
	// RouteLost gives, per watched route (Scenario.Watch.Routes), the first
	// day on which it is closed, or 0 if it never is.
	RouteLost []Date
	// FirstRouteLost repeats RouteLost[0], the first day the first
	// watched route is closed (0 when it never is, or nothing is watched).
	FirstRouteLost Date
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

// factionIndex numbers the faction ids a replay can meet (the scenario's
// factions, every initial controller, every event's faction and every
// ally) and holds the hostility relation as a matrix, compiled once per
// replay, so that no test per place or segment compares strings. Index 0
// is "", nobody.
type factionIndex struct {
	ids     []string
	of      map[string]int32
	hostile []bool // hostile[a*len(ids)+b]
}

func newFactionIndex(s *Scenario) *factionIndex {
	fx := &factionIndex{ids: []string{""}, of: map[string]int32{"": 0}}
	add := func(id string) {
		if _, ok := fx.of[id]; !ok {
			fx.of[id] = int32(len(fx.ids))
			fx.ids = append(fx.ids, id)
		}
	}
	for _, f := range s.Factions {
		add(f.ID)
	}
	last := ""
	for _, c := range s.Initial {
		if c != last { // neighbours mostly share a controller
			add(c)
			last = c
		}
	}
	for _, e := range s.Events {
		add(e.Faction)
	}
	for _, p := range s.Allies {
		add(p[0])
		add(p[1])
	}
	n := len(fx.ids)
	fx.hostile = make([]bool, n*n)
	for a, x := range fx.ids {
		for b, y := range fx.ids {
			fx.hostile[a*n+b] = s.Hostile(x, y)
		}
	}
	return fx
}

// isHostile is Scenario.Hostile on indexes.
func (fx *factionIndex) isHostile(a, b int32) bool { return fx.hostile[int(a)*len(fx.ids)+int(b)] }

// index returns the index of faction id; an id the replay never met
// (none should reach here) is hostile to everyone but itself, as in
// Scenario.Hostile, which the slow path keeps exact.
func (fx *factionIndex) index(id string) (int32, bool) {
	i, ok := fx.of[id]
	return i, ok
}

// dayTables is what the days of one replay share: the faction index, the
// initial controllers' indexes, and the slots that number the places and
// segments whose state some event set, in the order they were first set.
// A day holds the states of the slots set by its end (the first ones),
// so a place whose slot is past its day's states was untouched that day.
type dayTables struct {
	s        *Scenario
	gr       *Graph
	fx       *factionIndex
	initCtrl []int32
	slot     []int32 // per place, -1 until an event first changes it
	segSlot  []int32 // per segment, -1 without an explicit state; nil before the first
}

// snapshot is a day's state: the touched places' states and controllers'
// indexes by slot, and the explicit road states by segment slot (Status
// "" once cleared).
type snapshot struct {
	tab      *dayTables
	touched  []PlaceState
	tctrl    []int32
	explicit []RoadState
}

func (sn *snapshot) place(i int) PlaceState {
	if k := sn.tab.slot[i]; k >= 0 && int(k) < len(sn.touched) {
		return sn.touched[k]
	}
	return PlaceState{Controller: sn.tab.s.Initial[i], Status: Held, Since: sn.tab.s.Start}
}

// ctrl returns the index of place i's controller.
func (sn *snapshot) ctrl(i int) int32 {
	if k := sn.tab.slot[i]; k >= 0 && int(k) < len(sn.touched) {
		return sn.tctrl[k]
	}
	return sn.tab.initCtrl[i]
}

// explicitRoad returns segment k's explicit state, nil if it has none.
func (sn *snapshot) explicitRoad(k int) *RoadState {
	if sn.tab.segSlot == nil {
		return nil
	}
	if j := sn.tab.segSlot[k]; j >= 0 && int(j) < len(sn.explicit) && sn.explicit[j].Status != "" {
		return &sn.explicit[j]
	}
	return nil
}

// road returns segment k's state: the explicit one if set, else one
// derived from its ends. A contested segment whose ends one side still
// holds stays that side's (Controller), so it can still move along it.
func (sn *snapshot) road(k int) RoadState {
	i, j := sn.tab.gr.Ends(k)
	a, b := sn.place(i), sn.place(j)
	derived := sn.tab.deriveRoad(sn.ctrl(i), sn.ctrl(j), &a, &b)
	r := sn.explicitRoad(k)
	if r == nil {
		return derived
	}
	switch r.Status {
	case ContestedRd:
		out := *r
		out.Controller = derived.Controller
		return out
	case CutStat:
		// A cut is against the enemy: once the side that cut the road
		// holds both ends, the stretch is simply open to it.
		if derived.Status == Open && !sn.tab.s.Hostile(derived.Controller, r.By) {
			derived.Events = r.Events
			return derived
		}
		return *r
	default:
		return *r
	}
}

// joint returns the index of the controller of a segment derived from
// its ends' controllers ci and cj, -1 when the segment is contested
// because nobody holds either end or hostile sides hold them.
func (t *dayTables) joint(ci, cj int32) int32 {
	if (ci == 0 && cj == 0) || t.fx.isHostile(ci, cj) {
		return -1
	}
	if ci == 0 {
		return cj
	}
	return ci
}

// deriveRoad derives a segment's state from its ends' states a and b and
// their controllers' indexes.
func (t *dayTables) deriveRoad(ci, cj int32, a, b *PlaceState) RoadState {
	c := t.joint(ci, cj)
	switch {
	case c < 0:
		return RoadState{Status: ContestedRd}
	case a.Status == ContestedStat || b.Status == ContestedStat:
		by := a.By
		if by == "" {
			by = b.By
		}
		return RoadState{Status: ContestedRd, Controller: t.fx.ids[c], By: by}
	}
	return RoadState{Status: Open, Controller: t.fx.ids[c]}
}

// dayIndex is what the metrics need of a day beyond the Day itself: the
// faction index of every place's controller, and of every segment's
// controller where the segment is passable at all (-1 where it is cut or
// nobody's), so that they read small arrays instead of the day's states;
// and, once per replay, which segments are on a watched road.
type dayIndex struct {
	fx      *factionIndex
	ctrl    []int32
	segCtrl []int32
	watched []bool
}

func newDayIndex(s *Scenario, gr *Graph, fx *factionIndex, st *state) *dayIndex {
	ix := &dayIndex{fx: fx, ctrl: st.ctrl, segCtrl: st.segCtrl, watched: make([]bool, len(gr.Atlas.Segments()))}
	for k, sg := range gr.Atlas.Segments() {
		ix.watched[k] = s.Watch.Watches(sg.Road)
	}
	return ix
}

// hostilePlaces reports whether places i and j are held by hostile factions.
func (ix *dayIndex) hostilePlaces(i, j int) bool { return ix.fx.isHostile(ix.ctrl[i], ix.ctrl[j]) }

// state is the mutable state a replay walks forward. Its snapshot is
// handed to the day being built and its slices copied before the next
// change (copy-on-write); the per-place and per-segment arrays are the
// replay's working arrays, which the metrics read.
type state struct {
	s   *Scenario
	gr  *Graph
	fx  *factionIndex
	tab *dayTables
	cur snapshot
	// placesShared and roadsShared say that a Day shares cur's place or
	// road slices: copy before writing.
	placesShared, roadsShared bool
	ctrl                      []int32 // faction index of each place's controller
	segCtrl                   []int32 // see dayIndex
	// The places whose controller, status or contester changed, and the
	// segments whose explicit state changed, since the last day.
	dirtyPlaces []int32
	placeMark   []bool
	dirtySegs   []int32
	segMark     []bool
	// changed is set when anything a Day shows changed since the last day.
	changed bool
}

// NewTimeline replays s on its own atlas (Scenario.Atlas: the atlas it
// was loaded against, with the scenario's own places and roads): the one
// way from a scenario to a timeline, and through it (Timeline.Graph) to
// a model. With territory, each day also gets its partition of the map,
// which drawing needs and the model does not.
func NewTimeline(s *Scenario, territory bool) (*Timeline, error) {
	if s.Atlas == nil {
		return nil, fmt.Errorf("sim: scenario %s has no atlas; build it with the scenarios package", s.ID)
	}
	var terr *Territory
	if territory {
		terr = NewTerritory(s.Atlas)
	}
	return Replay(s, NewGraph(s.Atlas), terr)
}

// onGraph checks that gr is the graph of the scenario's own atlas, on
// which its indexes are numbered: a graph of another atlas (the default
// one, without the scenario's own places) would misread every index.
func (s *Scenario) onGraph(gr *Graph) error {
	if gr.Atlas != s.Atlas {
		return fmt.Errorf("sim: scenario %s was built on another atlas than its graph's; build the graph of Scenario.Atlas (NewTimeline does)", s.ID)
	}
	if n := len(gr.Atlas.Places()); len(s.Initial) != n {
		return fmt.Errorf("sim: scenario %s has initial control for %d places, the atlas has %d", s.ID, len(s.Initial), n)
	}
	return nil
}

// Replay applies the scenario's events to the graph day by day from Start
// to End and returns the timeline. Events apply in date order, then in the
// order they appear in the scenario. It takes O(n + m) for the first day
// and, for each later day, O(k) for the k places and segments whose state
// changed plus a copy of the states events have set so far (unchanged
// days share them, see Day), plus e for e events and the metrics (see
// Metrics).
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
	if err := s.onGraph(gr); err != nil {
		return nil, err
	}
	if terr != nil && terr.atlas != s.Atlas {
		return nil, fmt.Errorf("sim: the territory raster of scenario %s is built on another atlas than the scenario's; replay it with NewTimeline", s.ID)
	}
	n, m := len(gr.Atlas.Places()), len(gr.Atlas.Segments())
	if s.End < s.Start {
		return nil, fmt.Errorf("sim: scenario %s ends (%s) before it starts (%s)", s.ID, s.End, s.Start)
	}
	fx := newFactionIndex(s)
	tab := &dayTables{s: s, gr: gr, fx: fx, initCtrl: make([]int32, n), slot: make([]int32, n)}
	st := &state{s: s, gr: gr, fx: fx, tab: tab, cur: snapshot{tab: tab}, ctrl: make([]int32, n),
		segCtrl: make([]int32, m), placeMark: make([]bool, n), segMark: make([]bool, m)}
	last, lastIx := "", int32(0)
	for i, c := range s.Initial {
		if c != last { // neighbours mostly share a controller
			last, lastIx = c, fx.of[c]
		}
		tab.initCtrl[i] = lastIx
		tab.slot[i] = -1
	}
	copy(st.ctrl, tab.initCtrl)
	t := &Timeline{Scenario: s, Graph: gr, Territory: terr, Days: make([]Day, 0, s.Days()), RouteLost: make([]Date, len(s.Watch.Routes))}
	ix := newDayIndex(s, gr, fx, st)
	ev := 0
	var prev *territory.Partition
	for d := s.Start; d <= s.End; d++ {
		// Events before the start apply to the starting state.
		var today []int
		for ; ev < len(s.Events) && s.Events[ev].Date <= d; ev++ {
			if err := st.apply(ev); err != nil {
				return nil, err
			}
			if s.Events[ev].Date == d {
				today = append(today, ev)
			}
		}
		day := Day{Date: d, Events: today, snap: st.cur}
		// Places are shared with the day before until one is set.
		placesSet := !st.placesShared
		st.placesShared, st.roadsShared = true, true
		var last *Day
		if len(t.Days) == 0 {
			st.deriveAll()
		} else {
			last = &t.Days[len(t.Days)-1]
			st.deriveChanged()
		}
		if prev != nil && !placesSet {
			// No place changed hands: the territory is the day before's,
			// in O(1) rather than O(places).
			day.Territory, day.Geometry = prev.Same(), last.Geometry
		} else if day.Territory = terr.partition(s, prev, &day); day.Territory != nil {
			if prev != nil && day.Territory.Changed == 0 {
				day.Geometry = last.Geometry // nothing moved
			} else {
				day.Geometry = day.Territory.Geometry(s.Hostile)
			}
			prev = day.Territory
		}
		if last != nil && !st.changed {
			day.Metrics = last.Metrics.clone() // nothing changed
		} else {
			day.Metrics = computeMetrics(s, gr, &day, ix)
		}
		st.changed = false
		for k, r := range day.Metrics.Routes {
			if !r.Open && t.RouteLost[k] == 0 {
				t.RouteLost[k] = d
			}
		}
		if len(t.RouteLost) > 0 {
			t.FirstRouteLost = t.RouteLost[0]
		}
		t.Days = append(t.Days, day)
	}
	return t, nil
}

// clone returns a copy of m whose maps are its own.
func (m Metrics) clone() Metrics {
	c := m
	c.Places = maps.Clone(m.Places)
	c.AreaKm2 = maps.Clone(m.AreaKm2)
	c.Highways = make(map[string]map[string]int, len(m.Highways))
	for h, v := range m.Highways {
		c.Highways[h] = maps.Clone(v)
	}
	c.HighwayKm = make(map[string]map[string]float64, len(m.HighwayKm))
	for h, v := range m.HighwayKm {
		c.HighwayKm[h] = maps.Clone(v)
	}
	c.Routes = slices.Clone(m.Routes)
	return c
}

// setPlace sets place i's state, cur's copy first if a Day shares it.
func (st *state) setPlace(i int, p PlaceState, c int32) {
	if st.placesShared {
		st.cur.touched, st.cur.tctrl = slices.Clone(st.cur.touched), slices.Clone(st.cur.tctrl)
		st.placesShared = false
	}
	if k := st.tab.slot[i]; k >= 0 {
		st.cur.touched[k], st.cur.tctrl[k] = p, c
	} else {
		st.tab.slot[i] = int32(len(st.cur.touched))
		st.cur.touched, st.cur.tctrl = append(st.cur.touched, p), append(st.cur.tctrl, c)
	}
	st.ctrl[i] = c
	st.changed = true
}

// setRoad sets segment k's explicit state and marks it for derivation.
func (st *state) setRoad(k int, r RoadState) {
	if st.tab.segSlot == nil {
		if r.Status == "" {
			return // nothing explicit yet, nothing to clear
		}
		st.tab.segSlot = make([]int32, len(st.gr.Atlas.Segments()))
		for j := range st.tab.segSlot {
			st.tab.segSlot[j] = -1
		}
	}
	j := st.tab.segSlot[k]
	if j < 0 && r.Status == "" {
		return // nothing explicit here, nothing to clear
	}
	if st.roadsShared {
		st.cur.explicit = slices.Clone(st.cur.explicit)
		st.roadsShared = false
	}
	if j >= 0 {
		st.cur.explicit[j] = r
	} else {
		st.tab.segSlot[k] = int32(len(st.cur.explicit))
		st.cur.explicit = append(st.cur.explicit, r)
	}
	st.changed = true
	if !st.segMark[k] {
		st.segMark[k] = true
		st.dirtySegs = append(st.dirtySegs, int32(k))
	}
}

func (st *state) apply(k int) error {
	s, gr := st.s, st.gr
	e := &s.Events[k]
	if e.Kind == Annotation {
		return nil
	}
	if e.Target.IsRoad() {
		for _, sg := range e.Segments {
			var r RoadState
			switch e.Kind {
			case Cut:
				r = RoadState{Status: CutStat, By: e.Faction}
			case Contested, Claimed:
				r = RoadState{Status: ContestedRd, By: e.Faction}
			case Captured:
				r = RoadState{Status: Open, Controller: e.Faction}
			case Reopened, Withdrawn:
				st.setRoad(sg, RoadState{})
				continue
			}
			r.Events = append(r.Events, k)
			st.setRoad(sg, r)
		}
		return nil
	}
	i, ok := gr.Atlas.Index(e.Target.Place)
	if !ok {
		return fmt.Errorf("sim: event %d targets unknown place %s", e.Seq, safetext.Quote(e.Target.Place))
	}
	p := st.cur.place(i)
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
		if !st.placeMark[i] {
			st.placeMark[i] = true
			st.dirtyPlaces = append(st.dirtyPlaces, int32(i))
		}
	} else {
		next.Since = p.Since // a confirming report changes nothing
		next.Events = append(append([]int(nil), p.Events...), k)
	}
	c, _ := st.fx.index(next.Controller)
	st.setPlace(i, next, c)
	if next.Controller != before {
		// A change of hands at either end supersedes an explicit road state.
		for _, sg := range gr.Incident(i) {
			st.setRoad(sg, RoadState{})
		}
	}
	return nil
}

// deriveAll sets every segment's controller index (segCtrl).
func (st *state) deriveAll() {
	for k := range st.segCtrl {
		st.derive(k)
	}
	st.clearDirty()
}

// deriveChanged sets the controller index of the segments at the places
// whose state changed and of those whose explicit state changed.
func (st *state) deriveChanged() {
	for _, i := range st.dirtyPlaces {
		for _, k := range st.gr.Incident(int(i)) {
			st.derive(k)
		}
	}
	for _, k := range st.dirtySegs {
		st.derive(int(k))
	}
	st.clearDirty()
}

func (st *state) clearDirty() {
	for _, i := range st.dirtyPlaces {
		st.placeMark[i] = false
	}
	for _, k := range st.dirtySegs {
		st.segMark[k] = false
	}
	st.dirtyPlaces, st.dirtySegs = st.dirtyPlaces[:0], st.dirtySegs[:0]
}

// derive sets segCtrl[k] to the index of segment k's controller when
// the segment is passable at all, else -1 (Day.Passable).
func (st *state) derive(k int) {
	if st.cur.explicitRoad(k) == nil {
		// The common case, derived from the ends: a contested segment
		// keeps its controller.
		i, j := st.gr.Ends(k)
		st.segCtrl[k] = st.tab.joint(st.ctrl[i], st.ctrl[j])
		return
	}
	r := st.cur.road(k)
	c := int32(-1)
	if r.Status != CutStat && r.Controller != "" {
		var ok bool
		if c, ok = st.fx.index(r.Controller); !ok {
			c = -1 // not reached: every controller is a known faction
		}
	}
	st.segCtrl[k] = c
}

// Passable reports whether faction f may move along segment k on day d:
// the segment is not cut, and it is held (open, or contested but with both
// ends in one side's hands) by f or an ally.
func (d *Day) Passable(s *Scenario, k int, f string) bool {
	r := d.Road(k)
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

// countPlaces adds to m.Places the places each faction holds, counted
// on the controllers' indexes.
func (ix *dayIndex) countPlaces(m *Metrics) {
	count := make([]int, len(ix.fx.ids))
	for _, c := range ix.ctrl {
		count[c]++
	}
	for c := 1; c < len(count); c++ {
		if count[c] > 0 {
			m.Places[ix.fx.ids[c]] += count[c]
		}
	}
}

// passable sets place to the places faction f holds and seg to the
// segments it may pass on the day (Day.Passable), from the indexes.
func (ix *dayIndex) passable(s *Scenario, f string, place, seg []bool) {
	fi, ok := ix.fx.index(f)
	if !ok {
		fi = -1
	}
	for i, c := range ix.ctrl {
		place[i] = c == fi
	}
	friend := make([]bool, len(ix.fx.ids))
	for c, id := range ix.fx.ids {
		friend[c] = c > 0 && !s.Hostile(id, f)
	}
	for k, c := range ix.segCtrl {
		seg[k] = c > 0 && friend[c]
	}
}

// routeOpen reports whether route r is open on the day the index
// describes, and its length: the shortest route for r.Faction through
// places it holds and segments it may pass (Day.Passable). It measures
// through watchSet.measure, as every model run does, so "the regime has
// lost its road to Aleppo" means one thing in the replay and the model.
func (ix *dayIndex) routeOpen(s *Scenario, gr *Graph, r WatchRoute) (bool, float64) {
	u, ok1 := gr.Atlas.Index(r.From)
	v, ok2 := gr.Atlas.Index(r.To)
	if !ok1 || !ok2 {
		return false, 0
	}
	sr := gr.Search()
	defer gr.PutSearch(sr)
	place, seg := sr.masks(len(ix.ctrl), len(ix.segCtrl))
	ix.passable(s, r.Faction, place, seg)
	w := watchSet{from: int32(u), to: int32(v)}
	wm := w.measure(gr, sr, place, seg, true)
	return wm.RouteOpen, round1(wm.RouteKm)
}

// StatesDay returns a day on t's atlas whose places have the states st,
// one per place in atlas order, and whose roads derive from their ends by
// the replay's rules. It is for pictures of states no replay produced,
// such as a simulation's most likely controllers. Every controller must
// be one of the scenario's factions, or "" for nobody.
func (t *Timeline) StatesDay(date Date, st []PlaceState) (Day, error) {
	n := len(t.Graph.Atlas.Places())
	if len(st) != n {
		return Day{}, fmt.Errorf("sim: %d place states for %d places", len(st), n)
	}
	fx := newFactionIndex(t.Scenario)
	tab := &dayTables{s: t.Scenario, gr: t.Graph, fx: fx, initCtrl: make([]int32, n), slot: make([]int32, n)}
	sn := snapshot{tab: tab, touched: append([]PlaceState(nil), st...), tctrl: make([]int32, n)}
	for i, p := range st {
		tab.slot[i] = int32(i)
		c, ok := fx.index(p.Controller)
		if !ok {
			return Day{}, fmt.Errorf("sim: place %d is held by %s, which is not a faction of %s", i, safetext.Quote(p.Controller), t.Scenario.ID)
		}
		sn.tctrl[i] = c
	}
	return Day{Date: date, snap: sn}, nil
}

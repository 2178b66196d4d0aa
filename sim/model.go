package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/frontline-sim/frontline/geo"
)

// SizeClass is s_i of the hazard model: 0 for a village, junction or
// site, 1 for a town, airbase or city district, 2 for a city, 3 for a
// major city (a city of 400,000 people or more: Aleppo, Damascus, Homs,
// Hama).
func SizeClass(p geo.Place) int {
	switch p.Kind {
	case geo.Town, geo.Airbase, geo.District:
		return 1
	case geo.City:
		if p.Population >= 400_000 {
			return 3
		}
		return 2
	}
	return 0
}

// Model is the stochastic front-line model of a scenario on a graph:
// everything about a run that does not depend on its random draws,
// compiled to arrays. It is read-only once built and safe for concurrent
// use; each goroutine runs it through its own Runner.
type Model struct {
	S     *Scenario
	G     *Graph
	P     Params
	Start Date // first modelled day: the scenario's start
	Until Date // last day

	nf          int
	fidx        map[string]int
	friend      [][]bool // same faction or allies
	hostile     [][]bool
	size        []float64 // s_i
	weight      []float64 // w_i
	fbWeight    []float64 // w_i for Scored places, else 0: momentum and collapse
	momScale    []float64 // per faction: the scored weight it holds at the start (at least 1)
	base        []float64 // exp(θ0 − θK s_i)
	initial     []int8
	attackStart []Date   // per faction: its first front's opening day; 0: never attacks
	defender    []bool   // per faction: some attacker has a front against it on some day
	defBits     uint64   // defender as bits
	front       [][]Date // [a][b]: the day a opens its front against b; 0: never
	// theatre[a*nf+b] reports the places of a's front against b
	// (compileTheatres); nil: the whole map.
	theatre      [][]bool
	theatreHours float64 // the theatres' reach R, road-hours; 0: the whole map
	exposed      []bool  // [b*n+i]: some front against b may reach place i (compileExposed)
	strength     []float64
	days         []dayCtx
	anchors      [][]int32 // per faction: its rear, most remote first
	totalW       []float64 // per faction: weight held at the start
	regime       int       // index of the watching faction (watch.faction), or -1
	watch        *watchSet // the first watched route and its highways; nil for none
	// distanceOnly makes this the distance-only baseline: the pressure on
	// a place is exp(−D/τ) from the nearest place of a hostile attacker
	// alone, and every other factor is off.
	distanceOnly bool
	edge         float64    // exp(−cutoff_hours/τ): see press
	initOnce     *sync.Once // pointers, so that a run's copy (posterior.go) can have its own
	initE        []float64  // E of the start state on the first day
	startOnce    *sync.Once
	startField   *field // supply and watches of the start state
	// Observed reports the places the ledger mentions (any event).
	Observed []bool
	// draws, when set, draws each run's fitted parameters from the fit's
	// posterior (posterior.go); nil: every run uses P.
	draws *paramDraws
	// stronghold reports the cities (size class 2 or more): a held city
	// stops the road pressure through it, except towards its outskirts
	// (Model.reachFrom).
	stronghold []bool
	// Scored reports the places the likelihood scores: those the ledger
	// mentions, and every city (size class 2 or more), whose fall the
	// documents would have reported. Other places are unobserved.
	Scored []bool
}

// dayCtx is what the interventions and the attack dates make of one day.
type dayCtx struct {
	date      Date
	active    []bool     // per faction: attacking today
	targets   [][]bool   // [a][b]: a presses b's places today
	mask      uint64     // active as bits
	fronts    uint64     // a hash of targets, for the field cache
	reinforce []float64  // per place: r_i ≥ 0 (1 when none)
	air       []float64  // per faction: air support level
	segOK     []bool     // per segment: not cut
	epoch     uint64     // identifies segOK among the days
	open      *openRoads // the roads of segOK, shared by the days of an epoch
}

// NewModel compiles the model of scenario s on graph gr with parameters p,
// to run from s.Start to until (which may lie past s.End: the forecast).
func NewModel(s *Scenario, gr *Graph, p Params, until Date) (*Model, error) {
	if err := p.Check(); err != nil {
		return nil, fmt.Errorf("sim: %v", err)
	}
	if err := s.onGraph(gr); err != nil {
		return nil, err
	}
	a := gr.Atlas
	n := len(a.Places())
	if until < s.Start {
		return nil, fmt.Errorf("sim: the model cannot end (%s) before the scenario starts (%s)", until, s.Start)
	}
	if len(s.Factions) > MaxFactions {
		return nil, fmt.Errorf("sim: the model handles at most %d factions, scenario %s has %d", MaxFactions, s.ID, len(s.Factions))
	}
	m := &Model{S: s, G: gr, P: p, Start: s.Start, Until: until, nf: len(s.Factions), fidx: map[string]int{}, regime: -1,
		initOnce: new(sync.Once), startOnce: new(sync.Once)}
	for i, f := range s.Factions {
		m.fidx[f.ID] = i
	}
	if w, ok := compileWatch(s, gr); ok {
		if i, ok := m.fidx[w.faction]; ok {
			m.regime, m.watch = i, w
		}
	}
	m.friend, m.hostile = make([][]bool, m.nf), make([][]bool, m.nf)
	for i, fi := range s.Factions {
		m.friend[i], m.hostile[i] = make([]bool, m.nf), make([]bool, m.nf)
		for j, fj := range s.Factions {
			m.hostile[i][j] = s.Hostile(fi.ID, fj.ID)
			m.friend[i][j] = !m.hostile[i][j]
		}
	}
	m.size, m.weight, m.base = make([]float64, n), make([]float64, n), make([]float64, n)
	m.initial = make([]int8, n)
	m.totalW = make([]float64, m.nf)
	for i, pl := range a.Places() {
		m.size[i] = float64(SizeClass(pl))
		m.weight[i] = math.Pow(p.SizeWeight, m.size[i])
		m.initial[i] = m.faction(s.Initial[i])
		if f := m.initial[i]; f >= 0 {
			m.totalW[f] += m.weight[i]
		}
	}
	m.strength = make([]float64, m.nf)
	m.setParams(p)
	m.Observed = make([]bool, n)
	for _, e := range s.Events {
		if e.Target.Place != "" && m.faction(e.Faction) >= 0 {
			if i, ok := a.Index(e.Target.Place); ok {
				m.Observed[i] = true
			}
		}
	}
	lf := ledgerFronts(s, gr, m.fidx)
	m.front = frontDates(lf)
	m.Scored = make([]bool, n)
	for i := range m.Scored {
		m.Scored[i] = m.Observed[i] || m.size[i] >= 2
	}
	m.stronghold = make([]bool, n)
	for i := range m.stronghold {
		m.stronghold[i] = m.size[i] >= 2
	}
	m.fbWeight = make([]float64, n)
	for i := range m.Scored {
		if m.Scored[i] {
			m.fbWeight[i] = m.weight[i]
		}
	}
	for f := range m.totalW {
		m.totalW[f] = 0
	}
	for i, c := range m.initial {
		if c >= 0 {
			m.totalW[c] += m.fbWeight[i]
		}
	}
	m.momScale = make([]float64, m.nf)
	for f := range m.momScale {
		m.momScale[f] = max(1, m.totalW[f])
	}
	for _, iv := range s.Interventions {
		if iv.Kind != Attack {
			continue
		}
		f := m.faction(iv.Faction)
		if f < 0 {
			continue
		}
		// An attack intervention opens the faction's fronts on its date:
		// those the ledger shows, or, when it shows none, every hostile one.
		// With against, it opens those fronts only.
		ledger := slices.ContainsFunc(m.front[f], func(d Date) bool { return d != 0 })
		for b := range m.nf {
			open := m.front[f][b] != 0 || !ledger
			if len(iv.Against) > 0 {
				open = slices.Contains(iv.Against, m.S.Factions[b].ID)
			}
			if m.hostile[f][b] && open {
				m.front[f][b] = max(iv.From, s.Start)
			}
		}
	}
	m.attackStart = make([]Date, m.nf)
	for f := range m.nf {
		for _, d := range m.front[f] {
			if d != 0 && (m.attackStart[f] == 0 || d < m.attackStart[f]) {
				m.attackStart[f] = d
			}
		}
	}
	m.compileTheatres(lf)
	m.compileExposed()
	m.compileDays()
	m.defBits = m.defenders()
	m.defender = make([]bool, m.nf)
	for b := range m.nf {
		m.defender[b] = m.defBits&(1<<b) != 0
	}
	m.compileAnchors()
	return m, nil
}

func (m *Model) faction(id string) int8 {
	if i, ok := m.fidx[id]; ok {
		return int8(i)
	}
	return -1
}

// AttackStart returns the day faction id opens its first front (see
// frontDates), or the date of an attack intervention; ok is false for a
// faction that never attacks.
func (m *Model) AttackStart(id string) (Date, bool) {
	f := m.faction(id)
	if f < 0 || m.attackStart[f] == 0 {
		return 0, false
	}
	return m.attackStart[f], true
}

// Front returns the day attacker a opens its front against defender b;
// ok is false when it never does.
func (m *Model) Front(a, b string) (Date, bool) {
	fa, fb := m.faction(a), m.faction(b)
	if fa < 0 || fb < 0 || m.front[fa][fb] == 0 {
		return 0, false
	}
	return m.front[fa][fb], true
}

// frontDates are the days the fronts of lf open, [a][b]; 0: never.
// Attacker a has a front against defender b if the ledger shows a
// capturing, contesting or claiming a place that b holds in the replay
// the day before; it opens on the first day the ledger puts a at any
// place b holds then (an event of any kind, an annotation included, such
// as "the offensive was launched"; for a capture dated only by a report,
// the report's date). The dates are data, never fitted: when an attacker
// opens its offensive is exogenous. Where each front is fought is its
// theatre (Model.compileTheatres).
func frontDates(lf [][]ledgerFront) [][]Date {
	front := make([][]Date, len(lf))
	for a := range lf {
		front[a] = make([]Date, len(lf[a]))
		for b, f := range lf[a] {
			front[a][b] = f.open
		}
	}
	return front
}

func (m *Model) compileDays() {
	n, segs := len(m.S.Initial), len(m.G.C.From)
	var epochs [][]bool
	var opens []*openRoads
	for d := m.Start; d <= m.Until; d++ {
		c := dayCtx{date: d, active: make([]bool, m.nf), targets: make([][]bool, m.nf), reinforce: make([]float64, n), air: make([]float64, m.nf), segOK: make([]bool, segs)}
		for i := range c.reinforce {
			c.reinforce[i] = 1
		}
		for i, f := range m.S.Factions {
			c.air[i] = m.P.AirSupport[f.ID]
			c.targets[i] = make([]bool, m.nf)
			for b, open := range m.front[i] {
				c.targets[i][b] = open != 0 && d >= open
				c.active[i] = c.active[i] || c.targets[i][b]
			}
		}
		for k := range c.segOK {
			c.segOK[k] = true
		}
		for _, iv := range m.S.Interventions {
			if iv.From > d {
				continue
			}
			f := m.faction(iv.Faction)
			switch iv.Kind {
			case Reinforce:
				for _, i := range iv.Places {
					c.reinforce[i] *= iv.Factor
				}
			case AirSupportKind:
				if f >= 0 {
					c.air[f] *= iv.Factor
				}
			case Passive:
				if f >= 0 && len(iv.Against) == 0 {
					c.active[f] = false
					clear(c.targets[f])
				} else if f >= 0 {
					c.active[f] = false
					for b := range c.targets[f] {
						if slices.Contains(iv.Against, m.S.Factions[b].ID) {
							c.targets[f][b] = false
						}
						c.active[f] = c.active[f] || c.targets[f][b]
					}
				}
			case RoadCut:
				for _, k := range iv.Segments {
					c.segOK[k] = false
				}
			case RoadOpen:
				for _, k := range iv.Segments {
					c.segOK[k] = true
				}
			}
		}
		for f, on := range c.active {
			if on {
				c.mask |= 1 << f
			}
			for b, t := range c.targets[f] {
				if t {
					c.fronts = splitmix64(c.fronts ^ uint64(f*64+b+1))
				}
			}
		}
		c.epoch = uint64(len(epochs))
		for e, mask := range epochs {
			if slices.Equal(mask, c.segOK) {
				c.epoch = uint64(e)
			}
		}
		if c.epoch == uint64(len(epochs)) {
			epochs = append(epochs, c.segOK)
			opens = append(opens, newOpenRoads(m.G.C, c.segOK))
		}
		c.open = opens[c.epoch]
		m.days = append(m.days, c)
	}
}

// compileAnchors finds each faction's rear: its starting places ordered by
// road distance from every place hostile to it at the start, most remote
// first. A place is supplied while it connects to the first of these its
// side still holds.
func (m *Model) compileAnchors() {
	n := len(m.initial)
	m.anchors = make([][]int32, m.nf)
	sr := NewSearch(n)
	for f := range m.nf {
		var own, foes []int32
		for i, c := range m.initial {
			switch {
			case c < 0:
			case int(c) == f:
				own = append(own, int32(i))
			case m.hostile[f][c]:
				foes = append(foes, int32(i))
			}
		}
		if len(own) == 0 {
			continue
		}
		dist := make([]float64, n)
		if len(foes) > 0 {
			sr.Run(m.G.C, foes, SearchOptions{Floor: m.P.FloorHours, Target: -1})
			for i := range dist {
				dist[i] = sr.Dist(int32(i))
			}
		}
		slices.SortStableFunc(own, func(x, y int32) int {
			switch {
			case dist[x] > dist[y]:
				return -1
			case dist[x] < dist[y]:
				return 1
			}
			return int(x - y)
		})
		m.anchors[f] = own
	}
}

// Days returns the number of modelled days, Start to Until.
func (m *Model) Days() int { return len(m.days) }

// field is what depends only on the control of every place on a day:
// supply S_i and the watches, and for the distance-only baseline its
// pressure.
type field struct {
	E          []float64      // distance only: [i*nf + a]
	terms      []pressureTerm // distance only, when recording: every term of E
	cutOff     []bool         // place is cut off from its holder's rear
	routeOpen  bool
	highwayCut bool
}

// fieldKey identifies a control state for the field cache.
type fieldKey [2]uint64

func (m *Model) key(c *dayCtx, ctrl []int8) fieldKey {
	h1, h2 := uint64(14695981039346656037)^c.epoch^c.fronts, uint64(0x9E3779B97F4A7C15)^c.mask
	for _, v := range ctrl {
		h1 = (h1 ^ uint64(uint8(v))) * 1099511628211
		h2 = splitmix64(h2 + uint64(uint8(v)) + 1)
	}
	return fieldKey{h1, h2 ^ c.mask<<1}
}

// Runner runs the model one run at a time. It owns the mutable arrays of
// a run and a cache of fields; give each goroutine its own.
type Runner struct {
	m        *Model
	sr       *Search
	cache    map[fieldKey]*field
	ws       *reachWS
	balls    balls  // for pressedNear
	pass     []bool // scratch: places an attacker may pass
	segPass  []bool
	ctrl     []int8
	next     []int8
	lam, thr []float64
	rng      []rand.PCG
	mom      []float64
	held     []float64
	gain     []float64
	h        []float64
	fac      []float64
	def      []float64
	// The incremental state of a run: E(i,a) for every place and attacker
	// (a's own places' pressure on i, for a place held by a faction some
	// attacker presses), kept up to date as places change hands, and
	// supply and the watches of the current state.
	E          []float64
	seen       []uint32 // scratch stamps of the places whose E to recompute
	gen        uint32
	changed    []int32   // scratch: the places that changed hands today
	marked     []int32   // scratch: the places whose E to recompute
	src        []int32   // scratch of update: the changed places that matter to a defender
	taken      []int32   // scratch: the places that fell today by their own draw
	cands      []int32   // scratch of carry: the labels of the paths
	candW      []float64 // and their pressure
	epoch      uint64
	cutOff     []bool
	routeOpen  bool
	highwayCut bool
	forced     map[int]*field    // fields of the documented days, by day
	forcedCtrl map[int][]int8    // control on the documented days, by day
	handE      map[int][]float64 // E at the start of a modelled day after documented ones, by day (point estimates only)
	stale      bool              // E does not describe ctrl: documented days passed since it did
	pending    bool              // the rows in marked are still to search (flush)
	fresh      bool              // cutOff and the watches describe r.ctrl
	pin        []bool            // conditional runs: places that follow the ledger
	pinUntil   Date              // up to this day
	base, own  *Model            // posterior draws: the model, and this runner's copy with a run's parameters
}

// NewRunner returns a Runner for m.
func (m *Model) NewRunner() *Runner {
	n := len(m.initial)
	return &Runner{m: m, sr: NewSearch(n), ws: newReachWS(n), seen: make([]uint32, n), cache: map[fieldKey]*field{},
		pass: make([]bool, n), segPass: make([]bool, len(m.G.C.From)),
		ctrl: make([]int8, n), next: make([]int8, n), lam: make([]float64, n), thr: make([]float64, n),
		rng: make([]rand.PCG, n), mom: make([]float64, m.nf), held: make([]float64, m.nf), gain: make([]float64, m.nf),
		h: make([]float64, n*m.nf), fac: make([]float64, m.nf), def: make([]float64, m.nf),
		E: make([]float64, n*m.nf), cutOff: make([]bool, n), forced: map[int]*field{}, forcedCtrl: map[int][]int8{}, handE: map[int][]float64{}}
}

// maxCache bounds the field cache; clearing it changes speed, never results.
const maxCache = 1 << 16

// field returns the field of control state ctrl on day c, from the cache
// when this state was seen before.
func (r *Runner) field(c *dayCtx, ctrl []int8) *field {
	k := r.m.key(c, ctrl)
	if f, ok := r.cache[k]; ok {
		return f
	}
	f := &field{}
	r.m.computeField(c, ctrl, r.sr, r.pass, r.segPass, f, false)
	if len(r.cache) >= maxCache {
		clear(r.cache)
	}
	r.cache[k] = f
	return f
}

// computeField computes supply and the watches of control state ctrl on
// day c, and for the distance-only baseline its pressure (recording its
// terms when record is set). The full model's pressure is the runner's
// incremental E (Runner.row) and the likelihood's terms (stateTerms).
func (m *Model) computeField(c *dayCtx, ctrl []int8, sr *Search, pass, segPass []bool, f *field, record bool) {
	f.cutOff = make([]bool, len(ctrl))
	if m.distanceOnly {
		f.E = make([]float64, len(ctrl)*m.nf)
		m.nearestField(c, ctrl, sr, f, record)
		return
	}
	m.supplyAndWatches(c, ctrl, sr, pass, segPass, f, m.defBits)
}

// supplyAndWatches computes, for the defenders in the bit set, which of
// their places are cut off, and the watches. A defender's place is
// supplied when it connects over its side's places and the roads not cut
// to the first of its anchors it holds.
func (m *Model) supplyAndWatches(c *dayCtx, ctrl []int8, sr *Search, pass, segPass []bool, f *field, defenders uint64) {
	nf, cs := m.nf, m.G.C
	for b := range nf {
		if defenders&(1<<b) == 0 {
			continue
		}
		anchor := int32(-1)
		for _, v := range m.anchors[b] {
			if int(ctrl[v]) == b {
				anchor = v
				break
			}
		}
		for j, o := range ctrl {
			pass[j] = o >= 0 && m.friend[b][o]
		}
		if anchor >= 0 {
			sr.Reach(cs, []int32{anchor}, SearchOptions{Node: pass, Segment: c.segOK})
		}
		for i, o := range ctrl {
			if int(o) == b {
				f.cutOff[i] = anchor < 0 || math.IsInf(sr.Dist(int32(i)), 1)
			}
		}
	}
	if w := m.watch; w != nil {
		for j, o := range ctrl {
			pass[j] = int(o) == m.regime
		}
		for k := range segPass {
			u, v := ctrl[cs.From[k]], ctrl[cs.Dest[k]]
			segPass[k] = c.segOK[k] && u >= 0 && v >= 0 && m.friend[m.regime][u] && m.friend[m.regime][v]
		}
		wr := w.measure(m.G, sr, pass, segPass, false)
		f.routeOpen, f.highwayCut = wr.RouteOpen, wr.HighwayCut
	}
}

// documentedWatches sets f's watches to the replay's on day di: a
// documented day reports the ledger's road cuts, which the model's own
// road states (derived from the places at a segment's ends) do not carry.
func (m *Model) documentedWatches(tl *Timeline, di int, sr *Search, pass, segPass []bool, f *field) {
	w := m.watch
	if w == nil {
		return
	}
	d, faction := tl.Day(m.days[di].date), m.S.Factions[m.regime].ID
	for j := range pass {
		pass[j] = d.Place(j).Controller == faction
	}
	for k := range segPass {
		segPass[k] = d.Passable(m.S, k, faction)
	}
	wr := w.measure(m.G, sr, pass, segPass, false)
	f.routeOpen, f.highwayCut = wr.RouteOpen, wr.HighwayCut
}

// hazards fills r.h[i*nf+a] with h(i,a) for the run's state on day c,
// given momentum r.mom and the weight each faction holds r.held: from the
// incremental E, or for the distance-only baseline from its field.
func (r *Runner) hazards(c *dayCtx) {
	m := r.m
	r.flush(c)
	E, cutOff := r.E, r.cutOff
	if m.distanceOnly {
		f := r.field(c, r.ctrl)
		E, cutOff = f.E, f.cutOff
	}
	m.factors(c, r.mom, r.held, r.fac, r.def)
	nf := m.nf
	for i, b := range r.ctrl {
		m.hazard(c, i, b, cutOff[i], E[i*nf:(i+1)*nf], r.fac, r.def, r.h[i*nf:(i+1)*nf])
	}
}

// The hazard of the model, in one place (docs/model.md, "Hazard"):
//
//	h(i,a) = exp(θ0 − θK·s_i) · exp(str_a)·(1 + m_a/M_a)^θM · E(i,a)
//	         · exp(θC·c_b − θAir·air_b) · exp(θS·(1 − S_i)) / r_i
//
// split into the attacker's factor (fac), the defender's (def) and the
// place's, so that a day costs one multiplication per (place, attacker).
// The runner, its incremental path and the likelihood all call hazard.

// hazard fills row[a] with h(i,a) for place i, held by b (−1: nobody),
// cut off from b's rear or not, on day c, from its road pressure e[a] =
// E(i,a) and the factors of the day (see factors): 0 unless a has a front
// against b that day.
func (m *Model) hazard(c *dayCtx, i int, b int8, cutOff bool, e, fac, def, row []float64) {
	clear(row)
	if b < 0 {
		return
	}
	k := 0.0
	for a, v := range e {
		if v > 0 && m.attacks(c, int8(a), b, i) {
			if k == 0 {
				k = m.placeFactor(c, i, b, cutOff, def)
			}
			row[a] = k * fac[a] * v
		}
	}
}

// factors fills the per-faction factors of day c: fac[a] for attackers,
// def[b] for defenders, given momentum mom and weight held.
func (m *Model) factors(c *dayCtx, mom, held, fac, def []float64) {
	p := &m.P
	for a := range m.nf {
		if m.distanceOnly {
			fac[a], def[a] = 1, 1
			continue
		}
		fac[a] = m.strength[a] * math.Pow(1+mom[a]/m.momScale[a], p.Momentum)
		lost := 0.0
		if m.totalW[a] > 0 {
			lost = max(0, 1-held[a]/m.totalW[a])
		}
		def[a] = math.Exp(p.Collapse*lost - p.AirEffect*c.air[a])
	}
}

// placeFactor is the factor of place i held by b on day c.
func (m *Model) placeFactor(c *dayCtx, i int, b int8, cutOff bool, def []float64) float64 {
	if m.distanceOnly {
		return math.Exp(m.P.Base)
	}
	k := m.base[i] * def[b] / c.reinforce[i]
	if cutOff {
		k *= math.Exp(m.P.Supply)
	}
	return k
}

// pressureTerm is one source of the road pressure E(i,a) on place i for
// attacker a, in the likelihood: w·exp(−cost/τ) of the cheapest of its
// paths ls (see pressureOf), w the source's weight (for the latent
// design, times the share of conditional runs in which it presses so).
type pressureTerm struct {
	i  int32
	a  int8
	j  int32 // the source place
	w  float64
	ls []pathLen
}

// nearestField is the distance-only baseline's pressure: for each place,
// exp(−D/τ) from the nearest place held by an attacker hostile to its
// holder, over every road, and no supply.
func (m *Model) nearestField(c *dayCtx, ctrl []int8, sr *Search, f *field, record bool) {
	nf := m.nf
	best := make([]float64, len(ctrl))
	for i := range best {
		best[i] = math.Inf(1)
	}
	who := make([]int8, len(ctrl))
	for a := range nf {
		if !c.active[a] {
			continue
		}
		var src []int32
		for j, o := range ctrl {
			if int(o) == a {
				src = append(src, int32(j))
			}
		}
		sr.Run(m.G.C, src, SearchOptions{Segment: c.segOK, Floor: m.P.FloorHours, Target: -1})
		for i, o := range ctrl {
			if o >= 0 && m.attacks(c, int8(a), o, i) {
				if d := sr.Dist(int32(i)); d < best[i] {
					best[i], who[i] = d, int8(a)
				}
			}
		}
	}
	for i, d := range best {
		if math.IsInf(d, 1) {
			continue
		}
		f.E[i*nf+int(who[i])] = m.press(d)
		if record {
			f.terms = append(f.terms, pressureTerm{i: int32(i), a: who[i], j: -1, w: 1, ls: []pathLen{{hours: d}}})
		}
	}
}

// splitmix64 is SplitMix64's output function (Steele, Lea and Flood 2014).
func splitmix64(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}

// StreamSeed returns the two PCG seeds of the stream of (seed, run,
// place): SplitMix64 over the three numbers in turn.
func StreamSeed(seed uint64, run, place int) (uint64, uint64) {
	x := splitmix64(seed)
	x = splitmix64(x ^ uint64(run))
	x = splitmix64(x ^ uint64(place)<<32)
	return x, splitmix64(x)
}

// DayResult is one day of one run, as a recorder sees it.
type DayResult struct {
	Day        int    // index from Model.Start
	Ctrl       []int8 // controller of each place (faction index, -1 none); read-only
	RouteOpen  bool   // the first watched route (Watch.Routes[0]) is open
	HighwayCut bool   // a watched highway is cut for that route's faction
	Modelled   bool   // false for a day imposed from the ledger
}

// Run runs the model once: run number run of seed seed. Days up to
// forcedUntil take their control from the replay tl (forced mode; pass
// forcedUntil < m.Start for a free run). record is called for every day
// from Start to Until. A model that draws its parameters (SetParamDraws)
// runs with DrawParams(seed, run).
func (r *Runner) Run(seed uint64, run int, tl *Timeline, forcedUntil Date, record func(*DayResult)) {
	r.drawParams(seed, run)
	m := r.m
	copy(r.ctrl, m.initial)
	clear(r.mom)
	r.heldWeights()
	decay := math.Exp2(-1 / m.P.MomentumHalfLifeDays)
	first := true
	res := &DayResult{}
	r.epoch = ^uint64(0)
	r.fresh, r.stale = false, false
	if !m.distanceOnly && (tl == nil || forcedUntil < m.Start) {
		// Free runs all start from the start state: its supply and
		// watches are computed once per model.
		m.startOnce.Do(func() {
			f := &field{cutOff: make([]bool, len(r.ctrl))}
			m.supplyAndWatches(&m.days[0], m.initial, r.sr, r.pass, r.segPass, f, m.defBits)
			m.startField = f
		})
		copy(r.cutOff, m.startField.cutOff)
		r.routeOpen, r.highwayCut = m.startField.routeOpen, m.startField.highwayCut
		r.fresh = true
	}
	for di := range m.days {
		c := &m.days[di]
		forced := c.date <= forcedUntil && tl != nil
		if !forced && !m.distanceOnly && (r.stale || c.epoch != r.epoch) {
			r.handOver(c, di)
		}
		copy(r.next, r.ctrl)
		if forced {
			copy(r.next, r.documented(tl, di))
		} else {
			if first {
				r.seedRun(seed, run)
				first = false
				if !m.distanceOnly && !r.fresh {
					r.refresh(c) // supply and watches of the state the model starts from
				}
			}
			r.step(c)
			if r.pin != nil && c.date <= r.pinUntil {
				// Conditional runs (the likelihood's latent places): the
				// pinned places follow the ledger, the others the model.
				for i, fc := range r.documented(tl, di) {
					if r.pin[i] {
						r.next[i] = fc
					}
				}
			}
		}
		// Momentum: what each faction took today, decaying by half a day.
		clear(r.gain)
		r.changed = r.changed[:0]
		for i, o := range r.next {
			if o == r.ctrl[i] {
				continue
			}
			r.changed = append(r.changed, int32(i))
			if o >= 0 {
				r.gain[o] += m.fbWeight[i]
			}
		}
		changed := len(r.changed) > 0
		for a := range r.mom {
			r.mom[a] = r.mom[a]*decay + r.gain[a]
		}
		r.ctrl, r.next = r.next, r.ctrl
		switch {
		case m.distanceOnly:
		case forced:
			// Nothing reads E on a documented day: it is rebuilt
			// when the model takes over.
			r.stale = true
		case changed:
			r.update(c, r.next) // r.next: the control before today
		}
		r.heldWeights()
		switch {
		case m.distanceOnly:
			f := r.field(c, r.ctrl)
			r.routeOpen, r.highwayCut = f.routeOpen, f.highwayCut
		case forced:
			// Every run shares the documented days: compute them once.
			f, ok := r.forced[di]
			if !ok {
				f = &field{}
				m.computeField(c, r.ctrl, r.sr, r.pass, r.segPass, f, false)
				m.documentedWatches(tl, di, r.sr, r.pass, r.segPass, f)
				r.forced[di] = f
			}
			copy(r.cutOff, f.cutOff)
			r.routeOpen, r.highwayCut = f.routeOpen, f.highwayCut
		case changed || di == 0:
			r.refresh(c)
		}
		r.fresh = !forced // a documented day's field covers only the defenders under pressure
		res.Day, res.Ctrl, res.RouteOpen, res.HighwayCut, res.Modelled = di, r.ctrl, r.routeOpen, r.highwayCut, !forced
		record(res)
	}
}

// documented returns the ledger's control at the end of day di.
func (r *Runner) documented(tl *Timeline, di int) []int8 {
	fc, ok := r.forcedCtrl[di]
	if !ok {
		fc = make([]int8, len(r.next))
		for i, p := range tl.Day(r.m.days[di].date).Places() {
			fc[i] = r.m.faction(p.Controller)
		}
		r.forcedCtrl[di] = fc
	}
	return fc
}

// handOver makes E describe the current state on day di's road state
// before the model draws the day. After documented days, every run of the
// point estimates starts from the same state: its E is computed once per
// runner and day. A run that draws its parameters has its own.
func (r *Runner) handOver(c *dayCtx, di int) {
	r.pending = false // E is made anew
	if !r.stale || r.m != r.base {
		r.rebuild(c)
		r.stale = false
		return
	}
	if E, ok := r.handE[di]; ok {
		copy(r.E, E)
		r.epoch = c.epoch
	} else {
		r.rebuild(c)
		r.handE[di] = slices.Clone(r.E)
	}
	r.stale = false
}

// rebuild recomputes E from scratch for the road state of day c; the
// start state's, which every run begins from, is computed once per model.
func (r *Runner) rebuild(c *dayCtx) {
	m := r.m
	if c == &m.days[0] && slices.Equal(r.ctrl, m.initial) {
		m.initOnce.Do(func() {
			r.rebuildSlow(c)
			m.initE = slices.Clone(r.E)
		})
		copy(r.E, m.initE)
		r.epoch = c.epoch
		return
	}
	r.rebuildSlow(c)
}

func (r *Runner) rebuildSlow(c *dayCtx) {
	m := r.m
	r.pending = false
	clear(r.E)
	r.stampNext()
	// Only places within the cut-off of an attacker's place can be
	// pressed: one search from each attacker's places finds them.
	var own []int32
	for a := range m.nf {
		if m.attackStart[a] == 0 {
			continue
		}
		own = own[:0]
		for j, o := range r.ctrl {
			if int(o) == a {
				own = append(own, int32(j))
			}
		}
		if len(own) == 0 {
			continue
		}
		r.sr.Run(m.G.C, own, SearchOptions{Segment: c.segOK, Cutoff: m.P.CutoffHours, Floor: m.P.FloorHours, Target: -1})
		for _, i := range r.sr.Reached {
			if b := r.ctrl[i]; b >= 0 && m.hostile[a][b] {
				r.mark(i)
			}
		}
	}
	r.rows(c)
	r.epoch = c.epoch
}

// update marks the rows of E to recompute (flush searches them) after the
// places in r.changed changed hands from their holders in before: the
// rows of each of them, and of each place i
// of a defender b within the cut-off of one of them that matters to b
// (see matters) by cost in b's terms (a search from all of them through
// b's ground, with a little slack for the order of the sums). A row of b
// whose paths within the cut-off, before or after, all keep clear of
// those places is unchanged: a path that meets one has a part up to the
// first it meets, which costs the same before and after and is within
// the cut-off, and no other place's change changes a path's cost or
// source for b. So the result is the same as a rebuild's.
func (r *Runner) update(c *dayCtx, before []int8) {
	m := r.m
	r.flush(c)
	r.stampNext()
	for _, k := range r.changed {
		r.mark(k)
	}
	cut := slackCut(m.P.CutoffHours)
	for b := range m.nf {
		if !m.defender[b] {
			continue
		}
		src := r.src[:0]
		for _, k := range r.changed {
			if m.matters(int8(b), before[k], r.ctrl[k]) {
				src = append(src, k)
			}
		}
		r.src = src
		if len(src) == 0 {
			continue
		}
		m.reachFrom(c, src, int8(b), r.ctrl, false, false, cut, r.ws, func(j int32, _ pathLen, _ int32) {
			if r.ctrl[j] == int8(b) {
				r.mark(j)
			}
		})
	}
	r.pending = true
}

// flush searches the rows update marked, before E is read on day c
// (the same roads: a change of epoch rebuilds E). A run's last update is
// never flushed, as nothing reads E after its last day.
func (r *Runner) flush(c *dayCtx) {
	if r.pending {
		r.pending = false
		r.rows(c)
	}
}

// matters reports whether a place passing from holder x to holder y can
// change a row of E of defender b: a row reads of each place only whether
// b holds it (it blocks) and which attacker pressing b holds it, if any
// (it presses).
func (m *Model) matters(b, x, y int8) bool {
	return (x == b) != (y == b) || m.pressing(x, b) != m.pressing(y, b)
}

// pressing returns a when the places of a press those of b in E, else −1.
func (m *Model) pressing(a, b int8) int8 {
	if a >= 0 && m.hostile[a][b] && m.attackStart[a] != 0 {
		return a
	}
	return -1
}

func (r *Runner) stampNext() {
	r.gen++
	if r.gen == 0 {
		clear(r.seen)
		r.gen = 1
	}
	r.marked = r.marked[:0]
}

func (r *Runner) mark(i int32) {
	if r.seen[i] != r.gen {
		r.seen[i] = r.gen
		r.marked = append(r.marked, i)
	}
}

// rows recomputes the rows of E of the marked places.
func (r *Runner) rows(c *dayCtx) {
	for _, i := range r.marked {
		r.row(c, i)
	}
}

// row recomputes E(i,·): Σ w_j·exp(−cost_ij/τ) over the places j of each
// attacker hostile to i's holder, along each j's cheapest path (reach).
func (r *Runner) row(c *dayCtx, i int32) {
	m, nf := r.m, r.m.nf
	row := r.E[int(i)*nf : (int(i)+1)*nf]
	clear(row)
	b := r.ctrl[i]
	if b < 0 || !m.defender[b] || !m.exposed[int(b)*len(r.ctrl)+int(i)] || !r.pressedNear(c, i, b) {
		return
	}
	m.reach(c, i, r.ctrl, false, r.ws, func(j int32, l pathLen, _ int32) {
		if a := m.pressing(r.ctrl[j], b); a >= 0 {
			row[a] += m.weight[j] * m.press(m.pathCost(l))
		}
	})
}

// pressedNear reports whether a place of an attacker pressing b lies
// within the cut-off of place i by travel time on day c's roads. When
// none does, E(i,·) is 0 for a place i that b holds: a path's cost is at
// least its travel time. The test scans i's ball, a place's within the
// cut-off, kept per runner for the roads of one epoch and computed when
// first asked for (a row near a change that keeps it 0 is a fifth of
// the rows searched again in a run, and cheaper to rule out so).
func (r *Runner) pressedNear(c *dayCtx, i int32, b int8) bool {
	m := r.m
	bl := &r.balls
	if bl.open != c.open || bl.cut != m.P.CutoffHours || bl.floor != m.P.FloorHours || len(bl.list) > maxBalls {
		if bl.off == nil {
			bl.off, bl.end = make([]int32, len(r.ctrl)), make([]int32, len(r.ctrl))
		}
		for k := range bl.off {
			bl.off[k] = -1
		}
		bl.list = bl.list[:0]
		bl.open, bl.cut, bl.floor = c.open, m.P.CutoffHours, m.P.FloorHours
	}
	if bl.off[i] < 0 {
		r.sr.Run(m.G.C, []int32{i}, SearchOptions{Segment: c.segOK, Cutoff: slackCut(m.P.CutoffHours), Floor: m.P.FloorHours, Target: -1})
		bl.off[i] = int32(len(bl.list))
		bl.list = append(bl.list, r.sr.Reached...)
		bl.end[i] = int32(len(bl.list))
	}
	for _, j := range bl.list[bl.off[i]:bl.end[i]] {
		if m.pressing(r.ctrl[j], b) >= 0 {
			return true
		}
	}
	return false
}

// maxBalls bounds the places a runner's balls list (16 MB) on a large
// map; forgetting them changes speed, never results.
const maxBalls = 1 << 22

// balls are the places within the cut-off of each place by travel time,
// on the roads open: list[off[i]:end[i]], or off[i] < 0 when not known.
type balls struct {
	open       *openRoads
	cut, floor float64
	off, end   []int32
	list       []int32
}

// carry makes the places of i's holder on the path by which attacker a
// took i fall to a with it: an advance through held ground takes that
// ground. The path is drawn, from i's stream, among the paths of the
// Pareto set of each of a's places (Model.reach), in proportion to the
// pressure each would exert, w_j·press(cost), on the state at the start
// of the day: so that the likelihood, which takes the expectation of
// the draw (path.hazardsOn), is continuous in τ and block_hours. A place
// that changed hands today already keeps its new holder. A carried place
// draws a new threshold, as any place that changes hands.
func (r *Runner) carry(c *dayCtx, i int32, a int8) {
	m := r.m
	r.cands, r.candW = r.cands[:0], r.candW[:0]
	total := 0.0
	m.reach(c, i, r.ctrl, true, r.ws, func(j int32, l pathLen, label int32) {
		if r.ctrl[j] != a {
			return
		}
		if v := m.weight[j] * m.press(m.pathCost(l)); v > 0 {
			r.cands, r.candW = append(r.cands, label), append(r.candW, v)
			total += v
		}
	})
	if total == 0 {
		return
	}
	u := r.uniform(int(i)) * total
	pick := r.cands[len(r.cands)-1]
	for k, v := range r.candW {
		if u < v {
			pick = r.cands[k]
			break
		}
		u -= v
	}
	for _, k := range r.ws.via(pick, r.ctrl, r.ctrl[i]) {
		if r.next[k] == r.ctrl[k] {
			r.next[k] = a
			r.lam[k] = 0
			r.thr[k] = r.exp(int(k))
		}
	}
}

// defenders returns the factions that some faction attacking on any day
// is hostile to, as bits: only their supply matters, and only their
// places are pressed. The set covers every day, so that supply computed
// on one day holds on the next even when another attacker starts.
func (m *Model) defenders() uint64 {
	var d uint64
	for k := range m.days {
		for a := range m.nf {
			for b, t := range m.days[k].targets[a] {
				if t {
					d |= 1 << b
				}
			}
		}
	}
	return d
}

// refresh computes supply and the watches of the current state.
func (r *Runner) refresh(c *dayCtx) {
	f := &field{cutOff: r.cutOff}
	r.m.supplyAndWatches(c, r.ctrl, r.sr, r.pass, r.segPass, f, r.m.defBits)
	r.routeOpen, r.highwayCut = f.routeOpen, f.highwayCut
}

func (r *Runner) heldWeights() {
	clear(r.held)
	for i, o := range r.ctrl {
		if o >= 0 {
			r.held[o] += r.m.fbWeight[i]
		}
	}
}

// seedRun gives every place its stream and its first threshold.
func (r *Runner) seedRun(seed uint64, run int) {
	for i := range r.rng {
		s1, s2 := StreamSeed(seed, run, i)
		r.rng[i].Seed(s1, s2)
		r.thr[i] = r.exp(i)
		r.lam[i] = 0
	}
}

// exp draws an exponential threshold from place i's stream.
func (r *Runner) exp(i int) float64 {
	return -math.Log(1 - r.uniform(i))
}

// uniform draws a number in [0, 1) from place i's stream.
func (r *Runner) uniform(i int) float64 {
	return float64(r.rng[i].Uint64()>>11) / (1 << 53)
}

// step draws day c from r.ctrl into r.next: a place falls when its
// cumulative hazard since it last changed hands passes its threshold, so
// that it falls on a day with probability 1 − exp(−Σ_a h(i,a)); the captor
// is drawn in proportion to h(i,a). Then each place that fell carries
// its defender's places on the path it was taken by (carry).
func (r *Runner) step(c *dayCtx) {
	m := r.m
	r.hazards(c)
	r.taken = r.taken[:0]
	nf := m.nf
	for i := range r.ctrl {
		row := r.h[i*nf : (i+1)*nf]
		H := 0.0
		for _, v := range row {
			H += v
		}
		if H == 0 {
			continue
		}
		r.lam[i] += H
		if r.lam[i] < r.thr[i] {
			continue
		}
		u := r.uniform(i) * H
		captor := -1
		for a, v := range row {
			if v > 0 {
				captor = a
				if u < v {
					break
				}
				u -= v
			}
		}
		r.next[i] = int8(captor)
		r.lam[i] = 0
		r.thr[i] = r.exp(i)
		r.taken = append(r.taken, int32(i))
	}
	if !m.distanceOnly {
		for _, i := range r.taken {
			r.carry(c, i, r.next[i])
		}
	}
}

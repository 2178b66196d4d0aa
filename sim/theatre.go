package sim

import (
	"math"
	"slices"
)

// ledgerFront is what the ledger shows of attacker a's front against
// defender b (see frontDates): when it opens, and where it is fought.
type ledgerFront struct {
	open  Date    // the day it opens; 0: the ledger shows no front
	seen  Date    // the first day the ledger puts a at a place b holds
	seeds []int32 // every place b held where the ledger puts a
	first []int32 // those of the first day, seen
	taken []int32 // the places of b the ledger has a capture
}

// ledgerFronts reads the fronts from the ledger of s, indexed [a][b] by
// the positions of fidx. A place counts against the holder it has in
// the replay the day before its event.
func ledgerFronts(s *Scenario, gr *Graph, fidx map[string]int) [][]ledgerFront {
	nf := len(s.Factions)
	lf := make([][]ledgerFront, nf)
	for i := range lf {
		lf[i] = make([]ledgerFront, nf)
	}
	ctrl := make([]int, len(s.Initial))
	for i, id := range s.Initial {
		ctrl[i] = -1
		if f, ok := fidx[id]; ok {
			ctrl[i] = f
		}
	}
	evs := slices.Clone(s.Events)
	slices.SortStableFunc(evs, func(x, y Event) int { return int(x.Date) - int(y.Date) })
	hostile := func(x, y int) bool { return s.Hostile(s.Factions[x].ID, s.Factions[y].ID) }
	var changes []func()
	for k, e := range evs {
		if k > 0 && e.Date != evs[k-1].Date {
			for _, f := range changes {
				f() // the day's captures take effect after it
			}
			changes = changes[:0]
		}
		fa, ok := fidx[e.Faction]
		if !ok || e.Target.Place == "" {
			continue
		}
		i, ok := gr.Atlas.Index(e.Target.Place)
		if !ok || ctrl[i] < 0 || !hostile(fa, ctrl[i]) {
			continue
		}
		f := &lf[fa][ctrl[i]]
		if f.seen == 0 {
			f.seen = e.Date
		}
		f.seeds = append(f.seeds, int32(i))
		if e.Date == f.seen {
			f.first = append(f.first, int32(i))
		}
		switch e.Kind {
		case Captured, Contested, Claimed:
			f.open = f.seen
		}
		if e.Kind == Captured {
			f.taken = append(f.taken, int32(i))
			changes = append(changes, func() { ctrl[i] = fa })
		}
	}
	return lf
}

// theatreReach is the reach of a theatre, R in road-hours: the farthest
// any capture the ledger shows lies, by travel time over every road,
// from the places its front was first seen at, over all fronts. It
// measures how far a front advanced in the documents, and it is read
// from them, never fitted. It is 0 when no capture lies beyond them.
func theatreReach(lf [][]ledgerFront, gr *Graph, floor float64) float64 {
	sr := NewSearch(len(gr.Atlas.Places()))
	R := 0.0
	for a := range lf {
		for _, f := range lf[a] {
			if f.open == 0 || len(f.taken) == 0 {
				continue
			}
			sr.Run(gr.C, f.first, SearchOptions{Floor: floor, Target: -1})
			for _, i := range f.taken {
				if d := sr.Dist(i); !math.IsInf(d, 1) {
					R = max(R, d)
				}
			}
		}
	}
	return R
}

// compileTheatres makes each front's theatre: the places within reach R
// (theatreReach) of its seeds, by travel time over every road. An
// attacker presses a defender's place only inside their front's theatre
// (Model.attacks), so that a front is fought where the documents show
// it, and a strong attacker's pressure does not leak to every corner of
// the map its places reach. The seeds of a front are the places where
// the ledger puts the attacker against the defender; for a front that
// only an attack intervention opens, the attacker's own places at the
// start: the attack begins where it stands. When R is 0, the ledger
// shows no advance to measure reach by, and every theatre is the whole
// map.
func (m *Model) compileTheatres(lf [][]ledgerFront) {
	m.theatre = make([][]bool, m.nf*m.nf)
	m.theatreHours = theatreReach(lf, m.G, m.P.FloorHours)
	if m.theatreHours == 0 {
		return
	}
	sr := NewSearch(len(m.initial))
	for a := range m.nf {
		for b := range m.nf {
			if m.front[a][b] == 0 {
				continue
			}
			seeds := lf[a][b].seeds
			if len(seeds) == 0 {
				for i, c := range m.initial {
					if int(c) == a {
						seeds = append(seeds, int32(i))
					}
				}
			}
			zone := make([]bool, len(m.initial))
			sr.Run(m.G.C, seeds, SearchOptions{Floor: m.P.FloorHours, Cutoff: slackCut(m.theatreHours), Target: -1})
			for _, i := range sr.Reached {
				zone[i] = true
			}
			m.theatre[a*m.nf+b] = zone
		}
	}
}

// compileExposed records, per defender and place, whether some front
// against the defender may ever reach the place: E's rows of the others
// are never read (Runner.row leaves them 0).
func (m *Model) compileExposed() {
	n := len(m.initial)
	m.exposed = make([]bool, m.nf*n)
	for b := range m.nf {
		for a := range m.nf {
			if m.front[a][b] == 0 {
				continue
			}
			for i := range n {
				m.exposed[b*n+i] = m.exposed[b*n+i] || m.inTheatre(int8(a), int8(b), i)
			}
		}
	}
}

// attacks reports whether attacker a presses place i of defender b on
// day c: a has a front against b that day, and i lies in its theatre.
// It is the one test of who may take a place, for the runner, its
// incremental path, the likelihood and the distance-only baseline.
func (m *Model) attacks(c *dayCtx, a, b int8, i int) bool {
	return c.targets[a][b] && m.inTheatre(a, b, i)
}

// inTheatre reports whether place i lies in the theatre of a's front
// against b (nil: the whole map).
func (m *Model) inTheatre(a, b int8, i int) bool {
	zone := m.theatre[int(a)*m.nf+int(b)]
	return zone == nil || zone[i]
}

// TheatreHours returns the reach of every front's theatre, in road-hours
// (0: the whole map), read from the ledger (see compileTheatres).
func (m *Model) TheatreHours() float64 { return m.theatreHours }

// InTheatre reports whether attacker a's front against defender b, if
// it has one, may reach place i.
func (m *Model) InTheatre(a, b string, i int) bool {
	fa, fb := m.faction(a), m.faction(b)
	if fa < 0 || fb < 0 || m.front[fa][fb] == 0 {
		return false
	}
	return m.inTheatre(fa, fb, i)
}

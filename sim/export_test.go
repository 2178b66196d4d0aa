package sim

import (
	"fmt"
	"math"
	"slices"
)

// LatentCheck runs runs conditional runs of m (the scored places pinned
// to the ledger tl) and counts the scored places off the ledger and the
// unmentioned places that changed hands, then the pressure terms of the
// documented path before and after its latent terms.
func LatentCheck(m *Model, tl *Timeline, runs int) (offLedger, moved, before, after int, err error) {
	r := m.NewRunner()
	r.pin, r.pinUntil = m.Scored, m.Until
	for run := range runs {
		r.Run(1, run, tl, m.Start-1, func(d *DayResult) {
			doc := tl.Day(m.days[d.Day].date)
			for i, o := range d.Ctrl {
				switch {
				case m.Scored[i] && o != m.faction(doc.Place(i).Controller):
					offLedger++
				case !m.Scored[i] && o != m.initial[i]:
					moved++
				}
			}
		})
	}
	pt := m.newPath(tl, m.Until)
	for _, d := range pt.days {
		before += len(d.doc)
	}
	if err = pt.setLatent(tl, m.P, runs, 1); err != nil {
		return
	}
	for _, d := range pt.days {
		after += len(d.terms)
	}
	return
}

// Pressure returns the runner's road pressure E ([i*nf+a]) for control
// ctrl (faction indices) on day di, rebuilt from scratch.
func Pressure(m *Model, di int, ctrl []int8) []float64 {
	r := m.NewRunner()
	copy(r.ctrl, ctrl)
	r.rebuildSlow(&m.days[di])
	return slices.Clone(r.E)
}

// PressureAfter returns the runner's E for control after on day di,
// reached incrementally from before (Runner.update), as Run does.
func PressureAfter(m *Model, di int, before, after []int8) []float64 {
	r := m.NewRunner()
	copy(r.ctrl, before)
	c := &m.days[di]
	r.rebuildSlow(c)
	r.changed = r.changed[:0]
	for i := range after {
		if after[i] != before[i] {
			r.changed = append(r.changed, int32(i))
		}
	}
	copy(r.ctrl, after)
	r.update(c, before)
	r.flush(c)
	return slices.Clone(r.E)
}

// HazardGap returns the largest relative difference, over the documented
// days up to m.Until and every place and attacker, between the runner's
// E and h(i,a) on the documented state of the day and the likelihood's
// (its path without the latent terms, and without the hazard its carry
// adds), and how many hazards were compared.
func HazardGap(m *Model, tl *Timeline) (gap float64, n int) {
	pt := m.newPath(tl, m.Until)
	r := m.NewRunner()
	nf := m.nf
	fac, def := make([]float64, nf), make([]float64, nf)
	h := make([]float64, len(m.initial)*nf)
	rel := func(x, y float64) float64 {
		if x == y {
			return 0
		}
		return math.Abs(x-y) / max(math.Abs(x), math.Abs(y))
	}
	for di := range pt.upTo {
		d, c := &pt.days[di], &m.days[di]
		copy(r.ctrl, d.ctrl)
		copy(r.mom, d.mom)
		copy(r.cutOff, d.cutOff)
		r.heldWeights()
		r.rebuildSlow(c)
		r.hazards(c)
		E := pt.pressureOn(di)
		m.factors(c, d.mom, d.held, fac, def)
		for i, b := range d.ctrl {
			m.hazard(c, i, b, d.cutOff[i], E[i*nf:(i+1)*nf], fac, def, h[i*nf:(i+1)*nf])
		}
		for k := range h {
			if b := d.ctrl[k/nf]; b >= 0 && m.attacks(c, int8(k%nf), b, k/nf) {
				gap = max(gap, rel(r.E[k], E[k]))
			}
			gap = max(gap, rel(r.h[k], h[k]))
			if h[k] > 0 {
				n++
			}
		}
	}
	return gap, n
}

// Islands runs runs runs of m from the state of forcedUntil (before the
// start: free runs) and lists each place that fell on a modelled day to
// an attacker a from its holder b with no road path, over the roads not
// cut that day, from a place a held at the start of the day on which
// no place between was b's both at the start and at the end of the day
// (docs/model.md, "Pressure through held ground").
func Islands(m *Model, tl *Timeline, runs int, forcedUntil Date) []string {
	cs := m.G.C
	pl := m.G.Atlas.Places()
	var out []string
	modelledDays(m, tl, runs, forcedUntil, func(run int, c *dayCtx, prev []int8, d *DayResult) {
		for i, a := range d.Ctrl {
			b := prev[i]
			if a == b || a < 0 || b < 0 {
				continue
			}
			// Search from i through the places a may pass.
			seen := map[int32]bool{int32(i): true}
			queue, found := []int32{int32(i)}, false
			for len(queue) > 0 && !found {
				u := queue[0]
				queue = queue[1:]
				for p := cs.Start[u]; p < cs.Start[u+1]; p++ {
					v := cs.To[p]
					if !c.segOK[cs.Seg[p]] || seen[v] {
						continue
					}
					seen[v] = true
					if prev[v] == a {
						found = true
						break
					}
					if prev[v] != b || d.Ctrl[v] != b {
						queue = append(queue, v)
					}
				}
			}
			if !found {
				out = append(out, fmt.Sprintf("run %d, %s: %s fell to %s behind %s's lines", run, c.date, pl[i].ID, m.S.Factions[a].ID, m.S.Factions[b].ID))
			}
		}
	})
	return out
}

// modelledDays runs runs runs of m from the state of forcedUntil and
// calls f on each modelled day with the control before it.
func modelledDays(m *Model, tl *Timeline, runs int, forcedUntil Date, f func(run int, c *dayCtx, prev []int8, d *DayResult)) {
	r := m.NewRunner()
	prev := make([]int8, len(m.initial))
	for run := range runs {
		copy(prev, m.initial)
		r.Run(1, run, tl, forcedUntil, func(d *DayResult) {
			defer copy(prev, d.Ctrl)
			if d.Modelled {
				f(run, &m.days[d.Day], prev, d)
			}
		})
	}
}

// Hazards returns the runner's h ([i*nf+a]) for control ctrl on day di,
// with no momentum.
func Hazards(m *Model, di int, ctrl []int8) []float64 {
	r := m.NewRunner()
	c := &m.days[di]
	copy(r.ctrl, ctrl)
	clear(r.mom)
	r.heldWeights()
	r.rebuildSlow(c)
	r.refresh(c)
	r.hazards(c)
	return slices.Clone(r.h)
}

// LogLik returns the log-likelihood of the documented course of s up to
// its end under p, with the unmentioned places latent (latent runs
// conditional runs of seed 1) or, latent 0, left out.
func LogLik(s *Scenario, gr *Graph, tl *Timeline, p Params, latent int) float64 {
	m, err := NewModel(s, gr, p, s.End)
	if err != nil {
		return math.NaN()
	}
	pt := m.newPath(tl, s.End)
	if latent > 0 {
		if err := pt.setLatent(tl, p, latent, 1); err != nil {
			return math.NaN()
		}
	}
	ll, _, _ := pt.logLik()
	return ll
}

// IncrementalMismatch runs runs runs of m from the state of forcedUntil
// and, after every modelled day, compares the runner's E, kept up to date
// as places change hands, with E rebuilt from scratch for the day's
// state under the run's parameters. It returns the number of days
// compared and the first difference ("" for none).
func IncrementalMismatch(m *Model, tl *Timeline, runs int, forcedUntil Date) (days int, diff string) {
	r := m.NewRunner()
	for run := range runs {
		r.Run(5, run, tl, forcedUntil, func(d *DayResult) {
			if !d.Modelled || diff != "" {
				return
			}
			r.flush(&r.m.days[d.Day]) // the run's last day leaves it to do
			fresh := r.m.NewRunner()
			copy(fresh.ctrl, d.Ctrl)
			fresh.rebuildSlow(&r.m.days[d.Day])
			days++
			for k := range r.E {
				if r.E[k] != fresh.E[k] {
					diff = fmt.Sprintf("run %d, day %d, place %d, attacker %d: E %v incrementally, %v from scratch", run, d.Day, k/m.nf, k%m.nf, r.E[k], fresh.E[k])
					return
				}
			}
		})
	}
	return days, diff
}

// OutsideTheatres runs runs runs of m from the state of forcedUntil and
// lists each place that fell on a modelled day to an attacker a from a
// holder b outside the theatre of a's front against b (Model.attacks),
// on a day on which no place inside it fell to a from b: ground outside
// a theatre falls only when it is carried with a capture inside.
func OutsideTheatres(m *Model, tl *Timeline, runs int, forcedUntil Date) []string {
	pl := m.G.Atlas.Places()
	var out []string
	modelledDays(m, tl, runs, forcedUntil, func(run int, c *dayCtx, prev []int8, d *DayResult) {
		fell := func(i int) (a, b int8, ok bool) {
			a, b = d.Ctrl[i], prev[i]
			return a, b, a != b && a >= 0 && b >= 0
		}
		inside := map[[2]int8]bool{}
		for i := range d.Ctrl {
			if a, b, ok := fell(i); ok && m.attacks(c, a, b, i) {
				inside[[2]int8{a, b}] = true
			}
		}
		for i := range d.Ctrl {
			if a, b, ok := fell(i); ok && !m.attacks(c, a, b, i) && !inside[[2]int8{a, b}] {
				out = append(out, fmt.Sprintf("run %d, %s: %s fell to %s from %s", run, c.date, pl[i].ID, m.S.Factions[a].ID, m.S.Factions[b].ID))
			}
		}
	})
	return out
}

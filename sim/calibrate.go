package sim

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// byReportDate recognises an event the documents date only "by" a
// report's date (the ledger's note says so): its capture is an interval.
var byReportDate = regexp.MustCompile(`(?i)\bby (the report's date|its date|\d{4}-\d{2}-\d{2})`)

// DatedBy reports whether the ledger dates the event only by a report's
// date: the place fell on that day or before.
func (e Event) DatedBy() bool { return byReportDate.MatchString(e.Note) }

// Capture is a documented change of hands: place Place fell to Captor on a
// day in (After, By]; After = By − 1 for an event dated to the day.
type Capture struct {
	Place  int
	Captor int8
	After  Date
	By     Date
	Event  int // index in Scenario.Events
}

// Interval reports whether the capture is dated only by a report.
func (c Capture) Interval() bool { return c.By-c.After > 1 }

// undated reports whether day d lies strictly between the capture's
// After and By: the documents do not say whether it had fallen by then.
func (c Capture) undated(d Date) bool { return d > c.After && d < c.By }

// Captures returns the documented first changes of hands of the places
// held at the start, from the replay tl, in place order. The lower end of
// an interval capture is the last day the ledger reports the place still
// in its holder's hands (another event on it), or the day before the start.
func (m *Model) Captures(tl *Timeline) []Capture {
	var out []Capture
	for i := range m.initial {
		if m.initial[i] < 0 {
			continue
		}
		for di, d := range tl.Days {
			p := d.Place(i)
			o := m.faction(p.Controller)
			if o == m.initial[i] {
				continue
			}
			c := Capture{Place: i, Captor: o, By: d.Date, After: d.Date - 1, Event: -1}
			for _, k := range p.Events {
				if ev := m.S.Events[k]; ev.Kind == Captured && ev.Date == d.Date {
					c.Event = k
					if ev.DatedBy() {
						c.After = m.Start - 1
						for _, k2 := range tl.EventsOn(m.G.Atlas.Places()[i].ID, d.Date-1) {
							c.After = max(c.After, m.S.Events[k2].Date)
						}
					}
					break
				}
			}
			_ = di
			out = append(out, c)
			break
		}
	}
	return out
}

// path is the documented course of a scenario, compiled for the
// likelihood: per day, the state before it and every term of the road
// pressure on the places at risk, each with the paths that could be its
// cheapest, so that the fitted parameters (τ and block_hours among them)
// change only arithmetic, never a search.
type path struct {
	m     *Model
	days  []pathDay
	caps  []Capture
	capOf []int // per place: index in caps, or -1
	upTo  int   // days scored: 0..upTo−1
}

type pathDay struct {
	ctrl   []int8 // state at the start of the day
	cutOff []bool
	terms  []pressureTerm // the pressure the likelihood uses
	doc    []pressureTerm // the documented state's
	mom    []float64
	held   []float64
}

// newPath compiles the documented course of tl up to day until.
func (m *Model) newPath(tl *Timeline, until Date) *path {
	pt := &path{m: m, caps: m.Captures(tl), capOf: make([]int, len(m.initial))}
	for i := range pt.capOf {
		pt.capOf[i] = -1
	}
	for k, c := range pt.caps {
		pt.capOf[c.Place] = k
	}
	r := m.NewRunner()
	ctrl := append([]int8(nil), m.initial...)
	mom := make([]float64, m.nf)
	decay := math.Exp2(-1 / m.P.MomentumHalfLifeDays)
	for di := range m.days {
		c := &m.days[di]
		if c.date > until || c.date > tl.Days[len(tl.Days)-1].Date {
			break
		}
		f := &field{}
		m.computeField(c, ctrl, r.sr, r.pass, r.segPass, f, true)
		terms := f.terms
		if !m.distanceOnly {
			terms = m.stateTerms(c, ctrl, r.ws, nil)
			sortTerms(terms)
		}
		held := make([]float64, m.nf)
		for i, o := range ctrl {
			if o >= 0 {
				held[o] += m.fbWeight[i]
			}
		}
		pt.days = append(pt.days, pathDay{ctrl: append([]int8(nil), ctrl...), cutOff: f.cutOff, terms: terms, doc: terms, mom: append([]float64(nil), mom...), held: held})
		next := make([]int8, len(ctrl))
		for i, p := range tl.Day(c.date).Places() {
			next[i] = m.faction(p.Controller)
		}
		gain := make([]float64, m.nf)
		for i, o := range next {
			if o != ctrl[i] && o >= 0 {
				gain[o] += m.fbWeight[i]
			}
		}
		for a := range mom {
			mom[a] = mom[a]*decay + gain[a]
		}
		ctrl = next
	}
	pt.upTo = len(pt.days)
	return pt
}

// stateTerms returns the terms of the road pressure under control ctrl
// on day c on every place held by a faction that some attacker presses
// that day (the places at risk are scored; the others may carry them),
// from those attackers, appended to dst: one per source, with the Pareto
// set of its paths (Model.reach) and the defender's places on each.
func (m *Model) stateTerms(c *dayCtx, ctrl []int8, ws *reachWS, dst []pressureTerm) []pressureTerm {
	at := map[int32]int{} // source → its term, for the current place
	for i, b := range ctrl {
		if !m.pressed(c, b, i) {
			continue
		}
		clear(at)
		m.reach(c, int32(i), ctrl, true, ws, func(j int32, l pathLen, label int32) {
			a := ctrl[j]
			if a < 0 || !m.attacks(c, a, b, i) {
				return
			}
			k, ok := at[j]
			if !ok {
				k = len(dst)
				at[j] = k
				dst = append(dst, pressureTerm{i: int32(i), a: a, j: j, w: m.weight[j]})
			}
			l.via = ws.via(label, ctrl, b)
			dst[k].ls = append(dst[k].ls, l)
		})
	}
	return dst
}

// pressed reports whether some attacker presses place i, held by b, on
// day c (Model.attacks).
func (m *Model) pressed(c *dayCtx, b int8, i int) bool {
	if b < 0 {
		return false
	}
	for a := range m.nf {
		if m.attacks(c, int8(a), b, i) {
			return true
		}
	}
	return false
}

// setLatent replaces the path's pressure by its expectation over the
// places the likelihood does not score (the unmentioned ones): the
// documents say nothing of their control, which decides both who presses
// from them and whose ground lies between. E(i,a) on each day becomes its
// mean over runs conditional on the ledger (the scored places pinned to
// it, the others drawn by the model), under parameters p, seeds 0..runs−1
// of stream seed: the mean of each run's terms, those with equal paths
// merged.
func (pt *path) setLatent(tl *Timeline, p Params, runs int, seed uint64) error {
	m := pt.m
	mr, err := NewModel(m.S, m.G, p, m.days[pt.upTo-1].date)
	if err != nil {
		return err
	}
	type group struct {
		i, j int32
		a    int8
		ls   uint64 // hash of the paths
	}
	type occ struct {
		x int // index in the day's terms
		w float64
	}
	type day struct {
		at    map[group]int
		terms []pressureTerm
		state map[fieldKey][]occ // a state's terms, once computed
	}
	days := make([]day, pt.upTo)
	for di := range days {
		days[di] = day{at: map[group]int{}, state: map[fieldKey][]occ{}}
	}
	ws := newReachWS(len(m.initial))
	var scratch []pressureTerm
	share := 1 / float64(runs)
	add := func(di int, ctrl []int8) {
		d, c := &days[di], &m.days[di]
		k := m.key(c, ctrl)
		occs, ok := d.state[k]
		if !ok {
			scratch = m.stateTerms(c, ctrl, ws, scratch[:0])
			for _, t := range scratch {
				g := group{i: t.i, j: t.j, a: t.a, ls: hashPaths(t.ls)}
				x, ok := d.at[g]
				if ok && !samePaths(d.terms[x].ls, t.ls) {
					x, ok = len(d.terms), false // a collision of hashes: its own term
				} else if !ok {
					d.at[g] = len(d.terms)
				}
				if !ok {
					x = len(d.terms)
					d.terms = append(d.terms, pressureTerm{i: t.i, a: t.a, j: t.j, ls: slices.Clone(t.ls)})
				}
				occs = append(occs, occ{x, t.w})
			}
			d.state[k] = occs
		}
		for _, o := range occs {
			d.terms[o.x].w += o.w * share
		}
	}
	r := mr.NewRunner()
	r.pin, r.pinUntil = m.Scored, mr.Until
	for run := range runs {
		r.Run(seed, run, tl, m.Start-1, func(d *DayResult) {
			if di := d.Day + 1; di < pt.upTo {
				add(di, d.Ctrl)
			}
		})
	}
	pt.days[0].terms = pt.days[0].doc // every run starts from the documented start
	for di := 1; di < pt.upTo; di++ {
		pt.days[di].terms = days[di].terms
		sortTerms(pt.days[di].terms)
	}
	return nil
}

// hashPaths hashes a Pareto set of paths.
func hashPaths(ls []pathLen) uint64 {
	h := uint64(0x9E3779B97F4A7C15)
	for _, l := range ls {
		h = splitmix64(h ^ math.Float64bits(l.hours))
		h = splitmix64(h ^ math.Float64bits(l.block))
		for _, v := range l.via {
			h = splitmix64(h ^ uint64(v))
		}
	}
	return h
}

// samePaths reports whether two Pareto sets of paths are equal.
func samePaths(x, y []pathLen) bool {
	return slices.EqualFunc(x, y, func(p, q pathLen) bool {
		return p.hours == q.hours && p.block == q.block && slices.Equal(p.via, q.via)
	})
}

// hazardsOn returns, for every place and attacker on day di of the path
// under the model's parameters, h(i,a) plus the hazard that a's captures
// of other places carry it with them (Runner.carry). The likelihood
// treats each place's day separately (a composite likelihood).
func (pt *path) hazardsOn(di int, h []float64) {
	m, nf := pt.m, pt.m.nf
	d := &pt.days[di]
	c := &m.days[di]
	fac, def := make([]float64, nf), make([]float64, nf)
	E := pt.pressureOn(di)
	m.factors(c, d.mom, d.held, fac, def)
	for i, b := range d.ctrl {
		m.hazard(c, i, b, d.cutOff[i], E[i*nf:(i+1)*nf], fac, def, h[i*nf:(i+1)*nf])
	}
	if !m.distanceOnly {
		pt.carried(di, h)
	}
}

// pressureOn returns the road pressure E(i,a) ([i*nf+a]) on day di of the
// path under the model's parameters: each source by its cheapest path.
func (pt *path) pressureOn(di int) []float64 {
	m, nf := pt.m, pt.m.nf
	d := &pt.days[di]
	E := make([]float64, len(d.ctrl)*nf)
	for _, t := range d.terms {
		_, v := m.cheapest(t.ls)
		E[int(t.i)*nf+int(t.a)] += t.w * v
	}
	return E
}

// carried adds to h the hazard of being carried: a place k that lies on
// the path by which a takes i falls with it (Runner.carry). i falls to a
// on the day with probability q = (1 − exp(−H_i))·h(i,a)/H_i, and the
// path is drawn in proportion to its pressure, so that k falls with it
// with probability q·s_k, s_k the share of the pressure of the paths
// through k; k's survival that day gains a factor (1 − q·s_k), a hazard
// −log(1 − q·s_k). The terms of a day are sorted by (i, a) (sortTerms).
func (pt *path) carried(di int, h []float64) {
	m, nf := pt.m, pt.m.nf
	d := &pt.days[di]
	carried := make([]float64, len(h))
	share := make([]float64, len(d.ctrl))
	var touched []int32
	for x := 0; x < len(d.terms); {
		i, a := int(d.terms[x].i), d.terms[x].a
		y := x
		for y < len(d.terms) && int(d.terms[y].i) == i && d.terms[y].a == a {
			y++
		}
		group := d.terms[x:y]
		x = y
		hv := h[i*nf+int(a)]
		if hv <= 0 {
			continue
		}
		H := 0.0
		for _, v := range h[i*nf : (i+1)*nf] {
			H += v
		}
		q := -math.Expm1(-H) * hv / H
		total := 0.0
		for _, t := range group {
			for _, l := range t.ls {
				total += t.w * m.press(m.pathCost(l))
			}
		}
		if total == 0 {
			continue
		}
		touched = touched[:0]
		for _, t := range group {
			for _, l := range t.ls {
				v := t.w * m.press(m.pathCost(l)) / total
				if v == 0 {
					continue
				}
				for _, k := range l.via {
					if share[k] == 0 {
						touched = append(touched, k)
					}
					share[k] += v
				}
			}
		}
		for _, k := range touched {
			carried[int(k)*nf+int(a)] -= math.Log1p(-q * min(1, share[k]))
			share[k] = 0
		}
	}
	for k, v := range carried {
		h[k] += v
	}
}

// sortTerms sorts a day's terms by place, then attacker, then source, as
// path.carried reads them.
func sortTerms(ts []pressureTerm) {
	slices.SortStableFunc(ts, func(x, y pressureTerm) int {
		if x.i != y.i {
			return int(x.i) - int(y.i)
		}
		if x.a != y.a {
			return int(x.a) - int(y.a)
		}
		return int(x.j) - int(y.j)
	})
}

// logLik returns the log-likelihood of the documented course under the
// model (discrete-time survival): each observed place held at the start
// is at risk until it falls; a capture dated to a day contributes the
// probability of surviving to the day before and falling on it, an
// interval capture the probability of surviving to its lower end and
// falling within it, a place that never falls the probability of
// surviving every day; the captor contributes its share of the hazard.
// Places the documents never mention are left out (see docs/model.md).
// It also returns the one-day-ahead Brier terms.
func (pt *path) logLik() (ll float64, brier float64, nb int) {
	m := pt.m
	n := len(m.initial)
	h := make([]float64, n*m.nf)
	cum := make([]float64, n)   // cumulative hazard in the current interval
	share := make([]float64, n) // captor's hazard in the interval
	for di := 0; di < pt.upTo; di++ {
		date := m.days[di].date
		pt.hazardsOn(di, h)
		for i := range n {
			if !m.Scored[i] || m.initial[i] < 0 || pt.days[di].ctrl[i] != m.initial[i] {
				continue
			}
			H := 0.0
			for a := range m.nf {
				H += h[i*m.nf+a]
			}
			k := pt.capOf[i]
			var c *Capture
			if k >= 0 {
				c = &pt.caps[k]
			}
			// One-day-ahead Brier: fall today?
			y := 0.0
			if c != nil && c.By == date {
				y = 1
			}
			p := 1 - math.Exp(-H)
			brier += (p - y) * (p - y)
			nb++
			switch {
			case c == nil || c.By > m.days[pt.upTo-1].date || date <= c.After:
				ll -= H // survives the day (or censored)
			default:
				cum[i] += H
				share[i] += h[i*m.nf+int(c.Captor)]
				if date == c.By {
					if cum[i] > 0 {
						ll += math.Log(-math.Expm1(-cum[i])+1e-300) + math.Log(share[i]/cum[i]+1e-300)
					} else {
						ll += math.Log(1e-300) // a capture the model gives no chance
					}
				}
			}
		}
	}
	return ll, brier, nb
}

// Fitted describes one fitted parameter.
type Fitted struct {
	Name  string   `json:"name"`
	Value float64  `json:"value"`
	SE    *float64 `json:"se"` // null when the Hessian is not positive definite
}

// fitSpec maps a parameter vector to Params.
type fitSpec struct {
	names []string
	get   func(Params) []float64
	set   func(*Params, []float64)
	prior []float64 // prior means; sd below
	sd    []float64
}

// modelFit is the full model's free parameters: θ0, log τ, θM, θC, θS,
// θK, log P (block_hours) and the strength of each attacker but the first
// (the reference).
func modelFit(attackers []string) fitSpec {
	names := []string{"base", "log_tau_hours", "momentum", "collapse", "supply", "size", "log_block_hours"}
	for _, a := range attackers[1:] {
		names = append(names, "strength."+a)
	}
	prior := []float64{-2, math.Log(1.5), 0, 0, 0, 0, 0}
	sd := []float64{3, 1, 1, 1, 1, 1, 1.5}
	for range attackers[1:] {
		prior, sd = append(prior, 0), append(sd, 2)
	}
	const fixed = 7 // parameters before the strengths
	return fitSpec{names: names, prior: prior, sd: sd,
		get: func(p Params) []float64 {
			x := []float64{p.Base, math.Log(p.TauHours), p.Momentum, p.Collapse, p.Supply, p.Size, math.Log(p.BlockHours)}
			for _, a := range attackers[1:] {
				x = append(x, p.Strength[a])
			}
			return x
		},
		set: func(p *Params, x []float64) {
			p.Base, p.TauHours, p.Momentum, p.Collapse, p.Supply, p.Size = x[0], math.Exp(x[1]), x[2], x[3], x[4], x[5]
			p.BlockHours = math.Exp(x[6])
			p.Strength = cloneMap(p.Strength)
			for k, a := range attackers[1:] {
				p.Strength[a] = x[fixed+k]
			}
		}}
}

// distanceFit is the distance-only baseline's: β0 and log τ.
func distanceFit() fitSpec {
	return fitSpec{names: []string{"base", "log_tau_hours"}, prior: []float64{-2, math.Log(1.5)}, sd: []float64{3, 1},
		get: func(p Params) []float64 { return []float64{p.Base, math.Log(p.TauHours)} },
		set: func(p *Params, x []float64) { p.Base, p.TauHours = x[0], math.Exp(x[1]) }}
}

// CalibrationOptions configure Calibrate.
type CalibrationOptions struct {
	Runs    int    // free runs per skill score (default 1000)
	Seed    uint64 // of those runs (default 1)
	Starts  int    // Nelder–Mead starts (default 4)
	MaxEval int    // function evaluations per start (default 4000)
	Holdout Date   // last day of the hold-out's fit (default 2024-11-30)
	// LatentRuns is the number of conditional runs that estimate the
	// unmentioned places' control for the likelihood (default 400, or
	// Runs when fewer, so that a small budget is small throughout; a
	// negative number leaves them out of the pressure, as in round 1).
	LatentRuns int
	// LatentIters bounds the fit ↔ conditional-runs iterations (default 4).
	LatentIters int
	// FixedDesign with LatentRuns > 0 fits the latent design only, instead
	// of choosing between the two by the hold-out.
	FixedDesign bool
}

// The two designs of the unmentioned places in the likelihood.
const (
	// DesignLeftOut: they exert no pressure beyond their documented
	// (starting) holder's.
	DesignLeftOut = "unmentioned_left_out"
	// DesignLatent: each presses with its probability of being held by
	// the attacker, from runs conditional on the ledger (path.setLatent),
	// iterated with the fit to a fixed point.
	DesignLatent = "unmentioned_latent"
)

// DesignScore is one design's hold-out score.
type DesignScore struct {
	Name              string  `json:"name"`
	MAEDays           float64 `json:"mae_days"`
	Brier             float64 `json:"brier"`
	UndocumentedFalls *int    `json:"undocumented_falls"`
}

// Skill are the scores of one model on a set of documented captures.
type Skill struct {
	MAEDays      float64 `json:"mae_days"`
	MAEDaysPoint float64 `json:"mae_days_point"` // every capture taken as a point at its date
	// Brier is the one-day-ahead Brier score: for every scored day t and
	// every scored place its first holder still holds in the documented
	// state at the end of day t−1, (p − y)², where p is the probability
	// that the place falls on day t given that documented state and y is
	// 1 when the ledger dates its capture to day t. Mean over BrierN terms.
	Brier  float64 `json:"brier"`
	BrierN int     `json:"brier_terms"`
	// BrierCumulative is the Brier score of P(fallen by day t) in free
	// runs from the first scored day's documented state, against whether
	// the ledger has it fallen by t: a score of the whole course, not of
	// one day ahead.
	BrierCumulative float64 `json:"brier_cumulative"`
	// CRPS is the continuous ranked probability score of the fall day,
	// over days (the discrete form, a proper score): per place at risk as
	// for BrierCumulative, Σ_t (P(fallen by t) − 1{fallen by t})² over
	// the scored days t, in days, mean over the places. A capture dated
	// only by a report leaves out the days between its After and By,
	// whose truth the documents do not tell. 0 is a perfect forecast.
	CRPS float64 `json:"crps"`
	// UndocumentedFalls is the number of places the documents never
	// mention that have fallen by the last scored day in the median run.
	UndocumentedFalls *int       `json:"undocumented_falls,omitempty"`
	Events            []EventFit `json:"events,omitempty"`
	// FalseFalls is the number of scored places that the documents show
	// still held by their first holder on the last scored day, yet which
	// have fallen by then in the median run: a collapse that the ledger
	// does not show.
	FalseFalls int `json:"false_falls"`
	// BrierHeld is the Brier score of those places' P(fallen by the last
	// scored day), whose outcome is 0: the mean of P².
	BrierHeld float64 `json:"brier_held"`
	// Places gives, per scored place with a first holder, P(fallen by the
	// last scored day: taken from its first holder on some day) and
	// whether the documents show it held then.
	Places []PlaceFall `json:"places,omitempty"`
}

// PlaceFall is one scored place's probability of having fallen by the
// last scored day, against the documents.
type PlaceFall struct {
	Place   string  `json:"place"`
	Size    int     `json:"size_class"` // SizeClass: 2 and 3 are cities
	Held    bool    `json:"held"`       // the documents show its first holder holding it on the last scored day
	PFallen float64 `json:"p_fallen"`
}

// EventFit is one documented capture and the model's median fall day.
type EventFit struct {
	Place    string `json:"place"`
	After    Date   `json:"after"`
	By       Date   `json:"by"`
	Interval bool   `json:"interval"`
	Median   *Date  `json:"median"` // null: falls in fewer than half the runs
	Error    int    `json:"error_days"`
}

// Calibration is the result of Calibrate.
type Calibration struct {
	Scenario    string   `json:"scenario"`
	FitDays     [2]Date  `json:"fit_days"`
	Observed    int      `json:"observed_places"`
	Unmentioned int      `json:"unmentioned_places"`
	Captures    int      `json:"captures"`
	LogLik      float64  `json:"log_likelihood"`
	Fitted      []Fitted `json:"fitted"`
	// Covariance is the fit's Laplace approximation (posterior.go), which
	// simulate --params posterior draws from; null when the Hessian is not
	// positive definite.
	Covariance *Covariance `json:"covariance"`
	// Design is how the unmentioned places enter the likelihood, chosen
	// by the hold-out's one-day-ahead Brier score among Designs.
	Design    string        `json:"design"`
	Designs   []DesignScore `json:"designs"`
	Params    Params        `json:"-"`
	Model     Skill         `json:"model"`
	Baselines struct {
		NothingFalls Skill    `json:"nothing_falls"`
		DistanceOnly Skill    `json:"distance_only"`
		DistanceFit  []Fitted `json:"distance_only_fitted"`
	} `json:"baselines"`
	Holdout struct {
		FitUntil     Date     `json:"fit_until"`
		Scored       [2]Date  `json:"scored"`
		Captures     int      `json:"captures"`
		Model        Skill    `json:"model"`
		NothingFalls Skill    `json:"nothing_falls"`
		DistanceOnly Skill    `json:"distance_only"`
		Fitted       []Fitted `json:"fitted"`
		// Coverage is the share of the hold-out's captures inside the
		// model's p10–p90 fan, under fixed and under posterior draws.
		Coverage *Coverage `json:"coverage"`
	} `json:"holdout"`
	// Backtest is the rolling-origin backtest (backtest.go): refitted at
	// each origin, forecast from its documented state.
	Backtest []BacktestOrigin `json:"backtest"`
	Runs     int              `json:"runs"`
	Seed     uint64           `json:"seed"`
	// NeverConvention is how a place that does not fall in at least half
	// the runs is scored: as falling the day after the last scored day.
	NeverConvention string `json:"never_convention"`
}

// Calibrate fits the model's free parameters to the documented course of
// scenario s (its replay tl) by penalised maximum likelihood, Nelder–Mead
// from several starts, and scores the fit and two baselines, in sample
// and on a hold-out. p0 supplies the fixed parameters and the first start.
func Calibrate(s *Scenario, gr *Graph, tl *Timeline, p0 Params, o CalibrationOptions) (*Calibration, error) {
	if o.Runs <= 0 {
		o.Runs = 1000
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Starts <= 0 {
		o.Starts = 4
	}
	if o.MaxEval <= 0 {
		o.MaxEval = 4000
	}
	if o.Holdout == 0 {
		o.Holdout = MustDate("2024-11-30")
	}
	if o.LatentRuns == 0 {
		o.LatentRuns = min(400, o.Runs)
	}
	if o.LatentIters <= 0 {
		o.LatentIters = 4
	}
	end := s.End
	m0, err := NewModel(s, gr, p0, end)
	if err != nil {
		return nil, err
	}
	var attackers []string
	for _, f := range s.Factions {
		if _, ok := m0.AttackStart(f.ID); ok {
			attackers = append(attackers, f.ID)
		}
	}
	if len(attackers) == 0 {
		return nil, fmt.Errorf("sim: scenario %s has no attacker: the ledger shows no faction taking, contesting or claiming a place", s.ID)
	}
	cal := &Calibration{Scenario: s.ID, FitDays: [2]Date{s.Start, end}, Runs: o.Runs, Seed: o.Seed,
		NeverConvention: "a place that falls in fewer than half the runs is scored as falling on the day after the last scored day"}
	for i := range m0.Observed {
		if m0.Observed[i] {
			cal.Observed++
		} else {
			cal.Unmentioned++
		}
	}
	caps := m0.Captures(tl)
	cal.Captures = len(caps)

	spec, dspec := modelFit(attackers), distanceFit()
	score := func(p Params, distance bool, forcedUntil, from, to Date) Skill {
		return skill(s, gr, tl, p, distance, forcedUntil, from, to, o)
	}
	brier := func(sk *Skill, p Params, distance, zero bool, from Date, o CalibrationOptions) {
		sk.Brier, sk.BrierN = oneDayBrier(s, gr, tl, p, distance, zero, from, end, o)
	}

	// The hold-out: fit up to o.Holdout, start from its documented state.
	// Each design of the unmentioned places is fitted and scored on it;
	// the better one-day-ahead Brier (then MAE) is the design the full fit
	// uses. A design set by the options (LatentRuns) is the only one.
	h := &cal.Holdout
	h.FitUntil, h.Scored = o.Holdout, [2]Date{o.Holdout + 1, end}
	for _, c := range caps {
		if c.By > o.Holdout {
			h.Captures++
		}
	}
	designs := []struct {
		name string
		runs int
	}{{DesignLeftOut, -1}, {DesignLatent, o.LatentRuns}}
	if o.LatentRuns < 0 {
		designs = designs[:1]
	} else if o.LatentRuns > 0 && o.FixedDesign {
		designs = designs[1:]
	}
	var chosen CalibrationOptions
	var hParams Params
	var hCov *Covariance
	for k, d := range designs {
		od := o
		od.LatentRuns = d.runs
		hp, hfitted, _, hc, err := fitCov(s, gr, tl, p0, spec, false, o.Holdout, od)
		if err != nil {
			return nil, err
		}
		sk := score(hp, false, o.Holdout, o.Holdout+1, end)
		brier(&sk, hp, false, false, o.Holdout+1, od)
		ds := DesignScore{Name: d.name, MAEDays: sk.MAEDays, Brier: sk.Brier, UndocumentedFalls: sk.UndocumentedFalls}
		cal.Designs = append(cal.Designs, ds)
		if k == 0 || sk.Brier < h.Model.Brier || (sk.Brier == h.Model.Brier && sk.MAEDays < h.Model.MAEDays) {
			h.Model, h.Fitted, chosen, cal.Design = sk, hfitted, od, d.name
			hParams, hCov = hp, hc
		}
	}
	if h.Coverage, err = coverage(s, gr, tl, hParams, hCov, o.Holdout, end, o); err != nil {
		return nil, err
	}
	hdp, _, _, err := fit(s, gr, tl, p0, dspec, true, o.Holdout, o)
	if err != nil {
		return nil, err
	}
	h.DistanceOnly = score(hdp, true, o.Holdout, o.Holdout+1, end)
	h.NothingFalls = nothingFalls(m0, tl, caps, o.Holdout+1, end)
	brier(&h.DistanceOnly, hdp, true, false, o.Holdout+1, o)
	brier(&h.NothingFalls, p0, false, true, o.Holdout+1, o)

	// The full fit, with the chosen design.
	p, fitted, ll, cov, err := fitCov(s, gr, tl, p0, spec, false, end, chosen)
	if err != nil {
		return nil, err
	}
	cal.Params, cal.Fitted, cal.LogLik, cal.Covariance = p, fitted, ll, cov
	dp, dfitted, _, err := fit(s, gr, tl, p0, dspec, true, end, o)
	if err != nil {
		return nil, err
	}
	cal.Baselines.DistanceFit = dfitted
	cal.Model = score(p, false, s.Start-1, s.Start, end)
	cal.Baselines.DistanceOnly = score(dp, true, s.Start-1, s.Start, end)
	cal.Baselines.NothingFalls = nothingFalls(m0, tl, caps, s.Start, end)
	brier(&cal.Model, p, false, false, s.Start, chosen)
	brier(&cal.Baselines.DistanceOnly, dp, true, false, s.Start, o)
	brier(&cal.Baselines.NothingFalls, p0, false, true, s.Start, o)
	if cal.Backtest, err = backtest(s, gr, tl, p0, spec, dspec, caps, chosen, o); err != nil {
		return nil, err
	}
	return cal, nil
}

// fit maximises the penalised log-likelihood of the course up to until.
func fit(s *Scenario, gr *Graph, tl *Timeline, p0 Params, spec fitSpec, distance bool, until Date, o CalibrationOptions) (Params, []Fitted, float64, error) {
	p, fitted, ll, _, err := fitCov(s, gr, tl, p0, spec, distance, until, o)
	return p, fitted, ll, err
}

// fitCov is fit, with the covariance of the Laplace approximation at the
// fit (nil when the Hessian is not positive definite).
func fitCov(s *Scenario, gr *Graph, tl *Timeline, p0 Params, spec fitSpec, distance bool, until Date, o CalibrationOptions) (Params, []Fitted, float64, *Covariance, error) {
	base := p0.Clone()
	if distance {
		base = Params{Base: -2, TauHours: 1.5, BlockHours: 0, CutoffHours: p0.CutoffHours, FloorHours: p0.FloorHours, SizeWeight: p0.SizeWeight, MomentumHalfLifeDays: p0.MomentumHalfLifeDays}
	}
	m, err := NewModel(s, gr, base, until)
	if err != nil {
		return Params{}, nil, 0, nil, err
	}
	m.distanceOnly = distance
	pt := m.newPath(tl, until)
	eval := func(x []float64) float64 {
		q := base.Clone()
		spec.set(&q, x)
		m.setParams(q)
		ll, _, _ := pt.logLik()
		pen := 0.0
		for k, v := range x {
			z := (v - spec.prior[k]) / spec.sd[k]
			pen += z * z / 2
		}
		v := -(ll - pen)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 1e300
		}
		return v
	}
	x0 := spec.get(base)
	best := minimize(eval, x0, o.Starts, o.MaxEval)
	if !distance && o.LatentRuns > 0 {
		// The unmentioned places as latent: fit ↔ conditional runs, to a
		// fixed point of the parameters (docs/model.md, "Unmentioned places").
		for range o.LatentIters {
			q := base.Clone()
			spec.set(&q, best)
			if err := pt.setLatent(tl, q, o.LatentRuns, o.Seed); err != nil {
				return Params{}, nil, 0, nil, err
			}
			m.setParams(q)
			next := minimize(eval, best, 1, o.MaxEval)
			moved := 0.0
			for k := range next {
				moved = max(moved, math.Abs(next[k]-best[k]))
			}
			best = next
			if moved < 1e-3 {
				break
			}
		}
	}
	q := base.Clone()
	spec.set(&q, best)
	// Standard errors from the Hessian of the penalised negative
	// log-likelihood (central differences), the latent terms held fixed.
	hess := mat.NewSymDense(len(best), nil)
	fd.Hessian(hess, eval, best, &fd.Settings{Formula: fd.Central, Step: 1e-3})
	var chol mat.Cholesky
	var inv mat.SymDense
	ok := chol.Factorize(hess) && chol.InverseTo(&inv) == nil
	var out []Fitted
	for k, name := range spec.names {
		v := best[k]
		f := Fitted{Name: name, Value: round4(v)}
		logged := strings.HasPrefix(name, "log_") // fitted on the log scale
		if logged {
			f.Name, f.Value = strings.TrimPrefix(name, "log_"), round4(math.Exp(v))
		}
		if ok && inv.At(k, k) > 0 {
			se := math.Sqrt(inv.At(k, k))
			if logged {
				se *= math.Exp(v) // delta method
			}
			se = round4(se)
			f.SE = &se
		}
		out = append(out, f)
	}
	var cov *Covariance
	if ok {
		cov = newCovariance(spec, &inv)
	}
	m.setParams(q)
	ll, _, _ := pt.logLik()
	return q, out, round4(ll), cov, nil
}

// minimize runs Nelder–Mead from x0 and starts−1 deterministic spreads
// around it and returns the best point found (x0 if none improves on it).
func minimize(eval func([]float64) float64, x0 []float64, starts, maxEval int) []float64 {
	best, bestF := x0, eval(x0)
	for k := range starts {
		start := slices.Clone(x0)
		if k > 0 {
			// Deterministic spread of starts: ±1 on alternate coordinates.
			for j := range start {
				if (j+k)%2 == 0 {
					start[j] += float64(k%3) - 0.5
				} else {
					start[j] -= 0.5 * float64(k)
				}
			}
		}
		res, err := optimize.Minimize(optimize.Problem{Func: eval}, start,
			&optimize.Settings{FuncEvaluations: maxEval, Converger: &optimize.FunctionConverge{Absolute: 1e-9, Iterations: 200}},
			&optimize.NelderMead{})
		if err != nil && res == nil {
			continue
		}
		if res.F < bestF {
			best, bestF = res.X, res.F
		}
	}
	return best
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// setParams sets the parameters of a compiled model in place, and what
// NewModel derives from them for each place and faction (the fit calls it
// with each trial; the terms of its path store no parameter). Weights
// depend on size_weight, which is never fitted.
func (m *Model) setParams(p Params) {
	m.P = p
	m.edge = math.Exp(-p.CutoffHours / p.TauHours)
	for i := range m.base {
		m.base[i] = math.Exp(p.Base - p.Size*m.size[i])
	}
	for i, f := range m.S.Factions {
		m.strength[i] = math.Exp(p.Strength[f.ID])
	}
}

// skill scores parameters p on the captures dated from..to: free runs from
// the state of forcedUntil (before the start: from the start), the
// median fall day of each capture against its date, the Brier score of
// P(fallen by day d) for every observed place at risk, and the
// unmentioned places fallen by to in the median run.
func skill(s *Scenario, gr *Graph, tl *Timeline, p Params, distance bool, forcedUntil, from, to Date, o CalibrationOptions) Skill {
	m, _ := NewModel(s, gr, p, to)
	m.distanceOnly = distance
	caps := m.Captures(tl)
	days := m.Days()
	n := len(m.initial)
	fallDay := make([][]int32, n) // per place: histogram of first fall day index; days = never
	for i := range fallDay {
		fallDay[i] = make([]int32, days+1)
	}
	undoc, falseFalls := make([]int, 0, o.Runs), make([]int, 0, o.Runs)
	held := m.heldAt(tl, to)
	r := m.NewRunner()
	first := make([]int, n)
	for run := range o.Runs {
		for i := range first {
			first[i] = -1
		}
		r.Run(o.Seed, run, tl, forcedUntil, func(d *DayResult) {
			for i, c := range d.Ctrl {
				if first[i] < 0 && c != m.initial[i] {
					first[i] = d.Day
				}
			}
		})
		u, ff := 0, 0
		for i, f := range first {
			d := f
			if d < 0 {
				d = days
			} else if !m.Observed[i] && m.initial[i] >= 0 {
				u++
			}
			if f >= 0 && held[i] {
				ff++
			}
			fallDay[i][d]++
		}
		undoc, falseFalls = append(undoc, u), append(falseFalls, ff)
	}
	sort.Ints(undoc)
	sort.Ints(falseFalls)
	med := undoc[len(undoc)/2]
	sk := Skill{UndocumentedFalls: &med, FalseFalls: falseFalls[len(falseFalls)/2]}
	sk.Places, sk.BrierHeld = m.placeFalls(tl, held, to, func(i int) float64 {
		return float64(int32(o.Runs)-fallDay[i][days]) / float64(o.Runs)
	})
	median := func(i int) (Date, bool) {
		cum := int32(0)
		for d := range days {
			cum += fallDay[i][d]
			if int(cum)*2 >= o.Runs {
				return m.Start + Date(d), true
			}
		}
		return 0, false
	}
	var sum, sumPoint float64
	k := 0
	for _, c := range caps {
		if c.By < from || c.By > to {
			continue
		}
		md, ok := median(c.Place)
		ef := EventFit{Place: gr.Atlas.Places()[c.Place].ID, After: c.After, By: c.By, Interval: c.Interval()}
		if !ok {
			md = to + 1
		} else {
			v := md
			ef.Median = &v
		}
		lo := max(c.After+1, from)
		switch {
		case md < lo:
			ef.Error = int(lo - md)
		case md > c.By:
			ef.Error = int(md - c.By)
		}
		sum += float64(ef.Error)
		sumPoint += math.Abs(float64(md - c.By))
		sk.Events = append(sk.Events, ef)
		k++
	}
	if k > 0 {
		sk.MAEDays, sk.MAEDaysPoint = round4(sum/float64(k)), round4(sumPoint/float64(k))
	}
	// Brier of P(fallen by d) over observed places at risk on from−1.
	capOf := map[int]Capture{}
	for _, c := range caps {
		capOf[c.Place] = c
	}
	var bs, crps float64
	nb, np := 0, 0
	for i := range n {
		if !m.Scored[i] || m.initial[i] < 0 {
			continue
		}
		c, ok := capOf[i]
		if ok && c.By < from {
			continue // already fallen
		}
		np++
		cum := int32(0)
		for d := range days {
			cum += fallDay[i][d]
			date := m.Start + Date(d)
			if date < from {
				continue
			}
			pr := float64(cum) / float64(o.Runs)
			y := 0.0
			if ok && c.By <= date {
				y = 1
			}
			bs += (pr - y) * (pr - y)
			nb++
			if !ok || !c.undated(date) {
				crps += (pr - y) * (pr - y)
			}
		}
	}
	if nb > 0 {
		sk.BrierCumulative = round4(bs / float64(nb))
	}
	if np > 0 {
		sk.CRPS = round4(crps / float64(np))
	}
	return sk
}

// heldAt reports, per place, whether it is scored and the ledger shows
// its first holder still holding it at the end of day to.
func (m *Model) heldAt(tl *Timeline, to Date) []bool {
	held := make([]bool, len(m.initial))
	for i, p := range tl.Day(to).Places() {
		held[i] = m.Scored[i] && m.initial[i] >= 0 && m.faction(p.Controller) == m.initial[i]
	}
	return held
}

// placeFalls lists, for every scored place with a first holder,
// pFallen(i), with held (heldAt) as the documents'
// verdict, and returns the Brier score of the held places (mean P²).
func (m *Model) placeFalls(tl *Timeline, held []bool, to Date, pFallen func(i int) float64) ([]PlaceFall, float64) {
	var out []PlaceFall
	bs, nb := 0.0, 0
	for i, p := range m.G.Atlas.Places() {
		if !m.Scored[i] || m.initial[i] < 0 {
			continue
		}
		pf := round4(pFallen(i))
		out = append(out, PlaceFall{Place: p.ID, Size: int(m.size[i]), Held: held[i], PFallen: pf})
		if held[i] {
			bs += pf * pf
			nb++
		}
	}
	if nb > 0 {
		bs = round4(bs / float64(nb))
	}
	return out, bs
}

// oneDayBrier returns the one-day-ahead Brier score (see Skill.Brier) of
// the days from..to under parameters p (the distance-only baseline when
// distance is set; nothing falls, p = 0, when zero is set), and its
// number of terms. The probability of a fall on day t is 1 − exp(−Σ_a
// h(i,a)) with h computed from the documented state, momentum and losses
// at the end of day t−1, exactly as the likelihood sees them.
func oneDayBrier(s *Scenario, gr *Graph, tl *Timeline, p Params, distance, zero bool, from, to Date, o CalibrationOptions) (float64, int) {
	m, err := NewModel(s, gr, p, to)
	if err != nil {
		return math.NaN(), 0
	}
	m.distanceOnly = distance
	pt := m.newPath(tl, to)
	if !distance && !zero && o.LatentRuns > 0 {
		if err := pt.setLatent(tl, p, o.LatentRuns, o.Seed); err != nil {
			return math.NaN(), 0
		}
	}
	n := len(m.initial)
	h := make([]float64, n*m.nf)
	var bs float64
	nb := 0
	for di := range pt.days {
		date := m.days[di].date
		if date < from || date > to {
			continue
		}
		if !zero {
			pt.hazardsOn(di, h)
		}
		for i := range n {
			if !m.Scored[i] || m.initial[i] < 0 || pt.days[di].ctrl[i] != m.initial[i] {
				continue
			}
			pr := 0.0
			if !zero {
				H := 0.0
				for a := range m.nf {
					H += h[i*m.nf+a]
				}
				pr = -math.Expm1(-H)
			}
			y := 0.0
			if k := pt.capOf[i]; k >= 0 && pt.caps[k].By == date {
				y = 1
			}
			bs += (pr - y) * (pr - y)
			nb++
		}
	}
	if nb == 0 {
		return 0, 0
	}
	return round4(bs / float64(nb)), nb
}

// nothingFalls scores the baseline in which nothing ever falls.
func nothingFalls(m *Model, tl *Timeline, caps []Capture, from, to Date) Skill {
	sk := Skill{}
	zero := 0
	sk.UndocumentedFalls = &zero
	var sum, sumPoint float64
	k := 0
	capOf := map[int]Capture{}
	for _, c := range caps {
		capOf[c.Place] = c
		if c.By < from || c.By > to {
			continue
		}
		md := to + 1
		ef := EventFit{Place: m.G.Atlas.Places()[c.Place].ID, After: c.After, By: c.By, Interval: c.Interval(), Error: int(md - c.By)}
		sum += float64(ef.Error)
		sumPoint += float64(md - c.By)
		sk.Events = append(sk.Events, ef)
		k++
	}
	if k > 0 {
		sk.MAEDays, sk.MAEDaysPoint = round4(sum/float64(k)), round4(sumPoint/float64(k))
	}
	var bs float64
	nb, np := 0, 0
	for i := range m.initial {
		if !m.Scored[i] || m.initial[i] < 0 {
			continue
		}
		c, ok := capOf[i]
		if ok && c.By < from {
			continue
		}
		np++
		for d := from; d <= to; d++ {
			if ok && c.By <= d {
				bs++ // the CRPS's term too: P(fallen) is 0, and By is not undated
			}
			nb++
		}
	}
	if nb > 0 {
		sk.BrierCumulative = round4(bs / float64(nb))
	}
	if np > 0 {
		sk.CRPS = round4(bs / float64(np))
	}
	return sk
}

// CalibrationTable renders the fitted values and the skill scores as the
// Markdown tables of docs/model.md.
func CalibrationTable(cal *Calibration) string {
	var b []byte
	app := func(format string, args ...any) { b = fmt.Appendf(b, format, args...) }
	se := func(f Fitted) string {
		if f.SE == nil {
			return "n/a"
		}
		return fmt.Sprintf("%.3f", *f.SE)
	}
	app("| parameter | fitted | s.e. | hold-out fit (to %s) |\n| --- | ---: | ---: | ---: |\n", cal.Holdout.FitUntil)
	for k, f := range cal.Fitted {
		h := ""
		if k < len(cal.Holdout.Fitted) {
			h = fmt.Sprintf("%.3f", math.Round(cal.Holdout.Fitted[k].Value*1e3)/1e3+0) // +0: no "-0.000"
		}
		app("| %s | %.3f | %s | %s |\n", f.Name, f.Value, se(f), h)
	}
	app("\nLog-likelihood at the fit: %.2f. Distance-only baseline: ", cal.LogLik)
	for k, f := range cal.Baselines.DistanceFit {
		if k > 0 {
			app(", ")
		}
		app("%s %.3f (s.e. %s)", f.Name, f.Value, se(f))
	}
	app(".\n\n")
	und := func(s Skill) string {
		if s.UndocumentedFalls == nil {
			return "–"
		}
		return fmt.Sprint(*s.UndocumentedFalls)
	}
	app("| scores (%d runs, seed %d) | MAE, days | MAE, dates as points | unmentioned places fallen (median run) | Brier, one day ahead | Brier, cumulative (free runs) | false falls (median run) | Brier, places held |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n", cal.Runs, cal.Seed)
	row := func(name string, s Skill) {
		app("| %s | %.3f | %.3f | %s | %.4f | %.4f | %d | %.4f |\n", name, s.MAEDays, s.MAEDaysPoint, und(s), s.Brier, s.BrierCumulative, s.FalseFalls, s.BrierHeld)
	}
	app("| **in sample, %s to %s, %d captures** | | | | | | | |\n", cal.FitDays[0], cal.FitDays[1], cal.Captures)
	row("model", cal.Model)
	row("nothing falls", cal.Baselines.NothingFalls)
	row("distance only", cal.Baselines.DistanceOnly)
	app("| **hold-out, %s to %s, %d captures** | | | | | | | |\n", cal.Holdout.Scored[0], cal.Holdout.Scored[1], cal.Holdout.Captures)
	row("model", cal.Holdout.Model)
	row("nothing falls", cal.Holdout.NothingFalls)
	row("distance only", cal.Holdout.DistanceOnly)
	if len(cal.Designs) > 0 {
		app("\n| unmentioned places in the likelihood (hold-out) | MAE, days | Brier, one day ahead | unmentioned places fallen (median run) | chosen |\n| --- | ---: | ---: | ---: | :---: |\n")
		for _, d := range cal.Designs {
			mark := ""
			if d.Name == cal.Design {
				mark = "yes"
			}
			u := "–"
			if d.UndocumentedFalls != nil {
				u = fmt.Sprint(*d.UndocumentedFalls)
			}
			app("| `%s` | %.3f | %.4f | %s | %s |\n", d.Name, d.MAEDays, d.Brier, u, mark)
		}
	}
	heldTable(app, cal)
	return string(b)
}

// heldTable renders, for the scored places the documents show held on
// the last fitted day that are cities or fall in at least 5% of the
// model's or the distance-only baseline's free runs, P(fallen by then).
func heldTable(app func(string, ...any), cal *Calibration) {
	dist := map[string]float64{}
	for _, p := range cal.Baselines.DistanceOnly.Places {
		dist[p.Place] = p.PFallen
	}
	var rows []PlaceFall
	for _, p := range cal.Model.Places {
		if p.Held && (p.PFallen >= 0.05 || dist[p.Place] >= 0.05 || p.Size >= 2) {
			rows = append(rows, p)
		}
	}
	if len(rows) == 0 {
		return
	}
	sort.SliceStable(rows, func(x, y int) bool { return rows[x].PFallen > rows[y].PFallen })
	app("\n| held by the documents on %s | P(fallen by then), model | distance only |\n| --- | ---: | ---: |\n", cal.FitDays[1])
	for _, p := range rows {
		app("| %s | %.3f | %.3f |\n", p.Place, p.PFallen, dist[p.Place])
	}
}

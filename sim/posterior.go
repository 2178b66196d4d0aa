package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
)

// Covariance is the covariance matrix of a fit's Laplace approximation:
// the inverse of the Hessian of the penalised negative log-likelihood at
// the fit, on the scale fitted (log τ, not τ). Names are the coordinates
// in order: base, log_tau_hours, momentum, collapse, supply, size, then
// strength.<attacker> for every attacker but the reference.
type Covariance struct {
	Names  []string    `json:"names"`
	Matrix [][]float64 `json:"matrix"`
}

// DefaultCovariance returns the covariance of the fit that DefaultParams
// ships (sim/testdata/calibrate.json; covariance_table.go is generated
// from it by `make calibrate`).
func DefaultCovariance() Covariance {
	c := Covariance{Names: slices.Clone(defaultCovariance.Names)}
	for _, row := range defaultCovariance.Matrix {
		c.Matrix = append(c.Matrix, slices.Clone(row))
	}
	return c
}

// newCovariance rounds the inverse Hessian inv to six significant digits
// (what the JSON and the generated table carry) with the names of spec.
func newCovariance(spec fitSpec, inv *mat.SymDense) *Covariance {
	c := &Covariance{Names: slices.Clone(spec.names)}
	for i := range spec.names {
		row := make([]float64, len(spec.names))
		for j := range row {
			row[j] = roundSig(inv.At(i, j), 6)
		}
		c.Matrix = append(c.Matrix, row)
	}
	return c
}

func roundSig(v float64, digits int) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	e := math.Pow(10, float64(digits-1)-math.Floor(math.Log10(math.Abs(v))))
	return math.Round(v*e) / e
}

// ParamDraws are the two ways an ensemble takes its parameters: each run
// draws its own from the fit's posterior, or every run uses the point
// estimates.
const (
	DrawPosterior = "posterior"
	DrawFixed     = "fixed"
)

// paramStream is the place index of a run's parameter stream: no place
// has it, so the draw of a run's parameters is independent of its places'
// streams and the same whatever the scenario's places.
const paramStream = -1

// paramDraws is a model's posterior, compiled: the Laplace approximation
// centred on the model's parameters.
type paramDraws struct {
	spec   fitSpec
	mean   []float64 // the model's parameters on the fitted scale
	chol   mat.Cholesky
	pinned []bool // coordinates the scenario pins: not drawn
}

// SetParamDraws makes every run of m draw its fitted parameters from the
// multivariate normal with mean m.P (on the scale fitted) and covariance
// cov, from the run's own stream: its parameter stream (StreamSeed with
// place −1), not a place's. A coordinate that pinned reports (a
// scenario's `parameters:`, by its `param` name: tau_hours for
// log_tau_hours, strength.sna) is not drawn: it keeps m.P's value and the
// others keep their draw, so they follow their marginal distribution (a
// pin is an intervention on the model, not an observation to condition
// on), and two models with the same covariance give run k the same values
// of every coordinate neither pins (common random numbers, as for the
// places). Call it before making runs.
func (m *Model) SetParamDraws(cov Covariance, pinned func(param string) bool) error {
	if m.distanceOnly {
		return fmt.Errorf("sim: the distance-only baseline has no posterior")
	}
	spec, err := specOf(cov.Names)
	if err != nil {
		return err
	}
	k := len(cov.Names)
	sym := mat.NewSymDense(k, nil)
	for i, row := range cov.Matrix {
		if len(row) != k || len(cov.Matrix) != k {
			return fmt.Errorf("sim: the covariance matrix is not %d×%d", k, k)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) || v != cov.Matrix[j][i] {
				return fmt.Errorf("sim: the covariance matrix is not symmetric and finite at (%d, %d)", i, j)
			}
			sym.SetSym(i, j, v)
		}
	}
	d := &paramDraws{spec: spec, mean: spec.get(m.P), pinned: make([]bool, k)}
	if !d.chol.Factorize(sym) {
		return fmt.Errorf("sim: the covariance matrix is not positive definite")
	}
	for i, name := range cov.Names {
		d.pinned[i] = pinned != nil && pinned(strings.TrimPrefix(name, "log_"))
	}
	m.draws = d
	return nil
}

// specOf returns the fit's mapping of the coordinates names to Params:
// modelFit's, whose reference attacker has no coordinate.
func specOf(names []string) (fitSpec, error) {
	attackers := []string{""}
	for _, n := range names {
		if a, ok := strings.CutPrefix(n, "strength."); ok {
			attackers = append(attackers, a)
		}
	}
	spec := modelFit(attackers)
	if !slices.Equal(spec.names, names) {
		return fitSpec{}, fmt.Errorf("sim: covariance coordinates %s; want %s", strings.Join(names, ", "), strings.Join(spec.names, ", "))
	}
	return spec, nil
}

// DrawParams returns the parameters of run run of seed seed: m.P when m
// does not draw them.
func (m *Model) DrawParams(seed uint64, run int) Params {
	d := m.draws
	if d == nil {
		return m.P
	}
	s1, s2 := StreamSeed(seed, run, paramStream)
	x := distmv.NormalRand(nil, d.mean, &d.chol, rand.NewPCG(s1, s2))
	for i, pin := range d.pinned {
		if pin {
			x[i] = d.mean[i]
		}
	}
	p := m.P.Clone()
	d.spec.set(&p, x)
	return p
}

// drawParams points the runner at a model with run run's parameters: m
// itself when it does not draw them, else the runner's own copy of m,
// whose parameter-dependent parts are recomputed for the draw.
func (r *Runner) drawParams(seed uint64, run int) {
	if r.base == nil {
		r.base = r.m
	}
	m := r.base
	if m.draws == nil {
		r.m = m
		return
	}
	if r.own == nil {
		r.own = m.runCopy()
	}
	r.own.reparam(m.DrawParams(seed, run))
	r.m = r.own
}

// runCopy returns a copy of m for one runner's drawn runs: it shares what
// no fitted parameter changes (the days, the graph, travel times, which
// depend on cutoff_hours and floor_hours alone) and has
// its own copy of what they do (the factors, the start state's pressure).
func (m *Model) runCopy() *Model {
	c := *m
	c.draws = nil
	c.base, c.strength = slices.Clone(m.base), slices.Clone(m.strength)
	c.initOnce, c.initE = new(sync.Once), nil
	c.startOnce, c.startField = new(sync.Once), nil
	return &c
}

// reparam gives a run copy parameters p: the factors, and when τ or
// block_hours change (the road pressure's parameters) the start state's
// pressure.
func (m *Model) reparam(p Params) {
	tau, block := m.P.TauHours, m.P.BlockHours
	m.setParams(p)
	if p.TauHours == tau && p.BlockHours == block {
		return
	}
	m.initOnce, m.initE = new(sync.Once), nil
}

// Coverage is how often a forecast's 80% fan holds what happened: the
// share of the documented captures scored whose date lies inside the
// fan from the day by which a place has fallen in 10% of the runs to the
// day by which it has in 90% (past the last day scored when fewer than
// 90% of the runs have it fallen by then). A capture dated only by a
// report is inside when the fan meets its interval. A calibrated fan
// holds about 80%.
type Coverage struct {
	Captures  int     `json:"captures"`
	Runs      int     `json:"runs"`
	Fixed     float64 `json:"fixed"`     // every run with the point estimates
	Posterior float64 `json:"posterior"` // each run's parameters drawn from the fit's posterior
}

// coverage scores the fans of runs of parameters p (fixed, then drawn
// from cov) from the documented state of forcedUntil to to, on the
// captures dated after forcedUntil; nil when there is no covariance.
func coverage(s *Scenario, gr *Graph, tl *Timeline, p Params, cov *Covariance, forcedUntil, to Date, o CalibrationOptions) (*Coverage, error) {
	if cov == nil {
		return nil, nil
	}
	m, err := NewModel(s, gr, p, to)
	if err != nil {
		return nil, err
	}
	c := &Coverage{Runs: o.Runs}
	var caps []Capture
	for _, cp := range m.Captures(tl) {
		if cp.By > forcedUntil && cp.By <= to {
			caps = append(caps, cp)
		}
	}
	c.Captures = len(caps)
	if len(caps) == 0 {
		return c, nil
	}
	for _, share := range []*float64{&c.Fixed, &c.Posterior} {
		if share == &c.Posterior {
			if err := m.SetParamDraws(*cov, nil); err != nil {
				return nil, err
			}
		}
		t := m.Ensemble(EnsembleOptions{Seed: o.Seed, Last: o.Runs, Timeline: tl, ForcedUntil: forcedUntil})
		in := 0
		for _, cp := range caps {
			if inFan(t, cp, forcedUntil+1, to) {
				in++
			}
		}
		*share = round4(float64(in) / float64(len(caps)))
	}
	return c, nil
}

// inFan reports whether capture cp's days (from its lower end, at the
// earliest from) meet the p10–p90 fan of its place in tally t of the
// days up to to.
func inFan(t *Tally, cp Capture, from, to Date) bool {
	p10, p90 := t.FallQuantile(cp.Place, 10), t.FallQuantile(cp.Place, 90)
	if p10 < 0 {
		return false // the fan lies past the last day
	}
	hi := to + 1
	if p90 >= 0 {
		hi = t.Start + Date(p90)
	}
	return t.Start+Date(p10) <= cp.By && hi >= max(cp.After+1, from)
}

// CoverageTable renders the hold-out's coverage as the Markdown table of
// docs/model.md ("Parameter uncertainty").
func CoverageTable(cal *Calibration) string {
	c := cal.Holdout.Coverage
	if c == nil {
		return "The fit's Hessian is not positive definite: there is no posterior to draw from.\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| hold-out: fit to %s, forecast from its documented state, %d captures to %s, %d runs | inside the p10–p90 fan |\n| --- | ---: |\n",
		cal.Holdout.FitUntil, c.Captures, cal.Holdout.Scored[1], c.Runs)
	for _, r := range []struct {
		name  string
		share float64
	}{{"`--params fixed`: the point estimates in every run", c.Fixed}, {"`--params posterior`: each run's parameters drawn", c.Posterior}} {
		fmt.Fprintf(&b, "| %s | %.0f%% (%d of %d) |\n", r.name, 100*r.share, int(math.Round(r.share*float64(c.Captures))), c.Captures)
	}
	return b.String()
}

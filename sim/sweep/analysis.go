package sweep

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/frontline-sim/frontline/sim/ensemble"
)

// z90 is the standard normal quantile of a two-sided 90% interval.
const z90 = 1.6448536269514722

// Result is a sweep's whole output: its header, one row per point and
// outcome, and the sensitivity of each outcome to each factor.
type Result struct {
	Meta
	Rows        []Row   `json:"rows"`
	Sensitivity []Index `json:"sensitivity"`
}

// Columns are the points table's own columns, in order; the factors'
// columns go between point and outcome, so no factor may take one of
// these names.
var Columns = []string{"point", "outcome", "estimate", "lo", "hi", "runs"}

// Row is one outcome's estimate at one point: the tidy table.
type Row struct {
	Point    int       `json:"point"`
	Values   []float64 `json:"-"` // the factors' values, in Meta.Factors order
	Outcome  string    `json:"outcome"`
	Estimate float64   `json:"estimate"`
	Lo       float64   `json:"lo"` // the 90% interval
	Hi       float64   `json:"hi"`
	Runs     int64     `json:"runs"`
	// Factors repeats Values by factor id, dates as YYYY-MM-DD.
	Factors map[string]any `json:"factors"`
}

// The measures of sensitivity.
const (
	FirstOrder = "first_order" // Sobol's first-order index S_i (Saltelli et al. 2010)
	Total      = "total"       // the total index S_Ti (Jansen 1999)
	MainEffect = "main_effect" // the outcome at the factor's top levels less at its bottom ones
)

// Index is the sensitivity of one outcome to one factor, with its 90%
// interval.
type Index struct {
	Outcome  string  `json:"outcome"`
	Factor   string  `json:"factor"`
	Measure  string  `json:"measure"`
	Estimate float64 `json:"estimate"`
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
	// Note says why an index is not defined ("the outcome does not vary"),
	// in which case the numbers are 0.
	Note string `json:"note,omitempty"`
}

// Analyse turns the complete counts of sweep m into its Result.
func Analyse(m *Meta, c *Counts) *Result {
	r := &Result{Meta: *m}
	for p, x := range m.Points {
		for k, o := range m.Outcomes {
			est, lo, hi := estimate(o, c.Runs[p], c.Hits[p][k], c.Falls[p][k])
			fv := map[string]any{}
			for i, f := range m.Factors {
				if f.IsDate() {
					fv[f.ID] = f.Format(x[i])
				} else {
					fv[f.ID] = x[i]
				}
			}
			r.Rows = append(r.Rows, Row{Point: p, Values: x, Outcome: o.ID, Estimate: est, Lo: lo, Hi: hi, Runs: c.Runs[p], Factors: fv})
		}
	}
	for k, o := range m.Outcomes {
		y, se := make([]float64, len(m.Points)), make([]float64, len(m.Points))
		for p := range m.Points {
			row := r.Rows[p*len(m.Outcomes)+k]
			y[p], se[p] = row.Estimate, (row.Hi-row.Lo)/(2*z90)
		}
		if m.Design.Method == Sobol {
			r.Sensitivity = append(r.Sensitivity, sobolIndices(m, o.ID, y)...)
		} else {
			r.Sensitivity = append(r.Sensitivity, mainEffects(m, o.ID, y, se)...)
		}
	}
	return r
}

// estimate returns an outcome's estimate and 90% interval from its counts
// at one point: a share of runs with its Wilson interval, or a percentile
// of the fall day with its distribution-free interval.
func estimate(o Outcome, runs, hits int64, falls []int64) (est, lo, hi float64) {
	if runs == 0 {
		return 0, 0, 0
	}
	if o.Kind != FallDay {
		lo, hi := wilson(hits, runs)
		return ensemble.Round(float64(hits) / float64(runs)), ensemble.Round(lo), ensemble.Round(hi)
	}
	q := float64(o.Quantile) / 100
	n := float64(runs)
	spread := z90 * math.Sqrt(n*q*(1-q))
	rank := func(r float64) float64 { return float64(orderStat(falls, int64(min(n, max(1, r))))) }
	return rank(math.Ceil(n * q)), rank(math.Floor(n*q - spread)), rank(math.Ceil(n*q + spread))
}

// wilson returns the 90% Wilson score interval of hits successes in runs
// trials (Wilson 1927), which stays inside [0, 1] and is sound near 0
// and 1, where most of a sweep's probabilities lie.
func wilson(hits, runs int64) (lo, hi float64) {
	n, p, z2 := float64(runs), float64(hits)/float64(runs), z90*z90
	centre := (p + z2/(2*n)) / (1 + z2/n)
	half := z90 * math.Sqrt(p*(1-p)/n+z2/(4*n*n)) / (1 + z2/n)
	return max(0, centre-half), min(1, centre+half)
}

// orderStat returns the r-th smallest fall day (1-based) of the runs
// counted in falls, a histogram by day whose last slot is "never" (its
// index, the number of modelled days, stands for "after the last day").
func orderStat(falls []int64, r int64) int {
	var cum int64
	for d, v := range falls {
		cum += v
		if cum >= r {
			return d
		}
	}
	return len(falls) - 1
}

// bootstrapSalt separates the bootstrap's random stream from the design's.
const bootstrapSalt = 0xb007_57a9_0000_0002

func (m *Meta) bootstraps() int {
	if m.Design.Bootstrap > 0 {
		return m.Design.Bootstrap
	}
	return DefaultBootstrap
}

// sobolIndices estimates the first-order index of each factor with the
// estimator of Saltelli et al. (2010, table 2 (b)) and the total index
// with Jansen's (1999), from the outcome y at the points of Saltelli's
// scheme (see Design.Matrix), and their 90% intervals as the 5th and
// 95th percentiles of a bootstrap over the N base rows (Archer, Saltelli
// and Sobol 1997).
func sobolIndices(m *Meta, outcome string, y []float64) []Index {
	n := m.Design.Points
	a, b := y[:n], y[n:2*n]
	ab := func(i int) []float64 { return y[(2+i)*n : (3+i)*n] }
	indices := func(rows []int, i int) (s, st float64, ok bool) {
		var mean, v float64
		for _, j := range rows {
			mean += a[j] + b[j]
		}
		mean /= float64(2 * len(rows))
		for _, j := range rows {
			v += (a[j]-mean)*(a[j]-mean) + (b[j]-mean)*(b[j]-mean)
		}
		v /= float64(2*len(rows) - 1)
		if v == 0 {
			return 0, 0, false
		}
		abi := ab(i)
		for _, j := range rows {
			s += b[j] * (abi[j] - a[j])
			st += (a[j] - abi[j]) * (a[j] - abi[j])
		}
		return s / float64(len(rows)) / v, st / float64(2*len(rows)) / v, true
	}
	all := make([]int, n)
	for j := range all {
		all[j] = j
	}
	nb := m.bootstraps()
	rng := rand.New(source(m.Design.Seed, bootstrapSalt))
	boot := make([][]int, nb)
	for t := range boot {
		boot[t] = make([]int, n)
		for j := range boot[t] {
			boot[t][j] = rng.IntN(n)
		}
	}
	var out []Index
	for i, f := range m.Factors {
		s, st, ok := indices(all, i)
		if !ok {
			for _, ms := range []string{FirstOrder, Total} {
				out = append(out, Index{Outcome: outcome, Factor: f.ID, Measure: ms, Note: "the outcome does not vary across the points"})
			}
			continue
		}
		bs, bst := make([]float64, 0, nb), make([]float64, 0, nb)
		for _, rows := range boot {
			if s, st, ok := indices(rows, i); ok {
				bs, bst = append(bs, s), append(bst, st)
			}
		}
		out = append(out, interval(outcome, f.ID, FirstOrder, s, bs), interval(outcome, f.ID, Total, st, bst))
	}
	return out
}

// interval makes an Index from an estimate and its bootstrap replicates.
func interval(outcome, factor, measure string, est float64, reps []float64) Index {
	sort.Float64s(reps)
	ix := Index{Outcome: outcome, Factor: factor, Measure: measure, Estimate: round(est), Lo: round(est), Hi: round(est)}
	if len(reps) > 0 {
		ix.Lo, ix.Hi = round(percentile(reps, 0.05)), round(percentile(reps, 0.95))
	}
	return ix
}

func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// percentile returns the q-th quantile of sorted xs, interpolating
// between order statistics (type 7 of Hyndman and Fan 1996).
func percentile(xs []float64, q float64) float64 {
	h := q * float64(len(xs)-1)
	lo := math.Floor(h)
	if int(lo)+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[int(lo)] + (h-lo)*(xs[int(lo)+1]-xs[int(lo)])
}

// mainEffects estimates, for a grid or a Latin hypercube, each factor's
// main effect on the outcome y: the mean of y over the points in the top
// fifth of the factor's values (its top level, on a grid) less the mean
// over the bottom fifth (its bottom level). For a sweep of one factor it
// is the one-at-a-time effect of moving it across its range. The 90%
// interval is normal, from the spread of y within each group, or, for a
// group of one point, from that point's own interval (se).
func mainEffects(m *Meta, outcome string, y, se []float64) []Index {
	var out []Index
	for i, f := range m.Factors {
		low, high := extremeGroups(m, i)
		if len(low) == 0 || len(high) == 0 {
			out = append(out, Index{Outcome: outcome, Factor: f.ID, Measure: MainEffect, Note: "the factor takes one value"})
			continue
		}
		ml, vl := groupMean(low, y, se)
		mh, vh := groupMean(high, y, se)
		half := z90 * math.Sqrt(vl+vh)
		d := mh - ml
		out = append(out, Index{Outcome: outcome, Factor: f.ID, Measure: MainEffect, Estimate: round(d), Lo: round(d - half), Hi: round(d + half)})
	}
	return out
}

// extremeGroups returns the points at the factor's lowest and highest
// values: its bottom and top levels on a grid or when it takes at most
// five values,
// else the bottom and top fifths of the points by its value.
func extremeGroups(m *Meta, i int) (low, high []int) {
	var vals []float64
	for _, x := range m.Points {
		vals = append(vals, x[i])
	}
	distinct := slices.Compact(slices.Sorted(slices.Values(vals)))
	if len(distinct) < 2 {
		return nil, nil
	}
	if len(distinct) <= 5 || m.Design.Method == Grid {
		for p, v := range vals {
			switch v {
			case distinct[0]:
				low = append(low, p)
			case distinct[len(distinct)-1]:
				high = append(high, p)
			}
		}
		return low, high
	}
	order := make([]int, len(vals))
	for p := range order {
		order[p] = p
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case vals[a] < vals[b]:
			return -1
		case vals[a] > vals[b]:
			return 1
		}
		return a - b
	})
	g := max(1, len(order)/5)
	return order[:g], order[len(order)-g:]
}

// groupMean returns the mean of y over the points of group and the
// variance of that mean.
func groupMean(group []int, y, se []float64) (mean, v float64) {
	for _, p := range group {
		mean += y[p]
	}
	n := float64(len(group))
	mean /= n
	if len(group) == 1 {
		return mean, se[group[0]] * se[group[0]]
	}
	for _, p := range group {
		v += (y[p] - mean) * (y[p] - mean)
	}
	return mean, v / (n - 1) / n
}

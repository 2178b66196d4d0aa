package sweep

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"github.com/frontline-sim/frontline/sim"
)

// The designs.
const (
	Grid  = "grid"  // every combination of the factors' levels
	Latin = "latin" // a Latin hypercube of Points points
	Sobol = "sobol" // Saltelli's scheme: Points·(k+2) points for k factors
)

// Methods lists the designs.
var Methods = []string{Grid, Latin, Sobol}

// The distributions of a factor given as a range.
const (
	Uniform    = "uniform"     // uniform on [Min, Max]
	LogUniform = "log_uniform" // uniform in log on [Min, Max], Min > 0
	Days       = "days"        // a whole number (of days) from Min to Max, each equally likely
)

// Distributions lists the distributions.
var Distributions = []string{Uniform, LogUniform, Days}

// The fields of an intervention a factor may set.
const (
	FieldFactor = "factor" // a reinforcement or air-support factor
	FieldFrom   = "from"   // the intervention's first day
)

// Factor is one input a sweep varies: a model parameter (Parameter, with
// Faction for a per-faction one) or a field of one of the scenario's
// interventions, named by its id. It takes the listed Values, or a value
// of the range Min to Max drawn from Distribution. A date (Field "from")
// is a sim.Date, a count of days.
type Factor struct {
	ID           string    `json:"id"`
	Parameter    string    `json:"parameter,omitempty"`
	Faction      string    `json:"faction,omitempty"`
	Intervention string    `json:"intervention,omitempty"`
	Field        string    `json:"field,omitempty"`
	Values       []float64 `json:"values,omitempty"`
	Min          float64   `json:"min"`
	Max          float64   `json:"max"`
	Distribution string    `json:"distribution,omitempty"`
}

// IsDate reports whether the factor's values are dates.
func (f Factor) IsDate() bool { return f.Field == FieldFrom }

// Target names what the factor sets, for messages and charts:
// "air_support.regime", or "northern-hama-line.factor".
func (f Factor) Target() string {
	switch {
	case f.Intervention != "":
		return f.Intervention + "." + f.Field
	case f.Faction != "":
		return f.Parameter + "." + f.Faction
	}
	return f.Parameter
}

// Format writes a value of the factor: a date as YYYY-MM-DD, a number in
// the shortest form that reads back the same.
func (f Factor) Format(v float64) string {
	if f.IsDate() {
		return sim.Date(v).String()
	}
	return fmt.Sprint(v)
}

// quantile maps u in [0, 1) to the factor's value of that quantile.
func (f Factor) quantile(u float64) float64 {
	if n := len(f.Values); n > 0 {
		return f.Values[min(int(u*float64(n)), n-1)]
	}
	switch f.Distribution {
	case LogUniform:
		return math.Exp(math.Log(f.Min) + u*(math.Log(f.Max)-math.Log(f.Min)))
	case Days:
		return min(f.Max, f.Min+math.Floor(u*(f.Max-f.Min+1)))
	}
	return f.Min + u*(f.Max-f.Min)
}

// levels returns the factor's grid levels: its values, or n levels spread
// evenly over its range (in log for log_uniform; whole days, without
// repeats, for days).
func (f Factor) levels(n int) []float64 {
	if len(f.Values) > 0 {
		return f.Values
	}
	if n == 1 {
		return []float64{f.quantile(0.5)}
	}
	var out []float64
	for k := range n {
		u := float64(k) / float64(n-1)
		var v float64
		switch f.Distribution {
		case LogUniform:
			v = math.Exp(math.Log(f.Min) + u*(math.Log(f.Max)-math.Log(f.Min)))
		case Days:
			v = math.Round(f.Min + u*(f.Max-f.Min))
		default:
			v = f.Min + u*(f.Max-f.Min)
		}
		if len(out) == 0 || out[len(out)-1] != v {
			out = append(out, v)
		}
	}
	return out
}

// Design is how a sweep chooses its points, and how many runs each gets.
type Design struct {
	Method string `json:"method"`
	// Points is the number of points of a Latin hypercube, or the base
	// sample N of Saltelli's scheme. A grid has as many points as the
	// product of its factors' levels.
	Points int `json:"points,omitempty"`
	// Levels is the number of grid levels of a factor given as a range.
	Levels int    `json:"levels,omitempty"`
	Runs   int    `json:"runs"` // runs per point
	Seed   uint64 `json:"seed"` // the seed of every point's runs, and of the design
	// Bootstrap is the number of bootstrap resamples behind the
	// intervals of the Sobol indices (a sobol design only).
	Bootstrap int `json:"bootstrap,omitempty"`
}

// DefaultLevels is a grid's levels per range factor when none are given.
const DefaultLevels = 5

// DefaultBootstrap is the number of bootstrap resamples when none is given.
const DefaultBootstrap = 1000

// NumPoints returns the number of points of the design over factors fs.
// It saturates at math.MaxInt rather than overflow.
func (d Design) NumPoints(fs []Factor) int {
	switch d.Method {
	case Latin:
		return d.Points
	case Sobol:
		return satMul(d.Points, len(fs)+2)
	}
	n := 1
	for _, f := range fs {
		n = satMul(n, len(f.levels(d.levels())))
	}
	return n
}

func (d Design) levels() int {
	if d.Levels > 0 {
		return d.Levels
	}
	return DefaultLevels
}

func satMul(a, b int) int {
	if a != 0 && b > math.MaxInt/a {
		return math.MaxInt
	}
	return a * b
}

// designSalt separates the design's random stream from the runs' streams
// of the same seed.
const designSalt = 0x5eed_de51_9000_0001

// source returns the design's random source for seed.
func source(seed uint64, salt uint64) rand.Source {
	s1, s2 := sim.StreamSeed(seed^salt, -1, -1)
	return rand.NewPCG(s1, s2)
}

// Matrix returns the design's points over factors fs: one row per point,
// one column per factor. A grid varies the last factor fastest. Saltelli's
// scheme lists the N rows of A, the N rows of B, then for each factor i
// the N rows of A with column i taken from B; A and B are the two halves
// of a scrambled Halton sequence of 2k dimensions (Owen 2017), which is
// what gonum offers of low-discrepancy sequences.
func (d Design) Matrix(fs []Factor) [][]float64 {
	k := len(fs)
	switch d.Method {
	case Latin:
		u := mat.NewDense(d.Points, k, nil)
		src := source(d.Seed, designSalt)
		samplemv.LatinHypercube{Q: distmv.NewUnitUniform(k, src), Src: src}.Sample(u)
		return mapped(u, fs, 0)
	case Sobol:
		n := d.Points
		u := mat.NewDense(n, 2*k, nil)
		src := source(d.Seed, designSalt)
		samplemv.Halton{Kind: samplemv.Owen, Q: distmv.NewUnitUniform(2*k, src), Src: src}.Sample(u)
		a, b := mapped(u, fs, 0), mapped(u, fs, k)
		out := append(slices.Clone(a), b...)
		for i := range k {
			for j := range n {
				row := slices.Clone(a[j])
				row[i] = b[j][i]
				out = append(out, row)
			}
		}
		return out
	}
	levels := make([][]float64, k)
	for i, f := range fs {
		levels[i] = f.levels(d.levels())
	}
	out := [][]float64{{}}
	for i := range k {
		var next [][]float64
		for _, row := range out {
			for _, v := range levels[i] {
				next = append(next, append(slices.Clone(row), v))
			}
		}
		out = next
	}
	return out
}

// mapped maps columns off..off+len(fs)−1 of the unit-cube sample u to the
// factors' values.
func mapped(u *mat.Dense, fs []Factor, off int) [][]float64 {
	n, _ := u.Dims()
	out := make([][]float64, n)
	for j := range n {
		out[j] = make([]float64, len(fs))
		for i, f := range fs {
			out[j][i] = f.quantile(min(u.At(j, off+i), math.Nextafter(1, 0)))
		}
	}
	return out
}

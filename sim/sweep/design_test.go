package sweep

import (
	"math"
	"slices"
	"testing"
)

func TestGridMatrix(t *testing.T) {
	fs := []Factor{
		{ID: "a", Values: []float64{1, 2}},
		{ID: "b", Min: 0, Max: 1, Distribution: Uniform},
		{ID: "c", Min: 3, Max: 5, Distribution: Days},
	}
	d := Design{Method: Grid, Levels: 3}
	got := d.Matrix(fs)
	if n := d.NumPoints(fs); n != 18 || len(got) != 18 {
		t.Fatalf("%d points, NumPoints %d; want 2·3·3 = 18", len(got), n)
	}
	// The last factor varies fastest.
	want := [][]float64{{1, 0, 3}, {1, 0, 4}, {1, 0, 5}, {1, 0.5, 3}}
	for i, w := range want {
		if !slices.Equal(got[i], w) {
			t.Errorf("point %d = %v, want %v", i, got[i], w)
		}
	}
	if last := got[17]; !slices.Equal(last, []float64{2, 1, 5}) {
		t.Errorf("last point %v", last)
	}
}

func TestLevels(t *testing.T) {
	for _, tt := range []struct {
		f    Factor
		n    int
		want []float64
	}{
		{Factor{Min: 0, Max: 2, Distribution: Uniform}, 5, []float64{0, 0.5, 1, 1.5, 2}},
		{Factor{Min: 1, Max: 100, Distribution: LogUniform}, 3, []float64{1, 10, 100}},
		{Factor{Min: 0, Max: 2, Distribution: Days}, 5, []float64{0, 1, 2}}, // no repeats
		{Factor{Min: 0, Max: 2, Distribution: Uniform}, 1, []float64{1}},
		{Factor{Values: []float64{3, 1}}, 9, []float64{3, 1}},
	} {
		got := tt.f.levels(tt.n)
		if len(got) != len(tt.want) {
			t.Errorf("%+v: %v, want %v", tt.f, got, tt.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 1e-9 {
				t.Errorf("%+v: %v, want %v", tt.f, got, tt.want)
			}
		}
	}
}

// A Latin hypercube puts exactly one point in each of the n equal strata
// of every factor, and the same seed gives the same points.
func TestLatinStrata(t *testing.T) {
	fs := []Factor{{ID: "a", Min: 0, Max: 1, Distribution: Uniform}, {ID: "b", Min: -2, Max: 2, Distribution: Uniform}}
	d := Design{Method: Latin, Points: 64, Seed: 7}
	pts := d.Matrix(fs)
	for i, f := range fs {
		seen := make([]bool, 64)
		for _, x := range pts {
			k := int((x[i] - f.Min) / (f.Max - f.Min) * 64)
			if seen[k] {
				t.Fatalf("factor %s: stratum %d holds two points", f.ID, k)
			}
			seen[k] = true
		}
	}
	again := d.Matrix(fs)
	for i := range pts {
		if !slices.Equal(pts[i], again[i]) {
			t.Fatal("the same seed gives other points")
		}
	}
	d.Seed = 8
	if slices.Equal(d.Matrix(fs)[0], pts[0]) {
		t.Error("another seed gives the same first point")
	}
}

// Saltelli's scheme: N rows of A, N of B, then A with column i from B.
func TestSobolLayout(t *testing.T) {
	fs := []Factor{{ID: "a", Min: 0, Max: 1, Distribution: Uniform}, {ID: "b", Min: 0, Max: 1, Distribution: Uniform}, {ID: "c", Values: []float64{1, 2, 3}}}
	d := Design{Method: Sobol, Points: 16, Seed: 1}
	pts := d.Matrix(fs)
	if len(pts) != 16*5 || d.NumPoints(fs) != 80 {
		t.Fatalf("%d points, want N·(k+2) = 80", len(pts))
	}
	a, b := pts[:16], pts[16:32]
	for i := range fs {
		for j := range 16 {
			row := pts[(2+i)*16+j]
			for c := range fs {
				want := a[j][c]
				if c == i {
					want = b[j][c]
				}
				if row[c] != want {
					t.Fatalf("A_B^%d row %d = %v; want A's row with column %d from B", i, j, row, i)
				}
			}
		}
	}
	for _, x := range pts {
		if !slices.Contains([]float64{1, 2, 3}, x[2]) {
			t.Fatalf("a listed factor took %v", x[2])
		}
	}
}

// The estimators recover the indices of y = x1 + 2·x2 + 0·x3 with x
// uniform on the unit cube: V = 5/12, S1 = ST1 = 0.2, S2 = ST2 = 0.8,
// S3 = ST3 = 0; and of y = x1·x2 on [−1, 1]², where neither factor acts
// alone: S1 = S2 = 0, ST1 = ST2 = 1.
func TestSobolEstimators(t *testing.T) {
	unit := Factor{Min: 0, Max: 1, Distribution: Uniform}
	sym := Factor{Min: -1, Max: 1, Distribution: Uniform}
	for _, tt := range []struct {
		name   string
		fs     []Factor
		f      func(x []float64) float64
		s, st  []float64
		within float64
	}{
		{"additive", []Factor{unit, unit, unit}, func(x []float64) float64 { return x[0] + 2*x[1] }, []float64{0.2, 0.8, 0}, []float64{0.2, 0.8, 0}, 0.03},
		{"interaction", []Factor{sym, sym}, func(x []float64) float64 { return x[0] * x[1] }, []float64{0, 0}, []float64{1, 1}, 0.06},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.fs {
				tt.fs[i].ID = string(rune('a' + i))
			}
			m := &Meta{Factors: tt.fs, Design: Design{Method: Sobol, Points: 4096, Seed: 1, Bootstrap: 100}}
			m.Points = m.Design.Matrix(m.Factors)
			y := make([]float64, len(m.Points))
			for p, x := range m.Points {
				y[p] = tt.f(x)
			}
			ix := sobolIndices(m, "y", y)
			for i := range tt.fs {
				s, st := ix[2*i], ix[2*i+1]
				if math.Abs(s.Estimate-tt.s[i]) > tt.within || math.Abs(st.Estimate-tt.st[i]) > tt.within {
					t.Errorf("factor %d: S = %v, ST = %v; want %v, %v", i, s.Estimate, st.Estimate, tt.s[i], tt.st[i])
				}
				if !(s.Lo <= s.Estimate && s.Estimate <= s.Hi) || !(st.Lo <= st.Estimate && st.Estimate <= st.Hi) {
					t.Errorf("factor %d: the intervals %v–%v, %v–%v do not hold their estimates", i, s.Lo, s.Hi, st.Lo, st.Hi)
				}
			}
		})
	}
}

func TestWilson(t *testing.T) {
	for _, tt := range []struct {
		hits, runs int64
		lo, hi     float64
	}{
		{0, 100, 0, 0.0264},
		{100, 100, 0.9736, 1},
		{50, 100, 0.4190, 0.5810},
	} {
		lo, hi := wilson(tt.hits, tt.runs)
		if math.Abs(lo-tt.lo) > 1e-3 || math.Abs(hi-tt.hi) > 1e-3 {
			t.Errorf("%d/%d: %v–%v, want %v–%v", tt.hits, tt.runs, lo, hi, tt.lo, tt.hi)
		}
	}
}

// A fall day's percentile and its interval come from the order
// statistics of the runs' fall days; "never" is the last slot.
func TestFallDayEstimate(t *testing.T) {
	falls := make([]int64, 11) // 10 days, then never
	falls[3], falls[4], falls[10] = 45, 35, 20
	o := Outcome{Kind: FallDay, Quantile: 50}
	est, lo, hi := estimate(o, 100, 0, falls)
	if est != 4 || lo != 3 || hi != 4 {
		t.Errorf("median %v (%v–%v), want 4 (3–4)", est, lo, hi)
	}
	o.Quantile = 90
	if est, _, hi := estimate(o, 100, 0, falls); est != 10 || hi != 10 {
		t.Errorf("90th percentile %v (to %v), want 10: after the last day", est, hi)
	}
}

func TestMainEffect(t *testing.T) {
	m := &Meta{Factors: []Factor{{ID: "a", Values: []float64{0, 1, 2}}}, Design: Design{Method: Grid}}
	m.Points = m.Design.Matrix(m.Factors)
	ix := mainEffects(m, "y", []float64{0.1, 0.2, 0.5}, []float64{0.01, 0.01, 0.01})
	if len(ix) != 1 || math.Abs(ix[0].Estimate-0.4) > 1e-9 || ix[0].Measure != MainEffect {
		t.Fatalf("%+v, want a main effect of 0.4", ix)
	}
	if half := (ix[0].Hi - ix[0].Lo) / 2; math.Abs(half-z90*math.Sqrt(2)*0.01) > 1e-4 {
		t.Errorf("half-width %v, want 1.645·√2·0.01", half)
	}
}

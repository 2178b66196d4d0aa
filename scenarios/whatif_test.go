package scenarios_test

import (
	"fmt"
	"github.com/frontline-sim/frontline/internal/race"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// whatIfs are the four what-if files, the outcome each question implies
// and its direction: the paired difference (what-if minus history, on
// common random numbers) must have that sign, with its 95% interval clear
// of zero.
var whatIfs = []struct {
	file  string
	place string
	by    string
	sign  float64
	// heldBy, if set, measures P(place held by this faction) instead of
	// P(place fallen).
	heldBy string
}{
	{"saraqib-holds", "saraqib", "2024-11-30", -1, ""},
	{"no-russian-air-support", "hama", "2024-12-04", +1, ""},
	{"no-dawn-of-liberation", "", "2024-12-12", -1, "sna"},
	{"no-dawn-of-liberation", "tel-rifaat", "2024-12-12", -1, ""},
	{"hama-line-early", "rahbat-khattab", "2024-12-04", -1, ""},
}

const whatIfRuns = 2000

// TestWhatIfs runs each what-if against the built-in scenario and checks
// that it moves its outcome the way its question implies. The figures go
// to scenarios/whatif/testdata/results.md (-update), which docs/model.md
// quotes verbatim.
func TestWhatIfs(t *testing.T) {
	if race.Enabled {
		t.Skip("10,000 paired model runs; make test runs this without -race")
	}
	a := geo.MustDefault()
	gr := sim.NewGraph(a)
	until := sim.MustDate("2024-12-12")
	base, err := scenarios.Default(a)
	if err != nil {
		t.Fatal(err)
	}
	baseTL, _ := sim.Replay(base, gr, nil)
	bm, err := sim.NewModel(base, gr, base.Params, until)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| what-if | outcome | history (model) → what-if | paired difference, 95%% interval |\n| --- | --- | ---: | ---: |\n")
	for _, w := range whatIfs {
		path := filepath.Join("whatif", w.file+".yaml")
		s, err := scenarios.Load(path, a)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		data, _ := os.ReadFile(path)
		if !strings.HasPrefix(string(data), "# What if") {
			t.Errorf("%s does not open with its question", path)
		}
		tl, _ := sim.Replay(s, gr, nil)
		m, err := sim.NewModel(s, gr, s.Params, until)
		if err != nil {
			t.Fatal(err)
		}
		// Both hand over from the ledger on the what-if's own day.
		fu, _, _ := ensemble.HandOver(s, ensemble.Options{})
		by := sim.MustDate(w.by)
		pp, _, err := sim.Paired(bm, m, baseTL, tl, fu, fu, 1, whatIfRuns, by)
		if err != nil {
			t.Fatal(err)
		}
		var p sim.PairedPlace
		var outcome string
		unit := "%"
		if w.heldBy != "" {
			p = gains(t, bm, m, baseTL, tl, fu, w.heldBy, by)
			outcome = fmt.Sprintf("places the %s has taken by %s (mean)", strings.ToUpper(w.heldBy), w.by[5:])
			unit = ""
		} else {
			i, _ := a.Index(w.place)
			p = pp[i]
			outcome = fmt.Sprintf("%s falls by %s", a.Places()[i].Name, w.by[5:])
		}
		if w.sign != 0 && (p.Diff*w.sign <= 0 || math.Abs(p.Diff) <= p.HalfWidth) {
			t.Errorf("%s: %s: %.3f → %.3f (%+.3f ± %.3f); want a change of sign %+.0f clear of zero",
				w.file, outcome, p.PA, p.PB, p.Diff, p.HalfWidth, w.sign)
		}
		mode := "free runs from the start"
		if fu >= s.Start {
			mode = fmt.Sprintf("ledger imposed to %s", fu)
		}
		if unit == "" {
			fmt.Fprintf(&b, "| `%s` (%s) | %s | %.2f → %.2f | %+.2f ± %.2f places |\n", w.file, mode, outcome,
				p.PA, p.PB, p.Diff, math.Max(0.01, p.HalfWidth))
		} else {
			fmt.Fprintf(&b, "| `%s` (%s) | %s | %.0f%% → %.0f%% | %+.0f ± %.0f points |\n", w.file, mode, outcome,
				100*p.PA, 100*p.PB, 100*p.Diff, math.Max(1, math.Round(100*p.HalfWidth)))
		}
	}
	fmt.Fprintf(&b, "\n%d paired runs each, seed 1.\n", whatIfRuns)
	golden := filepath.Join("whatif", "testdata", "results.md")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./scenarios -run TestWhatIfs -update)", err)
	}
	if b.String() != string(want) {
		t.Errorf("what-if results changed; run go test ./scenarios -run TestWhatIfs -update and update docs/model.md:\n%s", b.String())
	}
	doc, err := os.ReadFile(filepath.Join("..", "docs", "model.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), string(want)) {
		t.Errorf("docs/model.md does not quote %s verbatim", golden)
	}
}

// gains is the paired difference in the number of places faction f holds
// on day by that it did not hold at the start, B minus A, runs paired by
// seed.
func gains(t *testing.T, a, b *sim.Model, tla, tlb *sim.Timeline, fu sim.Date, f string, by sim.Date) sim.PairedPlace {
	t.Helper()
	fi := -1
	for k, fa := range a.S.Factions {
		if fa.ID == f {
			fi = k
		}
	}
	d := int(by - a.Start)
	var xa, xb []float64
	for _, side := range []struct {
		m  *sim.Model
		tl *sim.Timeline
		x  *[]float64
	}{{a, tla, &xa}, {b, tlb, &xb}} {
		r := side.m.NewRunner()
		for run := range whatIfRuns {
			v := 0.0
			r.Run(1, run, side.tl, fu, func(dr *sim.DayResult) {
				if dr.Day != d {
					return
				}
				for i, c := range dr.Ctrl {
					if int(c) == fi && a.S.Initial[i] != f {
						v++
					}
				}
			})
			*side.x = append(*side.x, v)
		}
	}
	var sum, sq, pa, pb float64
	for k := range xa {
		diff := xb[k] - xa[k]
		sum += diff
		sq += diff * diff
		pa += xa[k]
		pb += xb[k]
	}
	n := float64(whatIfRuns)
	mean := sum / n
	v := (sq - n*mean*mean) / (n - 1)
	return sim.PairedPlace{Place: -1, PA: pa / n, PB: pb / n, Diff: mean, HalfWidth: 1.96 * math.Sqrt(math.Max(0, v)/n)}
}

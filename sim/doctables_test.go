package sim_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/sim"
)

// docTables are the tables of docs/model.md that come from the
// calibration beyond CalibrationTable's, each between the markers
// <!-- begin NAME --> and <!-- end NAME -->.
var docTables = []struct {
	name  string
	table func(*sim.Calibration) string
}{
	{"coverage", sim.CoverageTable},
	{"backtest", sim.BacktestTable},
}

// TestCalibrationDocTables keeps those tables equal to what
// testdata/calibrate.json gives (with -recalibrate, after
// TestCalibrationGolden has refitted, it rewrites them), and checks the
// sentences around them.
func TestCalibrationDocTables(t *testing.T) {
	cal := readCalibration(t)
	docPath := filepath.Join("..", "docs", "model.md")
	raw, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	for _, dt := range docTables {
		begin, end := "<!-- begin "+dt.name+" -->\n", "<!-- end "+dt.name+" -->"
		i, j := strings.Index(doc, begin), strings.Index(doc, end)
		if i < 0 || j < i {
			t.Fatalf("docs/model.md lacks the markers %q and %q", begin, end)
		}
		want := dt.table(&cal)
		if got := doc[i+len(begin) : j]; got != want {
			if *recalibrate {
				doc = doc[:i+len(begin)] + want + doc[j:]
				continue
			}
			t.Errorf("docs/model.md's %s table differs from %s (make calibrate rewrites it); want:\n%s", dt.name, calibrationGolden, want)
		}
	}
	if *recalibrate && doc != string(raw) {
		if err := os.WriteFile(docPath, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := cal.Holdout.Coverage
	if c == nil {
		t.Fatal("no coverage in the calibration")
	}
	bt := cal.Backtest
	if len(bt) != 6 || bt[0].FitUntil != sim.MustDate("2024-11-28") || bt[5].FitUntil != sim.MustDate("2024-12-03") {
		t.Fatalf("backtest origins %v; want 2024-11-28 to 2024-12-03", bt)
	}
	sameMAE := func(o sim.BacktestOrigin) bool {
		return o.Model.MAEDays == 1 && o.NothingFalls.MAEDays == 1 && o.DistanceOnly.MAEDays == 1
	}
	for _, s := range []struct {
		ok   bool
		text string
	}{
		{c.Fixed < 0.7, "With the point estimates the fan holds less than a calibrated fan\nholds"},
		{c.Posterior > c.Fixed, "the posterior draws widen it"},
		{c.Posterior >= 0.8, "to at least the 80% a calibrated fan holds"},
		{bt[0].Captures == cal.Captures, "the fit to 11-28 has no capture dated by then"},
		{bt[0].Model.MAEDays == bt[0].NothingFalls.MAEDays, "it scores the MAE of nothing falls"},
		{sameMAE(bt[4]) && sameMAE(bt[5]), "at 12-02 and 12-03 all three score an MAE of 1.00"},
		{widens(bt), "the posterior draws widen the fan at every origin"},
		{bt[0].Coverage.Posterior < 0.6 && bt[1].Coverage.Posterior < 0.6 && bt[1].Captures >= cal.Captures-1, "at the two earliest origins, whose fits have seen one capture or none, it still holds about half"},
	} {
		if !s.ok {
			t.Errorf("docs/model.md says %q, which the calibration no longer shows: update the text", s.text)
		}
	}
}

// widens reports whether every origin's posterior fan holds more of the
// captures than its fixed one.
func widens(bt []sim.BacktestOrigin) bool {
	for _, o := range bt {
		if o.Coverage == nil || o.Coverage.Posterior <= o.Coverage.Fixed {
			return false
		}
	}
	return true
}

// readCalibration reads testdata/calibrate.json.
func readCalibration(t *testing.T) sim.Calibration {
	t.Helper()
	data, err := os.ReadFile(calibrationGolden)
	if err != nil {
		t.Fatal(err)
	}
	var cal sim.Calibration
	if err := json.Unmarshal(data, &cal); err != nil {
		t.Fatal(err)
	}
	return cal
}

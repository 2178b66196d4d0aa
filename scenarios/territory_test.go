package scenarios_test

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Published shares of Syria's area before the offensive: Jusoor for
// Studies, "Map of military influence in Syria 02-03-2020" (regime 63.83%,
// opposition 10.98%, SDF 25.64%), the last change of the lines before
// 2024-11-27 (docs/model.md).
var jusoor = map[string]float64{"regime": 63.83, "opposition": 10.98, "sdf": 25.64}

// shares groups a day's areas as the published estimates do: HTS, SNA and
// the Coalition's al-Tanf zone together as the opposition.
func shares(d *sim.Day) map[string]float64 {
	total := 0.0
	for _, v := range d.Metrics.AreaKm2 {
		total += v
	}
	out := map[string]float64{}
	for f, v := range d.Metrics.AreaKm2 {
		g := f
		switch f {
		case "hts", "sna", "coalition":
			g = "opposition"
		}
		out[g] += 100 * v / total
	}
	return out
}

func TestSharesMatchPublishedEstimates(t *testing.T) {
	tl := replayBuiltin(t)
	got := shares(tl.Day(sim.MustDate("2024-11-26")))
	for side, want := range jusoor {
		if d := math.Abs(got[side] - want); d > 3 {
			t.Errorf("%s holds %.2f%% of Syria on 2024-11-26; Jusoor gives %.2f%% (off by %.2f points, allowed 3)", side, got[side], want, d)
		}
	}
}

// TestTerritoryEveryDay checks the partition's rules on every day.
func TestTerritoryEveryDay(t *testing.T) {
	tl := replayBuiltin(t)
	a := tl.Graph.Atlas
	m := tl.Territory.Map
	places := a.Places()
	palmyra, _ := a.Index("palmyra")
	south := m.PlaceBank(palmyra) // the Shamiya: west and south of the Euphrates
	raqqa, _ := a.Index("raqqa")
	if south < 0 || south == m.PlaceBank(raqqa) {
		t.Fatalf("the Euphrates does not split Syria: Palmyra on bank %d, Raqqa on %d", south, m.PlaceBank(raqqa))
	}
	for _, d := range tl.Days {
		p := d.Territory
		// Territory on a bank other than its place's came over a
		// crossing whose far bridgehead that side holds.
		for _, c := range p.FarBank() {
			if c.Crossing < 0 {
				t.Errorf("%s: %s land of %s at %v crossed a river away from any crossing", d.Date, c.Faction, places[c.Place].ID, c.Cell)
				continue
			}
			if !p.MayLand(c.Crossing, c.Bank, c.Faction) {
				t.Errorf("%s: %s land of %s at %v crossed at %s without holding its far bank", d.Date, c.Faction, places[c.Place].ID, c.Cell, m.Crossings()[c.Crossing].ID)
			}
		}
		// No SDF land on the Iraqi border south of the Euphrates.
		if n := p.BorderOwners(true, south)["sdf"]; n > 0 {
			t.Errorf("%s: %d SDF cells touch the Iraqi border south of the Euphrates", d.Date, n)
		}
		// Bases own no territory.
		km := p.PlaceKm2()
		for i, pl := range places {
			if pl.Kind == geo.Base && km[i] > 0 {
				t.Errorf("%s: base %s owns %.0f km²", d.Date, pl.ID, km[i])
			}
		}
		// The incremental update gives what a fresh spread gives.
		fresh := m.Partition(ctrlOf(&d), tl.Scenario.Zones)
		if n := p.Diff(fresh); n != 0 {
			t.Errorf("%s: the day-to-day update differs from a fresh partition in %d cells", d.Date, n)
		}
	}
}

func ctrlOf(d *sim.Day) []string {
	out := make([]string, d.NumPlaces())
	for i, p := range d.Places() {
		out[i] = p.Controller
	}
	return out
}

// TestKnownOwners pins places every public map of 2024-11-26 agrees on.
func TestKnownOwners(t *testing.T) {
	tl := replayBuiltin(t)
	p := tl.Day(sim.MustDate("2024-11-26")).Territory
	for _, c := range []struct {
		lon, lat float64
		want     string
		what     string
	}{
		{38.9, 34.0, "regime", "the desert between Palmyra and al-Tanf's zone"},
		{40.5, 35.6, "sdf", "the Jazira between the Euphrates and the Khabur"},
		{40.2, 34.8, "regime", "the desert west of the Euphrates near Mayadin"},
		{38.61778, 33.50583, "coalition", "al-Tanf's zone"},
		{39.0, 36.65, "sna", "the Peace Spring strip at Tal Abyad"},
	} {
		if got := p.Owner([2]float64{c.lon, c.lat}); got != c.want {
			t.Errorf("%s at (%v, %v) belongs to %q, want %q", c.what, c.lat, c.lon, got, c.want)
		}
	}
}

// TestModelDocShares checks the comparison table of docs/model.md against
// the computed shares, so the published figures cannot go stale.
func TestModelDocShares(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "model.md"))
	if err != nil {
		t.Fatal(err)
	}
	got := shares(replayBuiltin(t).Day(sim.MustDate("2024-11-26")))
	rows := map[string]string{"regime": "| regime |", "sdf": "| SDF |", "opposition": "| opposition (HTS, SNA, al-Tanf zone) |"}
	for side, prefix := range rows {
		found := false
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(line, prefix) {
				continue
			}
			found = true
			cells := strings.Split(line, "|")
			if len(cells) < 5 {
				t.Fatalf("docs/model.md row %q: want 4 columns", line)
			}
			pub, err1 := strconv.ParseFloat(strings.TrimSpace(cells[2]), 64)
			ours, err2 := strconv.ParseFloat(strings.TrimSpace(cells[3]), 64)
			diff, err3 := strconv.ParseFloat(strings.TrimSpace(cells[4]), 64)
			if err1 != nil || err2 != nil || err3 != nil {
				t.Fatalf("docs/model.md row %q: numbers expected", line)
			}
			if pub != jusoor[side] {
				t.Errorf("docs/model.md gives Jusoor's %s as %.2f; the test uses %.2f", side, pub, jusoor[side])
			}
			if want := math.Round(got[side]*100) / 100; ours != want {
				t.Errorf("docs/model.md gives the %s share as %.2f; the code computes %.2f", side, ours, want)
			}
			if want := math.Round((ours-pub)*100) / 100; math.Abs(diff-want) > 0.005 {
				t.Errorf("docs/model.md gives the %s difference as %.2f; want %.2f", side, diff, want)
			}
		}
		if !found {
			t.Errorf("docs/model.md has no row starting %q", prefix)
		}
	}
}

// TestDayPolygonsMatchRaster: on every day, the drawn polygons (filled
// even-odd over all of a faction's rings, as the renderers do) agree with
// the partition at sample points.
func TestDayPolygonsMatchRaster(t *testing.T) {
	tl := replayBuiltin(t)
	r := rand.New(rand.NewPCG(21, 22))
	for _, d := range tl.Days {
		bad, n := 0, 0
		for n < 1500 {
			pt := orb.Point{35.7 + r.Float64()*6.7, 32.3 + r.Float64()*5.1}
			own := d.Territory.Owner(pt)
			if own == "" {
				continue
			}
			n++
			in := 0
			for f, mp := range d.Geometry.Polygons {
				odd := false
				for _, poly := range mp {
					for _, ring := range poly {
						if planar.RingContains(ring, pt) {
							odd = !odd
						}
					}
				}
				if odd {
					in++
					if f != own {
						bad++
					}
				}
			}
			if in == 0 {
				bad++
			}
		}
		// About 0.7% of points lie within a cell of a border, where the
		// smoothed line and the raster may disagree.
		if bad > n/100 {
			t.Errorf("%s: %d of %d sample points drawn in the wrong faction's colour", d.Date, bad, n)
		}
	}
}

// A day on which no place changes hands shares the day before's territory
// and geometry (so that quiet days cost nothing, however many places there
// are), and that territory is still what a fresh partition gives.
func TestQuietDaysShareTerritory(t *testing.T) {
	a := geo.MustDefault()
	src := "extends: offensive-2024\nid: quiet\nend: 2024-12-10\n" +
		"events:\n  - {id: late, date: 2024-12-08, target: saraqib, kind: captured, faction: regime, certainty: hypothetical}\n"
	s, err := scenarios.LoadBytes("quiet.yaml", []byte(src), nil, a)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := sim.NewTimeline(s, true)
	if err != nil {
		t.Fatal(err)
	}
	for i := range tl.Days {
		d := &tl.Days[i]
		if n := d.Territory.Diff(tl.Territory.Map.Partition(ctrlOf(d), s.Zones)); n != 0 {
			t.Errorf("%s: the territory differs from a fresh partition in %d cells", d.Date, n)
		}
		if d.Date <= sim.MustDate("2024-12-04") || i == 0 {
			continue
		}
		moved := d.Date == sim.MustDate("2024-12-08")
		if got := d.Territory.Changed > 0; got != moved {
			t.Errorf("%s: Changed = %d; want cells changed only on 12-08", d.Date, d.Territory.Changed)
		}
		same := reflect.ValueOf(d.Geometry.Polygons).UnsafePointer() == reflect.ValueOf(tl.Days[i-1].Geometry.Polygons).UnsafePointer()
		if same == moved {
			t.Errorf("%s: geometry shared with the day before = %v", d.Date, same)
		}
	}
}

package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb/geojson"
)

// Simulation is what the exports read of `frontline simulate --format
// json` (docs/simulate-json.md): the probabilities of control per place
// and day, and the fall-date distribution per place. Fields the exports do
// not use are not read.
type Simulation struct {
	Scenario       string     `json:"scenario"`
	Title          string     `json:"title"`
	Version        int        `json:"version"`
	Runs           int        `json:"runs"`
	Mode           string     `json:"mode"`
	Start          sim.Date   `json:"start"`
	LastDocumented sim.Date   `json:"last_documented"`
	Until          sim.Date   `json:"until"`
	Factions       []string   `json:"factions"`
	Places         []SimPlace `json:"places"`
	Days           []SimDay   `json:"days"`
}

// SimPlace is a place's result: its chance of falling by the end and when.
type SimPlace struct {
	ID              string    `json:"id"`
	Name            string    `json:"name"`
	Initial         string    `json:"initial"`
	Documented      *sim.Date `json:"documented_fall"`
	FallProbability float64   `json:"fall_probability"`
	FallDate        *struct {
		P10    *sim.Date `json:"p10"`
		Median *sim.Date `json:"median"`
		P90    *sim.Date `json:"p90"`
	} `json:"fall_date"`
}

// SimDay is one day's probabilities: Control[place][faction], with
// "none" for nobody.
type SimDay struct {
	Date      sim.Date                      `json:"date"`
	Projected bool                          `json:"projected"`
	Control   map[string]map[string]float64 `json:"control"`
}

// SimulationVersion is the version of the simulate JSON contract read here.
const SimulationVersion = 1

// MaxSimulationBytes bounds what ReadSimulation reads.
const MaxSimulationBytes = 64 << 20

// IsSimulation reports whether data looks like simulate's JSON rather than
// a scenario: a JSON object with "runs" and "days".
func IsSimulation(data []byte) bool {
	var probe struct {
		Runs *int            `json:"runs"`
		Days json.RawMessage `json:"days"`
	}
	return json.Unmarshal(data, &probe) == nil && probe.Runs != nil && len(probe.Days) > 0
}

// ReadSimulation reads and checks simulate's JSON against the atlas of tl:
// every place must be one of its places, every day in order, every
// probability in [0, 1].
func ReadSimulation(r io.Reader, name string, tl *sim.Timeline) (*Simulation, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSimulationBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(data) > MaxSimulationBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB", name, MaxSimulationBytes>>20)
	}
	var s Simulation
	if err := json.Unmarshal(data, &s); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%s: not JSON at byte %d: %v", name, se.Offset, err)
		}
		return nil, fmt.Errorf("%s: %v; want the output of frontline simulate --format json", name, err)
	}
	if s.Version > SimulationVersion {
		return nil, fmt.Errorf("%s: simulate JSON version %d is newer than this frontline reads (%d); update frontline", name, s.Version, SimulationVersion)
	}
	if len(s.Days) == 0 || len(s.Places) == 0 {
		return nil, fmt.Errorf("%s: no days or no places; want the output of frontline simulate --format json", name)
	}
	a := tl.Graph.Atlas
	for _, p := range s.Places {
		if _, ok := a.Index(p.ID); !ok {
			return nil, fmt.Errorf("%s: place %q is not on the map", name, p.ID)
		}
	}
	for k, d := range s.Days {
		if k > 0 && d.Date <= s.Days[k-1].Date {
			return nil, fmt.Errorf("%s: day %s is not after %s", name, d.Date, s.Days[k-1].Date)
		}
		for id, ps := range d.Control {
			if _, ok := a.Index(id); !ok {
				return nil, fmt.Errorf("%s: %s: place %q is not on the map", name, d.Date, id)
			}
			for f, p := range ps {
				if !(p >= 0 && p <= 1) {
					return nil, fmt.Errorf("%s: %s: P(%s holds %s) = %v is not a probability", name, d.Date, f, id, p)
				}
			}
		}
	}
	return &s, nil
}

// SimGeoJSON returns the simulation as GIS layers: for each faction and
// each band of likelihood but the lowest, the dissolved territory of the
// cells whose probability of being held by the faction falls in the band
// ("probability" layer), and each place with its probabilities ("place"
// layer), both over intervals of days with unchanged values, and marked
// projected past the last documented day.
func SimGeoJSON(tl *sim.Timeline, s *Simulation) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	a := tl.Graph.Atlas
	name := func(id string) string {
		if f, ok := tl.Scenario.Faction(id); ok {
			return f.Name
		}
		return id
	}
	colour := func(id string) string {
		if f, ok := tl.Scenario.Faction(id); ok {
			return f.Colour
		}
		return ""
	}
	p := func(d int, place, faction string) float64 { return s.Days[d].Control[place][faction] }
	props := func(from, to int, pr geojson.Properties) geojson.Properties {
		pr["start_date"] = s.Days[from].Date.String()
		pr["end_date"] = (s.Days[to].Date + 1).String()
		pr["days"] = to - from + 1
		pr["projected"] = s.Days[from].Projected
		return pr
	}
	// Runs of days that agree on key and on being projected.
	spans := func(key func(d int) string) [][2]int {
		var out [][2]int
		for d := range s.Days {
			if n := len(out); n > 0 && key(out[n-1][1]) == key(d) && s.Days[d].Projected == s.Days[out[n-1][1]].Projected {
				out[n-1][1] = d
				continue
			}
			out = append(out, [2]int{d, d})
		}
		return out
	}
	for _, f := range s.Factions {
		for bi, band := range likelihood.Bands {
			if bi == 0 {
				continue // "almost no chance": the rest of the map
			}
			in := func(d int) func(i int) bool {
				return func(i int) bool { return likelihood.Of(p(d, a.Places()[i].ID, f)) == band }
			}
			key := func(d int) string {
				var b []byte
				for i := range a.Places() {
					if in(d)(i) {
						b = append(b, '1')
					} else {
						b = append(b, '0')
					}
				}
				return string(b)
			}
			for _, sp := range spans(key) {
				mp, area, ok := partitionOf(tl, in(sp[0]))
				if !ok || len(mp) == 0 {
					continue
				}
				mean, n := 0.0, 0
				for i, pl := range a.Places() {
					if in(sp[0])(i) {
						mean += p(sp[0], pl.ID, f)
						n++
					}
				}
				mean /= float64(max(1, n))
				ft := geojson.NewFeature(mp)
				ft.Properties = props(sp[0], sp[1], geojson.Properties{
					"layer": "probability", "id": f + ":" + band.Words, "faction": f, "name": name(f), "colour": colour(f),
					"words": band.Words, "band": band.Range(), "p_low": band.Lo, "p_high": band.Hi,
					"probability": round(mean, 3), "label": fmt.Sprintf("%s holds: %s (%s)", name(f), band.Words, band.Range()),
					"area_km2": round(area, 0), "places": n,
				})
				fc.Append(ft)
			}
		}
	}
	for _, pl := range s.Places {
		i, _ := a.Index(pl.ID)
		for _, sp := range spans(func(d int) string { return fmt.Sprint(s.Days[d].Control[pl.ID]) }) {
			ps := s.Days[sp[0]].Control[pl.ID]
			best, bestP := "", -1.0
			keys := make([]string, 0, len(ps))
			for f := range ps {
				keys = append(keys, f)
			}
			sort.Strings(keys)
			pr := geojson.Properties{"layer": "place", "id": pl.ID, "name": pl.Name, "initial": pl.Initial}
			for _, f := range keys {
				pr["p_"+f] = ps[f]
				if ps[f] > bestP {
					best, bestP = f, ps[f]
				}
			}
			pr["most_likely"] = best
			pr["probability"] = bestP
			pr["words"] = likelihood.Words(bestP)
			pr["label"] = fmt.Sprintf("%s: %s holds it, %s", pl.Name, name(best), likelihood.Phrase(bestP))
			ft := geojson.NewFeature(a.Places()[i].Point)
			ft.Properties = props(sp[0], sp[1], pr)
			fc.Append(ft)
		}
	}
	return fc
}

// WriteSimGeoJSON writes SimGeoJSON to path.
func WriteSimGeoJSON(tl *sim.Timeline, s *Simulation, path string) error {
	return writeFC(SimGeoJSON(tl, s), path)
}

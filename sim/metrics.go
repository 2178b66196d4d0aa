package sim

import "github.com/frontline-sim/frontline/geo/territory"

// Highways are the roads whose segments the metrics follow.
var Highways = []string{"M4", "M5"}

// RegimeRoute names the route whose loss the metrics track: the regime's
// road link from Damascus to Aleppo.
var RegimeRoute = struct{ Faction, From, To string }{"regime", "damascus", "aleppo"}

// Metrics are the figures derived from a day's state.
type Metrics struct {
	Places  map[string]int     `json:"places"`   // places held per faction
	AreaKm2 map[string]float64 `json:"area_km2"` // territory per faction
	// Highways gives, per highway, the segments open to each faction, with
	// "cut" and "contested" counted under those names.
	Highways      map[string]map[string]int     `json:"highways"`
	HighwayKm     map[string]map[string]float64 `json:"highway_km"`
	RegimeRoute   bool                          `json:"regime_route"` // regime can drive Damascus–Aleppo
	RegimeRouteKm float64                       `json:"regime_route_km,omitempty"`
	// FrontSegments and FrontKm count road segments whose ends are held by
	// hostile factions.
	FrontSegments int     `json:"front_segments"`
	FrontKm       float64 `json:"front_km"`
	// FrontLineKm is the length of the territorial front: the borders
	// between the land of hostile factions (package geo/territory).
	FrontLineKm float64 `json:"front_line_km"`
}

func computeMetrics(s *Scenario, gr *Graph, d *Day) Metrics {
	a := gr.Atlas
	m := Metrics{Places: map[string]int{}, AreaKm2: map[string]float64{},
		Highways: map[string]map[string]int{}, HighwayKm: map[string]map[string]float64{}}
	for _, f := range s.Factions {
		m.Places[f.ID] = 0
		m.AreaKm2[f.ID] = 0
	}
	for _, p := range d.Places {
		if p.Controller == "" {
			continue
		}
		m.Places[p.Controller]++
	}
	if d.Territory != nil {
		for f, v := range d.Territory.Areas() {
			m.AreaKm2[f] += v
		}
	}
	for f, v := range m.AreaKm2 {
		m.AreaKm2[f] = float64(int64(v + 0.5))
	}
	for _, h := range Highways {
		m.Highways[h] = map[string]int{}
		m.HighwayKm[h] = map[string]float64{}
	}
	for k, seg := range a.Segments() {
		r := d.Roads[k]
		if counts, ok := m.Highways[seg.Road]; ok {
			key := string(r.Status)
			if r.Status == Open {
				key = r.Controller
			}
			counts[key]++
			m.HighwayKm[seg.Road][key] += seg.LengthKm
		}
		i, _ := a.Index(seg.From)
		j, _ := a.Index(seg.To)
		if s.Hostile(d.Places[i].Controller, d.Places[j].Controller) {
			m.FrontSegments++
			m.FrontKm += seg.LengthKm
		}
	}
	for _, km := range m.HighwayKm {
		for f, v := range km {
			km[f] = round1(v)
		}
	}
	m.FrontKm = round1(m.FrontKm)
	m.FrontLineKm = round1(territory.FrontKm(d.Geometry.Fronts))
	m.RegimeRoute = true
	if _, ok := a.Index(RegimeRoute.From); ok {
		f := RegimeRoute.Faction
		r, err := gr.ShortestRoute(RegimeRoute.From, RegimeRoute.To, Filter{
			Place:   func(i int) bool { return d.Places[i].Controller == f },
			Segment: func(k int) bool { return d.Passable(s, k, f) },
		})
		m.RegimeRoute = err == nil
		m.RegimeRouteKm = round1(r.LengthKm)
	}
	return m
}

func round1(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }

package sim

import "github.com/frontline-sim/frontline/geo/territory"

// WatchRoute is a road link a scenario watches: whether Faction can drive from
// From to To through places it holds and segments it may pass.
type WatchRoute struct {
	ID, Name          string
	Faction, From, To string // faction and place ids
}

// Watch is what a scenario's metrics follow: its routes, and the roads
// whose segments are counted per side. A scenario declares it in its
// 'watch:' section; one that declares none watches nothing.
type Watch struct {
	Routes []WatchRoute
	Roads  []string
}

// Watches reports whether road is one of the watched roads.
func (w Watch) Watches(road string) bool {
	for _, r := range w.Roads {
		if r == road {
			return true
		}
	}
	return false
}

// RouteMetric is a watched route's state on a day.
type RouteMetric struct {
	ID   string  `json:"id"`
	Open bool    `json:"open"`
	Km   float64 `json:"km,omitempty"` // the route's length when open
}

// RouteOpen reports whether route r is open on day d, and its length: the
// shortest route for r.Faction through places it holds and segments it may
// pass (Day.Passable). The replay's metrics and the model's ensembles both
// use it, so "the regime has lost its road to Aleppo" means one thing.
func RouteOpen(s *Scenario, gr *Graph, d *Day, r WatchRoute) (bool, float64) {
	if _, ok := gr.Atlas.Index(r.From); !ok {
		return false, 0
	}
	res, err := gr.ShortestRoute(r.From, r.To, Filter{
		Place:   func(i int) bool { return d.Places[i].Controller == r.Faction },
		Segment: func(k int) bool { return d.Passable(s, k, r.Faction) },
	})
	if err != nil {
		return false, 0
	}
	return true, round1(res.LengthKm)
}

// Metrics are the figures derived from a day's state.
type Metrics struct {
	Places  map[string]int     `json:"places"`   // places held per faction
	AreaKm2 map[string]float64 `json:"area_km2"` // territory per faction
	// Highways gives, per watched road (Watch.Roads), the segments open to
	// each faction, with "cut" and "contested" counted under those names.
	Highways  map[string]map[string]int     `json:"highways"`
	HighwayKm map[string]map[string]float64 `json:"highway_km"`
	// Routes gives each watched route's state, in Watch.Routes order.
	Routes []RouteMetric `json:"routes"`
	// RegimeRoute and RegimeRouteKm repeat Routes[0] (true when nothing is
	// watched), for readers of the first JSON contract.
	RegimeRoute   bool    `json:"regime_route"`
	RegimeRouteKm float64 `json:"regime_route_km,omitempty"`
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
	for _, h := range s.Watch.Roads {
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
	m.Routes = make([]RouteMetric, 0, len(s.Watch.Routes))
	for _, r := range s.Watch.Routes {
		open, km := RouteOpen(s, gr, d, r)
		m.Routes = append(m.Routes, RouteMetric{ID: r.ID, Open: open, Km: km})
	}
	m.RegimeRoute = true
	if len(m.Routes) > 0 {
		m.RegimeRoute, m.RegimeRouteKm = m.Routes[0].Open, m.Routes[0].Km
	}
	return m
}

func round1(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }

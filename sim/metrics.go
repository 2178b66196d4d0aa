package sim

import (
	"math"

	"github.com/frontline-sim/frontline/geo/territory"
)

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

// The model's watches are the scenario's first watched route
// (Watch.Routes[0]) and its watched highways: the watched roads that the
// route's faction could drive end to end on the first day. They are
// measured in one place, watchSet.measure, for the replay's routeOpen and
// for every model run alike.

// Watched returns the model's watches: the first watched route, and the
// watched roads it counts as that route's faction's highways (those the
// faction holds end to end on the first day). ok is false when the model
// watches nothing: its runs then report every route closed.
func (m *Model) Watched() (route WatchRoute, highways []string, ok bool) {
	if m.watch == nil {
		return WatchRoute{}, nil, false
	}
	return m.S.Watch.Routes[0], m.watch.roads, true
}

// watchSet is the compiled form of the model's watches on one graph.
type watchSet struct {
	faction  string
	from, to int32
	highway  []int32 // segments of the watched highways
	roads    []string
}

// watchResult is what the watches give for one day's state.
type watchResult struct {
	RouteOpen  bool    // the faction has a road route from From to To
	RouteKm    float64 // its length, when open
	HighwayCut bool    // some segment of the watched highway is closed to the faction
}

// compileWatch compiles the model's watches for s on gr; ok is false when
// s watches no route or the atlas lacks the route's ends. A watched road
// counts as a highway of the route's faction when, by s.Initial, every one
// of its segments has both ends held by the faction or its allies: "the M5
// is cut" then means some segment of it is closed to the faction.
func compileWatch(s *Scenario, gr *Graph) (*watchSet, bool) {
	if len(s.Watch.Routes) == 0 {
		return nil, false
	}
	r := s.Watch.Routes[0]
	u, ok1 := gr.Atlas.Index(r.From)
	v, ok2 := gr.Atlas.Index(r.To)
	if !ok1 || !ok2 {
		return nil, false
	}
	w := &watchSet{faction: r.Faction, from: int32(u), to: int32(v)}
	friendly := func(c string) bool { return c != "" && !s.Hostile(c, r.Faction) }
	for _, road := range s.Watch.Roads {
		var segs []int32
		whole := true
		for k, sg := range gr.Atlas.Segments() {
			if sg.Road != road {
				continue
			}
			i, j := gr.Ends(k)
			whole = whole && friendly(s.Initial[i]) && friendly(s.Initial[j])
			segs = append(segs, int32(k))
		}
		if whole && len(segs) > 0 {
			w.highway = append(w.highway, segs...)
			w.roads = append(w.roads, road)
		}
	}
	return w, true
}

// measure evaluates the watches given, for the watching faction, the
// places it holds (place) and the segments it may pass (seg). With km
// false it only tells whether the route is open (a breadth-first search,
// which the model's runs need), not its length.
func (w *watchSet) measure(gr *Graph, sr *Search, place, seg []bool, km bool) watchResult {
	var r watchResult
	for _, k := range w.highway {
		if !seg[k] {
			r.HighwayCut = true
			break
		}
	}
	if !place[w.from] || !place[w.to] {
		return r
	}
	if !km {
		sr.Reach(gr.C, []int32{w.from}, SearchOptions{Node: place, Segment: seg})
		r.RouteOpen = !math.IsInf(sr.Dist(w.to), 1)
		return r
	}
	sr.Run(gr.C, []int32{w.from}, SearchOptions{Node: place, Segment: seg, Target: w.to, Estimate: gr.estimateTo(w.to)})
	if d := sr.Dist(w.to); !math.IsInf(d, 1) {
		r.RouteOpen = true
		for v := w.to; ; {
			k := sr.Via(v)
			if k < 0 {
				break
			}
			r.RouteKm += gr.Atlas.Segments()[k].LengthKm
			if gr.C.From[k] == v {
				v = gr.C.Dest[k]
			} else {
				v = gr.C.From[k]
			}
		}
	}
	return r
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
	// FirstRouteOpen and FirstRouteKm repeat Routes[0], the first watched
	// route (open when nothing is watched), under the keys of the first
	// JSON contract, which named them for the built-in scenario's route.
	FirstRouteOpen bool    `json:"regime_route"`
	FirstRouteKm   float64 `json:"regime_route_km,omitempty"`
	// FrontSegments and FrontKm count road segments whose ends are held by
	// hostile factions.
	FrontSegments int     `json:"front_segments"`
	FrontKm       float64 `json:"front_km"`
	// FrontLineKm is the length of the territorial front: the borders
	// between the land of hostile factions (package geo/territory).
	FrontLineKm float64 `json:"front_line_km"`
}

func computeMetrics(s *Scenario, gr *Graph, d *Day, ix *dayIndex) Metrics {
	a := gr.Atlas
	m := Metrics{Places: map[string]int{}, AreaKm2: map[string]float64{},
		Highways: map[string]map[string]int{}, HighwayKm: map[string]map[string]float64{}}
	for _, f := range s.Factions {
		m.Places[f.ID] = 0
		m.AreaKm2[f.ID] = 0
	}
	ix.countPlaces(&m)
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
		if ix.watched[k] { // then seg.Road is a key of m.Highways
			r, counts := d.Road(k), m.Highways[seg.Road]
			key := string(r.Status)
			if r.Status == Open {
				key = r.Controller
			}
			counts[key]++
			m.HighwayKm[seg.Road][key] += seg.LengthKm
		}
		i, j := gr.Ends(k)
		if ix.hostilePlaces(i, j) {
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
		open, km := ix.routeOpen(s, gr, r)
		m.Routes = append(m.Routes, RouteMetric{ID: r.ID, Open: open, Km: km})
	}
	m.FirstRouteOpen = true
	if len(m.Routes) > 0 {
		m.FirstRouteOpen, m.FirstRouteKm = m.Routes[0].Open, m.Routes[0].Km
	}
	return m
}

func round1(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }

package sim

import "math"

// Highways are the roads whose segments the metrics follow.
var Highways = []string{"M4", "M5"}

// RegimeRoute names the route whose loss the metrics track: the regime's
// road link from Damascus to Aleppo.
var RegimeRoute = struct{ Faction, From, To string }{"regime", "damascus", "aleppo"}

// WatchedHighway is the highway whose cut the ensembles report per day:
// cut for RegimeRoute.Faction when any of its segments is closed to it.
const WatchedHighway = "M5"

// The watches (RegimeRoute, WatchedHighway) are measured in one place,
// watchSet.measure, for the replay and for every model run alike, so that
// a scenario's own watch declarations can later replace these constants
// here and nowhere else.

// watchSet is the compiled form of the watches on one graph.
type watchSet struct {
	from, to int32
	highway  []int32 // segments of WatchedHighway
}

// watchResult is what the watches give for one day's state.
type watchResult struct {
	RouteOpen  bool    // the faction has a road route from From to To
	RouteKm    float64 // its length, when open
	HighwayCut bool    // some segment of the watched highway is closed to the faction
}

// watch compiles the watches for gr; ok is false when the atlas lacks
// the route's ends.
func (gr *Graph) watch() (*watchSet, bool) {
	gr.watchOnce.Do(func() {
		a := gr.Atlas
		u, ok1 := a.Index(RegimeRoute.From)
		v, ok2 := a.Index(RegimeRoute.To)
		if !ok1 || !ok2 {
			return
		}
		w := &watchSet{from: int32(u), to: int32(v)}
		for k, sg := range a.Segments() {
			if sg.Road == WatchedHighway {
				w.highway = append(w.highway, int32(k))
			}
		}
		gr.watches = w
	})
	return gr.watches, gr.watches != nil
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
	// FrontLineKm is the length of the territorial front: cell borders
	// between hostile factions.
	FrontLineKm float64 `json:"front_line_km"`
}

func computeMetrics(s *Scenario, gr *Graph, terr *Territory, d *Day, ix *dayIndex) Metrics {
	a := gr.Atlas
	m := Metrics{Places: map[string]int{}, AreaKm2: map[string]float64{},
		Highways: map[string]map[string]int{}, HighwayKm: map[string]map[string]float64{}}
	for _, f := range s.Factions {
		m.Places[f.ID] = 0
		m.AreaKm2[f.ID] = 0
	}
	ix.countPlaces(&m, terr)
	for f, v := range m.AreaKm2 {
		m.AreaKm2[f] = float64(int64(v + 0.5))
	}
	for _, h := range Highways {
		m.Highways[h] = map[string]int{}
		m.HighwayKm[h] = map[string]float64{}
	}
	for k, seg := range a.Segments() {
		if gr.onHighway(k) { // then seg.Road is a key of m.Highways
			r, counts := d.Roads[k], m.Highways[seg.Road]
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
	if terr != nil {
		for _, b := range terr.Borders {
			if ix.hostilePlaces(b.A, b.B) {
				m.FrontLineKm += b.LengthKm
			}
		}
		m.FrontLineKm = round1(m.FrontLineKm)
	}
	m.RegimeRoute = true
	if w, ok := gr.watch(); ok {
		f := RegimeRoute.Faction
		sr := gr.Search()
		place, seg := sr.masks(len(d.Places), len(d.Roads))
		ix.passable(s, f, place, seg)
		wm := w.measure(gr, sr, place, seg, true)
		gr.PutSearch(sr)
		m.RegimeRoute = wm.RouteOpen
		m.RegimeRouteKm = round1(wm.RouteKm)
	}
	return m
}

func round1(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }

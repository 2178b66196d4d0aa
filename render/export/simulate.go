package export

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"

	"github.com/frontline-sim/frontline/geo/territory"
	"github.com/frontline-sim/frontline/internal/likelihood"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// SimGeoJSON returns the simulation as GIS layers: for each faction and
// each band of likelihood but the lowest, the dissolved territory of the
// cells whose probability of being held by the faction falls in the band
// ("probability" layer), and each place with its probabilities ("place"
// layer), both over intervals of days with unchanged values, and marked
// projected past the last documented day.
func SimGeoJSON(tl *sim.Timeline, s *ensemble.Result) *geojson.FeatureCollection {
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
	props := func(from, to int, pr geojson.Properties) geojson.Properties {
		pr["start_date"] = s.Days[from].Date.String()
		pr["end_date"] = endDate(s.Days[to].Date)
		pr["days"] = to - from + 1
		pr["projected"] = s.Days[from].Projected
		return pr
	}
	// Runs of days that agree (same) and on being projected.
	spans := func(same func(a, b int) bool) [][2]int {
		var out [][2]int
		for d := range s.Days {
			if n := len(out); n > 0 && same(out[n-1][1], d) && s.Days[d].Projected == s.Days[out[n-1][1]].Projected {
				out[n-1][1] = d
				continue
			}
			out = append(out, [2]int{d, d})
		}
		return out
	}
	for _, ft := range probabilityLayer(tl, s, name, colour) {
		ft.Properties = props(ft.span[0], ft.span[1], ft.Properties)
		fc.Append(ft.Feature)
	}
	for _, pl := range s.Places {
		i, _ := a.Index(pl.ID)
		// Compared, not printed: formatting every place's shares of every
		// day took a sixth of a ten-year export.
		for _, sp := range spans(func(a, b int) bool { return maps.Equal(s.Days[a].Control[pl.ID], s.Days[b].Control[pl.ID]) }) {
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
func WriteSimGeoJSON(tl *sim.Timeline, s *ensemble.Result, path string) error {
	return writeFC(SimGeoJSON(tl, s), path)
}

// simFeature is a probability feature and the days it spans (indexes in
// Simulation.Days, inclusive).
type simFeature struct {
	*geojson.Feature
	span [2]int
}

// probabilityLayer returns the "probability" features, ordered by faction,
// band and date. The territory comes from one spread per run of days with
// the same most likely controllers (scene.SimSegments: the map as they
// hold it), each cell then taking the band of the probability that the
// faction holds the place whose territory the cell is. Runs of days whose
// spread and bands agree are dissolved once, for all bands at a time.
// Each faction traces the runs in order on a goroutine of its own (they
// are independent, and the tracing is most of a long simulation's
// export), at most lag runs behind the partitions, which are computed
// meanwhile; only those partitions are alive, not every day's: the
// readers' 200 MB bound.
func probabilityLayer(tl *sim.Timeline, s *ensemble.Result, name, colour func(string) string) []simFeature {
	type run struct {
		from, to int
		part     *territory.Partition
	}
	layers := make([]*factionLayer, len(s.Factions))
	queues := make([]chan run, len(s.Factions))
	var wg sync.WaitGroup
	for k, f := range s.Factions {
		l := newFactionLayer(tl, s, f, name, colour)
		q := make(chan run, lag)
		layers[k], queues[k] = l, q
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range q {
				l.segment(r.part, r.from, r.to)
			}
		}()
	}
	mapped := scene.SimSegments(tl, s, func(from, to int, part *territory.Partition) {
		for _, q := range queues {
			q <- run{from, to, part}
		}
	})
	for _, q := range queues {
		close(q)
	}
	wg.Wait()
	if !mapped {
		return nil
	}
	var out []simFeature
	for _, l := range layers {
		for _, fs := range l.perBand {
			out = append(out, fs...)
		}
	}
	return out
}

// lag is how many runs of days a faction's tracing may fall behind the
// partitions: enough that the cores stay busy while the factions whose
// bands change most catch up, few enough that a handful of partitions
// (about 1.5 MB each) are alive.
const lag = 8

// factionLayer is probabilityLayer's features of one faction, by band and
// date, as the runs of days are traced in order.
type factionLayer struct {
	tl           *sim.Timeline
	s            *ensemble.Result
	f            string
	name, colour func(string) string
	// bands[d][i] is the band of P(f holds place i) on day d; zones are
	// the scenario's, held for certain.
	bands   [][]byte
	perBand [][]simFeature
	last    traced
}

// traced is the faction's last territory by band, kept for the next run
// of days: a fifth of a long simulation's runs have the spread and the
// bands of the one before (another faction's band or a place's most
// likely controller changed), and tracing them again was that share of
// its export.
type traced struct {
	part  *territory.Partition
	bands []byte
	polys map[string]orb.MultiPolygon
	areas map[string]float64
}

func newFactionLayer(tl *sim.Timeline, s *ensemble.Result, f string, name, colour func(string) string) *factionLayer {
	places, zones := tl.Graph.Atlas.Places(), tl.Scenario.Zones
	last := len(likelihood.Bands) - 1
	l := &factionLayer{tl: tl, s: s, f: f, name: name, colour: colour,
		bands: make([][]byte, len(s.Days)), perBand: make([][]simFeature, len(likelihood.Bands))}
	for d := range s.Days {
		b := make([]byte, len(places)+len(zones))
		for i, pl := range places {
			b[i] = byte(likelihood.Index(s.Days[d].Control[pl.ID][f]))
		}
		for z, zone := range zones {
			if zone.Faction == f {
				b[len(places)+z] = byte(last)
			}
		}
		l.bands[d] = b
	}
	return l
}

// segment traces days from..to, which share the partition part.
func (l *factionLayer) segment(part *territory.Partition, from, to int) {
	s, bands, f := l.s, l.bands, l.f
	for d0 := from; d0 <= to; {
		d1 := d0
		for d1+1 <= to && string(bands[d1+1]) == string(bands[d0]) && s.Days[d1+1].Projected == s.Days[d0].Projected {
			d1++
		}
		for bi, ft := range l.bandFeatures(part, d0) {
			if ft == nil {
				continue
			}
			ft.Properties["name"], ft.Properties["colour"] = l.name(f), l.colour(f)
			ft.Properties["label"] = fmt.Sprintf("%s holds: %s (%s)", l.name(f), likelihood.Bands[bi].Words, likelihood.Bands[bi].Range())
			sf := simFeature{ft, [2]int{d0, d1}}
			// A band whose places and shape did not change when
			// another band's did continues its feature.
			if n := len(l.perBand[bi]); n > 0 {
				prev := &l.perBand[bi][n-1]
				if prev.span[1] == d0-1 && s.Days[prev.span[0]].Projected == s.Days[d0].Projected &&
					members(bands[prev.span[0]], bi) == members(bands[d0], bi) &&
					sameShape(prev.Geometry.(orb.MultiPolygon), ft.Geometry.(orb.MultiPolygon)) {
					prev.span[1] = d1
					continue
				}
			}
			l.perBand[bi] = append(l.perBand[bi], sf)
		}
		d0 = d1 + 1
	}
}

// polygons returns part's territory dissolved by the band vector bands,
// and the area of each band's (bandPolygons), the last ones again when
// the spread and the bands are the last ones'.
func (l *factionLayer) polygons(part *territory.Partition, bands []byte) (map[string]orb.MultiPolygon, map[string]float64) {
	if t := l.last; t.part == nil || !t.part.SameSpread(part) || string(t.bands) != string(bands) {
		polys, areas := bandPolygons(part, bands)
		l.last = traced{part, bands, polys, areas}
	}
	return l.last.polys, l.last.areas
}

// sameShape reports whether a and b have the same points: the same
// tracing kept (factionLayer.polygons), or an equal one.
func sameShape(a, b orb.MultiPolygon) bool {
	if len(a) > 0 && len(b) > 0 && &a[0] == &b[0] && len(a) == len(b) {
		return true
	}
	return orb.Equal(a, b)
}

// members is the set of places (and zones) of band bi in a band vector.
func members(b []byte, bi int) string {
	m := make([]byte, len(b))
	for i, x := range b {
		m[i] = '0'
		if int(x) == bi {
			m[i] = '1'
		}
	}
	return string(m)
}

// bandFeatures returns, per band of likelihood but the lowest, the
// feature of the faction's territory in that band on day d (nil where the
// band has none), from the day's partition and band vector.
func (l *factionLayer) bandFeatures(part *territory.Partition, d int) []*geojson.Feature {
	s, f, bands := l.s, l.f, l.bands[d]
	out := make([]*geojson.Feature, len(likelihood.Bands))
	if !slices.ContainsFunc(bands, func(b byte) bool { return b > 0 }) {
		return out
	}
	polys, areas := l.polygons(part, bands)
	places := l.tl.Graph.Atlas.Places()
	for bi, band := range likelihood.Bands {
		mp := polys[band.Words]
		if bi == 0 || len(mp) == 0 {
			continue
		}
		// The mean over the band's places and zones; a zone is held for
		// certain.
		mean, n, nz := 0.0, 0, 0
		for i, b := range bands {
			switch {
			case int(b) != bi:
			case i < len(places):
				mean += s.Days[d].Control[places[i].ID][f]
				n++
			default:
				mean++
				nz++
			}
		}
		mean /= float64(max(1, n+nz))
		ft := geojson.NewFeature(mp)
		ft.Properties = geojson.Properties{
			"layer": "probability", "id": f + ":" + band.Words, "faction": f,
			"words": band.Words, "band": band.Range(), "p_low": band.Lo, "p_high": band.Hi,
			"probability": round(mean, 3), "area_km2": round(areas[band.Words], 0), "places": n, "zones": nz,
		}
		out[bi] = ft
	}
	return out
}

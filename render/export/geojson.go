package export

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// The GeoJSON export is one FeatureCollection of four kinds of feature,
// told apart by the "layer" property: "place" (points), "road" (lines),
// "territory" (one dissolved multipolygon per faction) and "front" (a
// multi-line). Each feature holds for an interval of days over which its
// state did not change: start_date is its first day and end_date the day
// after its last (exclusive), both YYYY-MM-DD, which is what QGIS's
// Temporal Controller ("start and end date from fields", include start,
// exclude end) and kepler.gl's time filter read. docs/exports.md describes
// every field.

// interval is a run of days [from, to] (day indexes) with one state.
type interval struct{ from, to int }

// runs splits days [from, to] into runs of equal key(i).
func runs(from, to int, key func(i int) string) []interval {
	var out []interval
	for i := from; i <= to; i++ {
		if len(out) > 0 && key(out[len(out)-1].to) == key(i) {
			out[len(out)-1].to = i
			continue
		}
		out = append(out, interval{i, i})
	}
	return out
}

func (iv interval) props(tl *sim.Timeline, p geojson.Properties) geojson.Properties {
	p["start_date"] = tl.Days[iv.from].Date.String()
	p["end_date"] = endDate(tl.Days[iv.to].Date)
	p["days"] = iv.to - iv.from + 1
	return p
}

// lastDate is the last day a YYYY-MM-DD date can name.
var lastDate = sim.MustDate("9999-12-31")

// endDate is an interval's end_date: the day after last, or null (open
// ended, as QGIS reads a null end) when last is 9999-12-31, whose next day
// has no YYYY-MM-DD form.
func endDate(last sim.Date) any {
	if last >= lastDate {
		return nil
	}
	return (last + 1).String()
}

// GeoJSON returns the FeatureCollection of days [from, to] of tl.
func GeoJSON(tl *sim.Timeline, from, to int) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	a := tl.Graph.Atlas
	s := tl.Scenario
	name := func(id string) string {
		if f, ok := s.Faction(id); ok {
			return f.Name
		}
		return ""
	}
	for i, pl := range a.Places() {
		for _, iv := range runs(from, to, func(d int) string {
			st := tl.Days[d].Place(i)
			return st.Controller + "|" + string(st.Status) + "|" + st.By
		}) {
			st := tl.Days[iv.from].Place(i)
			f := geojson.NewFeature(pl.Point)
			f.Properties = iv.props(tl, geojson.Properties{
				"layer": "place", "id": pl.ID, "name": pl.Name, "kind": string(pl.Kind), "governorate": pl.Governorate,
				"controller": st.Controller, "controller_name": name(st.Controller), "status": string(st.Status), "by": st.By,
				"coord_from": pl.CoordFrom(),
			})
			stateSources(s, st.Events, f.Properties)
			fc.Append(f)
		}
	}
	for k, seg := range a.Segments() {
		for _, iv := range runs(from, to, func(d int) string {
			r := tl.Days[d].Road(k)
			return string(r.Status) + "|" + r.Controller + "|" + r.By
		}) {
			r := tl.Days[iv.from].Road(k)
			f := geojson.NewFeature(seg.Line)
			f.Properties = iv.props(tl, geojson.Properties{
				"layer": "road", "id": seg.Key(), "road": seg.Road, "from": seg.From, "to": seg.To, "class": fmt.Sprint(seg.Class),
				"length_km": round(seg.LengthKm, 1), "status": string(r.Status), "controller": r.Controller, "by": r.By,
			})
			fc.Append(f)
		}
	}
	for _, fa := range s.Factions {
		id := fa.ID
		key := func(d int) string {
			mp := dayPolygons(&tl.Days[d])[id]
			if len(mp) == 0 {
				return ""
			}
			return geomKey(mp)
		}
		for _, iv := range runs(from, to, key) {
			d := &tl.Days[iv.from]
			mp := dayPolygons(d)[id]
			if len(mp) == 0 {
				continue
			}
			f := geojson.NewFeature(mp)
			f.Properties = iv.props(tl, geojson.Properties{
				"layer": "territory", "id": id, "faction": id, "name": fa.Name, "colour": fa.Colour,
				"area_km2": round(dayArea(d, id), 0), "places": d.Metrics.Places[id],
			})
			fc.Append(f)
		}
	}
	for _, iv := range runs(from, to, func(d int) string { ml, _ := frontLine(&tl.Days[d]); return geomKey(ml) }) {
		ml, km := frontLine(&tl.Days[iv.from])
		if len(ml) == 0 {
			continue
		}
		f := geojson.NewFeature(ml)
		f.Properties = iv.props(tl, geojson.Properties{"layer": "front", "id": "front", "name": "front line", "length_km": round(km, 1)})
		fc.Append(f)
	}
	return fc
}

// stateSources sets the source fields of a feature whose state the events
// evs set: their ids, documents, the documents' titles and the outlets
// they name, "; " between several, each document once. A state the
// scenario starts with has none, and the fields are empty.
func stateSources(s *sim.Scenario, evs []int, p geojson.Properties) {
	var ids, files, titles, outlets []string
	seen := map[string]bool{}
	for _, k := range evs {
		e := s.Events[k]
		ids = append(ids, eventID(e, k))
		if e.Source.Document == "" || seen[e.Source.Document] {
			continue
		}
		seen[e.Source.Document] = true
		files = append(files, e.Source.Document)
		if t := docTitle(e.Source.Doc); t != "" {
			titles = append(titles, t)
		}
		if o := docOutlets(e.Source.Doc); o != "" {
			outlets = append(outlets, o)
		}
	}
	j := func(ss []string) string { return strings.Join(ss, "; ") }
	p["event_ids"], p["document"], p["source_title"], p["source_outlet"] = j(ids), j(files), j(titles), j(outlets)
}

func round(v float64, digits int) float64 {
	p := 1.0
	for ; digits > 0; digits-- {
		p *= 10
	}
	return float64(int64(v*p+0.5)) / p
}

// WriteGeoJSON writes the GeoJSON of days [from, to] to path, with
// coordinates to 6 decimals (about 10 cm).
func WriteGeoJSON(tl *sim.Timeline, from, to int, path string) error {
	return writeFC(GeoJSON(tl, from, to), path)
}

func writeFC(fc *geojson.FeatureCollection, path string) error {
	for _, f := range fc.Features {
		f.Geometry = roundGeom(f.Geometry)
	}
	return atomicfile.WriteFile(path, 0o644, func(w io.Writer) error { return encodeFC(w, fc) })
}

// encodeFC writes fc as json.NewEncoder(w).Encode(fc) does, byte for byte
// (TestEncodeFC), with the features marshalled on every core: encoding a
// ten-year simulation's GeoJSON, one core re-reading the whole document
// to compact it, was a tenth of its export.
func encodeFC(w io.Writer, fc *geojson.FeatureCollection) error {
	if fc.BBox != nil || fc.ExtraMembers != nil {
		return json.NewEncoder(w).Encode(fc)
	}
	parts := make([][]byte, len(fc.Features))
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for k := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k; i < len(parts) && errs[k] == nil; i += len(errs) {
				parts[i], errs[k] = json.Marshal(fc.Features[i])
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// orb writes a collection as a map, whose keys encoding/json sorts.
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"features":[`)
	for i, p := range parts {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.Write(p)
	}
	bw.WriteString(`],"type":"FeatureCollection"}` + "\n")
	return bw.Flush()
}

func roundGeom(g orb.Geometry) orb.Geometry {
	r := func(p orb.Point) orb.Point { return orb.Point{round6(p[0]), round6(p[1])} }
	switch g := g.(type) {
	case orb.Point:
		return r(g)
	case orb.LineString:
		out := make(orb.LineString, len(g))
		for i, p := range g {
			out[i] = r(p)
		}
		return out
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, ls := range g {
			out[i] = roundGeom(ls).(orb.LineString)
		}
		return out
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, poly := range g {
			out[i] = make(orb.Polygon, len(poly))
			for j, ring := range poly {
				rr := make(orb.Ring, len(ring))
				for k, p := range ring {
					rr[k] = r(p)
				}
				out[i][j] = rr
			}
		}
		return out
	}
	return g
}

func round6(v float64) float64 {
	if v < 0 {
		return -round(-v, 6)
	}
	return round(v, 6)
}

// csvHeader is the change log's columns: ACLED's names where they overlap,
// then frontline's own.
var csvHeader = []string{"event_date", "location", "latitude", "longitude", "actor1", "actor2", "source", "notes",
	"kind", "certainty", "from", "to", "document", "quote", "event_id", "road", "faction", "source_title", "source_outlet", "coord_from"}

// CSVHeader returns the change log's columns.
func CSVHeader() []string { return append([]string(nil), csvHeader...) }

// csvRows returns the change log: one row per event of the scenario.
func csvRows(tl *sim.Timeline) [][]string {
	s := tl.Scenario
	a := tl.Graph.Atlas
	name := func(id string) string {
		if f, ok := s.Faction(id); ok {
			return f.Name
		}
		return id
	}
	rows := [][]string{CSVHeader()}
	for k, e := range s.Events {
		loc, lat, lon, coordFrom := "", "", "", ""
		place := e.Target.Place
		if e.Target.IsRoad() {
			place = e.Target.From
		}
		if p, ok := a.Place(place); ok {
			loc, lat, lon = p.Name, fmt.Sprintf("%.5f", p.Lat()), fmt.Sprintf("%.5f", p.Lon())
			coordFrom = p.CoordFrom()
		}
		if e.Target.IsRoad() {
			fp, _ := a.Place(e.Target.From)
			tp, _ := a.Place(e.Target.To)
			loc = fmt.Sprintf("%s %s–%s", e.Target.Road, fp.Name, tp.Name)
		}
		// actor1 acts; actor2 is the side it took the place from, if any.
		from, to := "", ""
		if d := tl.Index(e.Date); d > 0 && !e.Target.IsRoad() {
			if i, ok := a.Index(e.Target.Place); ok {
				from = tl.Days[d-1].Place(i).Controller
				to = tl.Days[d].Place(i).Controller
			}
		} else if d == 0 && !e.Target.IsRoad() {
			if i, ok := a.Index(e.Target.Place); ok {
				to = tl.Days[0].Place(i).Controller
			}
		}
		actor2 := ""
		if from != "" && from != e.Faction {
			actor2 = name(from)
		}
		notes := e.Note
		src := strings.TrimSpace(strings.Join(nonEmpty(e.Source.Outlet, dateOr(e.Source.Date)), ", "))
		rows = append(rows, []string{e.Date.String(), loc, lat, lon, name(e.Faction), actor2, src, notes,
			string(e.Kind), string(e.Certainty), from, to, e.Source.Document, e.Quote, eventID(e, k), e.Target.Road, e.Faction,
			docTitle(e.Source.Doc), docOutlets(e.Source.Doc), coordFrom})
	}
	return rows
}

// docTitle and docOutlets are a document's title and the outlets it
// names, "; " between them, for the change log and the GeoJSON; "" for a
// document not in the table of sources.
func docTitle(d *sim.Document) string {
	if d == nil {
		return ""
	}
	return d.Title()
}

func docOutlets(d *sim.Document) string {
	if d == nil {
		return ""
	}
	return strings.Join(d.Outlets, "; ")
}

func eventID(e sim.Event, k int) string {
	if e.ID != "" {
		return e.ID
	}
	return fmt.Sprintf("event-%d", k+1)
}

func dateOr(d sim.Date) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

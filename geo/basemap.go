package geo

import (
	"fmt"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Area is a named polygonal basemap feature: a country or a lake.
type Area struct {
	Name    string
	ISO     string // ISO 3166-1 alpha-3 code for countries, else empty
	Polygon orb.MultiPolygon
}

// Line is a named linear basemap feature: a river or a coastline.
type Line struct {
	Name  string
	Lines orb.MultiLineString
}

// Basemap is the static background of the map.
type Basemap struct {
	Countries []Area // Syria and its neighbours, clipped to the map's box
	Lakes     []Area
	Rivers    []Line
	Coasts    []Line
	Bound     orb.Bound // the union of every feature's bound
}

// Syria returns Syria's polygon, or nil if the basemap has none.
func (b *Basemap) Syria() orb.MultiPolygon {
	for _, c := range b.Countries {
		if c.ISO == "SYR" {
			return c.Polygon
		}
	}
	return nil
}

// ParseBasemap reads a GeoJSON FeatureCollection whose features carry a
// "kind" property (country, lake, river, coast; others are ignored) and a
// "name". Countries may carry "iso_a3".
func ParseBasemap(file string, data []byte) (*Basemap, error) {
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	b := &Basemap{}
	first := true
	for i, f := range fc.Features {
		kind := f.Properties.MustString("kind", "")
		name := f.Properties.MustString("name", "")
		if f.Geometry == nil {
			return nil, fmt.Errorf("%s: feature %d (%s %q) has no geometry", file, i, kind, name)
		}
		switch kind {
		case "country", "lake":
			mp, ok := asMultiPolygon(f.Geometry)
			if !ok {
				return nil, fmt.Errorf("%s: feature %d (%s %q) is a %s, want a polygon", file, i, kind, name, f.Geometry.GeoJSONType())
			}
			a := Area{Name: name, ISO: f.Properties.MustString("iso_a3", ""), Polygon: mp}
			if kind == "country" {
				b.Countries = append(b.Countries, a)
			} else {
				b.Lakes = append(b.Lakes, a)
			}
		case "river", "coast":
			ml, ok := asMultiLineString(f.Geometry)
			if !ok {
				return nil, fmt.Errorf("%s: feature %d (%s %q) is a %s, want a line", file, i, kind, name, f.Geometry.GeoJSONType())
			}
			if kind == "river" {
				b.Rivers = append(b.Rivers, Line{Name: name, Lines: ml})
			} else {
				b.Coasts = append(b.Coasts, Line{Name: name, Lines: ml})
			}
		default:
			continue
		}
		if first {
			b.Bound, first = f.Geometry.Bound(), false
		} else {
			b.Bound = b.Bound.Union(f.Geometry.Bound())
		}
	}
	// Draw Syria last among the countries so its border sits on top.
	sort.SliceStable(b.Countries, func(i, j int) bool { return b.Countries[j].ISO == "SYR" && b.Countries[i].ISO != "SYR" })
	if b.Syria() == nil {
		return nil, fmt.Errorf("%s: no country feature with iso_a3 \"SYR\"", file)
	}
	return b, nil
}

func asMultiPolygon(g orb.Geometry) (orb.MultiPolygon, bool) {
	switch g := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{g}, true
	case orb.MultiPolygon:
		return g, true
	}
	return nil, false
}

func asMultiLineString(g orb.Geometry) (orb.MultiLineString, bool) {
	switch g := g.(type) {
	case orb.LineString:
		return orb.MultiLineString{g}, true
	case orb.MultiLineString:
		return g, true
	case orb.Polygon:
		ml := make(orb.MultiLineString, len(g))
		for i, r := range g {
			ml[i] = orb.LineString(r)
		}
		return ml, true
	}
	return nil, false
}

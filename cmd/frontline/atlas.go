package main

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb/geojson"
)

var placesCmd = &command{
	name:  "places",
	args:  "[--format text|csv|json|geojson]",
	short: "list the gazetteer: every place with its coordinates and source",
	long: `Places lists every place in the built-in gazetteer, sorted by id, with its
aliases, WGS84 coordinates, kind, governorate, population and the public
source of its coordinates.

The geojson format is a FeatureCollection of points in (lon, lat) order that
opens in QGIS; csv and json carry the same columns:

	id, name, aliases, lat, lon, kind, governorate, population, source, coord_from

coord_from flags borrowed coordinates: for a place with no public
coordinates of its own, the id of the neighbour whose point it shares (or
the name of what it is anchored to); empty for every other place.

Examples:

	frontline places
	frontline places --format geojson > places.geojson`,
	run: runPlaces,
}

var placeHeader = []string{"id", "name", "aliases", "lat", "lon", "kind", "governorate", "population", "source", "coord_from"}

func placeRow(p geo.Place) []string {
	pop := ""
	if p.Population > 0 {
		pop = strconv.Itoa(p.Population)
	}
	return []string{p.ID, p.Name, strings.Join(p.Aliases, "; "), ftoa(p.Lat(), 5), ftoa(p.Lon(), 5),
		string(p.Kind), p.Governorate, pop, p.Source, p.CoordFrom()}
}

func ftoa(f float64, prec int) string { return strconv.FormatFloat(f, 'f', prec, 64) }

type placeJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Aliases     []string `json:"aliases"`
	Lat         float64  `json:"lat"`
	Lon         float64  `json:"lon"`
	Kind        string   `json:"kind"`
	Governorate string   `json:"governorate"`
	Population  *int     `json:"population"`
	Source      string   `json:"source"`
	CoordFrom   string   `json:"coord_from"` // "" unless the coordinates are borrowed
}

// listing parses the arguments of a command that takes only --format and
// lists the built-in atlas, and returns the format and the atlas.
func listing(e *env, c *command, args []string) (string, *geo.Atlas, error) {
	formats := []string{"text", "csv", "json", "geojson"}
	fs := newFlags(e, c)
	format := formatFlag(fs, formats...)
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return "", nil, err
	}
	if len(pos) > 0 {
		return "", nil, usagef("unexpected argument %s", safetext.Quote(pos[0]))
	}
	if err := checkFormat(*format, formats...); err != nil {
		return "", nil, err
	}
	a, err := geo.Default()
	return *format, a, err
}

func runPlaces(e *env, c *command, args []string) error {
	format, a, err := listing(e, c, args)
	if err != nil {
		return err
	}
	places := a.Places()
	switch format {
	case "csv":
		rows := make([][]string, len(places))
		for i, p := range places {
			rows[i] = placeRow(p)
		}
		return writeCSV(e.stdout, placeHeader, rows)
	case "json":
		out := make([]placeJSON, len(places))
		for i, p := range places {
			out[i] = placeJSON{p.ID, p.Name, append([]string{}, p.Aliases...), p.Lat(), p.Lon(), string(p.Kind), p.Governorate, nil, p.Source, p.CoordFrom()}
			if p.Population > 0 {
				out[i].Population = &places[i].Population
			}
		}
		return writeJSON(e.stdout, out)
	case "geojson":
		fc := geojson.NewFeatureCollection()
		for _, p := range places {
			f := geojson.NewFeature(p.Point)
			row := placeRow(p)
			for i, h := range placeHeader {
				f.Properties[h] = row[i]
			}
			f.Properties["lat"], f.Properties["lon"] = p.Lat(), p.Lon()
			if p.Population > 0 {
				f.Properties["population"] = p.Population
			} else {
				f.Properties["population"] = nil
			}
			fc.Append(f)
		}
		return writeJSON(e.stdout, fc)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tLAT\tLON\tKIND\tGOVERNORATE\tPOPULATION\tSOURCE\tCOORDS FROM")
	for _, p := range places {
		r := placeRow(p)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r[0], r[1], r[3], r[4], r[5], r[6], r[7], r[8], r[9])
	}
	return tw.Flush()
}

var roadsCmd = &command{
	name:  "roads",
	args:  "[--format text|csv|json|geojson]",
	short: "list the road segments with their lengths",
	long: `Roads lists every road segment of the network, one per row: the road's name,
its two end places and its geodesic length in km. The M5 and M4 are split at
every place on them, so each segment can change hands on its own.

The geojson format is a FeatureCollection of LineStrings that opens in QGIS,
with the properties road, class, from, to and length_km.

Examples:

	frontline roads
	frontline roads --format csv > roads.csv`,
	run: runRoads,
}

func runRoads(e *env, c *command, args []string) error {
	format, a, err := listing(e, c, args)
	if err != nil {
		return err
	}
	segs := a.Segments()
	switch format {
	case "csv":
		rows := make([][]string, len(segs))
		for i, s := range segs {
			rows[i] = []string{s.Road, string(s.Class), s.From, s.To, ftoa(s.LengthKm, 1)}
		}
		return writeCSV(e.stdout, []string{"road", "class", "from", "to", "length_km"}, rows)
	case "json":
		type segJSON struct {
			Road     string  `json:"road"`
			Class    string  `json:"class"`
			From     string  `json:"from"`
			To       string  `json:"to"`
			LengthKm float64 `json:"length_km"`
		}
		out := make([]segJSON, len(segs))
		for i, s := range segs {
			out[i] = segJSON{s.Road, string(s.Class), s.From, s.To, round1(s.LengthKm)}
		}
		return writeJSON(e.stdout, out)
	case "geojson":
		fc := geojson.NewFeatureCollection()
		for _, s := range segs {
			f := geojson.NewFeature(s.Line)
			f.Properties["road"] = s.Road
			f.Properties["class"] = string(s.Class)
			f.Properties["from"] = s.From
			f.Properties["to"] = s.To
			f.Properties["length_km"] = round1(s.LengthKm)
			fc.Append(f)
		}
		return writeJSON(e.stdout, fc)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ROAD\tCLASS\tFROM\tTO\tLENGTH_KM")
	total := 0.0
	for _, s := range segs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.1f\n", s.Road, s.Class, s.From, s.To, s.LengthKm)
		total += s.LengthKm
	}
	fmt.Fprintf(tw, "\t\t%d segments\t\t%.1f\n", len(segs), total)
	return tw.Flush()
}

func round1(f float64) float64 {
	v, _ := strconv.ParseFloat(ftoa(f, 1), 64)
	return v
}

var routeCmd = &command{
	name:  "route",
	args:  "FROM TO [--format text|json]",
	short: "find the cheapest road route between two places",
	long: `Route prints the cheapest route by road between two places: the place ids
along it, the roads it takes, its length in km and its cost in hours of
travel (segment length over the road class's speed: motorway 80 km/h,
primary 60, secondary 40, track 20).

FROM and TO are place ids, names or aliases in any case ("Khan Shaykhun",
"saraqeb"); an unknown name fails with the closest match.

Examples:

	frontline route aleppo hama
	frontline route Latakia Halab --format json`,
	run: runRoute,
}

func runRoute(e *env, c *command, args []string) error {
	fs := newFlags(e, c)
	format := formatFlag(fs, "text", "json")
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("route needs two places, FROM and TO; got %d arguments", len(pos))
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	a, err := geo.Default()
	if err != nil {
		return err
	}
	var ends [2]geo.Place
	for i, name := range pos {
		if ends[i], err = a.Lookup(name); err != nil {
			return &usageError{err.Error()}
		}
	}
	r, err := sim.NewGraph(a).ShortestRoute(ends[0].ID, ends[1].ID, sim.Filter{})
	if err != nil {
		return err
	}
	roads := r.Roads(a)
	if roads == nil {
		roads = []string{}
	}
	if *format == "json" {
		return writeJSON(e.stdout, struct {
			From     string   `json:"from"`
			To       string   `json:"to"`
			Places   []string `json:"places"`
			Roads    []string `json:"roads"`
			LengthKm float64  `json:"length_km"`
			Hours    float64  `json:"cost_hours"`
		}{ends[0].ID, ends[1].ID, r.Places, roads, round1(r.LengthKm), round2(r.Hours)})
	}
	if ends[0].ID == ends[1].ID {
		fmt.Fprintf(e.stdout, "%s to %s: the same place (%s), so no road to take: 0.0 km, 0.00 h\n", safetext.Quote(pos[0]), safetext.Quote(pos[1]), ends[0].ID)
		return nil
	}
	fmt.Fprintf(e.stdout, "%s to %s: %.1f km, %.2f h by %s\n", ends[0].Name, ends[1].Name, r.LengthKm, r.Hours, strings.Join(roads, ", "))
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	km := 0.0
	for i, id := range r.Places {
		p, _ := a.Place(id)
		road := ""
		if i > 0 {
			s := a.Segments()[r.Segments[i-1]]
			km += s.LengthKm
			road = s.Road
		}
		fmt.Fprintf(tw, "  %s\t%s\t%.1f km\t%s\n", id, p.Name, km, road)
	}
	return tw.Flush()
}

func round2(f float64) float64 {
	v, _ := strconv.ParseFloat(ftoa(f, 2), 64)
	return v
}

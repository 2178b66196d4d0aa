package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb/geojson"
)

var territoryCmd = &command{
	name:  "territory",
	args:  "[SCENARIO] [--day DATE] [--format text|json|geojson]",
	short: "each side's territory on a day: area, share of Syria, front line",
	long: `Territory prints a day's cost-distance partition of Syria (docs/model.md):
each faction's area in km² and its share of Syria, and the length of the
front line between hostile factions. SCENARIO is a built-in id or a YAML
file; with none, the built-in replay. --day picks the date (default: the
scenario's last day).

The json format gives the same figures per faction; geojson gives the
day's dissolved polygons, one Feature per faction (property "faction",
"area_km2", "share"), and one LineString Feature per front between two
hostile factions (property "front": "a/b", "length_km"), for QGIS or
kepler.gl.

Examples:

	frontline territory --day 2024-11-26
	frontline territory --day 2024-12-04 --format geojson > 12-04.geojson`,
	run: runTerritory,
}

type territoryDoc struct {
	Scenario    string             `json:"scenario"`
	Date        sim.Date           `json:"date"`
	SyriaKm2    float64            `json:"syria_km2"`
	AreaKm2     map[string]float64 `json:"area_km2"`
	Share       map[string]float64 `json:"share"` // percent of Syria
	FrontLineKm float64            `json:"front_line_km"`
}

func runTerritory(e *env, c *command, args []string) error {
	t, format, i, err := dayCommand(e, c, args, "the `date` (YYYY-MM-DD); default the last day", "text", "json", "geojson")
	if err != nil {
		return err
	}
	if i < 0 {
		i = len(t.Days) - 1
	}
	d := &t.Days[i]
	if d.Territory == nil {
		return fmt.Errorf("the atlas has no basemap, so there is no territory")
	}
	doc := territoryDoc{Scenario: t.Scenario.ID, Date: d.Date, SyriaKm2: math.Round(t.Territory.Map.SyriaKm2()),
		AreaKm2: map[string]float64{}, Share: map[string]float64{}, FrontLineKm: d.Metrics.FrontLineKm}
	areas := d.Territory.Areas()
	for f, v := range areas {
		doc.AreaKm2[f] = math.Round(v)
		doc.Share[f] = math.Round(1e4*v/t.Territory.Map.SyriaKm2()) / 100
	}
	switch format {
	case "json":
		return writeJSON(e.stdout, doc)
	case "geojson":
		return writeTerritoryGeoJSON(e.stdout, d, doc)
	}
	fmt.Fprintf(e.stdout, "Territory on %s (%s), of Syria's %.0f km²:\n", d.Date, t.Scenario.ID, doc.SyriaKm2)
	for _, f := range t.Scenario.FactionIDs() {
		if v, ok := doc.AreaKm2[f]; ok {
			fmt.Fprintf(e.stdout, "  %-10s %9.0f km²  %5.2f%%\n", f, v, doc.Share[f])
		}
	}
	fmt.Fprintf(e.stdout, "Front line: %.0f km\n", doc.FrontLineKm)
	return nil
}

func writeTerritoryGeoJSON(w io.Writer, d *sim.Day, doc territoryDoc) error {
	fc := geojson.NewFeatureCollection()
	for _, f := range d.Territory.Factions() {
		ft := geojson.NewFeature(d.Geometry.Polygons[f])
		ft.Properties["faction"] = f
		ft.Properties["area_km2"] = doc.AreaKm2[f]
		ft.Properties["share"] = doc.Share[f]
		ft.Properties["date"] = d.Date.String()
		fc.Append(ft)
	}
	for _, fr := range d.Geometry.Fronts {
		ft := geojson.NewFeature(fr.Lines)
		ft.Properties["front"] = fr.A + "/" + fr.B
		ft.Properties["length_km"] = math.Round(fr.LengthKm*10) / 10
		ft.Properties["date"] = d.Date.String()
		fc.Append(ft)
	}
	b, err := json.Marshal(fc)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

package territory

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/paulmach/orb"
)

// Crossing is a place where a barrier river may be crossed: a bridge or a
// dam. Places are its bridgeheads, the atlas places that command it, one
// per bank where the gazetteer has one.
type Crossing struct {
	ID, Name, River string
	Point           orb.Point // (lon, lat), on the basemap's river line
	Places          []string
	Kind            string // bridge or dam
	Source          string
}

//go:embed crossings.csv
var crossingsCSV []byte

// ParseCrossings reads crossings in the format of crossings.csv: id, name,
// river, lat, lon, places (';'-separated ids), kind, source.
func ParseCrossings(file string, data []byte) ([]Crossing, error) {
	r := csv.NewReader(bytes.NewReader(data))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "id,name,river,lat,lon,places,kind,source" {
		return nil, fmt.Errorf("%s: want the header id,name,river,lat,lon,places,kind,source", file)
	}
	var out []Crossing
	for n, rec := range recs[1:] {
		lat, err1 := strconv.ParseFloat(rec[3], 64)
		lon, err2 := strconv.ParseFloat(rec[4], 64)
		if err1 != nil || err2 != nil || !(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) {
			return nil, fmt.Errorf("%s:%d: bad coordinates %q, %q", file, n+2, rec[3], rec[4])
		}
		if rec[0] == "" || rec[5] == "" {
			return nil, fmt.Errorf("%s:%d: a crossing needs an id and at least one bridgehead place", file, n+2)
		}
		out = append(out, Crossing{ID: rec[0], Name: rec[1], River: rec[2], Point: orb.Point{lon, lat},
			Places: strings.Split(rec[5], ";"), Kind: rec[6], Source: rec[7]})
	}
	return out, nil
}

// DefaultCrossings returns the built-in crossings (crossings.csv).
func DefaultCrossings() []Crossing {
	cs, err := ParseCrossings("geo/territory/crossings.csv", crossingsCSV)
	if err != nil {
		panic("territory: " + err.Error())
	}
	return cs
}

// DefaultCellKm is the built-in raster's cell size.
const DefaultCellKm = 1.5

// DefaultConfig is the built-in configuration for atlas a: 1.5 km cells,
// the default costs and barriers, and the built-in crossings whose
// bridgeheads a has (a smaller test atlas simply has fewer crossings).
func DefaultConfig(a *geo.Atlas) Config {
	cfg := Config{CellKm: DefaultCellKm, Costs: DefaultCosts, Barriers: DefaultBarriers}
	for _, c := range DefaultCrossings() {
		ok := true
		for _, p := range c.Places {
			if _, has := a.Index(p); !has {
				ok = false
			}
		}
		if ok {
			cfg.Crossings = append(cfg.Crossings, c)
		}
	}
	return cfg
}

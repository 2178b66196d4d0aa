package sim

import (
	"sync"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/geo/territory"
)

// Territory is the raster on which each day's territory is computed: the
// cost-distance partition of package geo/territory over the atlas. A
// Territory with a nil Map (an atlas without a basemap) gives no areas.
type Territory struct {
	Map   *territory.Map
	atlas *geo.Atlas // the atlas it was built on
}

var terrCache struct {
	sync.Mutex
	atlas *geo.Atlas
	t     *Territory
	err   error
}

// NewTerritory builds (or reuses, for the same atlas) the territory raster
// of a with the built-in configuration (territory.DefaultConfig). With no
// basemap, or if the raster cannot be built, Map is nil.
func NewTerritory(a *geo.Atlas) *Territory {
	terrCache.Lock()
	defer terrCache.Unlock()
	if terrCache.atlas == a && terrCache.t != nil {
		return terrCache.t
	}
	t := &Territory{atlas: a}
	if a.Basemap() != nil {
		if m, err := territory.New(a, territory.DefaultConfig(a)); err == nil {
			t.Map = m
		}
	}
	terrCache.atlas, terrCache.t = a, t
	return t
}

// controllers returns the controller of every place on day d.
func controllers(d *Day) []string {
	out := make([]string, d.NumPlaces())
	for i, p := range d.Places() {
		out[i] = p.Controller
	}
	return out
}

// partition computes day d's territory from prev (the day before; nil on
// the first day), incrementally where it can.
func (t *Territory) partition(s *Scenario, prev *territory.Partition, d *Day) *territory.Partition {
	if t == nil || t.Map == nil {
		return nil
	}
	ctrl := controllers(d)
	if prev == nil {
		return t.Map.Partition(ctrl, s.Zones)
	}
	return prev.Next(ctrl)
}

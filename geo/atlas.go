package geo

import (
	_ "embed"
	"fmt"
	"sort"
	"sync"

	"github.com/paulmach/orb"
)

//go:embed data/places.csv
var placesCSV []byte

//go:embed data/roads.csv
var roadsCSV []byte

//go:embed data/basemap.geojson
var basemapJSON []byte

// Segment is one stretch of road between two consecutive places of a Road.
type Segment struct {
	Road     string
	Class    Class
	From, To string         // place ids, in the road's travel order
	Line     orb.LineString // (lon, lat) vertices, From to To
	LengthKm float64        // geodesic length of Line
}

// Key returns the segment's stable identifier, "road:from:to".
func (s Segment) Key() string { return s.Road + ":" + s.From + ":" + s.To }

// Atlas is a parsed, checked gazetteer with its road network and basemap. It
// is read-only once built and safe for concurrent use.
type Atlas struct {
	places   []Place // sorted by ID
	byID     map[string]int
	ix       *index
	roads    []Road
	segments []Segment
	basemap  *Basemap
}

// NewAtlas builds an atlas from places and roads. It fails when names
// collide or a road names an unknown place. Segments are listed in road
// order, then travel order.
func NewAtlas(places []Place, roads []Road, basemap *Basemap) (*Atlas, error) {
	a := &Atlas{places: append([]Place(nil), places...), byID: map[string]int{}, roads: roads, basemap: basemap}
	sort.Slice(a.places, func(i, j int) bool { return a.places[i].ID < a.places[j].ID })
	for i, p := range a.places {
		if _, dup := a.byID[p.ID]; dup {
			return nil, fmt.Errorf("gazetteer: duplicate place id %q", p.ID)
		}
		a.byID[p.ID] = i
	}
	var err error
	if a.ix, err = newIndex(a.places); err != nil {
		return nil, err
	}
	for _, r := range roads {
		for i := 1; i < len(r.Places); i++ {
			from, ok1 := a.byID[r.Places[i-1]]
			to, ok2 := a.byID[r.Places[i]]
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("road %s: unknown place in %s–%s", r.Name, r.Places[i-1], r.Places[i])
			}
			line := orb.LineString{a.places[from].Point, a.places[to].Point}
			a.segments = append(a.segments, Segment{
				Road: r.Name, Class: r.Class, From: r.Places[i-1], To: r.Places[i],
				Line: line, LengthKm: LengthKm(line),
			})
		}
	}
	return a, nil
}

var (
	defaultOnce  sync.Once
	defaultAtlas *Atlas
	defaultErr   error
)

// Default returns the built-in atlas, parsed from the embedded data on first
// use. An error here means the embedded data is broken, which the package's
// tests rule out.
func Default() (*Atlas, error) {
	defaultOnce.Do(func() {
		places, err := ParsePlaces("geo/data/places.csv", placesCSV)
		if err != nil {
			defaultErr = err
			return
		}
		roads, err := ParseRoads("geo/data/roads.csv", roadsCSV, places)
		if err != nil {
			defaultErr = err
			return
		}
		bm, err := ParseBasemap("geo/data/basemap.geojson", basemapJSON)
		if err != nil {
			defaultErr = err
			return
		}
		defaultAtlas, defaultErr = NewAtlas(places, roads, bm)
	})
	return defaultAtlas, defaultErr
}

// MustDefault is Default for programs and tests that cannot go on without
// the built-in data. It panics if the embedded data is broken.
func MustDefault() *Atlas {
	a, err := Default()
	if err != nil {
		panic("geo: " + err.Error())
	}
	return a
}

// Extend returns a new atlas with a's places and roads plus these (a
// scenario's own places and roads), on the same basemap. It fails like
// NewAtlas: on a duplicate id, a colliding name, or a road through an
// unknown place. a itself is unchanged.
func (a *Atlas) Extend(places []Place, roads []Road) (*Atlas, error) {
	ps := append(append([]Place(nil), a.places...), places...)
	rs := append(append([]Road(nil), a.roads...), roads...)
	return NewAtlas(ps, rs, a.basemap)
}

// Places returns every place, sorted by id. The slice must not be modified.
func (a *Atlas) Places() []Place { return a.places }

// Roads returns the roads in file order. The slice must not be modified.
func (a *Atlas) Roads() []Road { return a.roads }

// Segments returns every road segment. The slice must not be modified.
func (a *Atlas) Segments() []Segment { return a.segments }

// Basemap returns the basemap, or nil if the atlas was built without one.
func (a *Atlas) Basemap() *Basemap { return a.basemap }

// Index returns the position of the place with exactly this id in Places.
func (a *Atlas) Index(id string) (int, bool) {
	i, ok := a.byID[id]
	return i, ok
}

// Place returns the place with exactly this id.
func (a *Atlas) Place(id string) (Place, bool) {
	i, ok := a.byID[id]
	if !ok {
		return Place{}, false
	}
	return a.places[i], true
}

// Lookup finds a place by id, name or alias, ignoring case, punctuation,
// diacritics and a leading article ("Al-Bab", "al bab", "Bab"). When
// nothing matches it returns an *UnknownPlaceError with the closest id.
func (a *Atlas) Lookup(name string) (Place, error) {
	if i, ok := a.ix.find(name); ok {
		return a.places[i], nil
	}
	e := &UnknownPlaceError{Name: name}
	if i := a.ix.suggest(name); i >= 0 {
		e.Suggestion = a.places[i].ID
	}
	return Place{}, e
}

// Find finds a place as Lookup does, but computes no suggestion when
// nothing matches: callers that bound their suggestions use Suggest.
func (a *Atlas) Find(name string) (Place, bool) {
	if i, ok := a.ix.find(name); ok {
		return a.places[i], true
	}
	return Place{}, false
}

// Complete returns the places a partly typed name may mean, best first,
// at most n: the place Lookup finds for it, then those whose name, id or
// alias starts with it (ignoring case, accents and punctuation, as Lookup
// does), the most important first, and, when none does, Lookup's
// did-you-mean suggestion. The viewer's find box suggests these as the
// name is typed, and Enter goes to the first.
func (a *Atlas) Complete(name string, n int) []Place {
	var out []Place
	for _, i := range a.ix.complete(a.places, name, n) {
		out = append(out, a.places[i])
	}
	return out
}

// Suggest returns the id of the place whose name is closest to name, or ""
// when nothing is close. Validators use it for did-you-mean hints.
func (a *Atlas) Suggest(name string) string {
	if i := a.ix.suggest(name); i >= 0 {
		return a.places[i].ID
	}
	return ""
}

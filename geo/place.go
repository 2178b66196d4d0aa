package geo

import (
	"fmt"
	"strings"

	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/paulmach/orb"
)

// Kind classifies a place. It drives the symbol the viewer draws and the
// default importance of the place.
type Kind string

// The kinds of place in the gazetteer.
const (
	City     Kind = "city"
	Town     Kind = "town"
	Village  Kind = "village"
	Airbase  Kind = "airbase"
	Junction Kind = "junction"
	Site     Kind = "site"
	District Kind = "district"
	// Base is a military base hosted inside an ally's land (the
	// Coalition's Conoco and al-Tanf bases): a marker, never territory.
	Base Kind = "base"
)

// Kinds lists every valid Kind in a stable order.
var Kinds = []Kind{City, Town, Village, Airbase, Junction, Site, District, Base}

// ParseKind returns the Kind named s, or an error listing the kinds.
func ParseKind(s string) (Kind, error) { return parseKind(s) }

func parseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return "", fmt.Errorf("unknown kind %s; use one of %s", safetext.Quote(s), strings.Join(names, ", "))
}

// Place is one row of the gazetteer.
type Place struct {
	ID          string    // stable id: lowercase, hyphenated English name
	Name        string    // display name
	Aliases     []string  // other spellings accepted by lookups
	Point       orb.Point // WGS84 (lon, lat)
	Kind        Kind
	Governorate string
	Population  int    // 0 when no source gives one
	Source      string // public source of the coordinates
	Note        string // provenance notes, anchors, which document names it
}

// Lat returns the latitude of p in degrees.
func (p Place) Lat() float64 { return p.Point.Lat() }

// Lon returns the longitude of p in degrees.
func (p Place) Lon() float64 { return p.Point.Lon() }

// Importance ranks places for symbol size and label priority: 3 for the
// cities, 2 for towns and airbases, 1 for the rest. Population refines the
// order within a rank (see Less).
func (p Place) Importance() int {
	switch p.Kind {
	case City:
		return 3
	case Town, Airbase:
		return 2
	}
	return 1
}

// Anchored reports whether the place has no coordinates of its own in any
// public source and borrows those of a documented neighbour, as its Note
// explains ("ANCHORED to hatla: …"). Such places may share a point with
// their anchor, so zero-length segments and stacked symbols are expected.
func (p Place) Anchored() bool { return strings.HasPrefix(p.Note, "ANCHORED") }

// CoordFrom is what an anchored place borrows its coordinates from, as its
// Note names it ("ANCHORED to mhardeh: …" gives "mhardeh"): the id of
// another place of the gazetteer, or, for a place anchored to something
// the gazetteer lacks, its name ("al-Muslimiyah village"). It is "" for a
// place with coordinates of its own. The places listing, the GeoJSON, the
// change log and the viewer's hover flag borrowed coordinates with it.
func (p Place) CoordFrom() string {
	if !p.Anchored() {
		return ""
	}
	rest := strings.TrimSpace(strings.TrimPrefix(p.Note, "ANCHORED"))
	rest = strings.TrimSpace(strings.TrimPrefix(rest, "to "))
	anchor, _, _ := strings.Cut(rest, ":")
	return strings.TrimSpace(anchor)
}

package geo

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/paulmach/orb"
)

// placeColumns is the header of a places file, in order.
var placeColumns = []string{"id", "name", "aliases", "lat", "lon", "kind", "governorate", "population", "source", "note"}

// roadColumns is the header of a roads file, in order.
var roadColumns = []string{"road", "class", "places", "source"}

// table reads a CSV file with a fixed header and reports problems as
// file:line:col.
type table struct {
	file string
	r    *csv.Reader
	errs []error
}

func newTable(file string, data []byte, header []string) (*table, error) {
	t := &table{file: file, r: csv.NewReader(bytes.NewReader(data))}
	t.r.FieldsPerRecord = -1
	t.r.Comment = '#'
	got, err := t.r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file; the first line must be the header %q", file, strings.Join(header, ","))
	}
	if err != nil {
		return nil, t.csvErr(err)
	}
	for i, h := range header {
		if i >= len(got) {
			return nil, fmt.Errorf("%s:1: the header has %d columns, want %d: %q", file, len(got), len(header), strings.Join(header, ","))
		}
		if strings.TrimSpace(got[i]) != h {
			line, col := t.r.FieldPos(i)
			return nil, fmt.Errorf("%s:%d:%d: header column %d is %s, want %q; the header must be %q",
				file, line, col, i+1, safetext.Quote(got[i]), h, strings.Join(header, ","))
		}
	}
	if len(got) != len(header) {
		return nil, fmt.Errorf("%s:1: the header has %d columns, want %d: %q", file, len(got), len(header), strings.Join(header, ","))
	}
	t.r.FieldsPerRecord = len(header)
	return t, nil
}

func (t *table) csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %v", t.file, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %v", t.file, err)
}

// next returns the next record, or nil at the end. A malformed record is
// recorded and skipped.
func (t *table) next() []string {
	for {
		rec, err := t.r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			t.errs = append(t.errs, t.csvErr(err))
			var pe *csv.ParseError
			if errors.As(err, &pe) && pe.Err == csv.ErrFieldCount {
				continue
			}
			return nil // the reader cannot resynchronise after a quote error
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		return rec
	}
}

func (t *table) errorf(field int, format string, args ...any) {
	line, col := t.r.FieldPos(field)
	t.errs = append(t.errs, fmt.Errorf("%s:%d:%d: %s", t.file, line, col, fmt.Sprintf(format, args...)))
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ";") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// ParsePlaces parses a places CSV file (see docs/data.md for the columns).
// file names the input in error messages. All problems are reported at once,
// joined, each as file:line:col.
func ParsePlaces(file string, data []byte) ([]Place, error) {
	t, err := newTable(file, data, placeColumns)
	if err != nil {
		return nil, err
	}
	var places []Place
	seen := map[string]bool{}
	for rec := t.next(); rec != nil; rec = t.next() {
		p := Place{ID: rec[0], Name: rec[1], Aliases: splitList(rec[2]), Governorate: rec[6], Source: rec[8], Note: rec[9]}
		switch {
		case p.ID == "":
			t.errorf(0, "empty id")
		case p.ID != strings.ToLower(p.ID) || strings.ContainsAny(p.ID, " _'"):
			t.errorf(0, "id %s must be lowercase and hyphenated, like %s", safetext.Quote(p.ID), safetext.Quote(strings.ReplaceAll(strings.ToLower(p.ID), " ", "-")))
		case seen[p.ID]:
			t.errorf(0, "duplicate id %s", safetext.Quote(p.ID))
		}
		seen[p.ID] = true
		if p.Name == "" {
			t.errorf(1, "empty name for %s", safetext.Quote(p.ID))
		}
		lat, errLat := strconv.ParseFloat(rec[3], 64)
		if errLat != nil || lat < -90 || lat > 90 {
			t.errorf(3, "latitude %s is not a number of degrees in [-90, 90]", safetext.Quote(rec[3]))
		}
		lon, errLon := strconv.ParseFloat(rec[4], 64)
		if errLon != nil || lon < -180 || lon > 180 {
			t.errorf(4, "longitude %s is not a number of degrees in [-180, 180]", safetext.Quote(rec[4]))
		}
		p.Point = orb.Point{lon, lat}
		if p.Kind, err = parseKind(rec[5]); err != nil {
			t.errorf(5, "%v", err)
		}
		if rec[7] != "" {
			if p.Population, err = strconv.Atoi(rec[7]); err != nil || p.Population < 0 {
				t.errorf(7, "population %s is not a whole number", safetext.Quote(rec[7]))
			}
		}
		if p.Source == "" {
			t.errorf(8, "place %s has no source for its coordinates", safetext.Quote(p.ID))
		}
		places = append(places, p)
	}
	if len(t.errs) > 0 {
		return nil, errors.Join(t.errs...)
	}
	return places, nil
}

// Road is a named chain of places, as written in a roads file.
type Road struct {
	Name   string   // "M5", "M4", or a descriptive name
	Class  Class    // motorway, primary, secondary, track
	Places []string // place ids in travel order
	Source string
}

// Class is a road class. It sets the travel speed used for graph weights.
type Class string

// The road classes, fastest first.
const (
	Motorway  Class = "motorway"
	Primary   Class = "primary"
	Secondary Class = "secondary"
	Track     Class = "track"
)

// Speed returns the assumed travel speed on a road of class c in km/h. The
// figures are round planning speeds for military road moves (not traffic
// speeds); see docs/model.md.
func (c Class) Speed() float64 {
	switch c {
	case Motorway:
		return 80
	case Primary:
		return 60
	case Secondary:
		return 40
	}
	return 20
}

// ParseClass returns the road Class named s, or an error listing them.
func ParseClass(s string) (Class, error) { return parseClass(s) }

func parseClass(s string) (Class, error) {
	for _, c := range []Class{Motorway, Primary, Secondary, Track} {
		if string(c) == s {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown road class %s; use motorway, primary, secondary or track", safetext.Quote(s))
}

// ParseRoads parses a roads CSV file. Every place id must name one of
// places; an unknown one is reported with the closest id.
func ParseRoads(file string, data []byte, places []Place) ([]Road, error) {
	ix, err := newIndex(places)
	if err != nil {
		return nil, err
	}
	t, err := newTable(file, data, roadColumns)
	if err != nil {
		return nil, err
	}
	var roads []Road
	for rec := t.next(); rec != nil; rec = t.next() {
		r := Road{Name: rec[0], Places: splitList(rec[2]), Source: rec[3]}
		if r.Name == "" {
			t.errorf(0, "empty road name")
		}
		if r.Class, err = parseClass(rec[1]); err != nil {
			t.errorf(1, "%v", err)
		}
		if len(r.Places) < 2 {
			t.errorf(2, "road %s needs at least two places, separated by ';'", safetext.Quote(r.Name))
		}
		for _, id := range r.Places {
			if j, ok := ix.exact[NameKey(id)]; ok && places[j].ID == id {
				continue
			}
			if j := ix.suggest(id); j >= 0 {
				t.errorf(2, "road %s: unknown place %s; did you mean %q?", safetext.Quote(r.Name), safetext.Quote(id), places[j].ID)
			} else {
				t.errorf(2, "road %s: unknown place %s", safetext.Quote(r.Name), safetext.Quote(id))
			}
		}
		for i := 1; i < len(r.Places); i++ {
			if r.Places[i] == r.Places[i-1] {
				t.errorf(2, "road %s repeats place %s", safetext.Quote(r.Name), safetext.Quote(r.Places[i]))
			}
		}
		if r.Source == "" {
			t.errorf(3, "road %s has no source", safetext.Quote(r.Name))
		}
		roads = append(roads, r)
	}
	if len(t.errs) > 0 {
		return nil, errors.Join(t.errs...)
	}
	return roads, nil
}

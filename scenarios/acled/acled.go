// Package acled reads exports of ACLED (the Armed Conflict Location &
// Event Data project) in ACLED's own column layout, keeps the events that
// move territory, matches their locations to frontline's places, and
// proposes them as a what-if file of reported events for a person to
// review. Nothing is applied by itself: the output is a file to read, edit
// and replay.
package acled

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
)

// Territorial are ACLED's sub-event types that move territory: the only
// ones imported.
var Territorial = []string{
	"Non-state actor overtakes territory",
	"Government regains territory",
	"Non-violent transfer of territory",
}

// Columns are the columns an import needs; ACLED exports carry these and
// more (event_id_cnty, year, time_precision, disorder_type, event_type,
// assoc_actor_1, inter1, …, admin1..3, iso, region, country,
// geo_precision, source_scale, fatalities, tags, timestamp), in any order.
var Columns = []string{"event_id_cnty", "event_date", "sub_event_type", "actor1", "actor2", "location", "latitude", "longitude", "source", "notes"}

// MaxBytes bounds what Parse reads: ACLED exports of a country-year are a
// few tens of megabytes.
const MaxBytes = 256 << 20

// Row is one ACLED event.
type Row struct {
	Line         int // line in the file, for messages
	ID           string
	Date         sim.Date
	SubEventType string
	Actor1       string
	Actor2       string
	Location     string
	Admin1       string
	Point        orb.Point // (lon, lat)
	Source       string
	Notes        string
}

// Territorial reports whether the row's sub-event type moves territory.
func (r Row) Territorial() bool {
	for _, t := range Territorial {
		if strings.EqualFold(strings.TrimSpace(r.SubEventType), t) {
			return true
		}
	}
	return false
}

// ParseError names the file, line and column of a problem.
type ParseError struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *ParseError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Parse reads an ACLED CSV export. name is the file's name, for messages.
// It needs the header row with at least Columns.
func Parse(r io.Reader, name string) ([]Row, error) {
	cr := csv.NewReader(&limited{r: r, n: MaxBytes})
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &ParseError{File: name, Line: 1, Msg: "the file is empty; want an ACLED export with its header row"}
		}
		return nil, csvError(name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		col[strings.ToLower(h)] = i
	}
	var missing []string
	for _, c := range Columns {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, &ParseError{File: name, Line: 1, Msg: fmt.Sprintf("the header lacks ACLED's column(s) %s; export from ACLED with all columns (this reads ACLED's own layout)", strings.Join(missing, ", "))}
	}
	var rows []Row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		pos := func(c string) int {
			_, column := cr.FieldPos(min(col[c], len(rec)-1))
			return column
		}
		row := Row{Line: line, ID: get("event_id_cnty"), SubEventType: get("sub_event_type"), Actor1: get("actor1"), Actor2: get("actor2"),
			Location: get("location"), Admin1: get("admin1"), Source: get("source"), Notes: get("notes")}
		if row.Date, err = parseDate(get("event_date")); err != nil {
			return nil, &ParseError{File: name, Line: line, Column: pos("event_date"), Msg: err.Error()}
		}
		lat, err1 := strconv.ParseFloat(get("latitude"), 64)
		lon, err2 := strconv.ParseFloat(get("longitude"), 64)
		if err1 != nil || err2 != nil || math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			return nil, &ParseError{File: name, Line: line, Column: pos("latitude"),
				Msg: fmt.Sprintf("latitude %s, longitude %s: want decimal degrees", safetext.Quote(get("latitude")), safetext.Quote(get("longitude")))}
		}
		row.Point = orb.Point{lon, lat}
		rows = append(rows, row)
	}
}

// parseDate reads ACLED's dates: "2024-11-30" (the API and recent
// exports) or "30 November 2024" (older exports).
func parseDate(s string) (sim.Date, error) {
	for _, layout := range []string{"2006-01-02", "2 January 2006", "02 January 2006", "2-Jan-06", "01/02/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return sim.ParseDate(t.Format("2006-01-02"))
		}
	}
	return 0, fmt.Errorf("event_date %s: want a date like 2024-11-30 or 30 November 2024", safetext.Quote(s))
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: name, Line: pe.Line, Column: pe.Column, Msg: pe.Err.Error()}
	}
	if errors.Is(err, errTooBig) {
		return fmt.Errorf("%s: %v", name, err)
	}
	return fmt.Errorf("%s: %v", name, err)
}

var errTooBig = fmt.Errorf("larger than %d MiB; split the export", MaxBytes>>20)

type limited struct {
	r io.Reader
	n int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooBig
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// Actors maps words of ACLED's actor names to the factions of the
// built-in scenario. ACLED names actors in full ("Military Forces of Syria
// (2000-2024)", "HTS: Hayat Tahrir al-Sham", "SDF: Syrian Democratic
// Forces"); the first rule whose word the actor contains wins.
var Actors = []struct{ Word, Faction string }{
	{"hayat tahrir al-sham", "hts"},
	{"hts:", "hts"},
	{"military operations command", "hts"},
	{"syrian national army", "sna"},
	{"sna:", "sna"},
	{"syrian democratic forces", "sdf"},
	{"sdf:", "sdf"},
	{"ypg", "sdf"},
	{"military forces of syria", "regime"},
	{"government of syria", "regime"},
	{"national defense forces", "regime"},
	{"police forces of syria", "regime"},
	{"international coalition", "coalition"},
	{"military forces of the united states", "coalition"},
}

// Faction returns the faction of an ACLED actor among the scenario's
// factions, or "".
func Faction(actor string, s *sim.Scenario) string {
	a := strings.ToLower(actor)
	for _, r := range Actors {
		if strings.Contains(a, r.Word) {
			if _, ok := s.Faction(r.Faction); ok {
				return r.Faction
			}
		}
	}
	return ""
}

// Matching thresholds.
const (
	// NameKm is how far from ACLED's coordinates a place matched by name
	// may lie: ACLED geocodes to the town, at worst to the district.
	NameKm = 25
	// NearKm is how close the nearest place must be to match a row whose
	// name matches none.
	NearKm = 3
)

// Proposal is a row matched to a place and a faction: a proposed event.
type Proposal struct {
	Row     Row
	Place   geo.Place
	Faction string
	By      string  // "name" or "distance"
	Km      float64 // from ACLED's coordinates to the place
}

// Unmatched is a territorial row that proposes nothing, and why.
type Unmatched struct {
	Row     Row
	Reason  string
	Nearest geo.Place
	Km      float64
}

// Result is what an import found.
type Result struct {
	Rows      int // rows read
	Skipped   int // rows of other sub-event types
	Proposals []Proposal
	Unmatched []Unmatched
}

// Match matches the territorial rows to places of a, by name and alias
// (geo's lookup), checked against distance, or else by distance alone, and
// to factions of s by actor1, the side that gains ground.
func Match(rows []Row, a *geo.Atlas, s *sim.Scenario) Result {
	res := Result{Rows: len(rows)}
	for _, r := range rows {
		if !r.Territorial() {
			res.Skipped++
			continue
		}
		near, km := nearest(a, r.Point)
		un := func(format string, args ...any) {
			res.Unmatched = append(res.Unmatched, Unmatched{Row: r, Reason: fmt.Sprintf(format, args...), Nearest: near, Km: km})
		}
		var pl geo.Place
		by := ""
		p, err := a.Lookup(r.Location)
		switch {
		case err == nil && geo.DistanceKm(p.Point, r.Point) <= NameKm:
			pl, by = p, "name"
		case err == nil:
			un("the name matches %s, but it lies %.0f km from ACLED's coordinates", p.ID, geo.DistanceKm(p.Point, r.Point))
			continue
		case km <= NearKm:
			pl, by = near, "distance"
		default:
			msg := fmt.Sprintf("no place is named %s", safetext.Quote(r.Location))
			var ue *geo.UnknownPlaceError
			if errors.As(err, &ue) && ue.Suggestion != "" {
				msg += fmt.Sprintf(" (closest name: %s)", ue.Suggestion)
			}
			un("%s, and none lies within %d km", msg, NearKm)
			continue
		}
		if r.Date < s.Start || r.Date > s.End {
			un("%s is outside the scenario's %s to %s", r.Date, s.Start, s.End)
			continue
		}
		f := Faction(r.Actor1, s)
		if f == "" {
			un("actor1 %s is none of the scenario's factions", safetext.Quote(r.Actor1))
			continue
		}
		res.Proposals = append(res.Proposals, Proposal{Row: r, Place: pl, Faction: f, By: by, Km: geo.DistanceKm(pl.Point, r.Point)})
	}
	sort.SliceStable(res.Proposals, func(i, j int) bool { return res.Proposals[i].Row.Date < res.Proposals[j].Row.Date })
	return res
}

// nearest returns the place nearest to pt and its distance in km.
func nearest(a *geo.Atlas, pt orb.Point) (geo.Place, float64) {
	var best geo.Place
	bestKm := math.Inf(1)
	for _, p := range a.Places() {
		if d := geo.DistanceKm(p.Point, pt); d < bestKm {
			best, bestKm = p, d
		}
	}
	return best, bestKm
}

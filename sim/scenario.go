package sim

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/geo/territory"
)

// IDPattern is the form of every id a file gives (scenario, event,
// intervention, sweep, factor, outcome): lowercase words of letters and
// digits joined by hyphens, safe in a file name and a CSV header.
var IDPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// MaxIDLen is the longest id a file may give, in bytes: ids name CSV and
// Parquet columns, files and links (render/link bounds a link's id the
// same), and an id of a megabyte would be echoed, written and compared
// in full.
const MaxIDLen = 64

// ValidID reports whether id has IDPattern's form and at most MaxIDLen
// bytes.
func ValidID(id string) bool { return len(id) <= MaxIDLen && IDPattern.MatchString(id) }

// Faction is a side in a scenario.
type Faction struct {
	ID      string
	Name    string
	Colour  string // "#rrggbb"
	Pattern string // fill pattern for colour-blind viewers: solid, hatch, cross, dots, vertical, horizontal
}

// Kind is what an event does to its target.
type Kind string

// The event kinds. Captured, Contested, Claimed and Withdrawn change the
// control of a place or segment; Cut and Reopened apply to road segments;
// Annotation records a strike or a move without changing control.
const (
	Captured   Kind = "captured"
	Contested  Kind = "contested"
	Claimed    Kind = "claimed"
	Withdrawn  Kind = "withdrawn"
	Cut        Kind = "cut"
	Reopened   Kind = "reopened"
	Annotation Kind = "annotation"
)

// Kinds lists every event kind.
var Kinds = []Kind{Captured, Contested, Claimed, Withdrawn, Cut, Reopened, Annotation}

// Certainty says how well an event is attested.
type Certainty string

// The certainties: confirmed by the source or an independent one, or only
// reported (by one side, or by one outlet without confirmation).
const (
	Confirmed Certainty = "confirmed"
	Reported  Certainty = "reported"
)

// Source cites where an event comes from.
type Source struct {
	Document string // file name of the source document
	Outlet   string // the news outlet or agency
	Date     Date   // the report's date
	// Doc is the document's entry in the table of sources
	// (scenarios.Documents); nil for a document not in it.
	Doc *Document
}

// Target is what an event applies to: a place, or the stretch of a road
// between two of its places (every segment between From and To).
type Target struct {
	Place    string // place id, for place events
	Road     string // road name, for segment events
	From, To string // place ids on Road
}

// IsRoad reports whether the target is a road stretch.
func (t Target) IsRoad() bool { return t.Road != "" }

func (t Target) String() string {
	if t.IsRoad() {
		return fmt.Sprintf("%s %s–%s", t.Road, t.From, t.To)
	}
	return t.Place
}

// Event is one entry of the ledger.
type Event struct {
	Seq       int // position in the scenario, breaking same-day ties
	ID        string
	Date      Date
	Target    Target
	Kind      Kind
	Faction   string
	Certainty Certainty
	Source    Source
	Quote     string // verbatim from the source document
	Note      string // how the date or target was derived
	// Segments holds, for a road target, the indexes in Atlas.Segments of
	// every segment between From and To. Set by Scenario.Resolve.
	Segments []int
}

// Scenario is a checked scenario: the ledger and the starting state that
// Replay and the model read. Build one with the scenarios package.
type Scenario struct {
	ID          string
	Title       string
	Description string
	Start, End  Date
	Factions    []Faction
	Allies      [][2]string // pairs of factions that are not hostile
	// Initial control on Start: the controller of each place by index in
	// Atlas.Places.
	Initial  []string
	Events   []Event // sorted by date, then Seq
	Captions map[Date]string
	// Params are the model's parameters: DefaultParams with the
	// scenario's `parameters:` applied.
	Params Params
	// Pinned lists the parameters the scenario's `parameters:` set, by
	// their `param` name ("tau_hours", "strength.sna" for a per-faction
	// one): an ensemble that draws its parameters keeps these as set.
	Pinned []string
	// WhatIf marks a scenario that is not the documented history: one read
	// from a user's file, or with hypothetical events. Every view and
	// briefing of it says so, so that it cannot pass for the record.
	WhatIf bool
	// Interventions are dated changes to the model, in file order.
	Interventions []Intervention
	// Zones are fixed areas the scenario gives to a faction (the al-Tanf
	// deconfliction zone); they override the partition.
	Zones []territory.Zone
	// Watch names the routes and roads the metrics follow.
	Watch Watch
	// Atlas is the atlas the scenario was built on: the one it was loaded
	// against, extended with the scenario's own places and roads. Initial
	// and every index refer to it; replay the scenario on it.
	Atlas *geo.Atlas
	Story *Story // a briefing storyboard; nil when the file has none
}

// MaxFactions is the most factions the model handles: it keeps a day's
// active factions as the bits of a uint64.
const MaxFactions = 64

// InterventionKind is what an intervention changes.
type InterventionKind string

// The intervention kinds.
const (
	// Reinforce divides the capture hazard of Places by Factor.
	Reinforce InterventionKind = "reinforce"
	// AirSupport multiplies Faction's air support level by Factor.
	AirSupportKind InterventionKind = "air_support"
	// Passive: Faction attacks no one.
	Passive InterventionKind = "passive"
	// Attack: Faction opens its offensive on From, whatever the ledger says.
	Attack InterventionKind = "attack"
	// RoadCut closes Segments to every faction.
	RoadCut InterventionKind = "road_cut"
	// RoadOpen reopens Segments that a road_cut closed.
	RoadOpen InterventionKind = "road_open"
)

// InterventionKinds lists every kind.
var InterventionKinds = []InterventionKind{Reinforce, AirSupportKind, Passive, Attack, RoadCut, RoadOpen}

// Intervention is one dated change to the model, in force from From to
// the end.
type Intervention struct {
	ID      string // the file's id: (may be empty); sweeps name interventions by it
	Kind    InterventionKind
	From    Date
	Places  []int // Reinforce: indexes in Atlas.Places
	Faction string
	// Against limits Passive and Attack to the fronts of Faction against
	// these factions; empty: all of them.
	Against  []string
	Factor   float64 // Reinforce, AirSupport
	Segments []int   // RoadCut, RoadOpen: indexes in Atlas.Segments
	Note     string
	// Own marks an intervention of the what-if file loaded, not of a file
	// it extends: by default the model takes over from the documents the
	// day before the first of them (ensemble.HandOver).
	Own bool
}

// Faction returns the faction with this id.
func (s *Scenario) Faction(id string) (Faction, bool) {
	for _, f := range s.Factions {
		if f.ID == id {
			return f, true
		}
	}
	return Faction{}, false
}

// Hostile reports whether factions a and b fight each other: they differ,
// neither is empty, and they are not listed as allies.
func (s *Scenario) Hostile(a, b string) bool {
	if a == b || a == "" || b == "" {
		return false
	}
	for _, p := range s.Allies {
		if (p[0] == a && p[1] == b) || (p[0] == b && p[1] == a) {
			return false
		}
	}
	return true
}

// ModelOnly says, of a what-if whose own interventions change the model,
// that its replay cannot show them: they act in the simulation only, and
// the replay of its events looks like the history. "" for any other
// scenario. Each caller adds how to run it.
func (s *Scenario) ModelOnly() string {
	var ids []string
	for _, iv := range s.Interventions {
		if iv.Own {
			id := iv.ID
			if id == "" {
				id = string(iv.Kind)
			}
			ids = append(ids, id)
		}
	}
	if !s.WhatIf || len(ids) == 0 {
		return ""
	}
	what, act := "intervention", "acts"
	if len(ids) > 1 {
		what, act = "interventions", "act"
	}
	return fmt.Sprintf("This what-if's %s (%s) %s in the simulation only: its replay shows the documented events and looks like the history.", what, strings.Join(ids, ", "), act)
}

// Days returns the number of days from Start to End inclusive.
func (s *Scenario) Days() int { return int(s.End-s.Start) + 1 }

// SortEvents orders the events by date, then by Seq.
func (s *Scenario) SortEvents() {
	sort.SliceStable(s.Events, func(i, j int) bool {
		if s.Events[i].Date != s.Events[j].Date {
			return s.Events[i].Date < s.Events[j].Date
		}
		return s.Events[i].Seq < s.Events[j].Seq
	})
}

// PinnedParam reports whether the scenario's `parameters:` set name.
func (s *Scenario) PinnedParam(name string) bool { return slices.Contains(s.Pinned, name) }

package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

// loadTimeline replays the scenario named by the positional arguments of
// command c: at most one, a built-in id or a file; none means the built-in
// replay.
func loadTimeline(c *command, l scenarios.Loader, pos []string) (*sim.Timeline, error) {
	if len(pos) > 1 {
		return nil, usagef("%s takes at most one scenario; got %d", c.name, len(pos))
	}
	a, err := geo.Default()
	if err != nil {
		return nil, err
	}
	name := scenarios.DefaultID
	if len(pos) == 1 {
		name = pos[0]
	}
	return l.Replay(name, a)
}

// checkDayFlag refuses --day given with an empty value (--day=), which
// would otherwise mean "every day".
func checkDayFlag(fs *flag.FlagSet, day string) error {
	if day == "" && flagGiven(fs, "day") {
		return usagef("--day is empty; give a date like --day 2024-11-30")
	}
	return nil
}

// dayFlag returns the index in t of the --day value s. t is a scenario's
// replay, or a simulation's days (scene.SimView), which may run past
// the scenario's end.
func dayFlag(t *sim.Timeline, s string) (int, error) {
	d, err := sim.ParseDate(s)
	if err != nil {
		return 0, usagef("--day: %v", err)
	}
	i := t.Index(d)
	if i < 0 {
		first, last := t.Days[0].Date, t.Days[len(t.Days)-1].Date
		what := "the scenario"
		if first != t.Scenario.Start || last != t.Scenario.End {
			what = "the simulated days"
		}
		return 0, usagef("--day %s is outside %s (%s to %s)", d, what, first, last)
	}
	return i, nil
}

var replayCmd = &command{
	name:  "replay",
	args:  "[SCENARIO] [--format text|json|csv] [--day DATE]",
	short: "replay a scenario's events day by day: the sourced ledger of control",
	long: `Replay applies a scenario's events to the map day by day and prints the
result. SCENARIO is a built-in id or a YAML file; with none, the built-in
replay of the 2024 offensive (offensive-2024) is used.

The text format is a day-by-day briefing: each change with its quote,
source and certainty, the state of the M4 and M5, whether the regime still
has a road route from Damascus to Aleppo, and the counts per faction.

The json format is a stable contract for other tools, documented in
docs/replay-json.md. The csv format has one row per place per day (date,
place, name, lat, lon, controller, status, by, since, events), ready for
QGIS's temporal controller.

--day limits the output to one date.

A scenario file's extends: may name only built-in scenarios and files in
its own folder; --allow-extends-outside (or ` + scenarios.EnvAllowExtendsOutside + `=1)
lifts that rule for a file you trust. Control characters from the file
are printed escaped (ESC as \x1b).

Examples:

	frontline replay
	frontline replay --day 2024-11-30
	frontline replay whatif.yaml --format json > whatif.json`,
	run: runReplay,
}

// dayCommand is the shared front of the commands that read one scenario
// and may pick a day: it parses the flags (formats, the first being the
// default, and --day), loads the timeline and finds the day, -1 when
// --day was not given.
func dayCommand(e *env, c *command, args []string, dayUsage string, formats ...string) (t *sim.Timeline, format string, day int, err error) {
	fs := newFlags(e, c)
	f := formatFlag(fs, formats...)
	d := fs.String("day", "", dayUsage)
	loader := loaderFlag(fs)
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return nil, "", 0, err
	}
	if err := checkFormat(*f, formats...); err != nil {
		return nil, "", 0, err
	}
	if err := checkDayFlag(fs, *d); err != nil {
		return nil, "", 0, err
	}
	if t, err = loadTimeline(c, loader(), pos); err != nil {
		return nil, "", 0, err
	}
	day = -1
	if *d != "" {
		if day, err = dayFlag(t, *d); err != nil {
			return nil, "", 0, err
		}
	}
	return t, *f, day, nil
}

func runReplay(e *env, c *command, args []string) error {
	t, format, day, err := dayCommand(e, c, args, "print only this `date` (YYYY-MM-DD)", "text", "json", "csv")
	if err != nil {
		return err
	}
	days := t.Days
	if day >= 0 {
		days = t.Days[day : day+1]
	}
	switch format {
	case "json":
		return writeJSON(e.stdout, replayJSON(t, days))
	case "csv":
		return writeReplayCSV(e.stdout, t, days)
	}
	return writeBriefing(e.stdout, t, days)
}

// The JSON contract; see docs/replay-json.md.
type (
	replayDoc struct {
		Scenario    string        `json:"scenario"`
		Title       string        `json:"title"`
		Description string        `json:"description,omitempty"`
		Start       sim.Date      `json:"start"`
		End         sim.Date      `json:"end"`
		Factions    []factionJSON `json:"factions"`
		// FirstRouteLost is the first date on which the scenario's first
		// watched route is closed, or null; the key keeps the name of the
		// first contract, when that route was the regime's to Aleppo.
		FirstRouteLost *sim.Date `json:"first_day_no_regime_route"`
		Days           []dayJSON `json:"days"`
	}
	factionJSON struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		Colour  string `json:"colour"`
		Pattern string `json:"pattern"`
	}
	dayJSON struct {
		Date    sim.Date                  `json:"date"`
		Caption string                    `json:"caption,omitempty"`
		Places  map[string]placeStateJSON `json:"places"`
		Roads   []roadJSON                `json:"roads"`
		Events  []eventJSON               `json:"events"`
		Metrics sim.Metrics               `json:"metrics"`
	}
	placeStateJSON struct {
		Controller string   `json:"controller"`
		Status     string   `json:"status"`
		By         string   `json:"by,omitempty"`
		Since      sim.Date `json:"since"`
		Events     []string `json:"events,omitempty"`
	}
	roadJSON struct {
		Road       string   `json:"road"`
		From       string   `json:"from"`
		To         string   `json:"to"`
		Status     string   `json:"status"`
		Controller string   `json:"controller"`
		By         string   `json:"by,omitempty"`
		Events     []string `json:"events,omitempty"`
	}
	eventJSON struct {
		ID         string     `json:"id"`
		Date       sim.Date   `json:"date"`
		Target     string     `json:"target"`
		TargetType string     `json:"target_type"`
		Kind       string     `json:"kind"`
		Faction    string     `json:"faction"`
		Certainty  string     `json:"certainty"`
		Source     sourceJSON `json:"source"`
		Quote      string     `json:"quote"`
		Note       string     `json:"note,omitempty"`
	}
	sourceJSON struct {
		Document string    `json:"document"`
		Outlet   string    `json:"outlet"`
		Date     *sim.Date `json:"date"`
		// From the table of sources (docs/sources.md), when the document
		// is in it.
		Title   string   `json:"title,omitempty"`
		Outlets []string `json:"outlets,omitempty"`
	}
)

func eventIDs(s *sim.Scenario, idx []int) []string {
	out := make([]string, len(idx))
	for i, k := range idx {
		out[i] = s.Events[k].ID
	}
	return out
}

func toEventJSON(e sim.Event) eventJSON {
	ej := eventJSON{ID: e.ID, Date: e.Date, Target: e.Target.Place, TargetType: "place", Kind: string(e.Kind),
		Faction: e.Faction, Certainty: string(e.Certainty), Quote: e.Quote, Note: e.Note,
		Source: sourceJSON{Document: e.Source.Document, Outlet: e.Source.Outlet}}
	if e.Target.IsRoad() {
		ej.Target, ej.TargetType = e.Target.Road+":"+e.Target.From+":"+e.Target.To, "road"
	}
	if e.Source.Date != 0 {
		d := e.Source.Date
		ej.Source.Date = &d
	}
	if doc := e.Source.Doc; doc != nil {
		ej.Source.Title, ej.Source.Outlets = doc.Title(), doc.Outlets
	}
	return ej
}

func replayJSON(t *sim.Timeline, days []sim.Day) replayDoc {
	s := t.Scenario
	a := t.Graph.Atlas
	doc := replayDoc{Scenario: s.ID, Title: s.Title, Description: s.Description, Start: s.Start, End: s.End, Days: []dayJSON{}}
	if t.FirstRouteLost != 0 {
		d := t.FirstRouteLost
		doc.FirstRouteLost = &d
	}
	for _, f := range s.Factions {
		doc.Factions = append(doc.Factions, factionJSON{f.ID, f.Name, f.Colour, f.Pattern})
	}
	for _, d := range days {
		dj := dayJSON{Date: d.Date, Caption: s.Captions[d.Date], Places: map[string]placeStateJSON{}, Roads: []roadJSON{}, Events: []eventJSON{}, Metrics: d.Metrics}
		for i, p := range d.Places() {
			dj.Places[a.Places()[i].ID] = placeStateJSON{Controller: p.Controller, Status: string(p.Status), By: p.By, Since: p.Since, Events: eventIDs(s, p.Events)}
		}
		for k, r := range d.Roads() {
			seg := a.Segments()[k]
			dj.Roads = append(dj.Roads, roadJSON{Road: seg.Road, From: seg.From, To: seg.To, Status: string(r.Status), Controller: r.Controller, By: r.By, Events: eventIDs(s, r.Events)})
		}
		for _, k := range d.Events {
			dj.Events = append(dj.Events, toEventJSON(s.Events[k]))
		}
		doc.Days = append(doc.Days, dj)
	}
	return doc
}

func writeReplayCSV(w io.Writer, t *sim.Timeline, days []sim.Day) error {
	a := t.Graph.Atlas
	var rows [][]string
	for _, d := range days {
		for i, p := range d.Places() {
			pl := a.Places()[i]
			rows = append(rows, []string{d.Date.String(), pl.ID, pl.Name, ftoa(pl.Lat(), 5), ftoa(pl.Lon(), 5),
				p.Controller, string(p.Status), p.By, p.Since.String(), strings.Join(eventIDs(t.Scenario, p.Events), ";")})
		}
	}
	return writeCSV(w, []string{"date", "place", "name", "lat", "lon", "controller", "status", "by", "since", "events"}, rows)
}

// writeBriefing prints the readable day-by-day account.
func writeBriefing(w io.Writer, t *sim.Timeline, days []sim.Day) error {
	s := t.Scenario
	a := t.Graph.Atlas
	name := func(id string) string {
		if f, ok := s.Faction(id); ok {
			return f.Name
		}
		if id == "" {
			return "nobody"
		}
		return id
	}
	placeName := func(id string) string {
		if p, ok := a.Place(id); ok {
			return p.Name
		}
		return id
	}
	fmt.Fprintf(w, "%s\n%s to %s, %d days, %d events\n", s.Title, s.Start, s.End, s.Days(), len(s.Events))
	if s.WhatIf {
		fmt.Fprintln(w, "WHAT-IF: a scenario, not the documented history; its hypothetical events have no source")
	}
	if note := s.ModelOnly(); note != "" {
		fmt.Fprintln(w, wrap(note+" To see the effect, simulate it (frontline simulate FILE) or compare it with the history by ensembles (frontline view --compare "+scenarios.DefaultID+" FILE).", 76, ""))
	}
	for _, d := range days {
		i := t.Index(d.Date)
		fmt.Fprintf(w, "\n== %s, %s (day %d of %d) ==\n", d.Date, d.Date.Weekday(), i+1, len(t.Days))
		if c := s.Captions[d.Date]; c != "" {
			fmt.Fprintf(w, "%s\n", wrap(c, 76, ""))
		}
		var prev *sim.Day
		if i > 0 {
			prev = &t.Days[i-1]
		}
		if len(d.Events) == 0 {
			fmt.Fprintln(w, "\nNo events reported.")
		} else {
			fmt.Fprintln(w)
		}
		for _, k := range d.Events {
			e := s.Events[k]
			var what string
			switch {
			case e.Target.IsRoad():
				what = fmt.Sprintf("%s %s–%s: %s", e.Target.Road, placeName(e.Target.From), placeName(e.Target.To), e.Kind)
			default:
				what = fmt.Sprintf("%s: %s", placeName(e.Target.Place), e.Kind)
			}
			if e.Faction != "" {
				what += " (" + e.Faction + ")"
			}
			if !e.Target.IsRoad() && e.Kind != sim.Annotation {
				pi, _ := a.Index(e.Target.Place)
				now := d.Place(pi)
				was := t.Scenario.Initial[pi]
				wasStatus := sim.Held
				if prev != nil {
					was, wasStatus = prev.Place(pi).Controller, prev.Place(pi).Status
				}
				what += fmt.Sprintf(" — now %s, %s", statusPhrase(now), describeWas(was, wasStatus, now))
			}
			fmt.Fprintf(w, "• %s [%s]\n", what, e.Certainty)
			if e.Quote != "" {
				fmt.Fprintf(w, "%s\n", wrap("“"+e.Quote+"”", 74, "    "))
			}
			fmt.Fprintf(w, "%s\n", wrap("— "+e.Source.Citation(), 74, "    "))
			if e.Note != "" {
				fmt.Fprintf(w, "%s\n", wrap("note: "+e.Note, 74, "    "))
			}
		}
		m := d.Metrics
		fmt.Fprintln(w, "\nHighways:")
		for _, h := range s.Watch.Roads {
			fmt.Fprintf(w, "  %s: %s\n", h, highwayLine(m, h, name))
		}
		for k, r := range m.Routes {
			if r.Open {
				fmt.Fprintf(w, "%s: open (%.0f km)\n", s.Watch.Routes[k].Name, r.Km)
			} else {
				fmt.Fprintf(w, "%s: NONE (since %s)\n", s.Watch.Routes[k].Name, t.RouteLost[k])
			}
		}
		fmt.Fprintf(w, "Places held: %s\n", countsLine(s, m.Places, func(v int) string { return strconv.Itoa(v) }))
		fmt.Fprintf(w, "Territory:   %s\n", countsLine(s, m.AreaKm2, func(v float64) string { return fmt.Sprintf("%s km²", thousands(v)) }))
		fmt.Fprintf(w, "Front: %d road segments (%.0f km of road between hostile places), front line %.0f km\n", m.FrontSegments, m.FrontKm, m.FrontLineKm)
	}
	return nil
}

func statusPhrase(p sim.PlaceState) string {
	who := p.Controller
	if who == "" {
		who = "nobody"
	}
	switch p.Status {
	case sim.ContestedStat:
		if p.By != "" {
			return fmt.Sprintf("held by %s, contested by %s", who, p.By)
		}
		return fmt.Sprintf("held by %s, contested", who)
	case sim.ClaimedStat:
		return fmt.Sprintf("held by %s, claimed by %s", who, p.By)
	}
	return "held by " + who
}

func describeWas(was string, wasStatus sim.Status, now sim.PlaceState) string {
	if was == now.Controller && wasStatus == now.Status {
		return "no change"
	}
	if was == "" {
		was = "nobody"
	}
	return fmt.Sprintf("was %s (%s)", was, wasStatus)
}

func highwayLine(m sim.Metrics, road string, name func(string) string) string {
	counts := m.Highways[road]
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		label := k
		switch k {
		case "cut", "contested":
		default:
			label = "open to " + k
		}
		parts = append(parts, fmt.Sprintf("%s %d (%.0f km)", label, counts[k], m.HighwayKm[road][k]))
	}
	return strings.Join(parts, ", ")
}

func countsLine[V int | float64](s *sim.Scenario, m map[string]V, f func(V) string) string {
	var parts []string
	for _, fa := range s.Factions {
		parts = append(parts, fmt.Sprintf("%s %s", fa.ID, f(m[fa.ID])))
	}
	return strings.Join(parts, ", ")
}

func thousands(v float64) string {
	s := strconv.FormatInt(int64(v+0.5), 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// wrap folds text at width, prefixing every line with indent.
func wrap(text string, width int, indent string) string {
	var lines []string
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(word) > width+len(indent) {
			lines = append(lines, line)
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}

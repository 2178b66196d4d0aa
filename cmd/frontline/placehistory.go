package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
)

// writePlaceHistory prints place p's history over days (replay --place)
// in format: text, json or csv.
func writePlaceHistory(w io.Writer, t *sim.Timeline, days []sim.Day, p geo.Place, format string) error {
	pi, _ := t.Graph.Atlas.Index(p.ID)
	switch format {
	case "json":
		return writeJSON(w, placeHistoryJSON(t, days, p))
	case "csv":
		return writePlaceCSV(w, t, days, p, pi)
	}
	return writePlaceText(w, t, days, p, pi)
}

// placeEvents is the events of day d that target place id, in the order
// the replay applied them.
func placeEvents(s *sim.Scenario, d *sim.Day, id string) []int {
	var out []int
	for _, k := range d.Events {
		if e := s.Events[k]; !e.Target.IsRoad() && e.Target.Place == id {
			out = append(out, k)
		}
	}
	return out
}

// writePlaceText prints the days on which the place changed hands or had
// an event, each event as the briefing words it, then who holds it at the
// end.
func writePlaceText(w io.Writer, t *sim.Timeline, days []sim.Day, p geo.Place, pi int) error {
	s := t.Scenario
	first := t.Index(days[0].Date)
	fmt.Fprintf(w, "%s (%s): its history in %s, %s to %s\n", p.Name, p.ID, s.Title, days[0].Date, days[len(days)-1].Date)
	if s.WhatIf {
		fmt.Fprintln(w, "WHAT-IF: a scenario, not the documented history; its hypothetical events have no source")
	}
	before := sim.PlaceState{Controller: s.Initial[pi], Status: sim.Held}
	if first > 0 {
		before = t.Days[first-1].Place(pi)
	}
	fmt.Fprintf(w, "At the start: %s.\n", statusPhrase(before))
	n := 0
	for k := range days {
		d := &days[k]
		i := first + k
		evs := placeEvents(s, d, p.ID)
		now := d.Place(pi)
		changed := now.Controller != before.Controller || now.Status != before.Status || now.By != before.By
		if len(evs) == 0 && !changed {
			continue
		}
		n++
		fmt.Fprintf(w, "\n== %s, %s (day %d of %d) ==\n", d.Date, d.Date.Weekday(), i+1, len(t.Days))
		if len(evs) == 0 {
			fmt.Fprintf(w, "• now %s, %s (from the events around it)\n", statusPhrase(now), describeWas(before.Controller, before.Status, now))
		}
		for _, e := range evs {
			writeEvent(w, t, i, e)
		}
		before = now
	}
	if n == 0 {
		fmt.Fprintln(w, "\nNo change and no event on these days.")
	}
	fmt.Fprintf(w, "\nOn %s: %s (since %s).\n", days[len(days)-1].Date, statusPhrase(before), before.Since)
	return nil
}

// placeHistoryJSON is the replay's JSON contract cut to one place: every day,
// with only that place, the events on it and the road segments that end
// at it.
func placeHistoryJSON(t *sim.Timeline, days []sim.Day, p geo.Place) replayDoc {
	doc := replayJSON(t, days)
	doc.Place = p.ID
	for k := range doc.Days {
		dj := &doc.Days[k]
		dj.Places = map[string]placeStateJSON{p.ID: dj.Places[p.ID]}
		roads := []roadJSON{}
		for _, r := range dj.Roads {
			if r.From == p.ID || r.To == p.ID {
				roads = append(roads, r)
			}
		}
		dj.Roads = roads
		events := []eventJSON{}
		for _, e := range dj.Events {
			if e.TargetType == "place" && e.Target == p.ID {
				events = append(events, e)
			}
		}
		dj.Events = events
	}
	return doc
}

// writePlaceCSV writes a row per day and event on the place (one row,
// with the event's columns empty, for a day without one): the replay
// CSV's columns, then the event's.
func writePlaceCSV(w io.Writer, t *sim.Timeline, days []sim.Day, p geo.Place, pi int) error {
	s := t.Scenario
	var rows [][]string
	for k := range days {
		d := &days[k]
		st := d.Place(pi)
		state := []string{d.Date.String(), p.ID, p.Name, ftoa(p.Lat(), 5), ftoa(p.Lon(), 5),
			st.Controller, string(st.Status), st.By, st.Since.String(), strings.Join(eventIDs(s, st.Events), ";")}
		evs := placeEvents(s, d, p.ID)
		if len(evs) == 0 {
			rows = append(rows, append(state, "", "", "", "", "", "", ""))
		}
		for _, e := range evs {
			ej := toEventJSON(s.Events[e])
			rows = append(rows, append(append([]string{}, state...), ej.ID, ej.Kind, ej.Certainty, ej.Source.Document, ej.Source.Title, strings.Join(ej.Source.Outlets, ";"), ej.Quote))
		}
	}
	return writeCSV(w, placeCSVHeader, rows)
}

// placeCSVHeader is replay --place --format csv's columns.
var placeCSVHeader = append(append([]string{}, replayCSVHeader...), "event", "kind", "certainty", "source_document", "source_title", "source_outlets", "quote")

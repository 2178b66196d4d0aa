package scenarios

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/geo/territory"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
)

// Patterns are the fill patterns a faction may use, so that no two sides
// are told apart by hue alone.
var Patterns = []string{"solid", "hatch", "backhatch", "cross", "dots", "vertical", "horizontal"}

// MaxFactions is the most factions a scenario may declare, the model's
// limit (sim.MaxFactions): every day's metrics and every hostility table
// also grow with their number (and with its square).
const MaxFactions = sim.MaxFactions

// MaxControlDays is the most days on which events may change who holds a
// place (captures and withdrawals): the map's territory is redrawn on each
// such day, 10–15 ms apiece on an idle core, while quiet days cost
// nothing. At 100, the worst file (10,000 places of its own, ten years)
// replays with its territory in about 1.5 s (BenchmarkHostileDrawn, in
// docs/performance.md; at 366 it took 5–10 s). The 2024 offensive changes
// hands on a dozen days; a longer history is split by date into files.
const MaxControlDays = 100

// Hypothetical is the certainty of a what-if event: it needs no source.
const Hypothetical sim.Certainty = "hypothetical"

var (
	colourPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	// datePattern is the form of a date in schema.json; sim.ParseDate
	// decides what is a date.
	datePattern = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

// checker accumulates problems while a File is turned into a scenario.
type checker struct {
	f     *File
	a     *geo.Atlas // the atlas given, extended by the scenario's places and roads
	base  *geo.Atlas // the atlas given
	r     *resolver  // which files' values messages may quote
	ps    Problems
	cap   problemCap // bounds ps
	hints hints
	// hintAtlas is what "did you mean" searches for places (placeHints);
	// factionHints the faction ids it offers: never an extended file's.
	hintAtlas    *geo.Atlas
	factionHints []string
}

func (c *checker) at(s Str, format string, args ...any) {
	file := s.File
	if file == "" {
		file = c.f.Name
	}
	if c.cap.skip(file, s.Line, s.Col) {
		return
	}
	c.cap.add(&c.ps, Problem{File: file, Line: s.Line, Col: s.Col, Msg: fmt.Sprintf(format, args...)})
}

// atEvent reports a problem with a missing field of event e, unless the
// event has an unknown field: the missing one is most likely misspelt,
// and that is reported already.
func (c *checker) atEvent(e *EventSpec, format string, args ...any) {
	if c.f.unknown[posKey(e.file, e.line, e.col)] || c.cap.skip(e.file, e.line, e.col) {
		return
	}
	c.cap.add(&c.ps, Problem{File: e.file, Line: e.line, Col: e.col, Msg: fmt.Sprintf(format, args...)})
}

// missing reports a field missing from the file, unless the file has an
// unknown field (see atEvent).
func (c *checker) missing(top Str, format string, args ...any) {
	if c.f.unknown[posKey(top.File, top.Line, top.Col)] {
		return
	}
	c.at(top, format, args...)
}

// q quotes s for a message, or says a value is there when s comes from
// an extended file, whose values are never echoed.
func (c *checker) q(s Str) string { return c.r.quote(s) }

// detail is err's message, which may quote s, when s may be quoted, and
// generic otherwise.
func (c *checker) detail(s Str, err error, generic string) string {
	if c.r.trusted(s.File) {
		return err.Error()
	}
	return generic
}

// like quotes v, an example derived from s, when s may be quoted, and
// generic otherwise.
func (c *checker) like(s Str, v, generic string) string {
	if c.r.trusted(s.File) && v != "" {
		return safetext.Quote(v)
	}
	return safetext.Quote(generic)
}

// didYouMean is the hint for an unknown value s among candidates, when s
// may be quoted.
func (c *checker) didYouMean(s Str, candidates []string) string {
	if !c.r.trusted(s.File) {
		return ""
	}
	return c.hints.didYouMean(s.V, candidates)
}

func (c *checker) date(s Str, what string) (sim.Date, bool) {
	if !s.set() {
		return 0, false
	}
	d, err := sim.ParseDate(s.V)
	if err != nil {
		reason := err.Error()
		var de *sim.DateError
		if errors.As(err, &de) {
			reason = de.Reason()
		}
		c.at(s, "%s %s %s", what, c.q(s), reason)
		return 0, false
	}
	return d, true
}

// place resolves a place id, name or alias to its id.
func (c *checker) place(s Str) (string, bool) { return c.placeIn(s, "") }

// placeIn is place whose problem, if any, starts with what (a story
// step's field) when what is set.
func (c *checker) placeIn(s Str, what string) (string, bool) {
	p, ok := c.a.Find(s.V)
	if ok {
		return p.ID, true
	}
	msg := fmt.Sprintf("unknown place %s; run 'frontline places' for the list", c.q(s))
	if c.r.trusted(s.File) {
		msg = (&geo.UnknownPlaceError{Name: s.V, Suggestion: c.hints.place(c.placeHints(), s.V)}).Error()
	}
	if what != "" {
		msg = what + ": " + msg
	}
	c.at(s, "%s", msg)
	return "", false
}

// placeHints is the atlas "did you mean" searches for a place: the atlas
// given and the places of the files whose values messages may quote. An
// extended file's places are left out, or a near miss would print their
// names. It is built on the first unknown place.
func (c *checker) placeHints() *geo.Atlas {
	if c.hintAtlas != nil {
		return c.hintAtlas
	}
	c.hintAtlas = c.base
	var own []geo.Place
	for _, ps := range c.f.Places {
		if p, ok := c.a.Place(ps.ID.V); ok && c.a != c.base && c.r.trusted(ps.ID.File) {
			own = append(own, p)
		}
	}
	if len(own) > 0 {
		if a, err := c.base.Extend(own, nil); err == nil {
			c.hintAtlas = a
		}
	}
	return c.hintAtlas
}

// roadHints are the road names "did you mean" offers: the atlas given's
// and those of the files whose values messages may quote.
func (c *checker) roadHints() []string {
	var names []string
	for _, rd := range c.base.Roads() {
		if !contains(names, rd.Name) {
			names = append(names, rd.Name)
		}
	}
	for _, rs := range c.f.Roads {
		if rs.Name.set() && c.r.trusted(rs.Name.File) && !contains(names, rs.Name.V) {
			names = append(names, rs.Name.V)
		}
	}
	return names
}

// Build checks a resolved File (extends already merged) against the atlas
// and returns the scenario, or every problem found.
func Build(f *File, a *geo.Atlas) (*sim.Scenario, error) {
	s, ps := build(f, a, &resolver{top: f.Name})
	if err := ps.err(); err != nil {
		return nil, err
	}
	return s, nil
}

func build(f *File, a *geo.Atlas, r *resolver) (*sim.Scenario, problemSet) {
	c := &checker{f: f, a: a, base: a, r: r}
	s := &sim.Scenario{ID: f.ID.V, Title: f.Title.V, Description: f.Description.V, Captions: map[sim.Date]string{}, Atlas: a}
	top := Str{File: f.Name, Line: f.line, Col: f.col}
	if len(f.Places) > 0 || len(f.Roads) > 0 {
		// Everything below (initial control, events, watch) may name the
		// scenario's own places, so the atlas is extended first.
		if ext := c.extendAtlas(); ext != nil {
			c.a, s.Atlas = ext, ext
		}
	}

	switch {
	case !f.ID.set():
		c.missing(top, "missing id; add a line like 'id: my-what-if'")
	case !sim.ValidID(f.ID.V):
		c.at(f.ID, "id %s %s, like %s", c.q(f.ID), idRule(f.ID.V), c.like(f.ID, slug(f.ID.V), "my-what-if"))
	}
	if !f.Title.set() {
		c.missing(top, "missing title; add a line like 'title: Aleppo holds'")
	}
	start, okStart := c.date(f.Start, "start")
	end, okEnd := c.date(f.End, "end")
	if !f.Start.set() {
		c.missing(top, "missing start date; add 'start: 2024-11-26'")
	}
	if !f.End.set() {
		c.missing(top, "missing end date; add 'end: 2024-12-04'")
	}
	span := okStart && okEnd
	if span && end < start {
		c.at(f.End, "end %s is before start %s; swap them, or correct the one that is wrong", end, start)
		span = false
	}
	if span && end-start > 3660 {
		c.at(f.End, "the scenario spans %d days; the limit is ten years", end-start)
		span = false
	}
	s.Start, s.End = start, end

	// Factions.
	factionIDs := map[string]bool{}
	var factionList []string
	if n := len(f.Factions); n > MaxFactions {
		c.at(f.Factions[MaxFactions].ID, "%d factions are declared; the limit is %d: merge factions that fight as one, and pair allies under 'allies:'", n, MaxFactions)
	}
	for _, fs := range f.Factions {
		fa := sim.Faction{ID: fs.ID.V, Name: fs.Name.V, Colour: fs.Colour.V, Pattern: fs.Pattern.V}
		switch {
		case !fs.ID.set():
			at := fs.Name
			for _, s := range []Str{fs.Colour, fs.Pattern} {
				if !at.set() {
					at = s
				}
			}
			c.at(at, "this faction has no id; add 'id:' with lowercase words joined by hyphens, like %s", c.like(fs.Name, slug(fs.Name.V), "my-faction"))
			continue
		case !sim.ValidID(fa.ID):
			c.at(fs.ID, "faction id %s %s, like %s", c.q(fs.ID), idRule(fs.ID.V), c.like(fs.ID, slug(fa.ID), "my-faction"))
		case fa.ID == string(sim.CutStat) || fa.ID == string(sim.ContestedRd):
			c.at(fs.ID, "faction id %s is reserved: the highway metrics count %s road segments under that name; choose another id", c.q(fs.ID), fa.ID)
		case factionIDs[fa.ID]:
			c.at(fs.ID, "faction %s is declared twice; keep one, or give the other its own id", c.q(fs.ID))
			continue
		}
		if fa.Name == "" {
			c.at(fs.ID, "faction %s has no name; add 'name:' with its full name", c.q(fs.ID))
		}
		if !colourPattern.MatchString(fa.Colour) {
			if fs.Colour.set() {
				c.at(fs.Colour, "colour %s of faction %s must be #rrggbb in quotes, like colour: \"#d62728\"", c.q(fs.Colour), c.q(fs.ID))
			} else {
				c.at(fs.ID, "faction %s has no colour; add 'colour: \"#rrggbb\"'", c.q(fs.ID))
			}
		}
		if fa.Pattern == "" {
			fa.Pattern = "solid"
		} else if !contains(Patterns, fa.Pattern) {
			c.at(fs.Pattern, "unknown pattern %s; use one of %s%s", c.q(fs.Pattern), strings.Join(Patterns, ", "), c.didYouMean(fs.Pattern, Patterns))
		}
		factionIDs[fa.ID] = true
		if c.r.trusted(fs.ID.File) {
			factionList = append(factionList, fa.ID)
		}
		s.Factions = append(s.Factions, fa)
	}
	c.factionHints = factionList
	if len(f.Factions) == 0 {
		c.missing(top, "no factions; declare at least one under 'factions:'")
	}
	faction := func(v Str, what string) bool {
		if factionIDs[v.V] {
			return true
		}
		if !v.set() {
			return false
		}
		c.at(v, "unknown faction %s in %s; use one of %s, or declare it under 'factions:'%s", c.q(v), what, strings.Join(factionList, ", "), c.didYouMean(v, factionList))
		return false
	}
	for _, pair := range f.Allies {
		if len(pair) != 2 {
			at := top
			if len(pair) > 0 {
				at = pair[0]
			}
			c.at(at, "an allies entry pairs two factions, like [hts, sna]; got %d", len(pair))
			continue
		}
		if faction(pair[0], "allies") && faction(pair[1], "allies") {
			s.Allies = append(s.Allies, [2]string{pair[0].V, pair[1].V})
		}
	}

	c.initial(s, faction)
	c.events(s, faction, span)
	c.parameters(s, factionIDs)
	c.interventions(s, faction, span)
	c.zones(s, faction)
	c.watch(s, faction)

	seenCaption := map[sim.Date]bool{}
	for _, cs := range f.Captions {
		d, ok := c.date(cs.Date, "caption date")
		if !ok {
			if !cs.Date.set() {
				c.at(cs.Text, "caption has no date")
			}
			continue
		}
		if span && (d < start || d > end) {
			if cs.Date.File != f.Name {
				continue // an extended file's narration for days this file cut off
			}
			c.at(cs.Date, "caption date %s is outside the scenario (%s to %s); move it or widen start/end", d, start, end)
		}
		if seenCaption[d] {
			c.at(cs.Date, "two captions for %s; merge them into one", d)
		}
		seenCaption[d] = true
		if !cs.Text.set() {
			c.at(cs.Date, "caption for %s has no text; add 'text:'", d)
		}
		s.Captions[d] = cs.Text.V
	}
	c.story(s, f.Story, span)
	ps := problemSet{list: c.ps, problemCap: c.cap}
	if !ps.empty() {
		return nil, ps
	}
	s.WhatIf = !strings.HasPrefix(f.Name, "builtin:")
	for _, e := range s.Events {
		s.WhatIf = s.WhatIf || e.Certainty == Hypothetical
	}
	s.SortEvents()
	return s, ps
}

// initial sets the starting control of every place.
func (c *checker) initial(s *sim.Scenario, faction func(Str, string) bool) {
	places := c.a.Places()
	s.Initial = make([]string, len(places))
	in := c.f.Initial
	if in == nil {
		c.at(Str{File: c.f.Name, Line: c.f.line, Col: c.f.col}, "no initial control; add 'initial:' with at least a 'default:' faction")
		return
	}
	if !in.Default.set() {
		c.at(Str{File: c.f.Name, Line: c.f.line, Col: c.f.col}, "initial control has no default faction; add 'default: regime' under 'initial:'")
	} else if faction(in.Default, "initial.default") {
		for i := range s.Initial {
			s.Initial[i] = in.Default.V
		}
	}
	govs := map[string]string{} // folded name → governorate
	var govList []string
	for _, p := range places {
		if _, ok := govs[geo.NameKey(p.Governorate)]; !ok {
			govs[geo.NameKey(p.Governorate)] = p.Governorate
			govList = append(govList, p.Governorate)
		}
	}
	sort.Strings(govList)
	seen := map[string]Str{} // governorate or place id → the key that set it
	for _, name := range sortedKeys(in.Regions) {
		v := in.Regions[name]
		key := in.keys["regions/"+name]
		if key.Line == 0 {
			key = Str{V: name, File: v.File, Line: v.Line, Col: v.Col}
		}
		gov, ok := govs[geo.NameKey(name)]
		if !ok {
			c.at(key, "unknown governorate %s; the governorates are %s%s", c.q(key), strings.Join(govList, ", "), c.didYouMean(key, govList))
			continue
		}
		if prev, dup := seen["regions/"+gov]; dup {
			c.at(key, "initial.regions gives %s twice, as %s and %s; keep one", gov, c.q(prev), c.q(key))
			continue
		}
		seen["regions/"+gov] = key
		if faction(v, "initial.regions") {
			for i, p := range places {
				if p.Governorate == gov {
					s.Initial[i] = v.V
				}
			}
		}
	}
	for _, name := range sortedKeys(in.Places) {
		v := in.Places[name]
		key := in.keys["places/"+name]
		if key.Line == 0 {
			key = Str{V: name, File: v.File, Line: v.Line, Col: v.Col}
		}
		id, ok := c.place(key)
		if !ok {
			continue
		}
		if prev, dup := seen["places/"+id]; dup {
			c.at(key, "initial.places gives %s twice, as %s and %s; keep one (in a what-if, spell it as the extended file does)", id, c.q(prev), c.q(key))
			continue
		}
		seen["places/"+id] = key
		if faction(v, "initial.places") {
			i, _ := c.a.Index(id)
			s.Initial[i] = v.V
		}
	}
}

var kindNames = func() []string {
	out := make([]string, len(sim.Kinds))
	for i, k := range sim.Kinds {
		out[i] = string(k)
	}
	return out
}()

var certainties = []string{string(sim.Confirmed), string(sim.Reported), string(Hypothetical)}

// events checks and resolves every event.
func (c *checker) events(s *sim.Scenario, faction func(Str, string) bool, span bool) {
	ids := map[string]Str{}
	// Events of an extended file that fall outside a span this file
	// narrowed, reported once per file and side at start: or end:.
	type outKey struct {
		file  string
		after bool
	}
	outside := map[outKey][]string{}
	var outOrder []outKey
	for i := range c.f.Events {
		es := &c.f.Events[i]
		e := sim.Event{Seq: i, ID: es.ID.V, Quote: es.Quote.V, Note: es.Note.V}
		ok := true
		if es.ID.set() {
			if !sim.ValidID(es.ID.V) {
				c.at(es.ID, "event id %s %s, like %s", c.q(es.ID), idRule(es.ID.V), c.like(es.ID, slug(es.ID.V), "my-event"))
			} else if prev, dup := ids[es.ID.V]; dup {
				c.at(es.ID, "event id %s is used twice (first at line %d); give each event its own id", c.q(es.ID), prev.Line)
			}
			ids[es.ID.V] = es.ID
		} else {
			e.ID = fmt.Sprintf("event-%d", i+1)
		}
		name := c.eventName(es)
		// Date.
		if !es.Date.set() {
			c.atEvent(es, "%s has no date; add 'date: YYYY-MM-DD'", name)
			ok = false
		} else if d, good := c.date(es.Date, "date"); good {
			e.Date = d
			if span && (d < s.Start || d > s.End) {
				if es.file != c.f.Name && es.ID.set() {
					k := outKey{es.file, d > s.End}
					if _, seen := outside[k]; !seen {
						outOrder = append(outOrder, k)
					}
					outside[k] = append(outside[k], es.ID.V)
				} else {
					c.at(es.Date, "event date %s is outside the scenario (%s to %s); move it or widen start/end", d, s.Start, s.End)
				}
				ok = false
			}
		} else {
			ok = false
		}
		// Kind.
		e.Kind = sim.Kind(es.Kind.V)
		if !es.Kind.set() {
			c.atEvent(es, "%s has no kind; use one of %s", name, strings.Join(kindNames, ", "))
			ok = false
		} else if !contains(kindNames, es.Kind.V) {
			c.at(es.Kind, "unknown event kind %s; use one of %s%s", c.q(es.Kind), strings.Join(kindNames, ", "), c.didYouMean(es.Kind, kindNames))
			ok = false
		}
		// Faction: required except for annotations.
		e.Faction = es.Faction.V
		if !es.Faction.set() {
			if e.Kind != sim.Annotation {
				who := "acts"
				if contains(kindNames, string(e.Kind)) {
					who = string(e.Kind)
				}
				c.atEvent(es, "%s has no faction; add 'faction:' to say who %s", name, who)
				ok = false
			}
		} else if !faction(es.Faction, name) {
			ok = false
		}
		// Target.
		if !c.target(es, &e, s) {
			ok = false
		}
		// Certainty and source.
		e.Certainty = sim.Certainty(es.Certainty.V)
		switch {
		case !es.Certainty.set():
			c.atEvent(es, "%s has no certainty; add 'certainty:' with confirmed, reported or hypothetical", name)
			ok = false
		case !contains(certainties, es.Certainty.V):
			c.at(es.Certainty, "unknown certainty %s; use confirmed, reported or hypothetical%s", c.q(es.Certainty), c.didYouMean(es.Certainty, certainties))
			ok = false
		case e.Certainty != Hypothetical:
			if !es.Source.Document.set() {
				c.atEvent(es, "%s has no source document; cite the file it comes from under 'source: {document: …}', or mark it 'certainty: hypothetical'", name)
				ok = false
			}
			if !es.Quote.set() {
				c.atEvent(es, "%s has no quote; copy the sentence it rests on into 'quote:', or mark it 'certainty: hypothetical'", name)
				ok = false
			}
		}
		e.Source = sim.Source{Document: es.Source.Document.V, Outlet: es.Source.Outlet.V, Doc: DocumentByFile(es.Source.Document.V)}
		if d, good := c.date(es.Source.Date, "source date"); good {
			e.Source.Date = d
			if e.Date != 0 && d < e.Date {
				c.at(es.Source.Date, "the source is dated %s, before the event it reports (%s)", d, e.Date)
			}
		}
		if ok {
			s.Events = append(s.Events, e)
		}
	}
	for _, k := range outOrder {
		at, what, side := c.f.Start, "start", "before"
		if k.after {
			at, what, side = c.f.End, "end", "after"
		}
		drop := fmt.Sprintf("'remove_events: [%s]'", strings.Join(outside[k], ", "))
		if !c.r.trusted(k.file) {
			drop = fmt.Sprintf("remove_events ('frontline replay --format json %s' lists their ids)", safetext.Escape(k.file))
		}
		c.at(at, "%s %s leaves out %d events of %s dated %s it; widen %s, or drop them with %s",
			what, at.V, len(outside[k]), safetext.Escape(k.file), side, what, drop)
	}
	c.contradictions(s)
	c.controlDays(s)
}

// controlDays reports a scenario whose events change who holds a place on
// more than MaxControlDays days, at the first event of the first day over.
func (c *checker) controlDays(s *sim.Scenario) {
	first := map[sim.Date]int{} // per day, its first control event
	for i, e := range s.Events {
		if e.Target.IsRoad() || (e.Kind != sim.Captured && e.Kind != sim.Withdrawn) {
			continue
		}
		if _, ok := first[e.Date]; !ok {
			first[e.Date] = i
		}
	}
	if len(first) <= MaxControlDays {
		return
	}
	days := slices.Sorted(maps.Keys(first))
	es := &c.f.Events[s.Events[first[days[MaxControlDays]]].Seq]
	c.at(Str{File: es.file, Line: es.line, Col: es.col},
		"captures and withdrawals of places fall on %d days; the limit is %d, since the map redraws its territory on each: split the scenario by date into several files, the first ending by %s",
		len(first), MaxControlDays, days[MaxControlDays-1])
}

// target resolves an event's place or road stretch.
func (c *checker) target(es *EventSpec, e *sim.Event, s *sim.Scenario) bool {
	t := es.Target
	if t.Road == nil {
		if !t.Place.set() {
			c.atEvent(es, "%s has no target; add 'target:' with a place id or {road: M5, from: …, to: …}", c.eventName(es))
			return false
		}
		id, ok := c.place(t.Place)
		if !ok {
			return false
		}
		if e.Kind == sim.Cut || e.Kind == sim.Reopened {
			c.at(t.Place, "%s applies to a road stretch, not to a place; write target: {road: M5, from: %s, to: …}", e.Kind, id)
			return false
		}
		e.Target.Place = id
		return true
	}
	r := t.Road
	at := Str{File: es.file, Line: t.line, Col: t.col}
	if !r.Road.set() || !r.From.set() || !r.To.set() {
		c.at(at, "a road target needs road, from and to, like {road: M5, from: aleppo, to: saraqib}")
		return false
	}
	var roadNames []string
	for _, rd := range c.a.Roads() {
		if !contains(roadNames, rd.Name) {
			roadNames = append(roadNames, rd.Name)
		}
	}
	if !contains(roadNames, r.Road.V) {
		c.at(r.Road, "unknown road %s; run 'frontline roads' for the list%s", c.q(r.Road), c.didYouMean(r.Road, c.roadHints()))
		return false
	}
	from, ok1 := c.place(r.From)
	to, ok2 := c.place(r.To)
	if !ok1 || !ok2 {
		return false
	}
	segs, ok := stretch(c.a, r.Road.V, from, to)
	if !ok {
		c.at(at, "%s and %s are not both on one stretch of the %s; pick from and to among its places: %s", from, to, r.Road.V, roadPlaces(c.a, r.Road.V))
		return false
	}
	e.Target = sim.Target{Road: r.Road.V, From: from, To: to}
	e.Segments = segs
	return true
}

// roadPlaces lists the places along every road entry named road, in order,
// for messages: "a, b, c; and d, e" when the road comes in pieces.
func roadPlaces(a *geo.Atlas, road string) string {
	var pieces []string
	for _, rd := range a.Roads() {
		if rd.Name == road {
			pieces = append(pieces, strings.Join(rd.Places, ", "))
		}
	}
	return strings.Join(pieces, "; and ")
}

// stretch returns the indexes of the segments of road between places from
// and to, in travel order.
func stretch(a *geo.Atlas, road, from, to string) ([]int, bool) {
	base := 0
	for _, rd := range a.Roads() {
		n := len(rd.Places) - 1
		if rd.Name == road {
			i, j := indexOf(rd.Places, from), indexOf(rd.Places, to)
			if i >= 0 && j >= 0 && i != j {
				if i > j {
					i, j = j, i
				}
				var out []int
				for k := i; k < j; k++ {
					out = append(out, base+k)
				}
				return out, true
			}
		}
		base += n
	}
	return nil, false
}

// contradictions reports events on one target and day that cannot both be
// true: two factions capturing it, a faction capturing and withdrawing, or
// a road cut and reopened.
func (c *checker) contradictions(s *sim.Scenario) {
	type key struct {
		target string
		date   sim.Date
	}
	groups := map[key][]int{}
	var order []key
	for i, e := range s.Events {
		if e.Kind == sim.Annotation {
			continue
		}
		k := key{e.Target.String(), e.Date}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range order {
		evs := groups[k]
		// Each event is reported once, against the first event it
		// contradicts: thousands of clashing events make thousands of
		// problems, not millions.
		for y := 1; y < len(evs); y++ {
			for x := 0; x < y; x++ {
				a, b := s.Events[evs[x]], s.Events[evs[y]]
				why := ""
				switch {
				case a.Kind == b.Kind && a.Kind == sim.Captured && a.Faction != b.Faction:
					why = fmt.Sprintf("both %s and %s capture %s", c.factionOf(a), c.factionOf(b), k.target)
				case a.Faction == b.Faction && ((a.Kind == sim.Captured && b.Kind == sim.Withdrawn) || (a.Kind == sim.Withdrawn && b.Kind == sim.Captured)):
					why = fmt.Sprintf("%s both captures and withdraws from %s", c.factionOf(a), k.target)
				case (a.Kind == sim.Cut && b.Kind == sim.Reopened) || (a.Kind == sim.Reopened && b.Kind == sim.Cut):
					why = fmt.Sprintf("%s is both cut and reopened", k.target)
				}
				if why == "" {
					continue
				}
				ea, eb := &c.f.Events[a.Seq], &c.f.Events[b.Seq]
				if c.cap.skip(eb.file, eb.line, eb.col) {
					break
				}
				fix := "split them across days or drop one"
				if ea.file != eb.file && ea.ID.set() {
					// ea comes from an extended file: it can only be dropped here.
					fix = fmt.Sprintf("move %s to another day, or drop %s with remove_events", c.eventName(eb), c.eventName(ea))
					if c.r.trusted(ea.file) {
						fix = fmt.Sprintf("move %s to another day, or drop %s with 'remove_events: [%s]'", c.eventName(eb), c.eventName(ea), ea.ID.V)
					}
				}
				c.at(Str{File: eb.file, Line: eb.line, Col: eb.col},
					"%s contradicts %s at %s:%d: on %s %s; %s",
					c.eventName(eb), c.eventName(ea), safetext.Escape(ea.file), ea.line, k.date, why, fix)
				break
			}
		}
	}
}

// factionOf names the faction of event e for a message: its id, unless
// the id comes from a file whose values are not quoted.
func (c *checker) factionOf(e sim.Event) string {
	if f := c.f.Events[e.Seq].Faction; !c.r.trusted(f.File) {
		return "the faction " + c.q(f)
	}
	return e.Faction
}

func indexOf(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

func contains(xs []string, s string) bool { return indexOf(xs, s) >= 0 }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// idRule is the rule an id breaks, for a message: its form, or its length.
func idRule(id string) string {
	if len(id) > sim.MaxIDLen {
		return fmt.Sprintf("is %d characters long; keep it to at most %d, lowercase words joined by hyphens", len(id), sim.MaxIDLen)
	}
	return "must be lowercase words joined by hyphens"
}

// slug is s as an id: lowercase words joined by hyphens, at most
// sim.MaxIDLen bytes.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := b.String()
	if len(out) > sim.MaxIDLen {
		out = out[:sim.MaxIDLen]
	}
	return strings.TrimRight(out, "-")
}

// eventName is how messages refer to an event: by its id, or as "this
// event" when it has none or its id may not be quoted (the message's
// position says which).
func (c *checker) eventName(e *EventSpec) string {
	if e.ID.set() && c.r.trusted(e.ID.File) {
		return "event " + safetext.Quote(e.ID.V)
	}
	if e.ID.set() {
		return fmt.Sprintf("the event at %s:%d", safetext.Escape(e.file), e.line)
	}
	return "this event"
}

// zones checks the scenario's zones and turns each into a polygon.
func (c *checker) zones(s *sim.Scenario, faction func(Str, string) bool) {
	seen := map[string]bool{}
	for _, z := range c.f.Zones {
		if !z.ID.set() {
			c.at(firstSet(z.Name, z.Faction, z.Around, z.RadiusKm, z.Source), "zone has no id; add 'id:'")
			continue
		}
		if seen[z.ID.V] {
			c.at(z.ID, "two zones with id %s; give each its own id", c.q(z.ID))
			continue
		}
		seen[z.ID.V] = true
		if !z.Faction.set() {
			c.at(z.ID, "zone %s has no faction; add 'faction:'", c.q(z.ID))
			continue
		}
		if !faction(z.Faction, "zone "+c.q(z.ID)) {
			continue
		}
		if !z.Around.set() {
			c.at(z.ID, "zone %s has no 'around:' place; name the place at its centre", c.q(z.ID))
			continue
		}
		id, ok := c.place(z.Around)
		if !ok {
			continue
		}
		p, _ := c.a.Place(id)
		r, err := strconv.ParseFloat(z.RadiusKm.V, 64)
		if err != nil || math.IsNaN(r) || math.IsInf(r, 0) || r <= 0 || r > 500 {
			c.at(z.RadiusKm, "zone %s: radius_km must be a number of km between 0 and 500, got %s", c.q(z.ID), c.q(z.RadiusKm))
			continue
		}
		if !z.Source.set() {
			c.at(z.ID, "zone %s has no source; cite where the zone comes from under 'source:'", c.q(z.ID))
		}
		s.Zones = append(s.Zones, territory.Zone{ID: z.ID.V, Faction: z.Faction.V, Polygon: territory.Circle(p.Point, r)})
	}
}

// watch checks the scenario's watch section: each route's faction and
// places, and the roads, with did-you-mean hints.
func (c *checker) watch(s *sim.Scenario, faction func(Str, string) bool) {
	w := c.f.Watch
	if w == nil {
		return
	}
	seen := map[string]bool{}
	for _, r := range w.Routes {
		if !r.ID.set() {
			c.at(firstSet(r.Name, r.Faction, r.From, r.To), "watched route has no id; add 'id:'")
			continue
		}
		if seen[r.ID.V] {
			c.at(r.ID, "two watched routes with id %s; give each its own id", c.q(r.ID))
			continue
		}
		seen[r.ID.V] = true
		if !r.Faction.set() {
			c.at(r.ID, "watched route %s has no faction; add 'faction:'", c.q(r.ID))
			continue
		}
		ok := faction(r.Faction, "watched route "+r.ID.V)
		var ends [2]string
		for k, end := range []struct {
			v   Str
			key string
		}{{r.From, "from"}, {r.To, "to"}} {
			if !end.v.set() {
				c.at(r.ID, "watched route %s has no '%s:' place", c.q(r.ID), end.key)
				ok = false
				continue
			}
			id, found := c.place(end.v)
			if !found {
				ok = false
				continue
			}
			ends[k] = id
		}
		if !ok {
			continue
		}
		name := r.Name.V
		if name == "" {
			name = r.ID.V
		}
		s.Watch.Routes = append(s.Watch.Routes, sim.WatchRoute{ID: r.ID.V, Name: name, Faction: r.Faction.V, From: ends[0], To: ends[1]})
	}
	known := map[string]bool{}
	for _, r := range c.a.Roads() {
		known[r.Name] = true
	}
	dup := map[string]bool{}
	for _, r := range w.Roads {
		switch {
		case !known[r.V]:
			c.at(r, "watch.roads: unknown road %s%s", c.q(r), c.didYouMean(r, c.roadHints()))
		case dup[r.V]:
			c.at(r, "watch.roads lists %s twice; keep one", c.q(r))
		default:
			dup[r.V] = true
			s.Watch.Roads = append(s.Watch.Roads, r.V)
		}
	}
}

// itemRule is how an item of a list (a place, a factor, an outcome) names
// itself: its noun and an example id, and what to say when it has no id
// or the id of an earlier item.
type itemRule struct{ noun, example, missing, twice string }

// itemID checks the id of one item of a list: present (else the problem
// is reported at at), lowercase words joined by hyphens, and not already
// in seen, to which it is then added.
func (c *checker) itemID(id, at Str, r itemRule, seen map[string]bool) bool {
	switch {
	case !id.set():
		c.at(at, "%s", r.missing)
	case !sim.ValidID(id.V):
		c.at(id, "%s id %s %s, like %s", r.noun, c.q(id), idRule(id.V), c.like(id, slug(id.V), r.example))
	case seen[id.V]:
		c.at(id, "%s %s %s", r.noun, c.q(id), r.twice)
	default:
		seen[id.V] = true
		return true
	}
	return false
}

// extendAtlas checks the scenario's places and roads and returns the atlas
// extended with them, or nil (with the problems recorded) when any is bad.
func (c *checker) extendAtlas() *geo.Atlas {
	before := len(c.ps)
	bound := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	if bm := c.a.Basemap(); bm != nil {
		bound = bm.Bound
	}
	var places []geo.Place
	seen := map[string]bool{}
	placeID := itemRule{noun: "place", example: "my-place", missing: "a place needs an id; add 'id:', lowercase words joined by hyphens", twice: "is defined twice in the scenario; keep one"}
	for _, ps := range c.f.Places {
		if !c.itemID(ps.ID, firstSet(ps.ID, ps.Name), placeID, seen) {
			continue
		}
		if _, dup := c.a.Place(ps.ID.V); dup {
			c.at(ps.ID, "place %s is already in the atlas; use it as it is, or give the new place its own id", c.q(ps.ID))
			continue
		}
		if !ps.Name.set() {
			c.at(ps.ID, "place %s has no name; add 'name:'", c.q(ps.ID))
			continue
		}
		lat, okLat := c.coord(ps.Lat, "lat", ps.ID)
		lon, okLon := c.coord(ps.Lon, "lon", ps.ID)
		if !okLat || !okLon {
			continue
		}
		if pt := (orb.Point{lon, lat}); !bound.Contains(pt) {
			c.at(ps.Lat, "place %s at lat %v, lon %v is outside the map (lat %.1f to %.1f, lon %.1f to %.1f); check the coordinates and their order", c.q(ps.ID), lat, lon, bound.Min[1], bound.Max[1], bound.Min[0], bound.Max[0])
			continue
		}
		kind := geo.Village
		if ps.Kind.set() {
			k, err := geo.ParseKind(ps.Kind.V)
			if err != nil {
				c.at(ps.Kind, "place %s: %s", c.q(ps.ID), c.detail(ps.Kind, err, "unknown kind (value not shown); use a kind listed in docs/scenarios.md"))
				continue
			}
			kind = k
		}
		if !ps.Source.set() {
			c.at(ps.ID, "place %s has no source; cite where its coordinates come from under 'source:' (GeoNames id, Wikipedia article)", c.q(ps.ID))
			continue
		}
		p := geo.Place{ID: ps.ID.V, Name: ps.Name.V, Point: orb.Point{lon, lat}, Kind: kind, Source: ps.Source.V, Note: ps.Note.V}
		for _, al := range ps.Aliases {
			p.Aliases = append(p.Aliases, al.V)
		}
		places = append(places, p)
	}
	if len(c.ps) > before {
		return nil
	}
	withPlaces, err := c.a.Extend(places, nil)
	if err != nil {
		c.at(Str{File: c.f.Name, Line: c.f.line, Col: c.f.col}, "the scenario's places do not fit the atlas: %v", err)
		return nil
	}
	var roads []geo.Road
	for _, rs := range c.f.Roads {
		if !rs.Name.set() {
			at := rs.Class
			if len(rs.Places) > 0 {
				at = rs.Places[0]
			}
			c.at(at, "a road needs a name; add 'name:'")
			continue
		}
		class := geo.Secondary
		if rs.Class.set() {
			cl, err := geo.ParseClass(rs.Class.V)
			if err != nil {
				c.at(rs.Class, "road %s: %s", c.q(rs.Name), c.detail(rs.Class, err, "unknown road class (value not shown); use motorway, primary, secondary or track"))
				continue
			}
			class = cl
		}
		if len(rs.Places) < 2 {
			c.at(rs.Name, "road %s needs at least two places, in travel order, under 'places:'", c.q(rs.Name))
			continue
		}
		if !rs.Source.set() {
			c.at(rs.Name, "road %s has no source; cite where its route comes from under 'source:'", c.q(rs.Name))
			continue
		}
		r := geo.Road{Name: rs.Name.V, Class: class, Source: rs.Source.V}
		ok := true
		for _, pl := range rs.Places {
			p, err := withPlaces.Lookup(pl.V)
			if err != nil {
				c.at(pl, "road %s: %s", c.q(rs.Name), c.detail(pl, err, "unknown place (value not shown); run 'frontline places' for the list"))
				ok = false
				continue
			}
			r.Places = append(r.Places, p.ID)
		}
		if ok {
			roads = append(roads, r)
		}
	}
	if len(c.ps) > before {
		return nil
	}
	ext, err := c.a.Extend(places, roads)
	if err != nil {
		c.at(Str{File: c.f.Name, Line: c.f.line, Col: c.f.col}, "the scenario's roads do not fit the atlas: %v", err)
		return nil
	}
	return ext
}

// coord parses a latitude or longitude: a finite number of degrees.
func (c *checker) coord(v Str, what string, id Str) (float64, bool) {
	if !v.set() {
		c.at(id, "place %s has no %s; add '%s:' in decimal degrees", c.q(id), what, what)
		return 0, false
	}
	x, err := strconv.ParseFloat(v.V, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		c.at(v, "place %s: %s %s is not a finite number of degrees", c.q(id), what, c.q(v))
		return 0, false
	}
	return x, true
}

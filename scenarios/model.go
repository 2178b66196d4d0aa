package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
)

// ParamsSpec overrides the model's parameters (sim.Params; docs/model.md
// gives each one's meaning, unit and default). Its keys are the `param`
// names of sim.Params, which a test keeps in step.
type ParamsSpec struct {
	Base                 Str            `yaml:"base"`
	TauHours             Str            `yaml:"tau_hours"`
	BlockHours           Str            `yaml:"block_hours"`
	CutoffHours          Str            `yaml:"cutoff_hours"`
	FloorHours           Str            `yaml:"floor_hours"`
	SizeWeight           Str            `yaml:"size_weight"`
	Momentum             Str            `yaml:"momentum"`
	MomentumHalfLifeDays Str            `yaml:"momentum_half_life_days"`
	Collapse             Str            `yaml:"collapse"`
	Supply               Str            `yaml:"supply"`
	Size                 Str            `yaml:"size"`
	AirEffect            Str            `yaml:"air_effect"`
	Strength             map[string]Str `yaml:"strength"`
	AirSupport           map[string]Str `yaml:"air_support"`
}

// InterventionSpec is one dated change to the model as written.
type InterventionSpec struct {
	ID      Str       `yaml:"id"`
	Kind    Str       `yaml:"kind"`
	From    Str       `yaml:"from"`
	Place   Str       `yaml:"place"`
	Places  []Str     `yaml:"places"`
	Faction Str       `yaml:"faction"`
	Against []Str     `yaml:"against"`
	Factor  Str       `yaml:"factor"`
	Road    *RoadSpec `yaml:"road"`
	Note    Str       `yaml:"note"`

	file      string
	line, col int
}

// positionInterventions records where each intervention starts.
func positionInterventions(f *File, root *yaml.Node) {
	for i := range f.Interventions {
		f.Interventions[i].file = f.Name
	}
	if n := field(root, "interventions"); n != nil && n.Kind == yaml.SequenceNode {
		for i, c := range n.Content {
			if i < len(f.Interventions) {
				f.Interventions[i].line, f.Interventions[i].col = c.Line, c.Column
			}
		}
	}
}

// mergeModel merges the model sections of a what-if file over its base:
// each parameter the file sets replaces the base's; interventions are the
// base's, then the file's, where one with a base intervention's id
// replaces it in place.
func mergeModel(m, base, over *File) {
	m.extended = true
	if over.Parameters != nil {
		p := &ParamsSpec{}
		if base.Parameters != nil {
			*p = *base.Parameters
			p.Strength, p.AirSupport = copyMap(base.Parameters.Strength), copyMap(base.Parameters.AirSupport)
		}
		dst, src := reflect.ValueOf(p).Elem(), reflect.ValueOf(over.Parameters).Elem()
		for i := 0; i < dst.NumField(); i++ {
			switch v := src.Field(i).Interface().(type) {
			case Str:
				if v.set() {
					dst.Field(i).Set(src.Field(i))
				}
			case map[string]Str:
				if len(v) > 0 {
					mm := dst.Field(i).Interface().(map[string]Str)
					if mm == nil {
						mm = map[string]Str{}
					}
					for k, x := range v {
						mm[k] = x
					}
					dst.Field(i).Set(reflect.ValueOf(mm))
				}
			}
		}
		m.Parameters = p
	}
	m.Interventions = append([]InterventionSpec(nil), base.Interventions...)
	for _, iv := range over.Interventions {
		replaced := false
		if iv.ID.set() {
			for i := range m.Interventions {
				if m.Interventions[i].ID.V == iv.ID.V {
					m.Interventions[i], replaced = iv, true
				}
			}
		}
		if !replaced {
			m.Interventions = append(m.Interventions, iv)
		}
	}
}

// parameters applies the file's parameters over sim.DefaultParams.
func (c *checker) parameters(s *sim.Scenario, factions map[string]bool) {
	s.Params, s.Pinned = sim.DefaultParams(), nil
	ps := c.f.Parameters
	if ps == nil {
		return
	}
	v := reflect.ValueOf(ps).Elem()
	t := v.Type()
	var last Str
	for i := 0; i < t.NumField(); i++ {
		name := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		switch x := v.Field(i).Interface().(type) {
		case Str:
			if !x.set() {
				continue
			}
			last = x
			if f, ok := c.number(x, "parameters."+name, name); ok {
				if err := s.Params.Set(name, "", f); err != nil {
					c.at(x, "%v", err)
				} else {
					s.Pinned = append(s.Pinned, name)
				}
			}
		case map[string]Str:
			// Only the factions messages may quote: never an extended file's.
			ids := slices.Sorted(slices.Values(c.factionHints))
			for _, id := range sortedKeys(x) {
				val := x[id]
				last = val
				if !factions[id] {
					key := Str{V: id, File: val.File}
					c.at(val, "parameters.%s names %s, which is not a faction; use one of %s%s", name, c.q(key), strings.Join(ids, ", "), c.didYouMean(key, ids))
					continue
				}
				if f, ok := c.number(val, "parameters."+name+"."+id, name); ok {
					if name == "air_support" && f < 0 {
						c.at(val, "parameters.air_support.%s is %v; an air support level is 0 (none) or more (1 = as in November 2024)", id, f)
						continue
					}
					s.Params.Set(name, id, f)
					s.Pinned = append(s.Pinned, name+"."+id)
				}
			}
		}
	}
	if err := s.Params.Check(); err != nil && len(c.ps) == 0 {
		c.at(last, "parameters: %v", err)
	}
}

// number parses a parameter value, checking it against its domain.
func (c *checker) number(x Str, what, name string) (float64, bool) {
	f, err := strconv.ParseFloat(x.V, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		c.at(x, "%s is %s; it must be %s, like %s: 0.5", what, c.q(x), sim.ParamRange(name), name)
		return 0, false
	}
	bad := false
	switch sim.ParamRange(name) {
	case "a positive number":
		bad = f <= 0
	case "a number ≥ 0", "a number ≥ 0 per faction":
		bad = f < 0
	default:
		bad = math.Abs(f) > 50
	}
	if bad {
		c.at(x, "%s is %v; it must be %s", what, f, sim.ParamRange(name))
		return 0, false
	}
	return f, true
}

var interventionKinds = func() []string {
	out := make([]string, len(sim.InterventionKinds))
	for i, k := range sim.InterventionKinds {
		out[i] = string(k)
	}
	return out
}()

// interventions checks and resolves every intervention.
func (c *checker) interventions(s *sim.Scenario, faction func(Str, string) bool, span bool) {
	var specs []*InterventionSpec // per s.Interventions
	defer func() { c.interventionClashes(s, specs) }()
	for i := range c.f.Interventions {
		is := &c.f.Interventions[i]
		at := Str{File: is.file, Line: is.line, Col: is.col}
		name := "this intervention"
		if is.ID.set() {
			name = "intervention " + c.q(is.ID)
			if !sim.ValidID(is.ID.V) {
				c.at(is.ID, "intervention id %s %s, like %s", c.q(is.ID), idRule(is.ID.V), c.like(is.ID, slug(is.ID.V), "my-intervention"))
			}
		}
		iv := sim.Intervention{ID: is.ID.V, Kind: sim.InterventionKind(is.Kind.V), Note: is.Note.V, From: s.Start}
		if !is.Kind.set() {
			c.at(at, "%s has no kind; add 'kind:' with one of %s", name, strings.Join(interventionKinds, ", "))
			continue
		}
		if !contains(interventionKinds, is.Kind.V) {
			c.at(is.Kind, "unknown intervention kind %s; use one of %s%s", c.q(is.Kind), strings.Join(interventionKinds, ", "), c.didYouMean(is.Kind, interventionKinds))
			continue
		}
		ok := true
		if is.From.set() {
			d, good := c.date(is.From, "from")
			if !good {
				ok = false
			} else if span && d < s.Start {
				c.at(is.From, "%s starts on %s, before the scenario (%s); use a date from %s on, or leave 'from:' out to mean the start", name, d, s.Start, s.Start)
				ok = false
			}
			iv.From = d
		}
		// Which fields each kind takes.
		wants := map[sim.InterventionKind][]string{
			sim.Reinforce:      {"places", "factor"},
			sim.AirSupportKind: {"faction", "factor"},
			sim.Passive:        {"faction"},
			sim.Attack:         {"faction"},
			sim.RoadCut:        {"road"},
			sim.RoadOpen:       {"road"},
		}[iv.Kind]
		given := map[string]Str{}
		if is.Place.set() || len(is.Places) > 0 {
			p := is.Place
			if !p.set() {
				p = is.Places[0]
			}
			given["places"] = p
		}
		if is.Faction.set() {
			given["faction"] = is.Faction
		}
		if is.Factor.set() {
			given["factor"] = is.Factor
		}
		if is.Road != nil {
			given["road"] = Str{File: is.file, Line: is.line, Col: is.col, V: "road"}
			if is.Road.Road.set() {
				given["road"] = is.Road.Road
			}
		}
		if len(is.Against) > 0 && iv.Kind != sim.Passive && iv.Kind != sim.Attack {
			c.at(is.Against[0], "%s: against does not apply to kind %s, only to passive and attack; remove it", name, iv.Kind)
			ok = false
		}
		for _, k := range sortedKeys(given) {
			if !contains(wants, k) {
				field := k
				if k == "places" && is.Place.set() {
					field = "place"
				}
				c.at(given[k], "%s: %s does not apply to kind %s, which takes %s; remove it", name, field, iv.Kind, strings.Join(wants, " and "))
				ok = false
			}
		}
		for _, k := range wants {
			if _, has := given[k]; !has {
				example := map[string]string{"places": "places: [saraqib, sarmin]", "factor": "factor: 2", "faction": "faction: regime", "road": "road: {road: M5, from: aleppo, to: saraqib}"}[k]
				c.at(at, "%s (kind %s) has no %s; add '%s'", name, iv.Kind, k, example)
				ok = false
			}
		}
		if !ok {
			continue
		}
		if _, has := given["places"]; has {
			list := is.Places
			if is.Place.set() {
				list = append([]Str{is.Place}, list...)
			}
			for _, p := range list {
				id, good := c.place(p)
				if !good {
					ok = false
					continue
				}
				k, _ := c.a.Index(id)
				iv.Places = append(iv.Places, k)
			}
		}
		knownFaction := false
		if _, has := given["faction"]; has {
			if knownFaction = faction(is.Faction, name); !knownFaction {
				ok = false
			}
			iv.Faction = is.Faction.V
		}
		for _, a := range is.Against {
			switch {
			case !faction(a, name):
				ok = false
			case !knownFaction:
				ok = false // the faction's own error says it
			case a.V == iv.Faction:
				c.at(a, "%s: %s cannot be against itself; list the factions it attacks (attack) or stops attacking (passive)", name, a.V)
				ok = false
			case !s.Hostile(iv.Faction, a.V):
				c.at(a, "%s: %s and %s are allies, so %s never attacks it; list a hostile faction", name, iv.Faction, a.V, iv.Faction)
				ok = false
			case slices.Contains(iv.Against, a.V):
				c.at(a, "%s: %s is listed twice in against; remove one", name, a.V)
				ok = false
			default:
				iv.Against = append(iv.Against, a.V)
			}
		}
		if _, has := given["factor"]; has {
			f, err := strconv.ParseFloat(is.Factor.V, 64)
			switch {
			case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
				c.at(is.Factor, "factor %s is not a number; write one like factor: 2", c.q(is.Factor))
				ok = false
			case factorProblem(iv.Kind, f) != "":
				c.at(is.Factor, "%s", factorProblem(iv.Kind, f))
				ok = false
			}
			iv.Factor = f
		}
		if r := is.Road; r != nil {
			at := Str{File: is.file, Line: is.line, Col: is.col}
			if !r.Road.set() || !r.From.set() || !r.To.set() {
				c.at(at, "%s: road needs road, from and to, like road: {road: M5, from: aleppo, to: saraqib}", name)
				continue
			}
			from, ok1 := c.place(r.From)
			to, ok2 := c.place(r.To)
			if !ok1 || !ok2 {
				continue
			}
			segs, good := stretch(c.a, r.Road.V, from, to)
			if !good {
				c.at(r.Road, "%s and %s are not both on one stretch of road %s; pick from and to among its places: %s", from, to, c.q(r.Road), roadPlaces(c.a, r.Road.V))
				continue
			}
			iv.Segments = segs
		}
		if ok {
			iv.Own = c.f.extended && is.file == c.f.Name
			s.Interventions = append(s.Interventions, iv)
			specs = append(specs, is)
		}
	}
}

// interventionClashes reports interventions that cannot both act, as
// contradictions reports events: a faction made passive is passive from
// that day to the end, so an attack by it on the same fronts from that day
// on never acts; and a road cut and reopened on one day is left to the
// order of the file. Each is reported once, against the first it clashes
// with, in time linear in the interventions (their against lists are
// bounded by MaxFactions).
func (c *checker) interventionClashes(s *sim.Scenario, specs []*InterventionSpec) {
	// The earliest passive intervention per faction and front ("" for
	// every front).
	type front struct{ faction, against string }
	passive := map[front]int{}
	earlier := func(k front, i int) {
		if j, ok := passive[k]; !ok || s.Interventions[i].From < s.Interventions[j].From {
			passive[k] = i
		}
	}
	for i, iv := range s.Interventions {
		if iv.Kind != sim.Passive {
			continue
		}
		if len(iv.Against) == 0 {
			earlier(front{iv.Faction, ""}, i)
		}
		for _, a := range iv.Against {
			earlier(front{iv.Faction, a}, i)
		}
	}
	// The first cut and reopening per day and segment.
	type stretch struct {
		from sim.Date
		seg  int
		kind sim.InterventionKind
	}
	roads := map[stretch]int{}
	for y, b := range s.Interventions {
		x, why := -1, ""
		switch b.Kind {
		case sim.Attack:
			// The passive intervention that silences this attack on all its
			// fronts, if any: the last of those that cover one.
			fronts := b.Against
			if len(fronts) == 0 {
				fronts = []string{""} // every front
			}
			for _, f := range fronts {
				i := -1
				for _, k := range []string{"", f} {
					if j, ok := passive[front{b.Faction, k}]; ok && s.Interventions[j].From <= b.From && (i < 0 || s.Interventions[j].From < s.Interventions[i].From) {
						i = j
					}
				}
				if i < 0 {
					x = -1
					break
				}
				if x < 0 || s.Interventions[i].From > s.Interventions[x].From {
					x = i
				}
			}
			if x < 0 {
				break
			}
			who := b.Faction
			if !c.r.trusted(specs[y].Faction.File) {
				who = "the faction " + c.q(specs[y].Faction)
			}
			if a := s.Interventions[x]; a.From == b.From {
				why = fmt.Sprintf("on %s %s is made both passive and attacking", b.From, who)
			} else {
				why = fmt.Sprintf("%s is passive from %s to the end, so its attack from %s never acts", who, a.From, b.From)
			}
		case sim.RoadCut, sim.RoadOpen:
			other := sim.RoadOpen
			if b.Kind == sim.RoadOpen {
				other = sim.RoadCut
			}
			for _, k := range b.Segments {
				if i, ok := roads[stretch{b.From, k, other}]; ok && x < 0 {
					x = i
				}
				if _, ok := roads[stretch{b.From, k, b.Kind}]; !ok {
					roads[stretch{b.From, k, b.Kind}] = y
				}
			}
			if x >= 0 {
				why = fmt.Sprintf("on %s a stretch of road %s is both cut and reopened", b.From, c.q(specs[y].Road.Road))
			}
		}
		if x < 0 {
			continue
		}
		ia, ib := specs[x], specs[y]
		c.at(Str{File: ib.file, Line: ib.line, Col: ib.col}, "%s contradicts %s at %s:%d: %s; give them other dates or fronts, or drop one",
			c.interventionName(ib), c.interventionName(ia), safetext.Escape(ia.file), ia.line, why)
	}
}

// interventionName names an intervention in a message: by its id, when it
// has one.
func (c *checker) interventionName(is *InterventionSpec) string {
	if is.ID.set() {
		return "intervention " + c.q(is.ID)
	}
	return "the intervention"
}

// factorProblem says why f cannot be the factor of an intervention of
// kind k, or "" when it can: the one home of the factors' domains, which
// scenario files and sweeps share.
func factorProblem(k sim.InterventionKind, f float64) string {
	switch {
	case k == sim.Reinforce && !(f > 0 && f <= 1000):
		return fmt.Sprintf("reinforcement factor %v must be above 0 and at most 1000: 2 halves the daily capture hazard, 0.5 doubles it", f)
	case k == sim.AirSupportKind && !(f >= 0 && f <= 100):
		return fmt.Sprintf("air support factor %v must be from 0 (none) to 100; 1 leaves it as it is", f)
	}
	return ""
}

package scenarios

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize is the largest scenario file Parse accepts.
const MaxFileSize = 10 << 20

// Str is a scalar from the file with its position, so that later checks
// can point at it.
type Str struct {
	V         string
	File      string
	Line, Col int
}

// UnmarshalYAML implements yaml.Unmarshaler.
func (s *Str) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: want a single value, not a %s", n.Line, kindName(n.Kind))}}
	}
	*s = Str{V: strings.TrimSpace(n.Value), Line: n.Line, Col: n.Column}
	return nil
}

// MarshalYAML implements yaml.Marshaler.
func (s Str) MarshalYAML() (any, error) { return s.V, nil }

func (s Str) set() bool { return s.V != "" }

// File is a scenario file as written, before extends is resolved and
// before any check against the atlas. Field names are the YAML keys.
type File struct {
	Name string `yaml:"-"` // the file name used in messages

	ID          Str           `yaml:"id"`
	Title       Str           `yaml:"title"`
	Description Str           `yaml:"description"`
	Extends     Str           `yaml:"extends"`
	Start       Str           `yaml:"start"`
	End         Str           `yaml:"end"`
	Factions    []FactionSpec `yaml:"factions"`
	Allies      [][]Str       `yaml:"allies"`
	Initial     *InitialSpec  `yaml:"initial"`
	Events      []EventSpec   `yaml:"events"`
	// RemoveEvents lists the ids of events of the extended scenario that
	// this file drops.
	RemoveEvents []Str         `yaml:"remove_events"`
	Captions     []CaptionSpec `yaml:"captions"`
	Parameters   *ParamsSpec   `yaml:"parameters"`
	// Interventions are dated changes to the model (see model.go).
	Interventions []InterventionSpec `yaml:"interventions"`
	// Zones are fixed areas given to a faction whatever the partition
	// says, such as the al-Tanf deconfliction zone.
	Zones []ZoneSpec `yaml:"zones"`
	// Watch names the routes and roads the metrics, the briefing and the
	// viewer follow. In a file that extends another, a watch section
	// replaces the extended one.
	Watch *WatchSpec `yaml:"watch"`
	// Places and Roads add to the atlas: a village or a road the gazetteer
	// lacks. In a file that extends another, they add to its own.
	Places []PlaceSpec     `yaml:"places"`
	Roads  []AtlasRoadSpec `yaml:"roads"`

	line, col int  // position of the document
	extended  bool // merged over the file it extends (a what-if)
}

// PlaceSpec is a place the scenario adds to the atlas.
type PlaceSpec struct {
	ID      Str   `yaml:"id"`
	Name    Str   `yaml:"name"`
	Aliases []Str `yaml:"aliases"`
	Lat     Str   `yaml:"lat"`
	Lon     Str   `yaml:"lon"`
	Kind    Str   `yaml:"kind"`
	Source  Str   `yaml:"source"`
	Note    Str   `yaml:"note"`
}

// AtlasRoadSpec is a road the scenario adds: a chain of places.
type AtlasRoadSpec struct {
	Name   Str   `yaml:"name"`
	Class  Str   `yaml:"class"`
	Places []Str `yaml:"places"`
	Source Str   `yaml:"source"`
}

// WatchSpec lists what a scenario watches.
type WatchSpec struct {
	Routes []WatchRouteSpec `yaml:"routes"`
	Roads  []Str            `yaml:"roads"`
}

// WatchRouteSpec is a watched route: can Faction drive From to To on
// roads it may pass.
type WatchRouteSpec struct {
	ID      Str `yaml:"id"`
	Name    Str `yaml:"name"`
	Faction Str `yaml:"faction"`
	From    Str `yaml:"from"`
	To      Str `yaml:"to"`
}

// ZoneSpec is a circular zone around a place: every point within RadiusKm
// of Around belongs to Faction.
type ZoneSpec struct {
	ID       Str `yaml:"id"`
	Name     Str `yaml:"name"`
	Faction  Str `yaml:"faction"`
	Around   Str `yaml:"around"`
	RadiusKm Str `yaml:"radius_km"`
	Source   Str `yaml:"source"`
}

// FactionSpec declares a faction, or overrides one of the extended file.
type FactionSpec struct {
	ID      Str `yaml:"id"`
	Name    Str `yaml:"name"`
	Colour  Str `yaml:"colour"`
	Pattern Str `yaml:"pattern"`
}

// InitialSpec is the control of every place on the start date: Default
// for all, then Regions per governorate, then Places per place.
type InitialSpec struct {
	Default Str            `yaml:"default"`
	Regions map[string]Str `yaml:"regions"`
	Places  map[string]Str `yaml:"places"`

	keys map[string]Str // map keys with positions
}

// EventSpec is one event as written.
type EventSpec struct {
	ID        Str        `yaml:"id"`
	Date      Str        `yaml:"date"`
	Target    TargetSpec `yaml:"target"`
	Kind      Str        `yaml:"kind"`
	Faction   Str        `yaml:"faction"`
	Certainty Str        `yaml:"certainty"`
	Source    SourceSpec `yaml:"source"`
	Quote     Str        `yaml:"quote"`
	Note      Str        `yaml:"note"`

	file      string
	line, col int
}

// TargetSpec is a place id, or a road stretch {road, from, to}.
type TargetSpec struct {
	Place Str
	Road  *RoadSpec

	line, col int
}

// RoadSpec names the stretch of a road between two of its places.
type RoadSpec struct {
	Road Str `yaml:"road"`
	From Str `yaml:"from"`
	To   Str `yaml:"to"`
}

// UnmarshalYAML implements yaml.Unmarshaler: a scalar is a place, a
// mapping a road stretch.
func (t *TargetSpec) UnmarshalYAML(n *yaml.Node) error {
	t.line, t.col = n.Line, n.Column
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&t.Place)
	}
	t.Road = &RoadSpec{}
	return n.Decode(t.Road)
}

// SourceSpec cites a source document.
type SourceSpec struct {
	Document Str `yaml:"document"`
	Outlet   Str `yaml:"outlet"`
	Date     Str `yaml:"date"`
}

// CaptionSpec is the viewer's narration for one day.
type CaptionSpec struct {
	Date Str `yaml:"date"`
	Text Str `yaml:"text"`
}

// Parse reads a scenario file. name is used in messages. It checks the
// size, the encoding, the YAML syntax and every field name, and returns
// all problems found as Problems. It does no I/O.
func Parse(name string, data []byte) (*File, error) {
	switch {
	case len(data) > MaxFileSize:
		return nil, Problems{{File: name, Msg: fmt.Sprintf("file is %d bytes, over the %d MB limit for a scenario", len(data), MaxFileSize>>20)}}
	case len(bytes.TrimSpace(data)) == 0:
		return nil, Problems{{File: name, Msg: "empty file; a scenario needs at least an id, or extends: offensive-2024"}}
	case bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data):
		return nil, Problems{{File: name, Msg: "not a text file (binary data or invalid UTF-8); a scenario is YAML text"}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Problems{yamlProblem(name, err)}
	}
	if len(doc.Content) == 0 {
		return nil, Problems{{File: name, Msg: "empty file; a scenario needs at least an id, or extends: offensive-2024"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, Problems{{File: name, Line: root.Line, Col: root.Column,
			Msg: fmt.Sprintf("a scenario is a mapping of fields (id:, title:, events: …), not a %s", kindName(root.Kind))}}
	}
	if plain, expanded := nodeCounts(root); expanded-plain > maxAliasNodes {
		return nil, Problems{{File: name, Msg: fmt.Sprintf("YAML aliases (*name) repeat over %d values; write the values out instead", maxAliasNodes)}}
	}
	var ps Problems
	checkFields(name, root, reflect.TypeOf(File{}), "scenario", &ps)
	if len(ps) > 0 {
		return nil, ps.err()
	}
	f := &File{Name: name, line: root.Line, col: root.Column}
	if err := root.Decode(f); err != nil {
		return nil, Problems{yamlProblem(name, err)}
	}
	setFile(reflect.ValueOf(f).Elem(), name)
	for i := range f.Events {
		f.Events[i].file = name
	}
	positionInterventions(f, root)
	// Record event positions and the positions of map keys.
	if evs := field(root, "events"); evs != nil && evs.Kind == yaml.SequenceNode {
		for i, n := range evs.Content {
			if i < len(f.Events) {
				f.Events[i].line, f.Events[i].col = n.Line, n.Column
			}
		}
	}
	if f.Initial != nil {
		f.Initial.keys = map[string]Str{}
		if in := field(root, "initial"); in != nil {
			for _, sec := range []string{"regions", "places"} {
				if m := field(in, sec); m != nil && m.Kind == yaml.MappingNode {
					for i := 0; i+1 < len(m.Content); i += 2 {
						k := m.Content[i]
						f.Initial.keys[sec+"/"+k.Value] = Str{V: k.Value, File: name, Line: k.Line, Col: k.Column}
					}
				}
			}
		}
	}
	return f, nil
}

// maxAliasNodes bounds how many nodes aliases may add to a document, so
// that a small file cannot expand into billions of values ("billion
// laughs") when its fields are checked and decoded.
const maxAliasNodes = 100_000

// nodeCounts returns the number of nodes in the tree below n as written
// (an alias counts one) and as expanded (an alias counts its anchor's
// expanded size). It takes time linear in the written size.
func nodeCounts(n *yaml.Node) (plain, expanded int) {
	const capAt = 1 << 40 // expanded sizes saturate here rather than overflow
	memo := map[*yaml.Node]int{}
	var walk func(*yaml.Node) int
	walk = func(n *yaml.Node) int {
		if n == nil {
			return 0
		}
		if v, ok := memo[n]; ok {
			return v // also ends a cycle, which the YAML parser rejects anyway
		}
		memo[n] = 1
		plain++
		size := 1
		if n.Kind == yaml.AliasNode {
			size = min(capAt, 1+walk(n.Alias)) // the anchor is counted in plain where it is written
		}
		for _, c := range n.Content {
			size = min(capAt, size+walk(c))
		}
		memo[n] = size
		return size
	}
	expanded = walk(n)
	return plain, expanded
}

// field returns the value node of key in mapping n, or nil.
func field(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value"
	case yaml.AliasNode:
		return "alias"
	}
	return "document"
}

// yamlProblem turns a YAML library error ("yaml: line 3: …") into a
// Problem with a line.
func yamlProblem(name string, err error) Problem {
	msg := err.Error()
	hint := "; check the indentation, the colons and the quotes from this line on"
	if te, ok := err.(*yaml.TypeError); ok {
		msg, hint = strings.Join(te.Errors, "; "), ""
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	line := 0
	if _, err := fmt.Sscanf(msg, "line %d:", &line); err == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return Problem{File: name, Line: line, Msg: "YAML: " + msg + hint}
}

var (
	strType    = reflect.TypeOf(Str{})
	targetType = reflect.TypeOf(TargetSpec{})
)

// checkFields walks node n against Go type t and records every unknown
// field and every value of the wrong shape.
func checkFields(file string, n *yaml.Node, t reflect.Type, what string, ps *Problems) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	bad := func(want string) {
		*ps = append(*ps, Problem{File: file, Line: n.Line, Col: n.Column,
			Msg: fmt.Sprintf("%s must be %s, not a %s", what, want, kindName(n.Kind))})
	}
	switch {
	case t == strType:
		if n.Kind != yaml.ScalarNode {
			bad("a single value")
		}
	case t == targetType:
		switch n.Kind {
		case yaml.ScalarNode:
		case yaml.MappingNode:
			checkFields(file, n, reflect.TypeOf(RoadSpec{}), what, ps)
		default:
			bad("a place id or {road:, from:, to:}")
		}
	case t.Kind() == reflect.Slice:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return
		}
		if n.Kind != yaml.SequenceNode {
			bad("a list")
			return
		}
		for i, c := range n.Content {
			checkFields(file, c, t.Elem(), fmt.Sprintf("%s[%d]", what, i), ps)
		}
	case t.Kind() == reflect.Map:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return
		}
		if n.Kind != yaml.MappingNode {
			bad("a mapping")
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			checkFields(file, n.Content[i+1], t.Elem(), what+"."+n.Content[i].Value, ps)
		}
	case t.Kind() == reflect.Struct:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return
		}
		if n.Kind != yaml.MappingNode {
			bad("a mapping")
			return
		}
		fields := map[string]reflect.Type{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			fields[tag] = t.Field(i).Type
			names = append(names, tag)
		}
		sort.Strings(names)
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ft, ok := fields[k.Value]
			if !ok {
				msg := fmt.Sprintf("unknown field %q in %s", k.Value, what)
				if c := closest(k.Value, names); c != "" {
					msg += fmt.Sprintf("; did you mean %q?", c)
				} else {
					msg += "; the fields are " + strings.Join(names, ", ")
				}
				*ps = append(*ps, Problem{File: file, Line: k.Line, Col: k.Column, Msg: msg})
				continue
			}
			if seen[k.Value] {
				*ps = append(*ps, Problem{File: file, Line: k.Line, Col: k.Column, Msg: fmt.Sprintf("field %q appears twice in %s; keep one", k.Value, what)})
			}
			seen[k.Value] = true
			if v := n.Content[i+1]; ft == strType && v.Kind == yaml.ScalarNode && v.Tag == "!!null" && v.Value == "" {
				// "colour: #56B4E9" is a key with an empty value and a comment.
				c := k.LineComment
				if c == "" {
					c = v.LineComment
				}
				if strings.HasPrefix(c, "#") && !strings.HasPrefix(c, "# ") && len(c) > 1 {
					*ps = append(*ps, Problem{File: file, Line: k.Line, Col: k.Column,
						Msg: fmt.Sprintf("%s is empty: YAML reads %s as a comment; quote the value, like %s: %q", what+"."+k.Value, c, k.Value, c)})
				}
			}
			checkFields(file, n.Content[i+1], ft, what+"."+k.Value, ps)
		}
	}
}

// setFile records the file name in every Str below v.
func setFile(v reflect.Value, name string) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			setFile(v.Elem(), name)
		}
	case reflect.Struct:
		if v.Type() == strType {
			v.FieldByName("File").SetString(name)
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				setFile(v.Field(i), name)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			setFile(v.Index(i), name)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			setFile(e, name)
			v.SetMapIndex(k, e)
		}
	}
}

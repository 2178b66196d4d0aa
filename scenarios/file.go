package scenarios

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/frontline-sim/frontline/internal/safetext"
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
	Story  *StorySpec      `yaml:"story"`

	line, col int  // position of the document
	extended  bool // merged over the file it extends (a what-if)

	// unknown holds the positions (posKey) of the mappings that have an
	// unknown field, so that Build does not also report the field as missing.
	unknown map[string]bool
}

func posKey(file string, line, col int) string { return fmt.Sprintf("%s:%d:%d", file, line, col) }

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
	f, ps := parse(name, data)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// MaxValues bounds the YAML values (keys, list items, scalars) of a
// file, counted from above by valueBound before the YAML parser runs, so
// that no 10 MB file can make it build millions of nodes.
const MaxValues = 200_000

// valueBound returns a bound from above on the number of YAML nodes data
// can hold: every block entry needs a "-", every mapping entry a ":" or
// "?", every flow entry a "[", "{" or ",", and every document a "-". It
// counts them wherever they are, in quotes and comments too, so it never
// counts low.
func valueBound(data []byte) int {
	n := 1
	for _, b := range data {
		switch b {
		case ':', '?':
			n += 2
		case '-', ',', '[':
			n++
		case '{':
			n += 3
		}
	}
	return n
}

// docKind is what a kind of YAML file is called in the messages of
// decodeDoc: scenario files and sweep files share its checks.
type docKind struct {
	noun   string // "a scenario"
	least  string // what an empty file lacks: "at least an id, or extends: offensive-2024"
	fields string // a few of its fields: "id:, title:, events: …"
	root   string // the root's name in field messages: "scenario"
}

var scenarioDoc = docKind{noun: "a scenario", least: "at least an id, or extends: offensive-2024", fields: "id:, title:, events: …", root: "scenario"}

// decodeDoc checks data, a file of kind k named name, for size, encoding,
// YAML syntax, one document, a mapping at the root, aliases and every
// field name against the Go type of v, and decodes it into v. It returns
// the root node, the positions of mappings with unknown fields, and the
// problems; the root is nil when the file cannot be decoded.
func decodeDoc(name string, data []byte, k docKind, v any) (*yaml.Node, map[string]bool, problemSet) {
	var ps problemSet
	whole := func(format string, args ...any) (*yaml.Node, map[string]bool, problemSet) {
		ps.add(Problem{File: name, Msg: fmt.Sprintf(format, args...)})
		return nil, nil, ps
	}
	empty := "empty file; " + k.noun + " needs " + k.least
	switch {
	case len(data) > MaxFileSize:
		return whole("file is %d bytes, over the %d MB limit for %s", len(data), MaxFileSize>>20, k.noun)
	case utf16(data):
		return whole("the file is UTF-16 text; frontline reads UTF-8: convert it with 'iconv -f UTF-16 -t UTF-8 %s > %s'", safetext.Escape(name), safetext.Escape(utf8Name(name)))
	case len(bytes.TrimSpace(data)) == 0:
		return whole("%s", empty)
	case bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data):
		return whole("not a text file (binary data or invalid UTF-8); %s is YAML text", k.noun)
	}
	if n := valueBound(data); n > MaxValues {
		return whole("the file has up to %d YAML values (keys and list items), over the limit of %d for %s; split it, or drop what it does not need", n, MaxValues, k.noun)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return whole("%s", empty)
		}
		ps.add(yamlProblem(name, err))
		return nil, nil, ps
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil && len(second.Content) > 0 && !isNull(second.Content[0]) {
		ps.add(Problem{File: name, Line: docStart(data, second.Content[0].Line), Col: 1,
			Msg: "a second YAML document starts here (---); " + k.noun + " is one document: remove the --- line, or move the second document to a file of its own"})
	} else if err != nil && err != io.EOF {
		ps.add(yamlProblem(name, err))
	}
	if len(doc.Content) == 0 {
		return whole("%s", empty)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		ps.add(Problem{File: name, Line: root.Line, Col: root.Column,
			Msg: fmt.Sprintf("%s is a mapping of fields (%s), not a %s", k.noun, k.fields, kindName(root.Kind))})
		return nil, nil, ps
	}
	if plain, expanded := nodeCounts(root); expanded-plain > maxAliasNodes {
		return whole("YAML aliases (*name) repeat over %d values; write the values out instead", maxAliasNodes)
	}
	fc := &fieldChecker{file: name, ps: &ps}
	fc.check(root, reflect.TypeOf(v).Elem(), k.root)
	if fc.fatal {
		return nil, nil, ps
	}
	if err := root.Decode(v); err != nil {
		ps.add(yamlProblem(name, err))
		return nil, nil, ps
	}
	setFile(reflect.ValueOf(v).Elem(), name)
	return root, fc.unknown, ps
}

// parse is Parse returning the file even when some of its fields are
// unknown, so that Load reports the problems of every step in one pass.
// The file is nil when it cannot be decoded.
func parse(name string, data []byte) (*File, problemSet) {
	f := &File{}
	root, unknown, ps := decodeDoc(name, data, scenarioDoc, f)
	if root == nil {
		return nil, ps
	}
	f.Name, f.line, f.col, f.unknown = name, root.Line, root.Column, unknown
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
	f.Story.positions(field(root, "story"))
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
	return f, ps
}

// docStart returns the line of the "---" that starts the document whose
// first value is on line first, or first when there is none.
func docStart(data []byte, first int) int {
	at := first
	for i, line := range bytes.SplitN(data, []byte("\n"), first+1) {
		if i+1 >= first {
			break
		}
		if rest, ok := bytes.CutPrefix(line, []byte("---")); ok && (len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r') {
			at = i + 1
		}
	}
	return at
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// utf16 reports whether data looks like UTF-16 text: a byte-order mark,
// or a NUL in every other byte of its start, as ASCII text in UTF-16 has.
func utf16(data []byte) bool {
	if len(data) >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff)) {
		return true
	}
	n := min(len(data), 64) &^ 1
	if n < 4 {
		return false
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	return (even == n/2 && odd == 0) || (odd == n/2 && even == 0)
}

// utf8Name suggests a name for the converted copy of a file.
func utf8Name(name string) string {
	ext := filepath.Ext(name)
	return strings.TrimSuffix(name, ext) + "-utf8" + ext
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
	switch _, err := fmt.Sscanf(msg, "line %d:", &line); {
	case err == nil:
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	case strings.HasPrefix(msg, "exceeded max depth"):
		hint = "; a scenario nests only a few levels: look for a run of [ or { that never closes"
	case strings.HasPrefix(msg, "found "):
		// The scanner's own errors leave out the line when it is the
		// first (go.yaml.in/yaml/v3 counts lines from 0 and prints none
		// for 0).
		line = 1
	}
	return Problem{File: name, Line: line, Msg: "YAML: " + msg + hint}
}

var (
	strType    = reflect.TypeOf(Str{})
	targetType = reflect.TypeOf(TargetSpec{})
)

// fieldChecker walks a document against the Go types and records every
// unknown field and every value of the wrong shape.
type fieldChecker struct {
	file  string
	ps    *problemSet
	hints hints
	fatal bool // a problem that decoding cannot get past: a shape, a duplicate
	// unknown holds the positions of mappings with an unknown field.
	unknown map[string]bool
}

// mapping reports whether node n, for a map or a struct, is a mapping
// whose keys are worth walking: null is an empty value, another kind is
// reported (bad), and so are too many keys (fewKeys).
func (fc *fieldChecker) mapping(n *yaml.Node, what string, bad func(want string)) bool {
	if isNull(n) {
		return false
	}
	if n.Kind != yaml.MappingNode {
		bad("a mapping")
		return false
	}
	return fc.fewKeys(n, what)
}

// check walks node n against Go type t; what names n in messages.
func (fc *fieldChecker) check(n *yaml.Node, t reflect.Type, what string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	bad := func(want string) {
		fc.fatal = true
		fc.ps.add(Problem{File: fc.file, Line: n.Line, Col: n.Column,
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
			fc.check(n, reflect.TypeOf(RoadSpec{}), what)
		default:
			bad("a place id or {road:, from:, to:}")
		}
	case t.Kind() == reflect.Slice:
		if isNull(n) {
			return
		}
		if n.Kind != yaml.SequenceNode {
			bad("a list")
			return
		}
		for i, c := range n.Content {
			fc.check(c, t.Elem(), fmt.Sprintf("%s[%d]", what, i))
		}
	case t.Kind() == reflect.Map:
		if !fc.mapping(n, what, bad) {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			fc.check(n.Content[i+1], t.Elem(), what+"."+safetext.Cap(n.Content[i].Value, safetext.MaxQuote))
		}
	case t.Kind() == reflect.Struct:
		if !fc.mapping(n, what, bad) {
			return
		}
		fields, names := yamlFields(t)
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ft, ok := fields[k.Value]
			if !ok {
				msg := fmt.Sprintf("unknown field %s in %s", safetext.Quote(k.Value), what)
				if c := fc.hints.closest(k.Value, names); c != "" {
					msg += fmt.Sprintf("; did you mean %s?", safetext.Quote(c))
				} else if len(names) == 0 {
					msg += fmt.Sprintf("; no %s are defined yet", what[strings.LastIndex(what, ".")+1:])
				} else {
					msg += "; the fields are " + strings.Join(names, ", ")
				}
				fc.ps.add(Problem{File: fc.file, Line: k.Line, Col: k.Column, Msg: msg})
				if fc.unknown == nil {
					fc.unknown = map[string]bool{}
				}
				fc.unknown[posKey(fc.file, n.Line, n.Column)] = true
				continue
			}
			if seen[k.Value] {
				fc.fatal = true
				fc.ps.add(Problem{File: fc.file, Line: k.Line, Col: k.Column, Msg: fmt.Sprintf("field %s appears twice in %s; keep one", safetext.Quote(k.Value), what)})
			}
			seen[k.Value] = true
			if v := n.Content[i+1]; ft == strType && isNull(v) && v.Value == "" {
				// "colour: #56B4E9" is a key with an empty value and a comment.
				c := k.LineComment
				if c == "" {
					c = v.LineComment
				}
				if strings.HasPrefix(c, "#") && !strings.HasPrefix(c, "# ") && len(c) > 1 {
					fc.ps.add(Problem{File: fc.file, Line: k.Line, Col: k.Column,
						Msg: fmt.Sprintf("%s is empty: YAML reads %s as a comment; quote the value, like %s: %s", what+"."+k.Value, safetext.Name(c), k.Value, safetext.Quote(c))})
				}
			}
			fc.check(n.Content[i+1], ft, what+"."+k.Value)
		}
	}
}

// MaxKeys bounds the keys of one mapping. The YAML decoder compares every
// key of a mapping with every other, so a mapping of 60,000 keys would
// take minutes; no mapping of a scenario needs more than the places of
// the map.
const MaxKeys = 2000

func (fc *fieldChecker) fewKeys(n *yaml.Node, what string) bool {
	if k := len(n.Content) / 2; k > MaxKeys {
		fc.fatal = true
		fc.ps.add(Problem{File: fc.file, Line: n.Line, Col: n.Column,
			Msg: fmt.Sprintf("%s has %d keys, over the limit of %d", what, k, MaxKeys)})
		return false
	}
	return true
}

// yamlFields returns the YAML keys of struct type t, with their types,
// and the keys sorted.
func yamlFields(t reflect.Type) (map[string]reflect.Type, []string) {
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
	return fields, names
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

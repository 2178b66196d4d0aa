package scenarios

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// DefaultID is the id of the built-in documented replay.
const DefaultID = "offensive-2024"

// BuiltinIDs lists the ids of the embedded scenarios, sorted.
func BuiltinIDs() []string {
	entries, _ := builtinFS.ReadDir("builtin")
	var ids []string
	for _, e := range entries {
		ids = append(ids, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(ids)
	return ids
}

// BuiltinSource returns the YAML text of an embedded scenario.
func BuiltinSource(id string) ([]byte, bool) {
	data, err := builtinFS.ReadFile("builtin/" + id + ".yaml")
	return data, err == nil
}

// Reader reads the file an extends: line names. Load uses the file system;
// tests and fuzzers pass a map.
type Reader func(path string) ([]byte, error)

// Resolve parses name (a built-in id or a file read with read) and merges
// the chain of files it extends, base first. It reports an extends cycle,
// and an unknown base with the built-in ids as a hint.
func Resolve(name string, data []byte, read Reader) (*File, error) {
	return resolve(name, data, read, nil)
}

func resolve(name string, data []byte, read Reader, chain []string) (*File, error) {
	f, err := Parse(name, data)
	if err != nil {
		return nil, err
	}
	if !f.Extends.set() {
		return f, nil
	}
	base := f.Extends.V
	var baseName string
	var baseData []byte
	if src, ok := BuiltinSource(base); ok {
		baseName, baseData = "builtin:"+base, src
	} else if read != nil && (strings.ContainsAny(base, "/\\") || strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml")) {
		baseName = base
		if !filepath.IsAbs(base) && !strings.HasPrefix(name, "builtin:") {
			baseName = filepath.Join(filepath.Dir(name), base)
		}
		if baseData, err = read(baseName); err != nil {
			return nil, Problems{{File: f.Extends.File, Line: f.Extends.Line, Col: f.Extends.Col,
				Msg: fmt.Sprintf("cannot read the extended file %s: %v; a relative extends: path starts from the folder of the file that names it", baseName, unwrapPathError(err))}}
		}
	} else {
		return nil, Problems{{File: f.Extends.File, Line: f.Extends.Line, Col: f.Extends.Col,
			Msg: fmt.Sprintf("extends %q, which is neither a built-in scenario nor a .yaml file; the built-ins are %s%s",
				base, strings.Join(BuiltinIDs(), ", "), didYouMean(base, BuiltinIDs()))}}
	}
	for _, c := range append(chain, name) {
		if filepath.Clean(c) == filepath.Clean(baseName) {
			return nil, Problems{{File: f.Extends.File, Line: f.Extends.Line, Col: f.Extends.Col,
				Msg: fmt.Sprintf("extends cycle: %s → %s; a scenario cannot extend itself, even through other files: remove one of these extends: lines", strings.Join(append(chain, name), " → "), baseName)}}
		}
	}
	if len(chain) > 16 {
		return nil, Problems{{File: f.Extends.File, Line: f.Extends.Line, Col: f.Extends.Col, Msg: "extends chain is over 16 files deep"}}
	}
	b, err := resolve(baseName, baseData, read, append(chain, name))
	if err != nil {
		return nil, err
	}
	return merge(b, f)
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// merge applies the what-if file over onto base: fields it sets replace
// base's, factions and initial control merge by key, events are base's
// less remove_events, then over's (an event with a base event's id
// replaces it), and captions merge by date.
func merge(base, over *File) (*File, error) {
	m := *base
	m.Name, m.line, m.col = over.Name, over.line, over.col
	m.Extends = Str{}
	for _, p := range []struct{ dst, src *Str }{{&m.ID, &over.ID}, {&m.Title, &over.Title}, {&m.Description, &over.Description}, {&m.Start, &over.Start}, {&m.End, &over.End}} {
		if p.src.set() {
			*p.dst = *p.src
		}
	}
	m.Factions = append([]FactionSpec(nil), base.Factions...)
	for _, fs := range over.Factions {
		replaced := false
		for i := range m.Factions {
			if m.Factions[i].ID.V == fs.ID.V {
				for _, p := range []struct{ dst, src *Str }{{&m.Factions[i].Name, &fs.Name}, {&m.Factions[i].Colour, &fs.Colour}, {&m.Factions[i].Pattern, &fs.Pattern}} {
					if p.src.set() {
						*p.dst = *p.src
					}
				}
				replaced = true
			}
		}
		if !replaced {
			m.Factions = append(m.Factions, fs)
		}
	}
	if len(over.Allies) > 0 {
		m.Allies = over.Allies
	}
	if over.Initial != nil {
		in := &InitialSpec{Regions: map[string]Str{}, Places: map[string]Str{}, keys: map[string]Str{}}
		if base.Initial != nil {
			*in = InitialSpec{Default: base.Initial.Default, Regions: copyMap(base.Initial.Regions), Places: copyMap(base.Initial.Places), keys: copyMap(base.Initial.keys)}
		}
		if over.Initial.Default.set() {
			in.Default = over.Initial.Default
		}
		// A key replaces the base's key for the same name however it is
		// spelt ("Saraqib" for "saraqib"), so the override always wins.
		for k, v := range over.Initial.Regions {
			dropSameName(in.Regions, in.keys, "regions/", k)
			in.Regions[k] = v
		}
		for k, v := range over.Initial.Places {
			dropSameName(in.Places, in.keys, "places/", k)
			in.Places[k] = v
		}
		for k, v := range over.Initial.keys {
			in.keys[k] = v
		}
		m.Initial = in
	}
	var ps Problems
	remove := map[string]bool{}
	known := map[string]bool{}
	for _, e := range base.Events {
		known[e.ID.V] = true
	}
	for _, r := range over.RemoveEvents {
		if !known[r.V] {
			var ids []string
			for id := range known {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			hint := didYouMean(r.V, ids)
			if hint == "" {
				hint = fmt.Sprintf("; 'frontline replay --format json %s' lists its events with their ids", strings.TrimPrefix(base.Name, "builtin:"))
			}
			ps = append(ps, Problem{File: r.File, Line: r.Line, Col: r.Col,
				Msg: fmt.Sprintf("remove_events names %q, which the extended scenario does not have%s", r.V, hint)})
		}
		remove[r.V] = true
	}
	overIDs := map[string]bool{}
	for _, e := range over.Events {
		if e.ID.set() {
			overIDs[e.ID.V] = true
		}
	}
	m.Events = nil
	for _, e := range base.Events {
		if !remove[e.ID.V] && !(e.ID.set() && overIDs[e.ID.V]) {
			m.Events = append(m.Events, e)
		}
	}
	m.Events = append(m.Events, over.Events...)
	m.RemoveEvents = nil
	m.Captions = append([]CaptionSpec(nil), base.Captions...)
	for _, c := range over.Captions {
		replaced := false
		for i := range m.Captions {
			if m.Captions[i].Date.V == c.Date.V {
				m.Captions[i], replaced = c, true
			}
		}
		if !replaced {
			m.Captions = append(m.Captions, c)
		}
	}
	mergeModel(&m, base, over)
	if over.Watch != nil {
		m.Watch = over.Watch
	}
	// Places and roads add up: a file adds to what it extends.
	m.Places = append(append([]PlaceSpec(nil), base.Places...), over.Places...)
	m.Roads = append(append([]AtlasRoadSpec(nil), base.Roads...), over.Roads...)
	// Zones merge by id: an over zone replaces the base zone of its id.
	m.Zones = append([]ZoneSpec(nil), base.Zones...)
	for _, z := range over.Zones {
		replaced := false
		for i := range m.Zones {
			if m.Zones[i].ID.V == z.ID.V {
				m.Zones[i], replaced = z, true
			}
		}
		if !replaced {
			m.Zones = append(m.Zones, z)
		}
	}
	if len(ps) > 0 {
		return nil, ps.err()
	}
	return &m, nil
}

// dropSameName deletes from m (and its key positions) every key other
// than k that folds to the same name as k.
func dropSameName(m, keys map[string]Str, section, k string) {
	for bk := range m {
		if bk != k && geo.NameKey(bk) == geo.NameKey(k) {
			delete(m, bk)
			delete(keys, section+bk)
		}
	}
}

func copyMap[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Load reads, resolves and checks a scenario: a built-in id or a file
// path. It returns every problem found as Problems.
func Load(nameOrPath string, a *geo.Atlas) (*sim.Scenario, error) {
	var name string
	var data []byte
	if src, ok := BuiltinSource(nameOrPath); ok {
		name, data = "builtin:"+nameOrPath, src
	} else {
		var err error
		if data, err = readFile(nameOrPath); err != nil {
			msg := fmt.Sprintf("cannot read %s: %v", nameOrPath, unwrapPathError(err))
			if !strings.ContainsAny(nameOrPath, "/.") {
				msg += fmt.Sprintf("; the built-in scenarios are %s%s", strings.Join(BuiltinIDs(), ", "), didYouMean(nameOrPath, BuiltinIDs()))
			}
			return nil, Problems{{File: nameOrPath, Msg: msg}}
		}
		name = nameOrPath
	}
	return LoadBytes(name, data, readFile, a)
}

// LoadBytes is Load for data already in memory; read resolves extends.
func LoadBytes(name string, data []byte, read Reader, a *geo.Atlas) (*sim.Scenario, error) {
	f, err := Resolve(name, data, read)
	if err != nil {
		return nil, err
	}
	return Build(f, a)
}

// readFile reads a scenario file, refusing directories and files over
// MaxFileSize before reading them whole.
func readFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("is a directory")
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("file is %d bytes, over the %d MB limit for a scenario", st.Size(), MaxFileSize>>20)
	}
	return os.ReadFile(path)
}

// Default loads the built-in scenario offensive-2024.
func Default(a *geo.Atlas) (*sim.Scenario, error) { return Load(DefaultID, a) }

// Replay loads a scenario (a built-in id or a file path) and replays it on
// the atlas: the timeline every reporter and the viewer present.
func Replay(nameOrPath string, a *geo.Atlas) (*sim.Timeline, error) {
	s, err := Load(nameOrPath, a)
	if err != nil {
		return nil, err
	}
	// s.Atlas is a, extended by the scenario's own places and roads.
	return sim.Replay(s, sim.NewGraph(s.Atlas), sim.NewTerritory(s.Atlas))
}

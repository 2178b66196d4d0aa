package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/frontline-sim/frontline/internal/safetext"

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

// resolver follows the extends: chain of one load.
type resolver struct {
	fsys fs.FS  // the files extends: may name; nil for built-ins only
	top  string // the display name of the file loaded, whose values messages may quote
	// topFS is the top file's name in fsys.
	topFS string
	// wholeFS says fsys is the whole file system, where absolute extends:
	// paths are read.
	wholeFS bool
	// lift says how to lift the confinement, for messages; empty when the
	// caller chose fsys and no flag applies.
	lift string
	// sweep says the top file is a sweep, whose scenario: names the first
	// file of the chain as an extends: line would.
	sweep bool
}

// naming returns how messages name the line that names a file: the
// sweep's scenario: line, or an extends: line.
func (r *resolver) naming(ext Str) string {
	if r.sweep && ext.File == r.top {
		return "scenario"
	}
	return "extends"
}

// link is one file of an extends chain: its name in messages and in fsys.
type link struct{ display, fsName string }

// trusted reports whether messages may quote values of file: the file
// the user named, or a built-in. A file reached through extends: may be
// any file of the folder, so its values are never echoed.
func (r *resolver) trusted(file string) bool {
	return file == r.top || strings.HasPrefix(file, "builtin:")
}

// Resolve reads the file name from fsys, parses it and merges the chain
// of files it extends, base first. extends: paths are relative to the
// naming file and must stay inside fsys. fsys may be nil when name is a
// built-in id.
func Resolve(fsys fs.FS, name string) (*File, error) {
	f, ps := (&resolver{fsys: fsys, top: name, topFS: name}).resolveTop(nil)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// resolveTop reads the top file (unless data holds it already) and
// resolves it.
func (r *resolver) resolveTop(data []byte) (*File, problemSet) {
	if src, ok := BuiltinSource(r.top); ok && data == nil {
		r.top = "builtin:" + r.top
		return r.resolve(link{r.top, ""}, src, nil, nil)
	}
	var ps problemSet
	if data == nil {
		if r.fsys == nil {
			ps.add(Problem{File: r.top, Msg: "cannot read " + safetext.Escape(r.top) + ": no file system to read it from"})
			return nil, ps
		}
		var err error
		if data, err = readFS(r.fsys, r.topFS); err != nil {
			ps.add(Problem{File: r.top, Msg: "cannot read " + safetext.Escape(r.top) + ": " + errText(err)})
			return nil, ps
		}
	}
	return r.resolve(link{r.top, r.topFS}, data, nil, nil)
}

// resolve parses one file of the chain and merges what it extends under
// it. from is the extends: line that named it (nil for the top file).
func (r *resolver) resolve(l link, data []byte, chain []link, from *Str) (*File, problemSet) {
	f, ps := parse(l.display, data)
	if from != nil && !r.trusted(l.display) && !ps.empty() {
		// Never echo a file that is not a scenario: its keys and values
		// could be anything.
		var out problemSet
		out.add(r.at(*from, "%s is not a scenario file; check it with 'frontline validate %s'", safetext.Escape(l.display), safetext.Escape(l.display)))
		return nil, out
	}
	if f == nil || !f.Extends.set() {
		return f, ps
	}
	base, bps := r.base(f, l, chain)
	if !bps.empty() {
		ps.addAll(bps)
		return nil, ps
	}
	b, bps := r.resolve(base.link, base.data, append(chain, l), &f.Extends)
	ps.addAll(bps)
	if b == nil {
		return nil, ps
	}
	m, mps := merge(b, f, r)
	ps.addAll(mps)
	return m, ps
}

func (r *resolver) at(s Str, format string, args ...any) Problem {
	return Problem{File: s.File, Line: s.Line, Col: s.Col, Msg: fmt.Sprintf(format, args...)}
}

// quote quotes s for a message when its file is trusted, and otherwise
// says only that a value is there.
func (r *resolver) quote(s Str) string {
	if r.trusted(s.File) {
		return safetext.Quote(s.V)
	}
	return "(value not shown)"
}

type baseFile struct {
	link link
	data []byte
}

// base finds and reads the file f (at l) extends: a built-in, or a file
// of fsys relative to l, confined to fsys, with no cycle and within
// MaxExtendsDepth.
func (r *resolver) base(f *File, l link, chain []link) (baseFile, problemSet) {
	var ps problemSet
	ext := f.Extends
	v := ext.V
	var b baseFile
	isPath := strings.ContainsAny(v, "/\\") || strings.HasSuffix(v, ".yaml") || strings.HasSuffix(v, ".yml")
	if src, ok := BuiltinSource(v); ok {
		b = baseFile{link{"builtin:" + v, ""}, src}
	} else if !isPath || strings.HasPrefix(l.display, "builtin:") || r.fsys == nil {
		hint := ""
		if r.trusted(ext.File) {
			hint = didYouMean(v, BuiltinIDs())
		}
		msg := fmt.Sprintf("%s %s, which is neither a built-in scenario nor a .yaml file; the built-ins are %s%s",
			r.naming(ext), r.quote(ext), strings.Join(BuiltinIDs(), ", "), hint)
		if isPath {
			msg = fmt.Sprintf("extends %s, but files cannot be read here; extend a built-in scenario: %s", r.quote(ext), strings.Join(BuiltinIDs(), ", "))
		}
		ps.add(r.at(ext, "%s", msg))
		return b, ps
	} else {
		slash := filepath.ToSlash(v)
		display := v
		fsName := path.Join(path.Dir(l.fsName), slash)
		if filepath.IsAbs(v) || path.IsAbs(slash) {
			fsName = "/"
		} else {
			display = filepath.Join(filepath.Dir(l.display), v)
		}
		if r.wholeFS && (filepath.IsAbs(v) || path.IsAbs(slash)) {
			fsName = strings.TrimPrefix(path.Clean(slash), "/")
		}
		b.link = link{display, fsName}
		var err error
		if !fs.ValidPath(fsName) {
			err = errPathEscapes
		} else {
			b.data, err = readFS(r.fsys, fsName)
		}
		if err != nil {
			ps.add(r.readProblem(ext, display, err))
			return b, ps
		}
	}
	for _, c := range append(chain, l) {
		if c.display == b.link.display || (c.fsName != "" && c.fsName == b.link.fsName) {
			names := make([]string, 0, len(chain)+2)
			for _, c := range append(chain, l, b.link) {
				names = append(names, safetext.Escape(c.display))
			}
			ps.add(r.at(ext, "extends cycle: %s; a scenario cannot extend itself, even through other files: remove one of these extends: lines", strings.Join(names, " → ")))
			return b, ps
		}
	}
	if len(chain)+2 > MaxExtendsDepth {
		ps.add(r.at(ext, "%s extends files %d deep, over the limit of %d; merge some of the files of the chain into one",
			safetext.Escape(r.top), len(chain)+2, MaxExtendsDepth))
	}
	return b, ps
}

// errPathEscapes stands for a path that leads out of fsys.
var errPathEscapes = errors.New("path escapes from parent")

func (r *resolver) readProblem(ext Str, display string, err error) Problem {
	name := safetext.Name(display)
	if !r.trusted(ext.File) {
		name = "the file it names"
	}
	if escapes(err) || err == errPathEscapes {
		msg := fmt.Sprintf("%s %s, which is outside the folder of %s; a scenario may extend only the built-in scenarios and files in its own folder or below it",
			r.naming(ext), r.quote(ext), safetext.Escape(r.top))
		if r.lift != "" {
			msg += "; " + r.lift
		}
		return r.at(ext, "%s", msg)
	}
	what := "the extended file"
	if r.naming(ext) == "scenario" {
		what = "the sweep's scenario"
	}
	return r.at(ext, "cannot read %s %s: %s; a relative %s: path starts from the folder of the file that names it", what, name, errText(err), r.naming(ext))
}

// merge applies the what-if file over onto base: fields it sets replace
// base's, factions and initial control merge by key, events are base's
// less remove_events, then over's (an event with a base event's id
// replaces it), and captions merge by date.
func merge(base, over *File, r *resolver) (*File, problemSet) {
	var ps problemSet
	var h hints
	m := *base
	m.Name, m.line, m.col = over.Name, over.line, over.col
	m.Extends = Str{}
	m.unknown = map[string]bool{}
	for k := range base.unknown {
		m.unknown[k] = true
	}
	for k := range over.unknown {
		m.unknown[k] = true
	}
	for _, p := range []struct{ dst, src *Str }{{&m.ID, &over.ID}, {&m.Title, &over.Title}, {&m.Description, &over.Description}, {&m.Start, &over.Start}, {&m.End, &over.End}} {
		if p.src.set() {
			*p.dst = *p.src
		}
	}
	m.Factions = mergeByKey(base.Factions, over.Factions, func(f FactionSpec) Str { return f.ID },
		func(dst *FactionSpec, fs FactionSpec) {
			for _, p := range []struct{ dst, src *Str }{{&dst.Name, &fs.Name}, {&dst.Colour, &fs.Colour}, {&dst.Pattern, &fs.Pattern}} {
				if p.src.set() {
					*p.dst = *p.src
				}
			}
		},
		func(k, prev Str) {
			ps.add(r.at(k, "faction %s is declared twice in this file (first at line %d); keep one", r.quote(k), prev.Line))
		})
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
		overrideByName(in.Regions, over.Initial.Regions, in.keys, "regions/")
		overrideByName(in.Places, over.Initial.Places, in.keys, "places/")
		for k, v := range over.Initial.keys {
			in.keys[k] = v
		}
		m.Initial = in
	}
	remove := map[string]bool{}
	known := map[string]bool{}
	for _, e := range base.Events {
		known[e.ID.V] = true
	}
	var ids []string // the base's event ids that messages may quote
	for _, e := range base.Events {
		if r.trusted(e.ID.File) {
			ids = append(ids, e.ID.V)
		}
	}
	sort.Strings(ids)
	for _, rm := range over.RemoveEvents {
		if !known[rm.V] && !ps.skip(rm.File, rm.Line, rm.Col) {
			hint := ""
			if r.trusted(rm.File) {
				hint = h.didYouMean(rm.V, ids)
			}
			if hint == "" {
				hint = fmt.Sprintf("; 'frontline replay --format json %s' lists its events with their ids", safetext.Escape(strings.TrimPrefix(base.Name, "builtin:")))
			}
			ps.add(r.at(rm, "remove_events names %s, which the extended scenario does not have%s", r.quote(rm), hint))
		}
		remove[rm.V] = true
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
	m.Captions = mergeByKey(base.Captions, over.Captions, func(c CaptionSpec) Str { return c.Date },
		func(dst *CaptionSpec, c CaptionSpec) { *dst = c },
		func(k, prev Str) {
			ps.add(r.at(k, "two captions for %s in this file (first at line %d); merge them into one", r.quote(k), prev.Line))
		})
	// Zones and interventions merge by id, so two of one id in this file
	// would silently lose one: an error, as in a base file.
	var zoneIDs, ivIDs []Str
	for _, z := range over.Zones {
		zoneIDs = append(zoneIDs, z.ID)
	}
	for _, iv := range over.Interventions {
		ivIDs = append(ivIDs, iv.ID)
	}
	dupIDs(r, &ps, "zones", zoneIDs)
	dupIDs(r, &ps, "interventions", ivIDs)
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
	// A story tells what its own file shows: a what-if does not inherit the
	// history's story, whose captions would be wrong over its map.
	m.Story = over.Story
	return &m, ps
}

// dupIDs reports each id given twice among ids, which come from one file.
func dupIDs(r *resolver, ps *problemSet, what string, ids []Str) {
	first := map[string]Str{}
	for _, id := range ids {
		if !id.set() {
			continue
		}
		if prev, dup := first[id.V]; dup {
			ps.add(r.at(id, "two %s with id %s in this file (first at line %d); give each its own id", what, r.quote(id), prev.Line))
			continue
		}
		first[id.V] = id
	}
}

// overrideByName sets every key of over in m, first deleting from m (and
// from its key positions) the keys that fold to the same name, so that
// "Saraqib" replaces "saraqib". It takes time linear in the sizes.
func overrideByName(m, over, keys map[string]Str, section string) {
	if len(over) == 0 {
		return
	}
	byName := map[string][]string{}
	for k := range m {
		byName[geo.NameKey(k)] = append(byName[geo.NameKey(k)], k)
	}
	for k, v := range over {
		for _, bk := range byName[geo.NameKey(k)] {
			if bk != k {
				delete(m, bk)
				delete(keys, section+bk)
			}
		}
		m[k] = v
	}
}

func copyMap[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Load reads, resolves and checks a scenario, a built-in id or a file
// path, with DefaultLoader. It returns every problem found as Problems.
func Load(nameOrPath string, a *geo.Atlas) (*sim.Scenario, error) {
	return DefaultLoader().Load(nameOrPath, a)
}

// Load reads, resolves and checks a scenario: a built-in id or a file
// path. The file and the files it extends are read as readFS does, and
// confined to the file's folder unless l.AllowExtendsOutside.
func (l Loader) Load(nameOrPath string, a *geo.Atlas) (*sim.Scenario, error) {
	if _, ok := BuiltinSource(nameOrPath); ok {
		return LoadFS(nil, nameOrPath, a)
	}
	fsys, closeFS, name, err := l.openRoot(nameOrPath)
	if err != nil {
		msg := fmt.Sprintf("cannot read %s: %s", safetext.Escape(nameOrPath), errText(err))
		if !strings.ContainsAny(nameOrPath, "/.") {
			msg += fmt.Sprintf("; the built-in scenarios are %s%s", strings.Join(BuiltinIDs(), ", "), didYouMean(nameOrPath, BuiltinIDs()))
		}
		return nil, Problems{{File: nameOrPath, Msg: msg}}
	}
	defer closeFS()
	r := &resolver{fsys: fsys, top: nameOrPath, topFS: name, wholeFS: l.AllowExtendsOutside,
		lift: fmt.Sprintf("if you trust it, run with --allow-extends-outside, or set %s=1", EnvAllowExtendsOutside)}
	return r.load(nil, a)
}

// LoadFS reads, resolves and checks the scenario file name of fsys (or a
// built-in id, when fsys may be nil). extends: may name built-ins and
// files of fsys, relative to the naming file.
func LoadFS(fsys fs.FS, name string, a *geo.Atlas) (*sim.Scenario, error) {
	return (&resolver{fsys: fsys, top: name, topFS: name}).load(nil, a)
}

// LoadBytes is LoadFS for a file already in memory, named name in
// messages; its extends: may name built-ins and files of fsys (nil for
// built-ins only).
func LoadBytes(name string, data []byte, fsys fs.FS, a *geo.Atlas) (*sim.Scenario, error) {
	return (&resolver{fsys: fsys, top: name, topFS: name}).load(data, a)
}

func (r *resolver) load(data []byte, a *geo.Atlas) (*sim.Scenario, error) {
	f, ps := r.resolveTop(data)
	if f == nil {
		return nil, ps.err()
	}
	s, bps := build(f, a, r)
	ps.addAll(bps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// Default loads the built-in scenario offensive-2024.
func Default(a *geo.Atlas) (*sim.Scenario, error) { return Load(DefaultID, a) }

// Replay loads a scenario (a built-in id or a file path) and replays it on
// the atlas: the timeline every reporter and the viewer present.
func Replay(nameOrPath string, a *geo.Atlas) (*sim.Timeline, error) {
	return DefaultLoader().Replay(nameOrPath, a)
}

// Replay is the package's Replay with l's confinement.
func (l Loader) Replay(nameOrPath string, a *geo.Atlas) (*sim.Timeline, error) {
	return l.Timeline(nameOrPath, a, true)
}

// Timeline loads a scenario with l's confinement and replays it on its
// own atlas (a, extended by the scenario's own places and roads) with
// sim.NewTimeline: with territory for drawing, without for the model
// (ensemble.New and sim.Calibrate take the timeline and its graph).
func (l Loader) Timeline(nameOrPath string, a *geo.Atlas, territory bool) (*sim.Timeline, error) {
	s, err := l.Load(nameOrPath, a)
	if err != nil {
		return nil, err
	}
	return sim.NewTimeline(s, territory)
}

// mergeByKey merges the items of over into a copy of base by their key:
// an item applies (apply) to each of base's items with its key, or is
// appended when there is none. A key set twice in over is reported
// (dup, with the first) and its second item dropped. The merge runs in
// time linear in the lists.
func mergeByKey[T any](base, over []T, key func(T) Str, apply func(dst *T, src T), dup func(k, prev Str)) []T {
	out := append([]T(nil), base...)
	at := map[string][]int{}
	for i, x := range out {
		at[key(x).V] = append(at[key(x).V], i)
	}
	seen := map[string]Str{}
	for _, x := range over {
		k := key(x)
		if prev, twice := seen[k.V]; twice && k.set() {
			dup(k, prev)
			continue
		}
		seen[k.V] = k
		for _, i := range at[k.V] {
			apply(&out[i], x)
		}
		if len(at[k.V]) == 0 {
			out = append(out, x)
		}
	}
	return out
}

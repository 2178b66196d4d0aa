package scenarios

import (
	"embed"
	"io/fs"
	"sort"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
)

// whatifFS holds the bundled what-if files, scenarios/whatif/*.yaml.
//
//go:embed whatif
var whatifFS embed.FS

// Bundled is a scenario shipped inside frontline: a built-in or a bundled
// what-if file.
type Bundled struct {
	ID    string // the file name without .yaml; deep links use it
	Name  string // the name problems cite: builtin:ID or whatif/ID.yaml
	Title string // the file's title:, or its id
}

// Catalogue lists the built-in scenarios, then the bundled what-ifs, each
// sorted by id: what the web build's menu offers.
func Catalogue() []Bundled {
	var out []Bundled
	for _, id := range BuiltinIDs() {
		src, _ := BuiltinSource(id)
		out = append(out, Bundled{ID: id, Name: "builtin:" + id, Title: title(id, src)})
	}
	entries, _ := fs.ReadDir(whatifFS, "whatif")
	var ids []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")) {
			ids = append(ids, n)
		}
	}
	sort.Strings(ids)
	for _, n := range ids {
		src, _ := whatifFS.ReadFile("whatif/" + n)
		id := strings.TrimSuffix(strings.TrimSuffix(n, ".yaml"), ".yml")
		out = append(out, Bundled{ID: id, Name: "whatif/" + n, Title: title(id, src)})
	}
	return out
}

// title reads a file's title: for a menu, falling back to its id.
func title(id string, src []byte) string {
	f, err := Parse(id, src)
	if err != nil || !f.Title.set() {
		return id
	}
	return f.Title.V
}

// ReplayBundled loads a bundled scenario by id (see Catalogue) and replays
// it. A what-if's relative extends: resolves inside the bundle.
func ReplayBundled(id string, a *geo.Atlas) (*sim.Timeline, error) {
	for _, b := range Catalogue() {
		if b.ID != id {
			continue
		}
		if strings.HasPrefix(b.Name, "builtin:") {
			return Replay(id, a)
		}
		s, err := LoadFS(whatifFS, b.Name, a)
		if err != nil {
			return nil, err
		}
		return sim.NewTimeline(s, true)
	}
	var ids []string
	for _, b := range Catalogue() {
		ids = append(ids, b.ID)
	}
	return nil, Problems{{File: id, Msg: "no bundled scenario " + id + "; the bundled ones are " + strings.Join(ids, ", ") + didYouMean(id, ids)}}
}

// ReplayBytes checks and replays a scenario file already in memory (one
// dropped on the web page): the same checks and problems, with file:line,
// as frontline validate. An extends: of another file cannot be resolved
// there, since the page has only the one file; built-in bases work.
func ReplayBytes(name string, data []byte, a *geo.Atlas) (*sim.Timeline, error) {
	if len(data) > MaxFileSize {
		return nil, Problems{{File: name, Msg: "the file is over the scenario size limit"}}
	}
	s, err := LoadBytes(name, data, nil, a)
	if err != nil {
		return nil, err
	}
	return sim.NewTimeline(s, true)
}

package scenarios_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
)

// secretBase is an extended file with a place, a road and a faction of its
// own, whose names no message about another file may print.
const secretBase = `extends: offensive-2024
id: secret-base
factions:
  - {id: secret-faction, name: Secret, colour: "#123456"}
places:
  - {id: secret-site, name: Secret Site, lat: 36.1, lon: 37.0, source: s}
roads:
  - {name: Secret road, places: [aleppo, secret-site, atarib], source: s}
`

// secrets are the names of secretBase that must not leak.
var secrets = []string{"secret-site", "Secret Site", "Secret road", "secret-faction"}

// "Did you mean" offers only the names of the file itself and of the
// built-in atlas and scenario, never those of a file it extends, wherever
// a place, road or faction is named, with the confinement on or off.
func TestHintsNotFromExtendedFiles(t *testing.T) {
	const head = "extends: base.yaml\nid: child\n"
	own := "places:\n  - {id: own-site, name: Own Site, lat: 36.2, lon: 37.1, source: s}\n"
	event := func(fields string) string {
		return "events:\n  - {id: x, date: 2024-11-28, kind: captured, certainty: hypothetical, " + fields + "}\n"
	}
	story := func(step string) string {
		return "story:\n  title: t\n  steps:\n    - {title: s, day: 2024-11-29, caption: c, " + step + "}\n"
	}
	tests := []struct {
		name, body, want string
	}{
		{"initial", "initial: {places: {secret-sit: hts}}\n", `unknown place "secret-sit"; run 'frontline places' for the list`},
		{"event target", event("target: secret-sit, faction: hts"), `unknown place "secret-sit"; run`},
		{"story focus", story("focus: secret-sit"), `focus: unknown place "secret-sit"; run`},
		{"story highlight", story("highlight: [secret-sit]"), `highlight: unknown place "secret-sit"; run`},
		{"watch route", "watch: {routes: [{id: r, faction: regime, from: damascus, to: secret-sit}]}\n", `unknown place "secret-sit"; run`},
		{"road target", event("target: {road: Secret roa, from: aleppo, to: atarib}, faction: hts"), `unknown road "Secret roa"; run 'frontline roads' for the list`},
		{"watch roads", "watch: {roads: [Secret roa]}\n", `watch.roads: unknown road "Secret roa"`},
		{"event faction", event("target: aleppo, faction: secret-factio"), `unknown faction "secret-factio"`},
		{"parameters faction", "parameters: {strength: {secret-factio: 1}}\n", `parameters.strength names "secret-factio", which is not a faction; use one of `},
		// The file's own names and the built-in ones are still offered.
		{"own place", own + "initial: {places: {own-sit: hts}}\n", `unknown place "own-sit"; did you mean "own-site"?`},
		{"built-in place", story("focus: saraqibb"), `focus: unknown place "saraqibb"; did you mean "saraqib"?`},
		{"built-in road", "watch: {roads: [M55]}\n", `watch.roads: unknown road "M55"; did you mean "M5"?`},
		{"built-in faction", "parameters: {strength: {htss: 1}}\n", `did you mean "hts"?`},
	}
	a := geo.MustDefault()
	check := func(t *testing.T, how, name string, err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s, %s: %v; want %q", how, name, err, want)
			return
		}
		for _, s := range secrets {
			if strings.Contains(err.Error(), s) {
				t.Errorf("%s, %s: the message names %q of the extended file:\n%v", how, name, s, err)
			}
		}
	}
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "base.yaml"), []byte(secretBase), 0o644)
	for _, tt := range tests {
		fsys := fstest.MapFS{
			"base.yaml":  {Data: []byte(secretBase)},
			"child.yaml": {Data: []byte(head + tt.body)},
		}
		_, err := scenarios.LoadFS(fsys, "child.yaml", a)
		check(t, "in the folder", tt.name, err, tt.want)

		// With the confinement lifted, the extended file is elsewhere.
		dir := t.TempDir()
		path := filepath.Join(dir, "child.yaml")
		os.WriteFile(path, []byte(strings.Replace(head, "base.yaml", filepath.Join(outside, "base.yaml"), 1)+tt.body), 0o644)
		_, err = scenarios.Loader{AllowExtendsOutside: true}.Load(path, a)
		check(t, "outside", tt.name, err, tt.want)
	}
}

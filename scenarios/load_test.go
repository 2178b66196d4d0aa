package scenarios_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

// whatIf loads and replays a good what-if file from testdata.
func whatIf(t *testing.T, name string) (*sim.Scenario, *sim.Timeline) {
	t.Helper()
	a := geo.MustDefault()
	s, err := scenarios.Load(filepath.Join("testdata", name), a)
	if err != nil {
		t.Fatalf("Load(%s):\n%v", name, err)
	}
	tl, err := sim.Replay(s, sim.NewGraph(s.Atlas), sim.NewTerritory(s.Atlas))
	if err != nil {
		t.Fatalf("Replay(%s): %v", name, err)
	}
	if len(tl.Days) != s.Days() {
		t.Fatalf("%s: %d days, want %d", name, len(tl.Days), s.Days())
	}
	return s, tl
}

func builtin(t *testing.T) *sim.Scenario {
	t.Helper()
	s, err := scenarios.Default(geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func event(s *sim.Scenario, id string) (sim.Event, bool) {
	for _, e := range s.Events {
		if e.ID == id {
			return e, true
		}
	}
	return sim.Event{}, false
}

func eventIDs(s *sim.Scenario) []string {
	var ids []string
	for _, e := range s.Events {
		ids = append(ids, e.ID)
	}
	return ids
}

// place returns the state of place id on date.
func place(t *testing.T, tl *sim.Timeline, date, id string) sim.PlaceState {
	t.Helper()
	i, ok := tl.Graph.Atlas.Index(id)
	if !ok {
		t.Fatalf("no place %s", id)
	}
	return tl.Day(sim.MustDate(date)).Place(i)
}

// segment returns the index of the segment of road from → to.
func segment(t *testing.T, a *geo.Atlas, road, from, to string) int {
	t.Helper()
	for k, s := range a.Segments() {
		if s.Road == road && ((s.From == from && s.To == to) || (s.From == to && s.To == from)) {
			return k
		}
	}
	t.Fatalf("no segment %s %s–%s", road, from, to)
	return -1
}

// Every good file in testdata loads and replays.
func TestGoodFiles(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	if len(files) < 3 {
		t.Fatalf("found %d good files, want at least 3", len(files))
	}
	for _, f := range files {
		whatIf(t, filepath.Base(f))
	}
}

func TestAleppoHolds(t *testing.T) {
	base := builtin(t)
	s, tl := whatIf(t, "aleppo-holds.yaml")
	if s.ID != "aleppo-holds" || s.Title != "What if: Aleppo holds" {
		t.Errorf("id, title = %q, %q", s.ID, s.Title)
	}
	if s.Start != base.Start || s.End != base.End {
		t.Errorf("span %s–%s, want the built-in's %s–%s", s.Start, s.End, base.Start, base.End)
	}
	removed := []string{"aleppo-half-taken", "aleppo-most-taken", "new-aleppo-taken", "aleppo-airport-taken", "nayrab-airbase-fallen", "infantry-school-fallen"}
	for _, id := range removed {
		if _, ok := event(s, id); ok {
			t.Errorf("event %s should be removed", id)
		}
	}
	added := []string{"aleppo-assault-repelled", "new-aleppo-counterattack"}
	for _, id := range added {
		e, ok := event(s, id)
		if !ok {
			t.Errorf("event %s missing", id)
			continue
		}
		if e.Certainty != scenarios.Hypothetical || e.Source.Document != "" {
			t.Errorf("event %s: certainty %s, source %q; want hypothetical, none", id, e.Certainty, e.Source.Document)
		}
	}
	if got, want := len(s.Events), len(base.Events)-len(removed)+len(added); got != want {
		t.Errorf("%d events, want %d", got, want)
	}
	// Every other event of the built-in is kept, in order.
	var kept []string
	for _, id := range eventIDs(base) {
		if !slices.Contains(removed, id) {
			kept = append(kept, id)
		}
	}
	var got []string
	for _, id := range eventIDs(s) {
		if !slices.Contains(added, id) {
			got = append(got, id)
		}
	}
	if !slices.Equal(got, kept) {
		t.Errorf("kept events:\n%v\nwant\n%v", got, kept)
	}
	if !slices.Equal(s.FactionIDs(), base.FactionIDs()) || !slices.Equal(s.Initial, base.Initial) {
		t.Error("factions or initial control differ from the built-in's; the file overrides neither")
	}
	// Captions merge by date: 2024-11-30 is replaced, the rest kept.
	if c := s.Captions[sim.MustDate("2024-11-30")]; c[:20] != "What if: Aleppo hold" {
		t.Errorf("caption for 2024-11-30 = %q", c)
	}
	if d := sim.MustDate("2024-11-29"); s.Captions[d] != base.Captions[d] {
		t.Errorf("caption for 2024-11-29 changed: %q", s.Captions[d])
	}

	for _, tt := range []struct {
		date, place, controller string
		status                  sim.Status
	}{
		{"2024-11-29", "aleppo", "regime", sim.Held},
		{"2024-11-29", "new-aleppo", "regime", sim.ContestedStat},
		{"2024-11-29", "saraqib", "hts", sim.Held},
		{"2024-11-30", "new-aleppo", "regime", sim.Held},
		{"2024-12-04", "aleppo", "regime", sim.Held},
		{"2024-12-04", "aleppo-airport", "regime", sim.Held},
		{"2024-12-04", "nayrab-airbase", "regime", sim.Held},
		{"2024-12-04", "maarat-al-numan", "hts", sim.Held},
	} {
		if p := place(t, tl, tt.date, tt.place); p.Controller != tt.controller || p.Status != tt.status {
			t.Errorf("%s %s: %s/%s, want %s/%s", tt.date, tt.place, p.Controller, p.Status, tt.controller, tt.status)
		}
	}
	if tl.FirstRouteLost != 0 {
		t.Errorf("the regime loses its road to Aleppo on %s; with Aleppo held it keeps the desert road", tl.FirstRouteLost)
	}
}

func TestSNAJoinsEarly(t *testing.T) {
	base := builtin(t)
	s, tl := whatIf(t, "sna-joins-early.yaml")
	a := tl.Graph.Atlas

	// Factions: sna's name and pattern are overridden, its colour kept;
	// no faction is added and the order is the built-in's.
	if !slices.Equal(s.FactionIDs(), base.FactionIDs()) {
		t.Errorf("factions %v, want %v", s.FactionIDs(), base.FactionIDs())
	}
	sna, _ := s.Faction("sna")
	baseSNA, _ := base.Faction("sna")
	if sna.Name != "Syrian National Army (early entry)" || sna.Pattern != "backhatch" || sna.Colour != baseSNA.Colour {
		t.Errorf("sna = %+v; want the new name and pattern, and the colour %s", sna, baseSNA.Colour)
	}
	if hts, _ := s.Faction("hts"); hts != mustFaction(t, base, "hts") {
		t.Errorf("hts changed: %+v", hts)
	}

	// Initial control: tadef is overridden, every other place is the built-in's.
	ti, _ := a.Index("tadef")
	for i, c := range s.Initial {
		want := base.Initial[i]
		if i == ti {
			want = "sna"
		}
		if c != want {
			t.Errorf("initial control of %s = %s, want %s", a.Places()[i].ID, c, want)
		}
	}

	// Events: two built-in events are replaced by id, two are added.
	if got, want := len(s.Events), len(base.Events)+2; got != want {
		t.Errorf("%d events, want %d", got, want)
	}
	for id, date := range map[string]string{"sna-dawn-of-liberation": "2024-11-27", "tel-rifaat-entered": "2024-11-28"} {
		n := 0
		for _, e := range s.Events {
			if e.ID == id {
				n++
				if e.Date != sim.MustDate(date) || e.Certainty != scenarios.Hypothetical || e.Quote != "" {
					t.Errorf("event %s: %s %s %q; want the replacement, dated %s", id, e.Date, e.Certainty, e.Quote, date)
				}
			}
		}
		if n != 1 {
			t.Errorf("event %s appears %d times, want once", id, n)
		}
	}
	e, ok := event(s, "sna-cuts-aleppo-azaz")
	if !ok || len(e.Segments) != 2 || e.Target.Road != "Aleppo–Azaz" {
		t.Errorf("sna-cuts-aleppo-azaz: %+v; want a road target of 2 segments", e)
	}

	for _, tt := range []struct {
		date, place, controller string
		status                  sim.Status
	}{
		{"2024-11-26", "tadef", "sna", sim.Held},
		{"2024-11-27", "tel-rifaat", "sdf", sim.Held},
		{"2024-11-28", "tel-rifaat", "sdf", sim.ContestedStat},
		{"2024-11-29", "tel-rifaat", "sna", sim.Held},
		{"2024-12-04", "tel-rifaat", "sna", sim.Held},
	} {
		if p := place(t, tl, tt.date, tt.place); p.Controller != tt.controller || p.Status != tt.status {
			t.Errorf("%s %s: %s/%s, want %s/%s", tt.date, tt.place, p.Controller, p.Status, tt.controller, tt.status)
		}
	}
	k := segment(t, a, "Aleppo–Azaz", "aleppo", "aleppo-infantry-school")
	if r := tl.Day(sim.MustDate("2024-11-28")).Road(k); r.Status != sim.CutStat || r.By != "sna" {
		t.Errorf("2024-11-28 Aleppo–Azaz at Aleppo: %+v, want cut by sna", r)
	}
}

func mustFaction(t *testing.T, s *sim.Scenario, id string) sim.Faction {
	t.Helper()
	f, ok := s.Faction(id)
	if !ok {
		t.Fatalf("no faction %s", id)
	}
	return f
}

// A what-if of a what-if: removals reach through the chain, scalar
// fields override, and the middle file's additions are kept.
func TestChainedWhatIf(t *testing.T) {
	mid, _ := whatIf(t, "aleppo-holds.yaml")
	s, tl := whatIf(t, "aleppo-holds-m5-reopened.yaml")
	a := tl.Graph.Atlas

	if s.ID != "aleppo-holds-m5-reopened" || s.Description != mid.Description {
		t.Errorf("id %q, description %q; want the new id and the middle file's description", s.ID, s.Description)
	}
	if s.End != sim.MustDate("2024-12-06") || s.Days() != 11 {
		t.Errorf("end %s, %d days; want 2024-12-06, 11", s.End, s.Days())
	}
	for _, id := range []string{"aleppo-assault-repelled", "saraqib-confirmed", "aleppo-most-taken"} {
		if _, ok := event(s, id); ok {
			t.Errorf("event %s should be gone", id)
		}
	}
	for _, id := range []string{"new-aleppo-counterattack", "saraqib-retaken", "m5-reopened", "saraqib-taken"} {
		if _, ok := event(s, id); !ok {
			t.Errorf("event %s missing", id)
		}
	}
	if got, want := len(s.Events), len(mid.Events)-2+2; got != want {
		t.Errorf("%d events, want %d", got, want)
	}
	if len(tl.Days) != 11 || tl.Days[10].Date != sim.MustDate("2024-12-06") {
		t.Errorf("timeline has %d days, ending %s", len(tl.Days), tl.Days[len(tl.Days)-1].Date)
	}
	if p := place(t, tl, "2024-12-06", "saraqib"); p.Controller != "regime" {
		t.Errorf("2024-12-06 saraqib held by %s, want regime", p.Controller)
	}
	k := segment(t, a, "M5", "aleppo", "saraqib")
	for date, want := range map[string]sim.RoadStatus{"2024-11-29": sim.CutStat, "2024-12-02": sim.Open, "2024-12-06": sim.Open} {
		if r := tl.Day(sim.MustDate(date)).Road(k); r.Status != want {
			t.Errorf("%s M5 Aleppo–Saraqib: %s, want %s", date, r.Status, want)
		}
	}
	if !tl.Day(sim.MustDate("2024-12-06")).Metrics.FirstRouteOpen {
		t.Error("2024-12-06: the regime should have its road to Aleppo back")
	}
}

// Resolve reads extends: from the file system, relative to the naming
// file, and merges base first.
func TestResolveWithReader(t *testing.T) {
	files := map[string]string{
		"what/base.yaml": "extends: offensive-2024\nid: base\ntitle: Base\nend: 2024-12-02\nevents:\n  - {id: a, date: 2024-11-27, target: hama, kind: annotation, certainty: hypothetical}\n",
		"what/sub/top.yaml": "extends: ../base.yaml\nid: top\nremove_events: [a, saraqib-taken]\n" +
			"initial: {regions: {Hama: hts}}\nfactions:\n  - {id: volunteers, name: Volunteers, colour: \"#CC79A7\"}\n",
	}
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	f, err := scenarios.Resolve(fsys, "what/sub/top.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if f.ID.V != "top" || f.Title.V != "Base" || f.End.V != "2024-12-02" || f.Start.V != "2024-11-26" {
		t.Errorf("id %q title %q start %q end %q", f.ID.V, f.Title.V, f.Start.V, f.End.V)
	}
	if f.Extends.V != "" || len(f.RemoveEvents) != 0 {
		t.Errorf("merged file keeps extends %q or remove_events %v", f.Extends.V, f.RemoveEvents)
	}
	if n := len(f.Factions); n != 6 || f.Factions[5].ID.V != "volunteers" {
		t.Errorf("%d factions, last %q; want the built-in's five, then volunteers", n, f.Factions[n-1].ID.V)
	}
	if f.Initial.Default.V != "regime" || f.Initial.Regions["Hama"].V != "hts" || f.Initial.Regions["Idlib"].V != "hts" {
		t.Errorf("initial not merged by key: %+v", f.Initial)
	}
	// Positions point at the file each value came from.
	if f.ID.File != "what/sub/top.yaml" || f.Title.File != "what/base.yaml" || f.Start.File != "builtin:offensive-2024" {
		t.Errorf("files: id %s, title %s, start %s", f.ID.File, f.Title.File, f.Start.File)
	}

	// base.yaml ends on 2024-12-02, before the built-in's last events: Build
	// names them at base.yaml's end:, and they can be removed by id.
	_, err = scenarios.Build(f, geo.MustDefault())
	if err == nil || !strings.HasPrefix(err.Error(), "what/base.yaml:4:6: end 2024-12-02 leaves out 17 events of builtin:offensive-2024 dated after it;") {
		t.Fatalf("Build: %v", err)
	}
	ps := err.(scenarios.Problems)
	if len(ps) != 1 {
		t.Fatalf("%d problems, want 1", len(ps))
	}
	msg := ps[0].Msg
	list := msg[strings.Index(msg, "[")+1 : len(msg)-2]
	f.Events = slices.DeleteFunc(f.Events, func(e scenarios.EventSpec) bool {
		return slices.Contains(strings.Split(list, ", "), e.ID.V)
	})
	s, err := scenarios.Build(f, geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := event(s, "a"); ok {
		t.Error("event a from base.yaml should be removed")
	}
	if _, ok := event(s, "saraqib-taken"); ok {
		t.Error("event saraqib-taken from the built-in should be removed")
	}
	if s.End != sim.MustDate("2024-12-02") || len(s.Captions) != 7 {
		t.Errorf("end %s, %d captions; want 2024-12-02 and the built-in's captions up to it", s.End, len(s.Captions))
	}
}

// Anchors and aliases may share repeated values, like a source.
func TestAliases(t *testing.T) {
	src := `extends: offensive-2024
id: aliases
events:
  - id: one
    date: 2024-12-03
    target: hama
    kind: contested
    faction: hts
    certainty: reported
    source: &afp {document: 002_67b2850a9ad6994d.txt, outlet: AFP, date: 2024-12-04}
    quote: &q "Rebels advance toward Hama."
  - id: two
    date: 2024-12-03
    target: homs
    kind: annotation
    faction: hts
    certainty: reported
    source: *afp
    quote: *q
`
	s, err := scenarios.LoadBytes("aliases.yaml", []byte(src), nil, geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	e, _ := event(s, "two")
	if e.Source.Outlet != "AFP" || e.Source.Date != sim.MustDate("2024-12-04") || e.Quote != "Rebels advance toward Hama." {
		t.Errorf("event two: %+v", e)
	}
}

// An initial override wins however the place or governorate is spelt.
func TestInitialOverrideSpelling(t *testing.T) {
	a := geo.MustDefault()
	src := "extends: offensive-2024\nid: spelling\ninitial:\n  regions: {IDLIB: sna}\n  places: {Saraqib: hts}\n"
	s, err := scenarios.LoadBytes("spelling.yaml", []byte(src), nil, a)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"saraqib": "hts", "idlib": "sna", "atarib": "hts", "aleppo": "regime"} {
		i, _ := a.Index(id)
		if s.Initial[i] != want {
			t.Errorf("initial control of %s = %s, want %s", id, s.Initial[i], want)
		}
	}
}

// docs/scenarios.md shows aleppo-holds.yaml as its worked example: keep
// the two the same.
func TestDocsShowExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "scenarios.md"))
	if err != nil {
		t.Skip(err)
	}
	src, err := os.ReadFile(filepath.Join("testdata", "aleppo-holds.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```yaml\n"+string(src)+"```") {
		t.Error("docs/scenarios.md does not show testdata/aleppo-holds.yaml as it is; paste it again")
	}
}

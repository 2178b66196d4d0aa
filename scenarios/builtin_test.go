package scenarios_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

func replayBuiltin(t testing.TB) *sim.Timeline {
	t.Helper()
	tl, err := scenarios.Replay(scenarios.DefaultID, geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

// TestDocumentedFacts checks the replay against the documents, one dated
// assertion per reported fact.
func TestDocumentedFacts(t *testing.T) {
	tl := replayBuiltin(t)
	a := tl.Graph.Atlas
	tests := []struct {
		date, place, controller string
		status                  sim.Status
		why                     string
	}{
		{"2024-11-26", "idlib", "hts", sim.Held, "003: Idlib under HTS since 2019"},
		{"2024-11-26", "afrin", "sna", sim.Held, "003: SNA along the Turkish border"},
		{"2024-11-26", "tel-rifaat", "sdf", sim.Held, "001: Tel Rifaat held by Kurdish forces"},
		{"2024-11-26", "hatla", "regime", sim.Held, "000: seven villages in regime areas"},
		{"2024-11-28", "aleppo", "regime", sim.Held, "Aleppo still the regime's on Thursday"},
		{"2024-11-28", "saraqib", "regime", sim.Held, "Saraqib falls on Friday"},
		{"2024-11-29", "aleppo", "regime", sim.ContestedStat, "001: half of the city, Friday"},
		{"2024-11-29", "new-aleppo", "regime", sim.ContestedStat, "001: clashes in New Aleppo"},
		{"2024-11-29", "saraqib", "hts", sim.Held, "001: Saraqib taken"},
		{"2024-11-30", "aleppo", "hts", sim.Held, "001: most of Aleppo on Saturday"},
		{"2024-11-30", "aleppo-airport", "hts", sim.Held, "001: Aleppo airport"},
		{"2024-11-30", "hama", "regime", sim.ClaimedStat, "001: claimed to have entered Hama"},
		{"2024-12-01", "khan-sheikhoun", "hts", sim.Held, "001: AP photo in Khan Sheikhoun"},
		{"2024-12-01", "maarat-al-numan", "hts", sim.Held, "001: all of Idlib province"},
		{"2024-12-01", "tel-rifaat", "sdf", sim.ContestedStat, "001: rebels made it into Tel Rifaat"},
		{"2024-12-01", "hama", "regime", sim.ClaimedStat, "001: no independent confirmation"},
		{"2024-12-01", "qalaat-al-madiq", "regime", sim.Held, "retaken on Monday"},
		{"2024-12-02", "qalaat-al-madiq", "hts", sim.Held, "002: reclaimed on Monday"},
		{"2024-12-02", "tell-malah", "regime", sim.ContestedStat, "002: clashes on the Tell Malah axis"},
		{"2024-12-03", "nayrab-airbase", "regime", sim.Held, "002: fallen by 12-04"},
		{"2024-12-04", "nayrab-airbase", "hts", sim.Held, "002: Nayrab military airport"},
		{"2024-12-04", "taybat-al-imam", "hts", sim.Held, "002: Taybat al-Imam seized"},
		{"2024-12-04", "halfaya", "hts", sim.Held, "002: Halfaya seized"},
		{"2024-12-04", "mazloum", "sdf", sim.Held, "002: SDF captures seven villages"},
		{"2024-12-04", "al-husseiniya", "sdf", sim.Held, "002: including Al-Husseiniya"},
		{"2024-12-04", "hama", "regime", sim.ClaimedStat, "002: advancing toward Hama, not in it"},
		{"2024-12-04", "damascus", "regime", sim.Held, "the capital is not touched"},
	}
	for _, tt := range tests {
		d := tl.Day(sim.MustDate(tt.date))
		i, ok := a.Index(tt.place)
		if !ok {
			t.Fatalf("no place %s", tt.place)
		}
		got := d.Place(i)
		if got.Controller != tt.controller || got.Status != tt.status {
			t.Errorf("%s %s: %s/%s, want %s/%s (%s)", tt.date, tt.place, got.Controller, got.Status, tt.controller, tt.status, tt.why)
		}
	}
}

// TestSinceSurvivesConfirmation checks that a later report confirming a
// capture keeps the date the place changed hands.
func TestSinceSurvivesConfirmation(t *testing.T) {
	tl := replayBuiltin(t)
	i, _ := tl.Graph.Atlas.Index("saraqib")
	p := tl.Day(sim.MustDate("2024-12-04")).Place(i)
	if p.Since != sim.MustDate("2024-11-29") || len(p.Events) != 3 {
		t.Errorf("Saraqib on 12-04: since %s with %d events, want since 2024-11-29 with 3", p.Since, len(p.Events))
	}
}

func TestHighwayFacts(t *testing.T) {
	tl := replayBuiltin(t)
	a := tl.Graph.Atlas
	m5 := -1
	for k, s := range a.Segments() {
		if s.Road == "M5" && s.From == "aleppo" && s.To == "saraqib" {
			m5 = k
		}
	}
	if m5 < 0 {
		t.Fatal("no M5 aleppo–saraqib segment")
	}
	tests := []struct {
		date   string
		status sim.RoadStatus
		ctrl   string
	}{
		{"2024-11-27", sim.Open, "regime"},
		{"2024-11-28", sim.CutStat, ""}, // 001: cut on Thursday
		{"2024-11-30", sim.Open, "hts"}, // both ends HTS's: the cut is complete
	}
	for _, tt := range tests {
		r := tl.Day(sim.MustDate(tt.date)).Road(m5)
		if r.Status != tt.status || r.Controller != tt.ctrl {
			t.Errorf("%s M5 Aleppo–Saraqib: %s/%s, want %s/%s", tt.date, r.Status, r.Controller, tt.status, tt.ctrl)
		}
	}
	// The regime keeps a road to Aleppo (the Khanasir desert road) after the
	// M5 is cut, and loses it when Aleppo falls.
	if !tl.Day(sim.MustDate("2024-11-29")).Metrics.FirstRouteOpen {
		t.Error("2024-11-29: the regime should still reach Aleppo by the desert road")
	}
	if got, want := tl.FirstRouteLost, sim.MustDate("2024-11-30"); got != want {
		t.Errorf("first day without a regime route = %s, want %s", got, want)
	}
}

// TestQuotesAreVerbatim checks every quote of the built-in scenario against
// the document it cites (seedsDir: the test skips when they are absent).
func TestQuotesAreVerbatim(t *testing.T) {
	dir := seedsDir(t)
	tl := replayBuiltin(t)
	docs := map[string]string{}
	norm := normText
	for _, e := range tl.Scenario.Events {
		if e.Source.Document == "" || e.Quote == "" {
			t.Errorf("event %s has no document or quote", e.ID)
			continue
		}
		text, ok := docs[e.Source.Document]
		if !ok {
			b, err := os.ReadFile(filepath.Join(dir, e.Source.Document))
			if err != nil {
				t.Errorf("event %s cites %s: %v", e.ID, e.Source.Document, err)
				continue
			}
			text = norm(string(b))
			docs[e.Source.Document] = text
		}
		if !strings.Contains(text, norm(e.Quote)) {
			t.Errorf("event %s: quote not found verbatim in %s: %q", e.ID, e.Source.Document, e.Quote)
		}
	}
}

// TestEveryDocumentPlaceIsUsed checks that each place named in the
// documents' events is a target of some event or initial override.
func TestEventsAreDated(t *testing.T) {
	tl := replayBuiltin(t)
	for _, e := range tl.Scenario.Events {
		if e.Source.Date != 0 && e.Source.Date < e.Date {
			t.Errorf("event %s (%s) is dated after its source (%s)", e.ID, e.Date, e.Source.Date)
		}
		if strings.Contains(strings.ToLower(e.Quote), "monday") && e.Date.Weekday().String() != "Monday" && !strings.Contains(e.Note, "Monday") {
			t.Errorf("event %s quotes a Monday but is dated %s (%s) without a note", e.ID, e.Date, e.Date.Weekday())
		}
	}
}

func BenchmarkReplayBuiltin(b *testing.B) {
	a := geo.MustDefault()
	s, err := scenarios.Default(a)
	if err != nil {
		b.Fatal(err)
	}
	gr, terr := sim.NewGraph(a), sim.NewTerritory(a)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim.Replay(s, gr, terr); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadBuiltin(b *testing.B) {
	a := geo.MustDefault()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scenarios.Default(a); err != nil {
			b.Fatal(err)
		}
	}
}

// The built-in story tells the offensive in 8 to 12 steps, in the
// documents' words, through the moments the brief names.
func TestBuiltinStory(t *testing.T) {
	s, err := scenarios.Default(geo.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	st := s.Story
	if st == nil || len(st.Steps) < 8 || len(st.Steps) > 12 {
		t.Fatalf("built-in story: %v; want 8 to 12 steps", st)
	}
	var all string
	for _, step := range st.Steps {
		all += step.Title + " " + step.Caption + "\n"
	}
	for _, want := range []string{"November 27", "cut the highway linking Aleppo to the capital", "took over most of Aleppo", "road to Aleppo", "outskirts of Hama", "Euphrates", "SDF"} {
		if !strings.Contains(all, want) {
			t.Errorf("the built-in story does not tell %q", want)
		}
	}
}

// Every bundled scenario (the web build's menu) replays.
func TestCatalogueReplays(t *testing.T) {
	a := geo.MustDefault()
	cat := scenarios.Catalogue()
	if len(cat) < 2 || cat[0].ID != scenarios.DefaultID {
		t.Fatalf("catalogue %v: want the built-in first, then the what-ifs", cat)
	}
	for _, b := range cat {
		if _, err := scenarios.ReplayBundled(b.ID, a); err != nil {
			t.Errorf("%s (%s): %v", b.ID, b.Name, err)
		}
	}
	if _, err := scenarios.ReplayBundled("saraqib-hold", a); err == nil || !strings.Contains(err.Error(), `did you mean "saraqib-holds"`) {
		t.Errorf("unknown id: %v", err)
	}
}

package geo_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"
)

func TestLookup(t *testing.T) {
	a := geo.MustDefault()
	tests := []struct {
		name, want string
	}{
		{"aleppo", "aleppo"},
		{"Aleppo", "aleppo"},
		{"HALAB", "aleppo"},
		{"Khan Shaykhun", "khan-sheikhoun"},
		{"khan sheikhoun", "khan-sheikhoun"},
		{"Saraqeb", "saraqib"},
		{"Maarrat al-Nu'man", "maarat-al-numan"},
		{"maarat_al_numan", "maarat-al-numan"},
		{"Al-Bab", "al-bab"},
		{"al bab", "al-bab"},
		{"Deir Ezzor", "deir-ez-zor"},
		{"Atareb", "atarib"},
		{"Tel Rifaat", "tel-rifaat"},
		{"Nayrab", "nayrab-airbase"},
		{"Husseiniya", "al-husseiniya"},
		{"Mazloum", "mazloum"},
		{"Tartous", "tartus"},
		{"Qalaat al-Madiq", "qalaat-al-madiq"},
		{"Taybat al-Imam", "taybat-al-imam"},
	}
	for _, tt := range tests {
		p, err := a.Lookup(tt.name)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tt.name, err)
			continue
		}
		if p.ID != tt.want {
			t.Errorf("Lookup(%q) = %s, want %s", tt.name, p.ID, tt.want)
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	a := geo.MustDefault()
	tests := []struct {
		name, suggestion string
	}{
		{"Saraqibb", "saraqib"},
		{"Damscus", "damascus"},
		{"Alepo", "aleppo"},
		{"Khan Shekhoun", "khan-sheikhoun"},
		{"Xanadu Springs", ""},
		{"", ""},
		{"!!!", ""},
	}
	for _, tt := range tests {
		_, err := a.Lookup(tt.name)
		var ue *geo.UnknownPlaceError
		if !errors.As(err, &ue) {
			t.Errorf("Lookup(%q) error = %v, want *UnknownPlaceError", tt.name, err)
			continue
		}
		if ue.Suggestion != tt.suggestion {
			t.Errorf("Lookup(%q) suggests %q, want %q", tt.name, ue.Suggestion, tt.suggestion)
		}
		if tt.suggestion != "" && !strings.Contains(err.Error(), "did you mean \""+tt.suggestion+"\"") {
			t.Errorf("Lookup(%q) error %q lacks the hint", tt.name, err)
		}
	}
}

// publicRecord holds coordinates of towns from public records (Wikipedia's
// infoboxes), independent of the GeoNames rows in the gazetteer.
var publicRecord = []struct {
	id       string
	lat, lon float64
}{
	{"aleppo", 36.217, 37.167}, // Wikipedia: 36°13′N 37°10′E
	{"idlib", 35.9306, 36.6339},
	{"saraqib", 35.8644, 36.8006},
	{"maarat-al-numan", 35.6433, 36.6833},
	{"khan-sheikhoun", 35.4417, 36.6508},
	{"hama", 35.1318, 36.7578},
	{"homs", 34.7308, 36.7094},
	{"damascus", 33.5131, 36.2919},
	{"latakia", 35.5167, 35.7833},
	{"al-bab", 36.3706, 37.5157},
	{"deir-ez-zor", 35.3333, 40.15},
	{"tel-rifaat", 36.4733, 37.0972},
	{"afrin", 36.5119, 36.8692},
	{"azaz", 36.5862, 37.0463},
}

func TestCoordinatesMatchPublicRecord(t *testing.T) {
	a := geo.MustDefault()
	for _, r := range publicRecord {
		p, ok := a.Place(r.id)
		if !ok {
			t.Errorf("place %s missing", r.id)
			continue
		}
		if d := geo.DistanceKm(p.Point, orb.Point{r.lon, r.lat}); d > 2 {
			t.Errorf("%s is %.1f km from the public record", r.id, d)
		}
	}
}

func TestGazetteerSane(t *testing.T) {
	a := geo.MustDefault()
	syria := a.Basemap().Syria()
	for _, p := range a.Places() {
		if p.Lat() < 32 || p.Lat() > 38 || p.Lon() < 35 || p.Lon() > 43 {
			t.Errorf("%s at (%v) is outside Syria's box; are lat and lon swapped?", p.ID, p.Point)
		}
		if !inMulti(syria, p.Point) && p.Kind != geo.Site {
			// Tolerate border towns (Kobani, Ras al-Ayn) a hair outside
			// the border, simplified at 450 m.
			if d := borderKm(syria, p.Point); d > 2 {
				t.Errorf("%s at %v is %.1f km outside Syria's border", p.ID, p.Point, d)
			}
		}
		if p.Source == "" {
			t.Errorf("%s has no source", p.ID)
		}
	}
}

func inMulti(mp orb.MultiPolygon, p orb.Point) bool { return planar.MultiPolygonContains(mp, p) }

func TestDocumentPlaces(t *testing.T) {
	// Every place in Syria that the source documents name.
	named := []string{
		"aleppo", "idlib", "saraqib", "maarat-al-numan", "khan-sheikhoun", "hama", "homs", "damascus",
		"deir-ez-zor", "al-mayadeen", "al-quriyah", "conoco-gas-field",
		"al-husseiniya", "al-salihiya", "hatla", "marat", "mazloum", "khasham", "tabia",
		"al-bab", "afrin", "azaz", "tel-rifaat", "atarib", "darat-izza", "ariha",
		"qalaat-al-madiq", "taybat-al-imam", "halfaya", "rahbat-khattab",
		"aleppo-airport", "nayrab-airbase", "tartus", "latakia",
	}
	a := geo.MustDefault()
	for _, id := range named {
		if _, ok := a.Place(id); !ok {
			t.Errorf("document place %s is missing from the gazetteer", id)
		}
	}
}

func TestSegmentLengths(t *testing.T) {
	a := geo.MustDefault()
	for _, s := range a.Segments() {
		want := orbgeo.Distance(s.Line[0], s.Line[len(s.Line)-1]) / 1000
		if s.LengthKm < want-1e-9 {
			t.Errorf("%s: length %.2f km is shorter than the straight line %.2f km", s.Key(), s.LengthKm, want)
		}
		from, _ := a.Place(s.From)
		to, _ := a.Place(s.To)
		if s.LengthKm == 0 && (from.Anchored() || to.Anchored()) {
			continue // an anchored place may share its anchor's point
		}
		if s.LengthKm <= 0 || s.LengthKm > 250 {
			t.Errorf("%s: implausible length %.1f km", s.Key(), s.LengthKm)
		}
	}
}

func TestDistanceKm(t *testing.T) {
	a := geo.MustDefault()
	al, _ := a.Place("aleppo")
	da, _ := a.Place("damascus")
	// Aleppo to Damascus is about 310 km as the crow flies.
	if d := geo.DistanceKm(al.Point, da.Point); math.Abs(d-310) > 15 {
		t.Errorf("Aleppo–Damascus = %.1f km, want about 310", d)
	}
}

func TestEquirectRoundTrip(t *testing.T) {
	for _, p := range []orb.Point{{36.2, 36.2}, {42.1, 32.3}, {35.7, 37.3}} {
		q := geo.SyriaProjection.FromKm(geo.SyriaProjection.ToKm(p))
		if math.Abs(q[0]-p[0]) > 1e-9 || math.Abs(q[1]-p[1]) > 1e-9 {
			t.Errorf("round trip of %v gave %v", p, q)
		}
	}
}

func TestClosest(t *testing.T) {
	cands := []string{"places", "roads", "route", "replay", "validate"}
	tests := []struct {
		s    string
		want int
	}{
		{"plaecs", 0},
		{"raods", 1},
		{"validat", 4},
		{"xyz", -1},
		{"", -1},
		{strings.Repeat("places", 11), -1}, // over MaxSuggestRunes: no suggestion
	}
	for _, tt := range tests {
		if got := geo.Closest(tt.s, cands); got != tt.want {
			t.Errorf("Closest(%.20q) = %d; want %d", tt.s, got, tt.want)
		}
	}
	// The bounded distance agrees with the full one wherever it answers.
	for _, a := range cands {
		for _, b := range cands {
			if i := geo.Closest(a, []string{b}); (i == 0) != (geo.Levenshtein(a, b) <= len(a)/3+1) {
				t.Errorf("Closest(%q, [%q]) = %d, Levenshtein %d", a, b, i, geo.Levenshtein(a, b))
			}
		}
	}
}

// A name of a megabyte costs no more than a short one: it is not compared.
func BenchmarkClosestHuge(b *testing.B) {
	huge := strings.Repeat("x", 1<<20)
	cands := []string{"aleppo", "saraqib", "hama", "idlib"}
	for b.Loop() {
		geo.Closest(huge, cands)
	}
}

// borderKm returns the distance from p to mp's outer rings, in km.
func borderKm(mp orb.MultiPolygon, p orb.Point) float64 {
	best := math.Inf(1)
	pr := geo.SyriaProjection
	q := pr.ToKm(p)
	for _, poly := range mp {
		r := poly[0]
		for i := 1; i < len(r); i++ {
			best = math.Min(best, planar.DistanceFromSegment(pr.ToKm(r[i-1]), pr.ToKm(r[i]), q))
		}
	}
	return best
}

// TestCoordFrom: an anchored place names what it borrows its coordinates
// from; where that is a place of the gazetteer, the two share a point, and
// a place of its own coordinates borrows nothing.
func TestCoordFrom(t *testing.T) {
	a := geo.MustDefault()
	ids := 0
	for _, p := range a.Places() {
		from := p.CoordFrom()
		if !p.Anchored() {
			if from != "" {
				t.Errorf("%s: not anchored, but CoordFrom %q", p.ID, from)
			}
			continue
		}
		if from == "" {
			t.Errorf("%s: anchored, but CoordFrom is empty (note %q)", p.ID, p.Note)
			continue
		}
		if q, ok := a.Place(from); ok {
			ids++
			if q.Point != p.Point {
				t.Errorf("%s borrows %s's coordinates, but %v ≠ %v", p.ID, from, p.Point, q.Point)
			}
		}
	}
	if ids < 8 {
		t.Errorf("%d anchored places name their anchor by id; the gazetteer has 8", ids)
	}
	if p, _ := a.Place("tell-malah"); p.CoordFrom() != "mhardeh" {
		t.Errorf("tell-malah: CoordFrom %q, want mhardeh", p.CoordFrom())
	}
}

package geo_test

import (
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
)

const header = "id,name,aliases,lat,lon,kind,governorate,population,source,note\n"

func TestParsePlacesErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"empty", "", "p.csv: empty file"},
		{"bad header", "id,nom\n", `p.csv:1:4: header column 2 is "nom", want "name"`},
		{"field count", header + "a,A,,1,2,town,G,,src\n", "p.csv:2:1: wrong number of fields"},
		{"bad lat", header + "a,A,,north,2,town,G,,src,\n", `p.csv:2:6: latitude "north" is not a number`},
		{"lat range", header + "a,A,,95,2,town,G,,src,\n", `p.csv:2:6: latitude "95"`},
		{"bad kind", header + "a,A,,1,2,hamlet,G,,src,\n", `p.csv:2:10: unknown kind "hamlet"; use one of city, town`},
		{"no source", header + "a,A,,1,2,town,G,,,\n", `p.csv:2:18: place "a" has no source`},
		{"upper id", header + "Aleppo,A,,1,2,town,G,,s,\n", `p.csv:2:1: id "Aleppo" must be lowercase`},
		{"dup id", header + "a,A,,1,2,town,G,,s,\na,B,,1,2,town,G,,s,\n", `p.csv:3:1: duplicate id "a"`},
		{"population", header + "a,A,,1,2,town,G,many,s,\n", `p.csv:2:17: population "many"`},
		{"quote", header + "a,\"A,,1,2,town,G,,s,\n", "p.csv:2:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := geo.ParsePlaces("p.csv", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseRoadsErrors(t *testing.T) {
	places, err := geo.ParsePlaces("p.csv", []byte(header+
		"saraqib,Saraqib,,35.86,36.80,town,Idlib,,s,\nidlib,Idlib,,35.93,36.63,city,Idlib,,s,\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, data, want string
	}{
		{"unknown place", "road,class,places,source\nX,primary,idlib;saraqeb,s\n", `r.csv:2:11: road "X": unknown place "saraqeb"; did you mean "saraqib"?`},
		{"one place", "road,class,places,source\nX,primary,idlib,s\n", `needs at least two places`},
		{"class", "road,class,places,source\nX,highway,idlib;saraqib,s\n", `r.csv:2:3: unknown road class "highway"`},
		{"repeat", "road,class,places,source\nX,primary,idlib;idlib,s\n", `repeats place "idlib"`},
		{"source", "road,class,places,source\nX,primary,idlib;saraqib,\n", `road "X" has no source`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := geo.ParseRoads("r.csv", []byte(tt.data), places)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func FuzzParsePlaces(f *testing.F) {
	f.Add([]byte(header + "a,A,x;y,1,2,town,G,3,s,n\n"))
	f.Add([]byte(header + "a,\"A\"\",,1,2\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		places, err := geo.ParsePlaces("f.csv", data)
		if err != nil {
			return
		}
		// Whatever parses must build an atlas or fail cleanly.
		if _, err := geo.ParseRoads("r.csv", []byte("road,class,places,source\n"), places); err != nil {
			return
		}
	})
}

// FuzzLookup checks that lookups never panic and that whatever they find is
// a real place whose names fold to the query.
func FuzzLookup(f *testing.F) {
	for _, s := range []string{"aleppo", "Khan Shaykhun", "al-", "Ḥamā", "\xff", "   ", "Saraqibb"} {
		f.Add(s)
	}
	a := geo.MustDefault()
	f.Fuzz(func(t *testing.T, name string) {
		p, err := a.Lookup(name)
		if err != nil {
			if s := a.Suggest(name); s != "" {
				if _, ok := a.Place(s); !ok {
					t.Fatalf("suggestion %q for %q is not a place", s, name)
				}
			}
			return
		}
		if _, ok := a.Place(p.ID); !ok {
			t.Fatalf("Lookup(%q) returned unknown place %q", name, p.ID)
		}
	})
}

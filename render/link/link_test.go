package link

import (
	"net/url"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
)

func TestParse(t *testing.T) {
	a := geo.MustDefault()
	for _, tc := range []struct {
		in, want string // want: the normalised link, or the error
	}{
		{"day=2024-11-30&focus=aleppo&zoom=3", "day=2024-11-30&focus=aleppo&zoom=3"},
		{"zoom=3&focus=Halab&day=2024-11-30", "day=2024-11-30&focus=aleppo&zoom=3"},
		{"scenario=aleppo-holds&present=1&step=4", "scenario=aleppo-holds&step=4&present=1"},
		{"present=0", ""},
		{"compare=yes&scenario=no-air-support", "scenario=no-air-support&compare=1"},
		{"compare=aleppo-holds&day=2024-11-30", "compare=aleppo-holds&day=2024-11-30"},
		{"compare=0", ""},
		{"compare=1", "compare=1: compares scenario= with the history"},
		{"compare=../x", "compare=../x: want 1 (the scenario against the history) or a what-if's id"},
		{"focus=36.2,37.16", "focus=36.2,37.16"},
		{"focus=36,35,37.5,36.6", "focus=36,35,37.5,36.6"},
		{"layers=roads,labels", "layers=roads,labels"},
		{"layers=territory,roads,labels", ""},
		{"layers=none", "layers=none"},
		{"day=2024-13-01", "day=2024-13-01: want a date YYYY-MM-DD, like 2024-11-30"},
		{"zoom=0", "zoom=0: want a factor from 0.1 to 500 (1 fits Syria)"},
		{"zoom=NaN", "zoom=NaN: want a factor"},
		{"focus=Alepo", `focus=Alepo: unknown place "Alepo"; did you mean "aleppo"?`},
		{"focus=91,0", "focus=91,0: want a place, a point lat,lon"},
		{"focus=37,36,36,37", "focus=37,36,36,37: want a place"},
		{"zom=3", "zom=3: unknown parameter; a link takes scenario, compare, runs, seed, day, focus, zoom, layers, step, present; did you mean zoom?"},
		{"day=2024-11-30&day=2024-12-01", "day=2024-11-30: given more than once"},
		{"scenario=../etc", "scenario=../etc: want a scenario id"},
		{"step=0", "step=0: want a story step number from 1"},
		{"layers=rivers", "layers=rivers: want a comma-separated list"},
		{"day=2024-12-08&runs=200", "runs=200&seed=1&day=2024-12-08"},
		{"scenario=aleppo-holds&seed=7&runs=50", "scenario=aleppo-holds&runs=50&seed=7"},
		{"runs=0", "runs=0: want a number of runs from 1 to 10000, like runs=200"},
		{"runs=20000", "runs=20000: want a number of runs from 1 to 10000"},
		{"runs=1e3", "runs=1e3: want a number of runs"},
		{"seed=3", "seed=3: goes with runs=: add runs=200"},
		{"runs=9&seed=-1", "seed=-1: want a whole number from 0, like seed=1"},
		{"runs=9&compare=aleppo-holds", "runs=9: shows one scenario's ensemble: leave out compare="},
		{"present", "present=1"},
		{"present=maybe", "present=maybe: want 1 or 0"},
		{"step=4&present=0", "step=4&present=1"}, // a story step is shown in presenter mode
		{"focus=SYRIA&zoom=1", "focus=syria&zoom=1"},
		{"day=%202024-11-30%20", "day=2024-11-30"},
		{"focus=36.123456,37.1", "focus=36.12346,37.1"},
		{"layers=", "layers=none"},
		{"layers=roads,rivers", "layers=roads,rivers: want a comma-separated list of territory, roads, labels, or none"},
		{"scenario=", "scenario=: want a scenario id"},
		{"runs=10000&seed=18446744073709551615", "runs=10000&seed=18446744073709551615"},
		{"zoom=500.5", "zoom=500.5: want a factor from 0.1 to 500"},
		{"Day=2024-11-30", "Day=2024-11-30: unknown parameter; a link takes scenario, compare, runs, seed, day, focus, zoom, layers, step, present; did you mean day?"},
		{"colour=red", "colour=red: unknown parameter; a link takes scenario, compare, runs, seed, day, focus, zoom, layers, step, present"},
	} {
		q, err := url.ParseQuery(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		l, err := Parse(q, a)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			got = l.Query()
			// The link reads back to itself.
			q2, _ := url.ParseQuery(got)
			if l2, err := Parse(q2, a); err != nil || l2.Query() != got {
				t.Errorf("%s: %s does not read back (%v)", tc.in, got, err)
			}
		}
		if !strings.HasPrefix(got, tc.want) || (err == nil && got != tc.want) {
			t.Errorf("Parse(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCompareSides: compare=1 sets the history against the scenario, and
// a what-if's id sets it against the scenario, or the history.
func TestCompareSides(t *testing.T) {
	for _, tc := range []struct {
		l           Link
		left, right string
		ok          bool
	}{
		{Link{}, "", "", false},
		{Link{Scenario: "saraqib-holds", Compare: CompareHistory}, "offensive-2024", "saraqib-holds", true},
		{Link{Compare: "aleppo-holds"}, "offensive-2024", "aleppo-holds", true},
		{Link{Scenario: "saraqib-holds", Compare: "aleppo-holds"}, "saraqib-holds", "aleppo-holds", true},
	} {
		l, r, ok := tc.l.CompareSides("offensive-2024")
		if l != tc.left || r != tc.right || ok != tc.ok {
			t.Errorf("%+v: CompareSides = %q, %q, %v; want %q, %q, %v", tc.l, l, r, ok, tc.left, tc.right, tc.ok)
		}
	}
}

func FuzzParseLink(f *testing.F) {
	a := geo.MustDefault()
	for _, s := range []string{"day=2024-11-30&focus=aleppo&zoom=3", "focus=1,2,3,4", "layers=roads&present=yes", "step=2&scenario=x", "scenario=no-air-support&compare=1", "compare=aleppo-holds"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		l, err := Parse(q, a)
		if err != nil {
			return
		}
		q2, err := url.ParseQuery(l.Query())
		if err != nil {
			t.Fatalf("%q writes %q, which is not a query: %v", s, l.Query(), err)
		}
		l2, err := Parse(q2, a)
		if err != nil || l2.Query() != l.Query() {
			t.Fatalf("%q → %q → %v %q", s, l.Query(), err, l2.Query())
		}
	})
}

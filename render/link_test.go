package render

import (
	"net/url"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
)

func TestParseLink(t *testing.T) {
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
	} {
		q, err := url.ParseQuery(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		l, err := ParseLink(q, a)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			got = l.Query()
			// The link reads back to itself.
			q2, _ := url.ParseQuery(got)
			if l2, err := ParseLink(q2, a); err != nil || l2.Query() != got {
				t.Errorf("%s: %s does not read back (%v)", tc.in, got, err)
			}
		}
		if !strings.HasPrefix(got, tc.want) || (err == nil && got != tc.want) {
			t.Errorf("ParseLink(%s) = %q, want %q", tc.in, got, tc.want)
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
		l, err := ParseLink(q, a)
		if err != nil {
			return
		}
		q2, err := url.ParseQuery(l.Query())
		if err != nil {
			t.Fatalf("%q writes %q, which is not a query: %v", s, l.Query(), err)
		}
		l2, err := ParseLink(q2, a)
		if err != nil || l2.Query() != l.Query() {
			t.Fatalf("%q → %q → %v %q", s, l.Query(), err, l2.Query())
		}
	})
}

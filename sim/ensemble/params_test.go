package ensemble_test

import (
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// param_draws: posterior by default, fixed on request, anything else an
// option error; Read accepts both, takes a file written before the field
// for fixed, and refuses another value.
func TestParamDraws(t *testing.T) {
	tl := replay(t)
	until := sim.MustDate("2024-12-06")
	for _, tt := range []struct{ in, want string }{{"", "posterior"}, {"posterior", "posterior"}, {"fixed", "fixed"}} {
		r, err := ensemble.New(tl, ensemble.Options{Runs: 5, Until: until, ParamDraws: tt.in})
		if err != nil {
			t.Fatal(err)
		}
		if r.Meta.ParamDraws != tt.want {
			t.Errorf("ParamDraws %q: meta %q, want %q", tt.in, r.Meta.ParamDraws, tt.want)
		}
	}
	if _, err := ensemble.New(tl, ensemble.Options{Runs: 5, Until: until, ParamDraws: "mean"}); err == nil || !strings.HasPrefix(err.Error(), "--params ") {
		t.Errorf("ParamDraws mean: %v, want a --params option error", err)
	}
	a := tl.Graph.Atlas
	doc := func(draws string) string {
		return `{"runs": 1,` + draws + ` "places": [{"id": "hama"}], "days": [{"date": "2024-11-26", "control": {"hama": {"regime": 1}}}]}`
	}
	for _, tt := range []struct{ field, want string }{{``, "fixed"}, {`"param_draws": "fixed",`, "fixed"}, {`"param_draws": "posterior",`, "posterior"}} {
		r, err := ensemble.Read(strings.NewReader(doc(tt.field)), "s.json", a)
		if err != nil || r.ParamDraws != tt.want {
			t.Errorf("%s: %v, param_draws %q; want %q", doc(tt.field), err, r.ParamDraws, tt.want)
		}
	}
	if _, err := ensemble.Read(strings.NewReader(doc(`"param_draws": "\u001b[2J",`)), "s.json", a); err == nil || !strings.Contains(err.Error(), `param_draws "\x1b[2J" is neither`) {
		t.Errorf("a bad param_draws: %v", err)
	}
}

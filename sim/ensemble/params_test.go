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
	for _, tt := range []struct{ draws, want string }{{"", "fixed"}, {"fixed", "fixed"}, {"posterior", "posterior"}} {
		doc := mutate(t, func(m map[string]any) {
			if tt.draws != "" {
				m["param_draws"] = tt.draws
			}
		})
		r, err := ensemble.Read(strings.NewReader(doc), "s.json", a)
		if err != nil || r.ParamDraws != tt.want {
			t.Fatalf("param_draws %q: %v, read as %q; want %q", tt.draws, err, r.ParamDraws, tt.want)
		}
	}
	bad := mutate(t, func(m map[string]any) { m["param_draws"] = "\x1b[2J" })
	if _, err := ensemble.Read(strings.NewReader(bad), "s.json", a); err == nil || !strings.Contains(err.Error(), `s.json: param_draws: "\x1b[2J": want posterior or fixed`) {
		t.Errorf("a bad param_draws: %v", err)
	}
}

package scenarios_test

import (
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

// FuzzModel adds one intervention and one parameter to the built-in
// scenario: Load never panics and returns Problems or a scenario, and an
// accepted scenario compiles to a model that runs to 2024-12-12.
func FuzzModel(f *testing.F) {
	f.Add("reinforce", "2024-11-28", "saraqib", "", "4", "", "", "tau_hours", "2")
	f.Add("air_support", "", "", "regime", "0", "", "", "momentum", "-3")
	f.Add("passive", "2024-12-01", "", "sna", "", "", "", "strength.sdf", "1")
	f.Add("road_cut", "2024-11-27", "", "", "", "M5", "saraqib", "cutoff_hours", "0.1")
	f.Add("road_open", "2024-11-30", "", "", "", "M5", "hama", "floor_hours", "0")
	f.Add("attack", "2024-11-26", "", "regime", "", "", "", "air_support.regime", "3")
	a := geo.MustDefault()
	gr := sim.NewGraph(a)
	f.Fuzz(func(t *testing.T, kind, from, place, faction, factor, road, to, param, value string) {
		iv := map[string]any{"kind": kind}
		for k, v := range map[string]string{"from": from, "place": place, "faction": faction, "factor": factor} {
			if v != "" {
				iv[k] = v
			}
		}
		if road != "" {
			iv["road"] = map[string]string{"road": road, "from": "aleppo", "to": to}
		}
		params := map[string]any{}
		if k, fac, ok := cut(param); ok {
			params[k] = map[string]string{fac: value}
		} else if param != "" {
			params[param] = value
		}
		doc := map[string]any{"extends": scenarios.DefaultID, "id": "fuzz", "interventions": []any{iv}, "parameters": params}
		data, err := yaml.Marshal(doc)
		if err != nil {
			t.Skip()
		}
		s, err := scenarios.LoadBytes("fuzz.yaml", data, nil, a)
		if err != nil {
			if _, ok := err.(scenarios.Problems); !ok {
				t.Fatalf("error is a %T, want Problems: %v", err, err)
			}
			return
		}
		m, err := sim.NewModel(s, gr, s.Params, sim.MustDate("2024-12-12"))
		if err != nil {
			t.Fatalf("Load accepted parameters the model refuses: %v\n%s", err, data)
		}
		days := 0
		m.NewRunner().Run(1, 0, nil, s.Start-1, func(*sim.DayResult) { days++ })
		if days != m.Days() {
			t.Fatalf("run recorded %d days, want %d", days, m.Days())
		}
	})
}

func cut(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == '.' {
			return s[:i], s[i+1:], true
		}
	}
	return "", "", false
}

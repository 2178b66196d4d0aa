package scenarios_test

import (
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
)

// Interventions that cannot both act are reported as a clash, as events
// are: a passive faction's later or same-day attack on the same fronts,
// and a road cut and reopened on one day. Sequences that make sense pass.
func TestInterventionClashes(t *testing.T) {
	const head = "extends: offensive-2024\nid: clash\nend: 2024-12-12\ninterventions:\n"
	iv := func(fields string) string { return "  - {" + fields + "}\n" }
	passive := func(from, against string) string {
		return iv("id: calm, kind: passive, faction: regime, from: " + from + against)
	}
	attack := func(from, against string) string {
		return iv("id: strike, kind: attack, faction: regime, from: " + from + against)
	}
	road := func(kind, from, stretch string) string {
		return iv("kind: " + kind + ", from: " + from + ", road: {road: M5, " + stretch + "}")
	}
	const m5 = "from: aleppo, to: saraqib"
	tests := []struct{ name, ivs, want string }{
		{"passive and attack on one day", passive("2024-12-01", "") + attack("2024-12-01", ""),
			`clash.yaml:6:5: intervention "strike" contradicts intervention "calm" at clash.yaml:5: on 2024-12-01 regime is made both passive and attacking; give them other dates or fronts, or drop one`},
		{"attack after passive", passive("2024-11-28", "") + attack("2024-12-01", ""),
			`clash.yaml:6:5: intervention "strike" contradicts intervention "calm" at clash.yaml:5: regime is passive from 2024-11-28 to the end, so its attack from 2024-12-01 never acts; give them other dates or fronts, or drop one`},
		{"attack listed first", attack("2024-12-01", "") + passive("2024-12-01", ""),
			`clash.yaml:5:5: intervention "strike" contradicts intervention "calm" at clash.yaml:6: on 2024-12-01`},
		{"passive on the attacked front", passive("2024-12-01", ", against: [hts]") + attack("2024-12-01", ", against: [hts]"), "both passive and attacking"},
		{"passive everywhere, attack on one front", passive("2024-12-01", "") + attack("2024-12-02", ", against: [hts]"), "never acts"},
		{"passive on each attacked front", passive("2024-12-01", ", against: [hts]") + iv("kind: passive, faction: regime, from: 2024-12-02, against: [sna]") + attack("2024-12-03", ", against: [hts, sna]"),
			`clash.yaml:7:5: intervention "strike" contradicts the intervention at clash.yaml:6: regime is passive from 2024-12-02 to the end`},
		{"cut and reopened on one day", road("road_cut", "2024-12-01", m5) + road("road_open", "2024-12-01", m5),
			`clash.yaml:6:5: the intervention contradicts the intervention at clash.yaml:5: on 2024-12-01 a stretch of road "M5" is both cut and reopened; give them other dates or fronts, or drop one`},
		{"cut and reopened on overlapping stretches", road("road_open", "2024-12-01", "from: aleppo, to: hama") + road("road_cut", "2024-12-01", m5), "both cut and reopened"},
		// Sequences that make sense.
		{"attack, then passive", attack("2024-11-28", "") + passive("2024-12-01", ""), ""},
		{"passive on another front", passive("2024-12-01", ", against: [sdf]") + attack("2024-12-01", ""), ""},
		{"passive on one of the attacked fronts", passive("2024-12-01", ", against: [hts]") + attack("2024-12-01", ", against: [hts, sna]"), ""},
		{"another faction", passive("2024-12-01", "") + iv("kind: attack, faction: sdf, from: 2024-12-01"), ""},
		{"cut, then reopened", road("road_cut", "2024-12-01", m5) + road("road_open", "2024-12-02", m5), ""},
		{"cut and reopened elsewhere", road("road_cut", "2024-12-01", m5) + road("road_open", "2024-12-01", "from: hama, to: homs"), ""},
	}
	a := geo.MustDefault()
	for _, tt := range tests {
		_, err := scenarios.LoadBytes("clash.yaml", []byte(head+tt.ivs), nil, a)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s:\n got %v\nwant %s", tt.name, err, tt.want)
		}
	}
}

package ensemble_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// validResult is a small Result that Read accepts: two places, three
// days, forced to the second.
const validResult = `{"scenario": "offensive-2024", "title": "t", "version": 1, "seed": 1, "runs": 10,
 "mode": "forced", "forced_until": "2024-11-27", "start": "2024-11-26", "last_documented": "2024-11-27", "until": "2024-11-28",
 "factions": ["regime", "hts"], "attack_starts": {"regime": null, "hts": "2024-11-27"}, "fronts": {"hts": {"regime": "2024-11-27"}},
 "params": "", "watch": {"route": "r", "name": "R", "faction": "regime", "from": "hama", "to": "aleppo", "highways": ["M5"]},
 "places": [
  {"id": "hama", "name": "Hama", "initial": "regime", "documented_fall": null, "mentioned": true,
   "fall_probability": 0.5, "fall_date": {"p10": "2024-11-27", "median": "2024-11-28", "p90": null}},
  {"id": "aleppo", "name": "Aleppo", "initial": "regime", "documented_fall": "2024-11-27", "mentioned": true,
   "fall_probability": 1, "fall_date": {"p10": "2024-11-27", "median": "2024-11-27", "p90": "2024-11-27"}}],
 "days": [
  {"date": "2024-11-26", "p_no_regime_route": 0, "p_m5_cut": 0, "control": {"hama": {"regime": 1}, "aleppo": {"regime": 1}}},
  {"date": "2024-11-27", "p_no_regime_route": 0.5, "p_m5_cut": 0.5, "control": {"hama": {"regime": 0.8, "hts": 0.2}, "aleppo": {"hts": 1}}},
  {"date": "2024-11-28", "projected": true, "modelled": true, "p_no_regime_route": 1, "p_m5_cut": 1,
   "control": {"hama": {"regime": 0.5, "hts": 0.4, "none": 0.1}, "aleppo": {"hts": 1}}}]}`

// mutate returns validResult changed by f, which edits its decoded form.
func mutate(t testing.TB, f func(m map[string]any)) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(validResult), &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func place(m map[string]any, k int) map[string]any { return m["places"].([]any)[k].(map[string]any) }
func day(m map[string]any, k int) map[string]any   { return m["days"].([]any)[k].(map[string]any) }
func control(m map[string]any, d int, id string) map[string]any {
	return day(m, d)["control"].(map[string]any)[id].(map[string]any)
}

// TestReadRefuses: every value a simulation cannot hold is refused with
// the field named, after the file's name.
func TestReadRefuses(t *testing.T) {
	a, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ensemble.Read(strings.NewReader(validResult), "s.json", a); err != nil {
		t.Fatalf("the valid result is refused: %v", err)
	}
	set := func(f func(m map[string]any)) string { return mutate(t, f) }
	for _, tt := range []struct{ name, in, want string }{
		{"not JSON", "{", "s.json:1:2: not JSON"},
		{"a string for runs", strings.Replace(validResult, `"runs": 10`, `"runs": "10"`, 1), `s.json:1:83: runs is a JSON string, where the contract has a whole number`},
		{"a list for a place, on line 6", strings.Replace(validResult, `"initial": "regime", "documented_fall": null`, `"initial": ["regime"], "documented_fall": null`, 1), `s.json:6:46: places.initial is a JSON array, where the contract has a string`},
		{"not an object", `[1]`, "want the output of frontline simulate"},
		{"newer version", set(func(m map[string]any) { m["version"] = 2 }), "version: 2 is newer"},
		{"negative version", set(func(m map[string]any) { m["version"] = -5 }), "version: -5"},
		{"no version", set(func(m map[string]any) { delete(m, "version") }), "version: 0"},
		{"negative runs", set(func(m map[string]any) { m["runs"] = -1 }), "runs: -1"},
		{"no runs", set(func(m map[string]any) { m["runs"] = 0 }), "runs: 0"},
		{"mode", set(func(m map[string]any) { m["mode"] = "x" }), "mode:"},
		{"free with a hand-over", set(func(m map[string]any) { m["mode"] = "free" }), "forced_until:"},
		{"hand-over outside", set(func(m map[string]any) { m["forced_until"] = "2025-01-01" }), "forced_until:"},
		{"until before start", set(func(m map[string]any) { m["until"] = "2024-11-01" }), "until:"},
		{"ten-thousand-year span", set(func(m map[string]any) { m["until"] = "9999-12-31" }), "until:"},
		{"last documented far", set(func(m map[string]any) { m["last_documented"] = "9999-12-31" }), "last_documented:"},
		{"faction twice", set(func(m map[string]any) { m["factions"] = []string{"regime", "regime"} }), "factions[1]:"},
		{"faction none", set(func(m map[string]any) { m["factions"] = []string{"regime", "none"} }), "factions[1]:"},
		{"65 factions", set(func(m map[string]any) {
			fs := make([]string, 65)
			for i := range fs {
				fs[i] = fmt.Sprint("f", i)
			}
			m["factions"] = fs
		}), "factions: 65"},
		{"unknown attacker", set(func(m map[string]any) { m["attack_starts"] = map[string]any{"isis": nil} }), "attack_starts:"},
		{"unknown front", set(func(m map[string]any) { m["fronts"] = map[string]any{"isis": map[string]any{"hts": "2024-11-27"}} }), "fronts:"},
		{"unknown watcher", set(func(m map[string]any) { m["watch"].(map[string]any)["faction"] = "isis" }), "watch.faction:"},
		{"place off the map", set(func(m map[string]any) { place(m, 0)["id"] = "atlantis" }), `places[0].id: place "atlantis" is not on the map`},
		{"place twice", set(func(m map[string]any) { place(m, 1)["id"] = "hama" }), "places[1].id:"},
		{"unknown first holder", set(func(m map[string]any) { place(m, 0)["initial"] = "isis" }), "places[0].initial:"},
		{"documented after the documents", set(func(m map[string]any) { place(m, 1)["documented_fall"] = "2024-11-28" }), "places[1].documented_fall:"},
		{"fall probability 5", set(func(m map[string]any) { place(m, 0)["fall_probability"] = 5 }), "places[0].fall_probability: 5 is not a probability"},
		{"fall probability -1", set(func(m map[string]any) { place(m, 0)["fall_probability"] = -1 }), "places[0].fall_probability: -1"},
		{"median before p10", set(func(m map[string]any) {
			place(m, 0)["fall_date"] = map[string]any{"p10": "2024-11-28", "median": "2024-11-27"}
		}), "places[0].fall_date.median:"},
		{"fall after until", set(func(m map[string]any) { place(m, 0)["fall_date"] = map[string]any{"median": "9999-12-31"} }), "places[0].fall_date.median:"},
		{"no days", set(func(m map[string]any) { m["days"] = []any{} }), "no days or no places"},
		{"more days than the span", set(func(m map[string]any) {
			ds := m["days"].([]any)
			m["days"] = append(ds, ds...)
		}), "days: 6 days in a span of 3"},
		{"day out of order", set(func(m map[string]any) { day(m, 1)["date"] = "2024-11-26" }), "days[1].date:"},
		{"day dated 9999-12-31", set(func(m map[string]any) { day(m, 2)["date"] = "9999-12-31" }), "days[2].date:"},
		{"p_no_regime_route 7", set(func(m map[string]any) { day(m, 1)["p_no_regime_route"] = 7 }), "days[1].p_no_regime_route: 7 is not a probability"},
		{"p_m5_cut -0.5", set(func(m map[string]any) { day(m, 1)["p_m5_cut"] = -0.5 }), "days[1].p_m5_cut:"},
		{"control off the simulation", set(func(m map[string]any) {
			day(m, 0)["control"].(map[string]any)["homs"] = map[string]any{"regime": 1}
		}), `days[0].control: place "homs" is not one of the simulation's places`},
		{"control above one", set(func(m map[string]any) { control(m, 0, "hama")["regime"] = 1.5 }), `days[0].control["hama"]["regime"]: 1.5 is not a probability`},
		{"shares summing to 3", set(func(m map[string]any) {
			day(m, 2)["control"].(map[string]any)["hama"] = map[string]any{"regime": 1, "hts": 1, "none": 1}
		}), `days[2].control["hama"]: the shares sum to 3`},
		{"unknown faction", set(func(m map[string]any) { control(m, 1, "aleppo")["isis"] = 0; control(m, 1, "aleppo")["hts"] = 1 }), `faction "isis" is not one of the factions`},
		{"a day of the wrong type", set(func(m map[string]any) { day(m, 1)["control"] = 3 }), "days[1]:"},
	} {
		_, err := ensemble.Read(strings.NewReader(tt.in), "s.json", a)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "s.json:") {
			t.Errorf("%s: %v, want %q after the file's name", tt.name, err, tt.want)
		}
	}
}

// hostileResults are files of at most 10 MB shaped to cost the most: many
// days, many shares, long names. Each must be read (or refused) within the
// budget docs/scenarios.md promises.
func hostileResults(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	// 400,000 days of one place: refused by the span before any day is
	// decoded.
	var b bytes.Buffer
	head := strings.SplitN(validResult, `"days": [`, 2)[0]
	b.WriteString(head + `"days": [`)
	for k := range 400_000 {
		if k > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"date": "2024-11-26"}`)
	}
	b.WriteString("]}")
	out["400k days"] = append([]byte(nil), b.Bytes()...)
	// Ten years of days, each with every place of the map held by two
	// factions, as many days as fit in 10 MB: accepted.
	a, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	var places, ctrl []string
	for _, p := range a.Places() {
		places = append(places, fmt.Sprintf(`{"id": %q, "name": %q, "initial": "regime", "fall_probability": 0}`, p.ID, strings.Repeat("n", 200)))
		ctrl = append(ctrl, fmt.Sprintf(`%q: {"regime": 0.5, "hts": 0.5}`, p.ID))
	}
	fmt.Fprintf(&b, `{"version": 1, "runs": 10, "mode": "free", "start": "2024-11-26", "last_documented": "2024-11-26", "until": "2034-11-26",
 "factions": ["regime", "hts"], "places": [%s], "days": [`, strings.Join(places, ","))
	dayText := `"control": {` + strings.Join(ctrl, ",") + `}}`
	start := sim.MustDate("2024-11-26")
	for k := 0; b.Len()+len(dayText)+64 < 10<<20 && k < ensemble.MaxDays; k++ {
		if k > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"date": %q, "p_no_regime_route": 0, "p_m5_cut": 0, %s`, (start + sim.Date(k)).String(), dayText)
	}
	b.WriteString("]}")
	out["10 MB of shares"] = append([]byte(nil), b.Bytes()...)
	return out
}

// TestReadBounded: a hostile file of up to 10 MB costs Read at most 200
// MB of allocations (docs/scenarios.md, "Safety"). Allocation is counted,
// not time, so that the test cannot flake on a busy machine;
// BenchmarkReadHostile gives the time.
func TestReadBounded(t *testing.T) {
	a, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range hostileResults(t) {
		if len(data) > 10<<20 {
			t.Fatalf("%s: %d bytes, over 10 MB", name, len(data))
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := ensemble.Read(bytes.NewReader(data), name, a)
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 200<<20 {
			t.Errorf("%s (%d bytes): Read allocated %d MB, over 200 MB (err %v)", name, len(data), alloc>>20, err)
		}
		if want := name == "400k days"; (err != nil) != want {
			t.Errorf("%s: err %v, want refused %v", name, err, want)
		}
	}
}

func BenchmarkReadHostile(b *testing.B) {
	a, err := geo.Default()
	if err != nil {
		b.Fatal(err)
	}
	for name, data := range hostileResults(b) {
		b.Run(strings.ReplaceAll(name, " ", "-"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ensemble.Read(bytes.NewReader(data), name, a)
			}
		})
	}
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/render"
)

// ownPlaces is a what-if with its own village and road: its atlas has
// one place more than the default one, so any command that built the
// model or the replay on the default atlas would fail or misread it.
const ownPlaces = "../../scenarios/testdata/good-places.yaml"

// TestEveryCommandOnOwnPlaces runs every command that reads a scenario
// over one with its own places and roads: each succeeds, and those that
// list places list the scenario's own village.
func TestEveryCommandOnOwnPlaces(t *testing.T) {
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	model := []string{"--runs", "20", "--until", "2024-12-06"}
	tests := []struct {
		name string
		args []string
		// village says where the scenario's own place must appear: in
		// stdout ("-"), in a file written, or nowhere ("").
		village string
	}{
		{"validate", []string{"validate", ownPlaces}, ""},
		{"replay", []string{"replay", ownPlaces, "--format", "json"}, "-"},
		{"replay csv", []string{"replay", ownPlaces, "--format", "csv"}, "-"},
		{"territory", []string{"territory", ownPlaces, "--day", "2024-11-30", "--format", "json"}, ""},
		{"simulate", append([]string{"simulate", ownPlaces, "--format", "json", "--out", out("sim.json")}, model...), out("sim.json")},
		{"simulate free", append([]string{"simulate", ownPlaces, "--forced-until", "none", "--format", "csv"}, model...), "-"},
		{"simulate shard", append([]string{"simulate", ownPlaces, "--shard", "1/1", "--out", out("shard.json")}, model...), out("shard.json")},
		{"merge", []string{"merge", out("shard.json"), "--format", "json"}, "-"},
		{"diff", append([]string{"diff", "offensive-2024", ownPlaces}, model...), "-"},
		{"calibrate", []string{"calibrate", ownPlaces, "--runs", "20", "--starts", "1", "--max-eval", "20", "--format", "json"}, ""},
		{"export", []string{"export", ownPlaces, "--geojson", out("replay.geojson"), "--csv", out("replay.csv"), "--svg", out("svg"), "--day", "2024-11-29"}, out("replay.geojson")},
	}
	if render.HasDisplay() {
		tests = append(tests, struct {
			name    string
			args    []string
			village string
		}{"view --screenshot", []string{"view", ownPlaces, "--day", "2024-11-29", "--screenshot", out("shot.png"), "--size", "480x270"}, ""})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != 0 {
				t.Fatalf("%s: exit %d: %s", strings.Join(tt.args, " "), code, stderr)
			}
			text := stdout
			if tt.village != "-" && tt.village != "" {
				data, err := os.ReadFile(tt.village)
				if err != nil {
					t.Fatal(err)
				}
				text = string(data)
			}
			if tt.village != "" && !strings.Contains(text, "tell-example") && !strings.Contains(text, "Tell Example") {
				t.Errorf("%s: the output does not name the scenario's own village", strings.Join(tt.args, " "))
			}
		})
	}
	// The simulation has the village among its places, with the fall the
	// scenario documents.
	data, err := os.ReadFile(out("sim.json"))
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Places []struct {
			ID         string  `json:"id"`
			Documented *string `json:"documented_fall"`
		} `json:"places"`
	}
	if err := json.Unmarshal(data, &j); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range j.Places {
		found = found || p.ID == "tell-example"
	}
	if !found {
		t.Errorf("the simulation's %d places do not include tell-example", len(j.Places))
	}
}

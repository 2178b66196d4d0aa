package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render/export"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

// loadSimulation reads a saved `frontline simulate --format json` and the
// replay of the scenario it names (the built-in one when it names a
// what-if file's id), through the one reader of untrusted files.
func loadSimulation(path string) (*sim.Timeline, *export.Simulation, error) {
	data, err := scenarios.ReadRegular(path, export.MaxSimulationBytes, "a simulation result")
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read the simulation: %v", err)
	}
	if !export.IsSimulation(data) {
		return nil, nil, fmt.Errorf("%s is not the output of frontline simulate --format json (for shards, frontline merge them first)", path)
	}
	a, err := geo.Default()
	if err != nil {
		return nil, nil, err
	}
	// The scenario gives the factions' names and colours; a simulation of
	// a what-if file names its id, so fall back to the built-in one.
	var probe struct {
		Scenario string `json:"scenario"`
	}
	json.Unmarshal(data, &probe)
	tl, err := scenarios.Replay(probe.Scenario, a)
	if err != nil {
		if tl, err = scenarios.Replay(scenarios.DefaultID, a); err != nil {
			return nil, nil, err
		}
	}
	s, err := export.ReadSimulation(bytes.NewReader(data), path, tl)
	if err != nil {
		return nil, nil, err
	}
	return tl, s, nil
}

// simulateForView runs sm's ensemble and returns what the viewer draws of
// it. The result goes through the JSON contract and its reader, so that
// `view X --simulate` draws exactly what `view` of the saved
// `simulate X --format json` draws, for the same seed and runs.
// base is the scenario's replay with its territory, which sm.tl (the
// model's own replay) leaves out.
func simulateForView(sm *simulation, base *sim.Timeline, workers int, progress func(done int)) (*sim.Timeline, *scene.Sim, error) {
	o := sim.EnsembleOptions{Seed: sm.meta.Seed, First: 0, Last: sm.meta.Runs, Workers: workers,
		Timeline: sm.tl, ForcedUntil: sm.forcedUntil, Progress: progress}
	t := sm.model.Ensemble(o)
	var buf bytes.Buffer
	if err := writeJSON(&buf, buildSimJSON(&sm.meta, t)); err != nil {
		return nil, nil, err
	}
	s, err := export.ReadSimulation(&buf, sm.meta.Scenario, base)
	if err != nil {
		return nil, nil, err
	}
	return export.SimView(base, s)
}

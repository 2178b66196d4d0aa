package main

import (
	"bytes"
	"fmt"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// readResult reads a saved `frontline simulate --format json` through the
// one reader of untrusted files, and checks it against the map.
func readResult(path string) (*ensemble.Result, error) {
	data, err := scenarios.ReadRegular(path, ensemble.MaxBytes, "a simulation result")
	if err != nil {
		return nil, fmt.Errorf("cannot read the simulation: %v", err)
	}
	if !ensemble.Is(data) {
		return nil, fmt.Errorf("%s is not the output of frontline simulate --format json (for shards, frontline merge them first)", path)
	}
	a, err := geo.Default()
	if err != nil {
		return nil, err
	}
	return ensemble.Read(bytes.NewReader(data), path, a)
}

// loadSimulation reads a saved simulation and the replay of the scenario
// it names: the scenario gives the factions' names and colours, and a
// simulation of a what-if file names only its id, so it falls back to the
// built-in scenario.
func loadSimulation(path string) (*sim.Timeline, *ensemble.Result, error) {
	r, err := readResult(path)
	if err != nil {
		return nil, nil, err
	}
	a, err := geo.Default()
	if err != nil {
		return nil, nil, err
	}
	tl, err := scenarios.Replay(r.Scenario, a)
	if err != nil {
		if tl, err = scenarios.Replay(scenarios.DefaultID, a); err != nil {
			return nil, nil, err
		}
	}
	return tl, r, nil
}

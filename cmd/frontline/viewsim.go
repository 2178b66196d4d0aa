package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"

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
// it names, which gives the factions' names and colours: resolved as
// extends: is, a bundled id or a file in the simulation's own folder
// (scenarios.Loader.ReplayNamed), confined as l is. A simulation of a
// scenario file names only its id, which is no file: it falls back to
// the built-in scenario.
func loadSimulation(l scenarios.Loader, path string) (*sim.Timeline, *ensemble.Result, error) {
	r, err := readResult(path)
	if err != nil {
		return nil, nil, err
	}
	a, err := geo.Default()
	if err != nil {
		return nil, nil, err
	}
	tl, err := l.ReplayNamed(path, r.Scenario, a)
	if errors.Is(err, fs.ErrNotExist) {
		tl, err = scenarios.Replay(scenarios.DefaultID, a)
	}
	if err != nil {
		return nil, nil, err
	}
	return tl, r, nil
}

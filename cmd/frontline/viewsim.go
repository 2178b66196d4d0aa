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
	a, err := geo.Default()
	if err != nil {
		return nil, err
	}
	return ensemble.Read(bytes.NewReader(data), path, a)
}

// loadSimulation reads a saved simulation and the replay of the scenario
// it names (scenarioOf), which gives the factions' names and colours.
func loadSimulation(l scenarios.Loader, path string) (*sim.Timeline, *ensemble.Result, error) {
	r, err := readResult(path)
	if err != nil {
		return nil, nil, err
	}
	tl, err := scenarioOf(l, path, &r.Meta)
	if err != nil {
		return nil, nil, err
	}
	return tl, r, nil
}

// scenarioOf replays the scenario that the simulation file at path names
// in m, resolved as extends: is, a bundled id or a file in the
// simulation's own folder (scenarios.Loader.ReplayNamed), confined as l
// is, and refuses the file when its dates lie outside the scenario's span
// (ensemble.Meta.Within). A simulation of a scenario file names only its
// id, which is no file: it falls back to the built-in scenario, for names
// and colours, and its span is checked against nothing but itself.
func scenarioOf(l scenarios.Loader, path string, m *ensemble.Meta) (*sim.Timeline, error) {
	a, err := geo.Default()
	if err != nil {
		return nil, err
	}
	tl, err := l.ReplayNamed(path, m.Scenario, a)
	if errors.Is(err, fs.ErrNotExist) {
		return scenarios.Replay(scenarios.DefaultID, a)
	}
	if err != nil {
		return nil, err
	}
	if err := m.Within(tl.Scenario); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return tl, nil
}

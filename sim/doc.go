// Package sim turns the map into a weighted graph and runs frontline's
// models on it: the documented replay of a scenario's events, the
// stochastic front-line model (a daily hazard of capture from road
// pressure, momentum, collapse, supply, size, reinforcement and air
// support), its seeded Monte Carlo ensembles, and its calibration to the
// documented captures (penalised survival likelihood, gonum Nelder–Mead,
// finite-difference standard errors, a hold-out and two baselines).
//
// The graph has one node per place and one edge per road segment, weighted
// by travel time (length over the road class's speed, see geo.Class.Speed).
// Node ids are the places' positions in geo.Atlas.Places, which are sorted
// by place id. Searches run on its compact form (CSR) with a reusable
// workspace (Search), and break ties by id, so no map or iteration order
// can leak into results.
//
// Randomness comes only from per-(seed, run, place) PCG streams seeded
// through SplitMix64: the same seed gives the same ensemble for any number
// of workers or shards, and a what-if and its baseline share their random
// numbers. docs/model.md gives the equations and the fitted values.
//
// The package is pure: no files, no screen. It returns plain, read-only
// data (Route, Timeline, Tally, Calibration); cmd presents it.
package sim

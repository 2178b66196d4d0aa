// Package sim turns the map into a weighted graph and runs frontline's
// models on it: the documented replay of a scenario's events, the
// stochastic front-line model, Monte Carlo batches and calibration.
//
// The graph has one node per place and one edge per road segment, weighted
// by travel time (length over the road class's speed, see geo.Class.Speed).
// Node ids are the places' positions in geo.Atlas.Places, which are sorted
// by place id, and every traversal visits neighbours in id order, so no map
// or gonum iteration order can leak into results.
//
// The package returns plain, read-only data (Route, Timeline, Day); the
// viewer and the writers in cmd only present it.
package sim

// Package sweep runs parameter sweeps of a scenario's model and analyses
// them: the design (grid, Latin hypercube, or Saltelli's scheme for Sobol
// indices), the runs at each point with common random numbers, the
// outcome estimates with their 90% intervals, and the sensitivity of
// each outcome to each factor. docs/sweep.md is its contract.
//
// A Meta is a checked sweep: the scenarios package builds one from a
// sweep file. Run makes any part of its runs and returns their Counts,
// integer tallies that add up, over shards, to exactly the counts of one
// run; Analyse turns counts into a Result. Like sim, the package is pure:
// no files, no screen.
package sweep

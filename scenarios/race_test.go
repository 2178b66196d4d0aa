//go:build race

package scenarios_test

// raceDetector is true in a -race build, where the costly tests of
// bounds skip: the detector slows them tenfold, and `make test` runs them
// without it.
const raceDetector = true

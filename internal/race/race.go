// Package race says whether the race detector is on. It slows drawing and
// the larger ensembles several times over, so the costliest tests skip
// under it, and `make test` runs them again in a plain pass.
package race

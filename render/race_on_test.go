//go:build race

package render

// raceEnabled: the race detector slows drawing several times over, so the
// golden screenshots run without it (make test runs them in a second,
// plain pass).
const raceEnabled = true

package main

import (
	"fmt"

	"github.com/frontline-sim/frontline/geo"
)

var validateCmd = &command{
	name:  "validate",
	args:  "FILE...",
	short: "check scenario files and print every problem",
	long: `Validate checks each scenario file: YAML syntax, field names, places,
roads, factions, dates, contradictions and extends cycles. It prints "ok"
for a valid file, or every problem as file:line:col with a fix, then
replays the valid ones to be sure they run. A built-in id such as
offensive-2024 may stand for a file.

At most 100 problems are printed per file, then a count of the others.
The file and the files it extends are read as docs/scenarios.md
("Safety") says: regular files only, at most 10 MB, and extends: confined
to the file's folder unless --allow-extends-outside is given.

Exit status: 0 when every file is valid, 1 when any is not, 2 on a usage
error.

Examples:

	frontline validate whatif.yaml
	frontline validate scenarios/testdata/*.yaml`,
	run: runValidate,
}

func runValidate(e *env, c *command, args []string) error {
	fs := newFlags(e, c)
	loader := loaderFlag(fs)
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("validate needs at least one scenario file")
	}
	a, err := geo.Default()
	if err != nil {
		return err
	}
	out := e.stdout
	l := loader()
	bad := 0
	for _, name := range pos {
		// Without the territory, which only drawing needs: so validation
		// stays within its bound (docs/scenarios.md, "Safety").
		tl, err := l.Timeline(name, a, false)
		if err != nil {
			bad++
			fmt.Fprintln(out, err)
			continue
		}
		s := tl.Scenario
		fmt.Fprintf(out, "%s: ok (%d events, %s to %s)\n", name, len(s.Events), s.Start, s.End)
	}
	if bad > 0 {
		return silentFailure{fmt.Sprintf("%d of %d files invalid", bad, len(pos))}
	}
	return nil
}

// silentFailure is a failure (exit 1) whose details were already printed.
type silentFailure struct{ msg string }

func (s silentFailure) Error() string { return s.msg }

package main

import (
	"fmt"
	"runtime/debug"

	"github.com/frontline-sim/frontline/internal/safetext"
)

var versionCmd = &command{
	name:  "version",
	args:  "",
	short: "print frontline's version and the source revision it was built from",
	long: `Version prints the module version, the VCS revision and time of the source
the binary was built from (with "+dirty" when it had uncommitted changes),
and the Go version, as recorded by the Go toolchain (debug.ReadBuildInfo).
A binary built with "go run" or "go test" records no revision.`,
	run: runVersion,
}

func runVersion(e *env, c *command, args []string) error {
	pos, err := parseFlags(e, c, newFlags(e, c), args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %s", safetext.Quote(pos[0]))
	}
	fmt.Fprintln(e.stdout, versionLine())
	return nil
}

// versionLine describes the build: "frontline v1.2.3 (revision abc123…,
// 2026-12-01T18:00:00Z) go1.26.0".
func versionLine() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "frontline (no build information)"
	}
	version := bi.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var rev, when, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	vcs := "no VCS revision recorded"
	if rev != "" {
		vcs = "revision " + rev + dirty
		if when != "" {
			vcs += ", " + when
		}
	}
	return fmt.Sprintf("frontline %s (%s) %s", version, vcs, bi.GoVersion)
}

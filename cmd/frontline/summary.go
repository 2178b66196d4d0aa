package main

import (
	"fmt"
	"sort"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
)

// defaultCommand runs when frontline is called with no command.
const defaultCommand = "view"

var summaryCmd = &command{
	name:  "summary",
	args:  "",
	short: "summarise the built-in map: places by kind, roads and their lengths",
	long: `Summary prints what the built-in map holds: the number of places of each
kind, each road with its segments and length, and whether the network is
connected.`,
	run: runSummary,
}

func runSummary(e *env, c *command, args []string) error {
	fs := newFlags(e, c)
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %s", safetext.Quote(pos[0]))
	}
	a, err := geo.Default()
	if err != nil {
		return err
	}
	kinds := map[geo.Kind]int{}
	for _, p := range a.Places() {
		kinds[p.Kind]++
	}
	fmt.Fprintf(e.stdout, "frontline: %d places, %d roads, %d road segments\n\nPlaces by kind:\n", len(a.Places()), len(a.Roads()), len(a.Segments()))
	for _, k := range geo.Kinds {
		if kinds[k] > 0 {
			fmt.Fprintf(e.stdout, "  %-9s %3d\n", k, kinds[k])
		}
	}
	type roadSum struct {
		segs int
		km   float64
	}
	sums := map[string]*roadSum{}
	var names []string
	for _, s := range a.Segments() {
		if sums[s.Road] == nil {
			sums[s.Road] = &roadSum{}
			names = append(names, s.Road)
		}
		sums[s.Road].segs++
		sums[s.Road].km += s.LengthKm
	}
	sort.SliceStable(names, func(i, j int) bool { return sums[names[i]].km > sums[names[j]].km })
	fmt.Fprintln(e.stdout, "\nRoads, longest first:")
	for _, n := range names {
		fmt.Fprintf(e.stdout, "  %-28s %2d segments %7.1f km\n", n, sums[n].segs, sums[n].km)
	}
	conn := "connected"
	if !sim.NewGraph(a).Connected() {
		conn = "NOT connected"
	}
	fmt.Fprintf(e.stdout, "\nThe road network is %s.\nRun 'frontline help' for the commands.\n", conn)
	return nil
}

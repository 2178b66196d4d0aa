package main

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
)

// start reads the page's query (location.search) and returns the options
// and timeline to open, or the link's problem and the default view.
func start(search string) (render.Options, *sim.Timeline, string, error) {
	a, err := geo.Default()
	if err != nil {
		return render.Options{}, nil, "", err
	}
	var o render.Options
	var l render.Link
	var problem string
	q, err := url.ParseQuery(strings.TrimPrefix(search, "?"))
	if err == nil {
		if l, err = render.ParseLink(q, a); err == nil {
			l.Apply(&o)
		}
	}
	if err != nil {
		problem = "This link has a problem, so the page opened on the default view: " + err.Error()
		l = render.Link{}
	}
	id := o.Scenario
	if id == "" {
		id = scenarios.DefaultID
	}
	// compare=: the history against a what-if, side by side; by their
	// ensembles, run in the page, when either has interventions (as
	// `frontline view --compare` does) or the link asks for runs=.
	if left, right, ok := l.CompareSides(scenarios.DefaultID); ok {
		lt, err := scenarios.ReplayBundled(left, a)
		var rt *sim.Timeline
		if err == nil {
			rt, err = scenarios.ReplayBundled(right, a)
		}
		if err == nil && render.ComparesByEnsembles(lt, rt, o.EnsembleRuns > 0) {
			err = compareEnsembles(&o, lt, rt)
		}
		if err == nil {
			o.Compare = rt
			return checkDay(o, lt, problem)
		}
		problem = "compare=" + l.Compare + ": " + err.Error() + "; the page opened without compare mode"
		o.CompareLink = ""
	}
	tl, err := scenarios.ReplayBundled(id, a)
	if err != nil {
		problem = err.Error()
		o.Scenario = ""
		if tl, err = scenarios.ReplayBundled(scenarios.DefaultID, a); err != nil {
			return o, nil, "", err
		}
	}
	return checkDay(o, tl, problem)
}

// compareEnsembles sets o to run compare mode's two ensembles in the page:
// the link's runs= and seed=, else DefaultEnsembleRuns with seed 1.
func compareEnsembles(o *render.Options, lt, rt *sim.Timeline) error {
	runs, seed := o.EnsembleRuns, o.EnsembleSeed
	if runs == 0 {
		runs, seed = render.DefaultEnsembleRuns, 1
	}
	f, err := render.CompareEnsembles(lt, rt, render.CompareOptions(lt.Scenario, rt.Scenario, runs, seed), 0)
	if err != nil {
		return err
	}
	o.CompareSimulate, o.SimRuns, o.EnsembleRuns, o.EnsembleSeed = f, runs, 0, 0
	return nil
}

// checkDay drops a link's day outside the scenario, or with runs= (or a
// compare by ensembles) outside the simulated days, saying so.
func checkDay(o render.Options, tl *sim.Timeline, problem string) (render.Options, *sim.Timeline, string, error) {
	last := tl.Scenario.End
	switch {
	case o.CompareSimulate != nil:
		last = render.CompareOptions(tl.Scenario, o.Compare.Scenario, o.SimRuns, 0).Until
	case o.EnsembleRuns > 0:
		last = render.EnsembleOptions(tl.Scenario, o.EnsembleRuns, o.EnsembleSeed).Until
	}
	if o.Day != 0 && (o.Day < tl.Scenario.Start || o.Day > last) {
		problem = "day=" + o.Day.String() + " is outside the scenario (" + tl.Scenario.Start.String() + " to " + last.String() + "); the page opened on its first day"
		o.Day = 0
	}
	return o, tl, problem, nil
}

// catalogueJSON lists the bundled scenarios for the page's menu.
func catalogueJSON() string {
	type item struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	var items []item
	for _, b := range scenarios.Catalogue() {
		items = append(items, item{b.ID, b.Title})
	}
	data, _ := json.Marshal(items)
	return string(data)
}

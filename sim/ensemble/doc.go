// Package ensemble runs a scenario's Monte Carlo ensemble and holds its
// result in the one form everything shares: the simulate JSON contract
// (docs/simulate-json.md). `frontline simulate` writes it, `frontline
// diff`, the exports and the viewer read it, and the web page makes it in
// the browser, all through this package, so the contract is written once.
//
// New compiles a scenario's model from its replay; Run.Tally makes the
// runs (the same bytes for any number of workers); Build turns a tally
// into a Result; Read reads and checks a Result from untrusted JSON.
// Like sim, the package is pure: no files, no screen.
package ensemble

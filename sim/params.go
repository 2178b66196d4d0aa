package sim

// Params holds a scenario's model parameters. They are fixed for a run;
// the state that changes day by day lives in the timeline. The replay reads
// none of them: they belong to the stochastic model, which fills this type
// as it grows (see docs/model.md).
type Params struct{}

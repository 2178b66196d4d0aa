package sweep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/frontline-sim/frontline/internal/jsonpos"
)

// MaxBytes bounds the JSON of a sweep's result that Read takes.
const MaxBytes = 1 << 30

// Is reports whether data looks like a sweep's JSON result (frontline
// sweep --format json) rather than a simulation's or a shard's.
func Is(data []byte) bool {
	var probe struct {
		Kind  string          `json:"kind"`
		Sweep *string         `json:"sweep"`
		Rows  json.RawMessage `json:"rows"`
	}
	return json.Unmarshal(data, &probe) == nil && probe.Kind == "" && probe.Sweep != nil && probe.Rows != nil
}

// Read decodes a sweep's JSON result and checks it as Run and Analyse
// would have made it: a valid header, one row per point and outcome in
// order with finite numbers, and sensitivity rows that name its outcomes
// and factors. Each row's Values are the point's, from the header.
func Read(data []byte) (*Result, error) {
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("the sweep result is %d bytes, over the limit of %d", len(data), MaxBytes)
	}
	var r Result
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&r); err != nil {
		return nil, jsonpos.Locate(data, err, "want the output of frontline sweep --format json")
	}
	if r.Version < 1 {
		return nil, fmt.Errorf("not a sweep result: no version")
	}
	if err := r.Meta.Check(); err != nil {
		return nil, err
	}
	if want := len(r.Points) * len(r.Outcomes); len(r.Rows) != want {
		return nil, fmt.Errorf("the result has %d rows; %d points × %d outcomes make %d", len(r.Rows), len(r.Points), len(r.Outcomes), want)
	}
	finite := func(vs ...float64) bool {
		return !slices.ContainsFunc(vs, func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) })
	}
	for i := range r.Rows {
		row := &r.Rows[i]
		p, k := i/len(r.Outcomes), i%len(r.Outcomes)
		if row.Point != p || row.Outcome != r.Outcomes[k].ID || !finite(row.Estimate, row.Lo, row.Hi) || row.Runs < 0 {
			return nil, fmt.Errorf("row %d is not point %d's %s, or holds a number that is not finite", i, p, r.Outcomes[k].ID)
		}
		row.Values = r.Points[p]
	}
	for i, ix := range r.Sensitivity {
		okO := slices.ContainsFunc(r.Outcomes, func(o Outcome) bool { return o.ID == ix.Outcome })
		okF := slices.ContainsFunc(r.Factors, func(f Factor) bool { return f.ID == ix.Factor })
		if !okO || !okF || !finite(ix.Estimate, ix.Lo, ix.Hi) || !slices.Contains([]string{FirstOrder, Total, MainEffect}, ix.Measure) {
			return nil, fmt.Errorf("sensitivity row %d names no outcome and factor of the sweep, or no measure, or holds a number that is not finite", i)
		}
	}
	return &r, nil
}

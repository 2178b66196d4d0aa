package ensemble

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/frontline-sim/frontline/internal/jsonpos"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
)

// ShardKind marks a partial result, the output of simulate --shard.
const ShardKind = "frontline-simulate-shard"

// MaxShards bounds a shard's count.
const MaxShards = 100_000

// Shard is a partial result: one shard's tally with the simulation's
// header (docs/simulate-json.md, "Shards").
type Shard struct {
	Kind  string     `json:"kind"` // ShardKind
	Meta  Meta       `json:"meta"`
	Shard ShardRange `json:"shard"`
	Tally *sim.Tally `json:"tally"`
}

// ShardRange is which part of the runs a shard made.
type ShardRange struct {
	Index int `json:"index"` // 1 to Count
	Count int `json:"count"`
	First int `json:"first_run"`
	Last  int `json:"last_run"` // exclusive
}

// Part returns the range of runs of shard k of n: runs ⌊R(k−1)/n⌋ to
// ⌊Rk/n⌋ − 1, so that the n parts are contiguous, disjoint and cover all
// R runs.
func Part(runs, k, n int) ShardRange {
	return ShardRange{Index: k, Count: n, First: int(int64(runs) * int64(k-1) / int64(n)), Last: int(int64(runs) * int64(k) / int64(n))}
}

// MaxShardBytes bounds a shard file: its tally holds every count of the
// simulation, about as many bytes as the simulation's JSON.
const MaxShardBytes = MaxBytes

// rawShard is a Shard with its tally's lists not yet decoded, so that
// their lengths are checked against the header before any is allocated.
type rawShard struct {
	Kind  string     `json:"kind"`
	Meta  Meta       `json:"meta"`
	Shard ShardRange `json:"shard"`
	Tally *struct {
		Start      sim.Date        `json:"start"`
		Days       int             `json:"days"`
		Places     int             `json:"places"`
		Factions   int             `json:"factions"`
		Runs       int             `json:"runs"`
		Control    json.RawMessage `json:"control"`
		Fall       json.RawMessage `json:"fall"`
		NoRoute    json.RawMessage `json:"no_route"`
		HighwayCut json.RawMessage `json:"highway_cut"`
	} `json:"tally"`
}

// ReadShard decodes and checks a partial result from untrusted JSON. Every
// size and count is checked against the header before the tally is used:
// the header as Read checks it, the range as Part makes it, the tally's
// dimensions and the length of each of its lists as the header's (before
// the list is decoded), and each count within 0 to the shard's runs, with
// each day's place counted once per run. name (the file's) prefixes every
// error, with the line and column of a JSON error.
func ReadShard(data []byte, name string) (*Shard, error) {
	const want = "want a partial result of 'frontline simulate --shard'"
	if len(data) > MaxShardBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB", name, MaxShardBytes>>20)
	}
	var raw rawShard
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonpos.InFile(name, jsonpos.Locate(data, err, want))
	}
	if raw.Kind != ShardKind || raw.Tally == nil {
		hint := ""
		if raw.Kind == "" && Is(data) {
			hint = " (it is a whole simulation: there is nothing to merge)"
		}
		return nil, fmt.Errorf("%s: kind %s and no tally; %s%s", name, quoteKind(raw.Kind), want, hint)
	}
	rt := raw.Tally
	sf := &Shard{Kind: raw.Kind, Meta: raw.Meta, Shard: raw.Shard,
		Tally: &sim.Tally{Start: rt.Start, Days: rt.Days, Places: rt.Places, Factions: rt.Factions, Runs: rt.Runs}}
	if err := sf.checkHeader(); err != nil {
		return nil, broken(name, err)
	}
	t := sf.Tally
	days, places, holders := int64(t.Days), int64(t.Places), int64(t.Factions+1)
	for _, l := range []struct {
		field string
		raw   json.RawMessage
		dst   *[]int64
		n     int64
		makes string
	}{
		{"tally.control", rt.Control, &t.Control, days * places * holders, fmt.Sprintf("%d days × %d places × %d holders", days, places, holders)},
		{"tally.fall", rt.Fall, &t.Fall, places * (days + 1), fmt.Sprintf("%d places × %d days and never", places, days)},
		{"tally.no_route", rt.NoRoute, &t.NoRoute, days, "one a day"},
		{"tally.highway_cut", rt.HighwayCut, &t.HighwayCut, days, "one a day"},
	} {
		if n := elements(l.raw); n != l.n {
			return nil, broken(name, fieldErr(l.field, "%d counts; %s make %d", n, l.makes, l.n))
		}
		*l.dst = make([]int64, 0, l.n)
		if err := json.Unmarshal(l.raw, l.dst); err != nil || int64(len(*l.dst)) != l.n {
			what := "something else"
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				what = "a JSON " + te.Value
			}
			return nil, jsonpos.InFile(name, fieldErr(l.field, "holds %s; want a list of %d counts, whole numbers", what, l.n))
		}
	}
	if err := sf.checkCounts(); err != nil {
		return nil, broken(name, err)
	}
	return sf, nil
}

// broken names the file of a shard the checks refuse and, unless the
// message says what is wanted already, how to mend it: the counts of a
// shard hold together only as simulate wrote them.
func broken(name string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) && !strings.Contains(fe.Msg, "want") {
		fe.Msg += "; write the shard again with frontline simulate --shard K/N"
	}
	return jsonpos.InFile(name, err)
}

// elements is the number of elements of a JSON list of numbers, counted
// by its commas: exact for such a list, and for anything else the decoder
// refuses it after.
func elements(raw json.RawMessage) int64 {
	inner := bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimPrefix(bytes.TrimSpace(raw), []byte("[")), []byte("]")))
	if len(inner) == 0 || string(inner) == "null" {
		return 0
	}
	return int64(bytes.Count(inner, []byte(","))) + 1
}

func quoteKind(k string) string {
	if k == "" {
		return "missing"
	}
	return safetext.Quote(k)
}

// checkHeader checks the header, the range and the tally's dimensions.
func (sf *Shard) checkHeader() error {
	m, t, r := &sf.Meta, sf.Tally, sf.Shard
	days, err := m.check()
	if err != nil {
		return prefix("meta.", err)
	}
	if len(m.Places) == 0 {
		return fieldErr("meta.places", "no places")
	}
	ids := map[string]bool{}
	for k := range m.Places {
		if err := m.checkPlace(k, &m.Places[k], ids); err != nil {
			return prefix("meta.", err)
		}
	}
	if r.Count < 1 || r.Count > MaxShards {
		return fieldErr("shard.count", "%d: want 1 to %d", r.Count, MaxShards)
	}
	if r.Index < 1 || r.Index > r.Count {
		return fieldErr("shard.index", "%d: want 1 to the count, %d", r.Index, r.Count)
	}
	if want := Part(m.Runs, r.Index, r.Count); r != want {
		return fieldErr("shard", "runs %d to %d; shard %d/%d of %d runs makes runs %d to %d", r.First, r.Last, r.Index, r.Count, m.Runs, want.First, want.Last)
	}
	places, nf := len(m.Places), len(m.Factions)
	switch {
	case t.Start != m.Start || t.Days != days || t.Places != places || t.Factions != nf:
		return fieldErr("tally", "start %s, %d days, %d places, %d factions; the header has %s, %d, %d, %d",
			t.Start, t.Days, t.Places, t.Factions, m.Start, days, places, nf)
	case t.Runs != r.Last-r.First:
		return fieldErr("tally.runs", "%d; the shard makes %d", t.Runs, r.Last-r.First)
	}
	return nil
}

// checkCounts checks each count of the tally against the shard's runs.
func (sf *Shard) checkCounts() error {
	t := sf.Tally
	runs := int64(t.Runs)
	for _, c := range []struct {
		name  string
		v     []int64
		group int // counts that partition the runs, or 1 for counts of runs
	}{{"tally.control", t.Control, t.Factions + 1}, {"tally.fall", t.Fall, t.Days + 1}, {"tally.no_route", t.NoRoute, 1}, {"tally.highway_cut", t.HighwayCut, 1}} {
		if err := counts(c.name, c.v, c.group, runs); err != nil {
			return err
		}
	}
	return nil
}

// counts checks that each count lies in 0..runs and, for groups of more
// than one, that each group of size counts sums to runs: a group
// partitions the runs (the holders of one place on one day, the fall days
// of one place).
func counts(field string, v []int64, size int, runs int64) error {
	for g := 0; g < len(v); g += size {
		var sum int64
		for k, c := range v[g : g+size] {
			if c < 0 || c > runs {
				return fieldErr(fmt.Sprintf("%s[%d]", field, g+k), "%d: want a count from 0 to the shard's %d runs", c, runs)
			}
			sum += c
		}
		if size > 1 && sum != runs {
			return fieldErr(fmt.Sprintf("%s[%d:%d]", field, g, g+size), "the counts sum to %d; each run is counted once, so they sum to the shard's %d runs", sum, runs)
		}
	}
	return nil
}

func prefix(p string, err error) error {
	if fe, ok := err.(*FieldError); ok {
		return &FieldError{Field: p + fe.Field, Msg: fe.Msg}
	}
	return err
}

// Merge combines the shards of one simulation, each of 1..N once, into
// the header and tally of the whole: exactly those of one run. names (the
// files', in the order of shards) name them in errors.
func Merge(shards []*Shard, names []string) (*Meta, *sim.Tally, error) {
	if len(shards) == 0 {
		return nil, nil, fmt.Errorf("no shards to merge")
	}
	first := shards[0]
	head, err := json.Marshal(first.Meta)
	if err != nil {
		return nil, nil, err
	}
	// More shards than the count is a shard twice or one of another
	// simulation, which the loop names.
	n := first.Shard.Count
	seen := make([]bool, n)
	var total *sim.Tally
	for k, sf := range shards {
		if k > 0 {
			h, err := json.Marshal(sf.Meta)
			if err != nil {
				return nil, nil, err
			}
			if string(h) != string(head) || sf.Shard.Count != n {
				return nil, nil, fmt.Errorf("%s comes from a different simulation than %s (scenario, seed, runs, dates or shard count differ)", names[k], names[0])
			}
		}
		i := sf.Shard.Index
		if i < 1 || i > n { // ReadShard refuses it: a shard made in code
			return nil, nil, fmt.Errorf("%s: shard %d/%d is not one of 1 to %d", names[k], i, n, n)
		}
		if seen[i-1] {
			return nil, nil, fmt.Errorf("%s: shard %d/%d appears twice; give each shard once", names[k], i, n)
		}
		seen[i-1] = true
		if total == nil {
			c := *sf.Tally
			c.Control, c.Fall = append([]int64(nil), c.Control...), append([]int64(nil), c.Fall...)
			c.NoRoute, c.HighwayCut = append([]int64(nil), c.NoRoute...), append([]int64(nil), c.HighwayCut...)
			total = &c
		} else if err := total.Add(sf.Tally); err != nil {
			return nil, nil, fmt.Errorf("%s: %v", names[k], err)
		}
	}
	var missing []string
	for k, ok := range seen {
		if !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", k+1, n))
		}
		if len(missing) == 10 {
			missing = append(missing, "…")
			break
		}
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("shards missing: %s", strings.Join(missing, ", "))
	}
	meta := first.Meta
	return &meta, total, nil
}

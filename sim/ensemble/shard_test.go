package ensemble_test

import (
	"encoding/json"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
)

// shards makes a 10-run simulation to 2024-11-30 in n shards, as
// simulate --shard k/n writes them, and the tally of all its runs at once.
func shards(t testing.TB, n int) ([][]byte, *sim.Tally) {
	t.Helper()
	return shardsUntil(t, n, "2024-11-30")
}

// shardsUntil is shards to the day until.
func shardsUntil(t testing.TB, n int, until string) ([][]byte, *sim.Tally) {
	t.Helper()
	r, err := ensemble.New(replay(t), ensemble.Options{Runs: 10, Seed: 1, Until: sim.MustDate(until)})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for k := 1; k <= n; k++ {
		sh := ensemble.Part(10, k, n)
		data, err := json.Marshal(ensemble.Shard{Kind: ensemble.ShardKind, Meta: r.Meta, Shard: sh, Tally: r.Tally(sh.First, sh.Last, 1, nil)})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, data)
	}
	return out, r.Tally(0, 10, 1, nil)
}

// editShard returns data changed by f, which edits its decoded form;
// numbers stay exact (json.Number).
func editShard(t testing.TB, data []byte, f func(m map[string]any)) []byte {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(string(data)))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	f(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func obj(m map[string]any, key string) map[string]any { return m[key].(map[string]any) }
func list(m map[string]any, key string) []any         { return obj(m, "tally")[key].([]any) }

// TestReadShardRefuses: the impossible shards of issue 19 (item 4) are
// refused with the field named, after the file's name; none panics.
func TestReadShardRefuses(t *testing.T) {
	parts, _ := shards(t, 2)
	if _, err := ensemble.ReadShard(parts[0], "s1.json"); err != nil {
		t.Fatalf("a valid shard is refused: %v", err)
	}
	edit := func(f func(m map[string]any)) []byte { return editShard(t, parts[0], f) }
	for _, tt := range []struct {
		name string
		in   []byte
		want string
	}{
		{"not JSON", []byte("{\n \"kind\": "), "s.json:2:10: not JSON"},
		{"a whole simulation", []byte(validResult), "kind missing and no tally; want a partial result of 'frontline simulate --shard' (it is a whole simulation"},
		{"another kind", edit(func(m map[string]any) { m["kind"] = "x\x1b[2J" }), `kind "x\x1b[2J"`},
		{"a string for a count", edit(func(m map[string]any) { list(m, "control")[0] = "1" }), "tally.control: holds a JSON string; want a list of 3000 counts, whole numbers"},
		{"control cut to 10 entries", edit(func(m map[string]any) { obj(m, "tally")["control"] = list(m, "control")[:10] }), "tally.control: 10 counts; 5 days × 100 places × 6 holders make 3000"},
		{"shard count -1", edit(func(m map[string]any) { obj(m, "shard")["count"] = -1 }), "shard.count: -1: want 1 to 100000"},
		{"shard count 1e12", edit(func(m map[string]any) { obj(m, "shard")["count"] = json.Number("1000000000000") }), "shard.count: 1000000000000"},
		{"shard count written 1e12", edit(func(m map[string]any) { obj(m, "shard")["count"] = json.Number("1e12") }), "shard.count is a JSON number 1e12, where the contract has a whole number"},
		{"index 0", edit(func(m map[string]any) { obj(m, "shard")["index"] = 0 }), "shard.index: 0"},
		{"index past the count", edit(func(m map[string]any) { obj(m, "shard")["index"] = 3 }), "shard.index: 3"},
		{"shard 1/2 relabelled 2/2", edit(func(m map[string]any) { obj(m, "shard")["index"] = 2 }), "shard: runs 0 to 5; shard 2/2 of 10 runs makes runs 5 to 10"},
		{"tally days 0", edit(func(m map[string]any) { obj(m, "tally")["days"] = 0 }), "tally: start 2024-11-26, 0 days"},
		{"tally days 1000", edit(func(m map[string]any) { obj(m, "tally")["days"] = 1000 }), "tally: start 2024-11-26, 1000 days"},
		{"header of 1000 days", edit(func(m map[string]any) { obj(m, "meta")["until"] = "2027-08-22" }), "tally: start 2024-11-26, 5 days, 100 places, 5 factions; the header has 2024-11-26, 1000"},
		{"ten-thousand-year header", edit(func(m map[string]any) { obj(m, "meta")["until"] = "9999-12-31" }), "meta.until:"},
		{"empty fall", edit(func(m map[string]any) { obj(m, "tally")["fall"] = []any{} }), "tally.fall: 0 counts"},
		{"no watch counts", edit(func(m map[string]any) { obj(m, "tally")["no_route"] = []any{} }), "tally.no_route: 0 counts; one a day make 5"},
		{"a count above the runs", edit(func(m map[string]any) { list(m, "control")[1] = 6 }), "tally.control[1]: 6: want a count from 0 to the shard's 5 runs"},
		{"an int64-max count", edit(func(m map[string]any) { list(m, "fall")[0] = json.Number("9223372036854775807") }), "tally.fall[0]: 9223372036854775807"},
		{"a negative count", edit(func(m map[string]any) { list(m, "highway_cut")[2] = -1 }), "tally.highway_cut[2]: -1"},
		{"holders counted twice", edit(func(m map[string]any) {
			c := list(m, "control")
			for k := range 6 {
				c[k] = 5
			}
		}), "tally.control[0:6]: the counts sum to 30"},
		{"no run falls or stands", edit(func(m map[string]any) {
			f := list(m, "fall")
			for k := range 6 {
				f[k] = 0
			}
		}), "tally.fall[0:6]: the counts sum to 0"},
		{"tally runs", edit(func(m map[string]any) { obj(m, "tally")["runs"] = 7 }), "tally.runs: 7; the shard makes 5"},
		{"zero runs", edit(func(m map[string]any) { obj(m, "meta")["runs"] = 0 }), "meta.runs: 0"},
		{"negative runs", edit(func(m map[string]any) { obj(m, "meta")["runs"] = -10 }), "meta.runs: -10"},
		{"no places", edit(func(m map[string]any) { obj(m, "meta")["places"] = []any{} }), "meta.places: no places"},
		{"a place twice", edit(func(m map[string]any) {
			ps := obj(m, "meta")["places"].([]any)
			ps[1] = ps[0]
		}), "meta.places[1].id:"},
	} {
		_, err := ensemble.ReadShard(tt.in, "s.json")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "s.json:") {
			t.Errorf("%s: %v, want %q after the file's name", tt.name, err, tt.want)
		} else if !strings.Contains(err.Error(), "want") && !strings.Contains(err.Error(), "write the shard again") {
			t.Errorf("%s: %v says what is wrong, not what to do", tt.name, err)
		}
	}
}

// TestMerge: three shards merge, in any order, to the tally of all runs
// at once; a shard missing, twice, of another simulation or split, is
// refused by name.
func TestMerge(t *testing.T) {
	parts, whole := shards(t, 3)
	read := func(data ...[]byte) []*ensemble.Shard {
		var out []*ensemble.Shard
		for _, d := range data {
			s, err := ensemble.ReadShard(d, "s.json")
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	names := []string{"a.json", "b.json", "c.json", "d.json"}
	meta, total, err := ensemble.Merge(read(parts[2], parts[0], parts[1]), names[:3])
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(total, whole) || meta.Runs != 10 {
		t.Errorf("the merge of three shards is not the tally of ten runs at once")
	}
	// The shards read are not changed by the merge.
	first := read(parts[0])[0]
	if _, _, err := ensemble.Merge([]*ensemble.Shard{first, read(parts[1])[0], read(parts[2])[0]}, names[:3]); err != nil {
		t.Fatal(err)
	}
	if again := read(parts[0])[0]; !reflect.DeepEqual(first, again) {
		t.Error("Merge changed its first shard")
	}
	other := editShard(t, parts[1], func(m map[string]any) { obj(m, "meta")["seed"] = 2 })
	halves, _ := shards(t, 2)
	for _, tt := range []struct {
		name string
		in   [][]byte
		want string
	}{
		{"none", nil, "no shards to merge"},
		{"one missing", [][]byte{parts[0], parts[2]}, "shards missing: 2/3"},
		{"one twice", [][]byte{parts[0], parts[1], parts[1]}, "c.json: shard 2/3 appears twice"},
		{"too many", [][]byte{parts[0], parts[1], parts[2], parts[2]}, "d.json: shard 3/3 appears twice"},
		{"another seed", [][]byte{parts[0], other, parts[2]}, "b.json comes from a different simulation than a.json"},
		{"another split", [][]byte{parts[0], halves[1]}, "b.json comes from a different simulation than a.json"},
	} {
		_, _, err := ensemble.Merge(read(tt.in...), names[:len(tt.in)])
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// FuzzReadShard: a shard file is untrusted; ReadShard never panics, and a
// shard it accepts merges alone (as 1/1) or is refused by Merge, without
// a panic, into counts within its runs.
func FuzzReadShard(f *testing.F) {
	// A real shard of one day: larger seeds slow the fuzzer down to a
	// few runs a minute.
	parts, _ := shardsUntil(f, 2, "2024-11-26")
	f.Add(parts[0])
	f.Add(parts[1])
	f.Add([]byte(`{"kind": "frontline-simulate-shard", "meta": {}, "shard": {"index": 1, "count": 1}, "tally": {}}`))
	f.Add([]byte(`{"kind": "frontline-simulate-shard", "meta": {"version": 1, "runs": 1, "mode": "free", "start": "2024-11-26", "last_documented": "2024-11-26", "until": "2024-11-26", "factions": ["a"], "places": [{"id": "p"}]},
 "shard": {"index": 1, "count": 1, "first_run": 0, "last_run": 1},
 "tally": {"start": "2024-11-26", "days": 1, "places": 1, "factions": 1, "runs": 1, "control": [0, 1], "fall": [0, 1], "no_route": [0], "highway_cut": [0]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ensemble.ReadShard(data, "f.json")
		if err != nil {
			return
		}
		runs := int64(s.Tally.Runs)
		for _, v := range [][]int64{s.Tally.Control, s.Tally.Fall, s.Tally.NoRoute, s.Tally.HighwayCut} {
			for _, c := range v {
				if c < 0 || c > runs {
					t.Fatalf("accepted a count %d of %d runs", c, runs)
				}
			}
		}
		meta, total, err := ensemble.Merge([]*ensemble.Shard{s}, []string{"f.json"})
		if err == nil && (total.Runs != meta.Runs || s.Shard.Count != 1) {
			t.Fatalf("merged %d runs of %d from shard %d/%d", total.Runs, meta.Runs, s.Shard.Index, s.Shard.Count)
		}
		if err == nil {
			ensemble.Build(meta, total)
		}
	})
}

// TestReadShardBounded: a shard file of 10 MB, its tally as many counts
// as fit, costs ReadShard at most 200 MB of allocations (all of them, so
// the peak is lower), and is refused by its header.
func TestReadShardBounded(t *testing.T) {
	parts, _ := shardsUntil(t, 2, "2024-11-26")
	head, _, ok := strings.Cut(string(parts[0]), `"control":[`)
	if !ok {
		t.Fatal("no control in the shard")
	}
	var b strings.Builder
	b.WriteString(head + `"control":[0`)
	for b.Len() < 10<<20-2 {
		b.WriteString(",0")
	}
	b.WriteString("]}}")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ensemble.ReadShard([]byte(b.String()), "big.json")
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	if alloc > 200<<20 {
		t.Errorf("ReadShard of %d bytes allocated %d MB, over 200 MB", b.Len(), alloc>>20)
	}
	t.Logf("ReadShard of %d bytes: %d MB allocated", b.Len(), alloc>>20)
	if err == nil || !strings.Contains(err.Error(), "counts; 1 days × 100 places × 6 holders make 600") {
		t.Errorf("err %v, want the control list refused by its length", err)
	}
}

package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// --params: posterior by default, fixed on request, named in the JSON;
// the two differ, and shards of the two do not merge.
func TestSimulateParams(t *testing.T) {
	args := []string{"simulate", "--runs", "200", "--seed", "3", "--format", "json"}
	outs := map[string]string{}
	for _, p := range []string{"", "posterior", "fixed"} {
		a := args
		if p != "" {
			a = append(a, "--params", p)
		}
		code, out, errs := runCmd(t, a...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", a, code, errs)
		}
		var j struct {
			ParamDraws string `json:"param_draws"`
		}
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			t.Fatal(err)
		}
		want := p
		if want == "" {
			want = "posterior"
		}
		if j.ParamDraws != want {
			t.Errorf("--params %q: param_draws %q, want %q", p, j.ParamDraws, want)
		}
		outs[p] = out
	}
	if outs[""] != outs["posterior"] {
		t.Error("the default differs from --params posterior")
	}
	if outs["fixed"] == outs["posterior"] {
		t.Error("--params fixed gives the bytes of posterior")
	}
	if code, _, errs := runCmd(t, "simulate", "--params", "bayes"); code != 2 || !strings.Contains(errs, "use posterior or fixed") {
		t.Errorf("--params bayes: exit %d, %q", code, errs)
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	runCmd(t, append(args, "--shard", "1/2", "--out", a)...)
	runCmd(t, append(args, "--shard", "2/2", "--params", "fixed", "--out", b)...)
	if code, _, errs := runCmd(t, "merge", a, b); code != 1 || !strings.Contains(errs, "different simulation") {
		t.Errorf("merge of a posterior and a fixed shard: exit %d, %q", code, errs)
	}
}

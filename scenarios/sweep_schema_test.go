package scenarios

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/ensemble"
	"github.com/frontline-sim/frontline/sim/sweep"
)

// goodSweeps are the sweep files that load: the shipped ones and the good
// testdata ones.
func goodSweeps(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"sweeps/*.yaml", "testdata/sweeps/*.yaml"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if len(files) < 3 {
		t.Fatalf("found %d good sweep files, want the shipped two and testdata's", len(files))
	}
	return files
}

// The sweep schema's fields are exactly SweepFile's, all the way down: a
// field added to the parser and not to the schema fails here.
func TestSweepSchemaMatchesTypes(t *testing.T) {
	root := loadSchemaOf(t, "sweep-schema.json", SweepSchema)
	if root["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", root["$schema"])
	}
	checkType(t, root, root, reflect.TypeOf(SweepFile{}), "sweep")
}

func number(t *testing.T, root jsonObj, key string, path ...string) float64 {
	t.Helper()
	s := root
	for _, p := range path {
		s = deref(t, root, s)
		s, _ = s[p].(jsonObj)
		if s == nil {
			t.Fatalf("no %s in the sweep schema", strings.Join(path, "."))
		}
	}
	v, ok := deref(t, root, s)[key].(float64)
	if !ok {
		t.Fatalf("%s has no %s", strings.Join(path, "."), key)
	}
	return v
}

// The schema's enums, patterns and bounds are the parser's.
func TestSweepSchemaEnums(t *testing.T) {
	root := loadSchemaOf(t, "sweep-schema.json", SweepSchema)
	factor := []string{"$defs", "factor", "properties"}
	for _, c := range []struct {
		path []string
		want []string
	}{
		{[]string{"$defs", "design", "properties", "method"}, sweep.Methods},
		{append(factor, "distribution"), sweep.Distributions},
		{append(factor, "field"), []string{sweep.FieldFactor, sweep.FieldFrom}},
		{[]string{"$defs", "outcome", "properties", "kind"}, sweep.OutcomeKinds},
	} {
		if got := enumOf(t, root, c.path...); !slices.Equal(got, c.want) {
			t.Errorf("%s: enum %v, want %v", strings.Join(c.path, "."), got, c.want)
		}
	}
	factorProps := root["$defs"].(jsonObj)["factor"].(jsonObj)["properties"].(jsonObj)
	var cols []string
	for _, c := range factorProps["id"].(jsonObj)["not"].(jsonObj)["enum"].([]any) {
		cols = append(cols, c.(string))
	}
	if !slices.Equal(cols, sweep.Columns) {
		t.Errorf("factor ids refused %v, want sweep.Columns %v", cols, sweep.Columns)
	}
	var scalar, perFaction []string
	for _, pf := range sim.ParamFields() {
		if pf.Map {
			perFaction = append(perFaction, pf.Name)
		} else {
			scalar = append(scalar, pf.Name)
		}
	}
	want := "^(" + strings.Join(scalar, "|") + ")$|^(" + strings.Join(perFaction, "|") + `)\.` + strings.Trim(sim.IDPattern.String(), "^$") + "$"
	if got := factorProps["parameter"].(jsonObj)["pattern"]; got != want {
		t.Errorf("parameter pattern %v,\nwant %s (sim.ParamFields)", got, want)
	}
	defs := root["$defs"].(jsonObj)
	for name, re := range map[string]string{"id": sim.IDPattern.String(), "date": datePattern.String()} {
		if got := defs[name].(jsonObj)["pattern"]; got != re {
			t.Errorf("$defs.%s pattern %v, want %s as in build.go", name, got, re)
		}
	}
	design := []string{"$defs", "design", "properties"}
	for _, c := range []struct {
		key  string
		path []string
		want int
	}{
		{"maxItems", []string{"properties", "factors"}, MaxFactors},
		{"maxItems", []string{"properties", "outcomes"}, MaxOutcomes},
		{"maxItems", append(factor, "values"), MaxValues1},
		{"maximum", append(design, "runs"), ensemble.MaxRuns},
		{"maximum", append(design, "points"), sweep.MaxPoints},
		{"minimum", append(design, "points"), minSobolPoints},
		{"maximum", append(design, "levels"), MaxLevels},
		{"maximum", append(design, "bootstrap"), MaxBootstrap},
	} {
		if got := number(t, root, c.key, c.path...); got != float64(c.want) {
			t.Errorf("%s %s = %v, want %d", strings.Join(c.path, "."), c.key, got, c.want)
		}
	}
}

// Every sweep that loads is valid against the schema, as is one sweeping
// an intervention's factor and date.
func TestSweepSchemaAcceptsGoodFiles(t *testing.T) {
	sch := compileSchemaOf(t, "sweep-schema.json", SweepSchema)
	a := geo.MustDefault()
	for _, f := range goodSweeps(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateYAML(t, sch, data); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if _, err := (Loader{}).LoadSweep(f, a); err != nil {
			t.Errorf("%s does not load: %v", f, err)
		}
	}
	interventions := `id: t
scenario: saraqib-holds.yaml
factors:
  - {id: garrison, intervention: saraqib-junction-fortified, field: factor, min: 1, max: 8, distribution: log_uniform}
  - {id: fortified-from, intervention: saraqib-junction-fortified, field: from, values: [2024-11-26, 2024-11-30]}
design: {method: grid, levels: 3, runs: 10}
outcomes:
  - {id: saraqib-held, kind: held, place: saraqib, faction: regime, on: 2024-12-01}
`
	if err := validateYAML(t, sch, []byte(interventions)); err != nil {
		t.Errorf("a sweep of an intervention: %v", err)
	}
}

// The schema rejects the shape errors among the bad sweeps: those an
// editor can catch without the scenario.
func TestSweepSchemaRejectsBadShapes(t *testing.T) {
	sch := compileSchemaOf(t, "sweep-schema.json", SweepSchema)
	for _, name := range []string{
		"unknown-field", "unknown-method", "unknown-distribution", "zero-runs", "bad-quantile",
		"sobol-without-points", "bad-until", "no-scenario", "factor-named-like-a-column",
	} {
		data, err := os.ReadFile(filepath.Join("testdata", "bad-sweeps", name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := validateYAML(t, sch, data); err == nil {
			t.Errorf("%s.yaml: valid against the sweep schema; want an error", name)
		}
	}
}

package scenarios

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/frontline-sim/frontline/sim"
)

type jsonObj = map[string]any

func loadSchema(t *testing.T) jsonObj {
	t.Helper()
	return loadSchemaOf(t, "schema.json", Schema)
}

func loadSchemaOf(t *testing.T, name string, schema []byte) jsonObj {
	t.Helper()
	var s jsonObj
	if err := json.Unmarshal(schema, &s); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// deref follows a "$ref": "#/$defs/NAME" in s.
func deref(t *testing.T, root, s jsonObj) jsonObj {
	t.Helper()
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		if !ok {
			t.Fatalf("unsupported $ref %q", ref)
		}
		def, ok := root["$defs"].(jsonObj)[name].(jsonObj)
		if !ok {
			t.Fatalf("$ref %q: no such definition", ref)
		}
		s = def
	}
}

func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	sort.Strings(keys)
	return keys
}

// checkType asserts that schema s describes Go type typ: a struct's yaml
// keys are exactly s's properties, with additionalProperties false, and
// so on down.
func checkType(t *testing.T, root, s jsonObj, typ reflect.Type, path string) {
	t.Helper()
	s = deref(t, root, s)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if desc, _ := s["description"].(string); desc == "" && typ != strType {
		t.Errorf("%s: no description", path)
	}
	switch {
	case typ == strType:
		if s["type"] != "string" && s["type"] != "number" && s["type"] != "integer" && s["enum"] == nil && s["anyOf"] == nil {
			t.Errorf("%s: type %v, want string, number, integer, an enum or anyOf", path, s["type"])
		}
	case typ == targetType:
		one, _ := s["oneOf"].([]any)
		if len(one) != 2 {
			t.Fatalf("%s: want oneOf a place and a road stretch", path)
		}
		checkType(t, root, one[0].(jsonObj), strType, path+"(place)")
		checkType(t, root, one[1].(jsonObj), reflect.TypeOf(RoadSpec{}), path+"(road)")
	case typ.Kind() == reflect.Slice:
		if s["type"] != "array" {
			t.Errorf("%s: type %v, want array", path, s["type"])
		}
		items, ok := s["items"].(jsonObj)
		if !ok {
			t.Fatalf("%s: no items", path)
		}
		checkType(t, root, items, typ.Elem(), path+"[]")
	case typ.Kind() == reflect.Map:
		if s["type"] != "object" {
			t.Errorf("%s: type %v, want object", path, s["type"])
		}
		add, ok := s["additionalProperties"].(jsonObj)
		if !ok {
			t.Fatalf("%s: additionalProperties must be a schema", path)
		}
		checkType(t, root, add, typ.Elem(), path+".*")
	case typ.Kind() == reflect.Struct:
		if s["type"] != "object" {
			t.Errorf("%s: type %v, want object", path, s["type"])
		}
		if s["additionalProperties"] != false {
			t.Errorf("%s: additionalProperties must be false", path)
		}
		props, _ := s["properties"].(jsonObj)
		var keys []string
		for k := range props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if want := yamlKeys(typ); !slices.Equal(keys, want) {
			t.Errorf("%s: schema properties %v, Go %s has %v", path, keys, typ.Name(), want)
		}
		for i := 0; i < typ.NumField(); i++ {
			tag := strings.Split(typ.Field(i).Tag.Get("yaml"), ",")[0]
			if p, ok := props[tag].(jsonObj); ok && tag != "-" {
				checkType(t, root, p, typ.Field(i).Type, path+"."+tag)
			}
		}
	default:
		t.Errorf("%s: unexpected Go type %s", path, typ)
	}
}

func TestSchemaMatchesTypes(t *testing.T) {
	root := loadSchema(t)
	if root["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", root["$schema"])
	}
	checkType(t, root, root, reflect.TypeOf(File{}), "scenario")
}

func enumOf(t *testing.T, root jsonObj, path ...string) []string {
	t.Helper()
	s := root
	for _, p := range path {
		s = deref(t, root, s)
		next, ok := s[p].(jsonObj)
		if !ok {
			t.Fatalf("no %s in schema", strings.Join(path, "."))
		}
		s = next
	}
	s = deref(t, root, s)
	var out []string
	for _, v := range s["enum"].([]any) {
		out = append(out, v.(string))
	}
	return out
}

func TestSchemaEnums(t *testing.T) {
	root := loadSchema(t)
	event := []string{"$defs", "event", "properties"}
	var kinds []string
	for _, k := range sim.Kinds {
		kinds = append(kinds, string(k))
	}
	if got := enumOf(t, root, append(event, "kind")...); !slices.Equal(got, kinds) {
		t.Errorf("kind enum %v, want sim.Kinds %v", got, kinds)
	}
	if got := enumOf(t, root, append(event, "certainty")...); !slices.Equal(got, certainties) {
		t.Errorf("certainty enum %v, want %v", got, certainties)
	}
	if got := enumOf(t, root, "$defs", "faction", "properties", "pattern"); !slices.Equal(got, Patterns) {
		t.Errorf("pattern enum %v, want Patterns %v", got, Patterns)
	}
	defs := root["$defs"].(jsonObj)
	for name, re := range map[string]string{"id": sim.IDPattern.String(), "date": datePattern.String()} {
		if got := defs[name].(jsonObj)["pattern"]; got != re {
			t.Errorf("$defs.%s pattern %v, want %s as in build.go", name, got, re)
		}
	}
	colour := defs["faction"].(jsonObj)["properties"].(jsonObj)["colour"].(jsonObj)["pattern"]
	if colour != colourPattern.String() {
		t.Errorf("colour pattern %v, want %s as in build.go", colour, colourPattern.String())
	}
}

// toJSON turns a YAML node into the value a JSON Schema validator sees:
// every scalar is a string, as Parse reads it (Str), and null is nil.
func toJSON(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		return toJSON(n.Content[0])
	case yaml.AliasNode:
		return toJSON(n.Alias)
	case yaml.SequenceNode:
		out := []any{}
		for _, c := range n.Content {
			out = append(out, toJSON(c))
		}
		return out
	case yaml.MappingNode:
		out := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			out[n.Content[i].Value] = toJSON(n.Content[i+1])
		}
		return out
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!int", "!!float":
		// As a YAML-aware editor reads them: zoom: 3 is a number.
		return json.Number(n.Value)
	}
	if n.Tag == "!!int" || n.Tag == "!!float" {
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	}
	return n.Value
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return compileSchemaOf(t, "schema.json", Schema)
}

func compileSchemaOf(t *testing.T, name string, schema []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(schema)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s does not compile: %v", name, err)
	}
	return sch
}

func validateYAML(t *testing.T, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	return sch.Validate(toJSON(&n))
}

// The built-in scenario and every good testdata file are valid against
// the schema.
func TestSchemaAcceptsGoodFiles(t *testing.T) {
	sch := compileSchema(t)
	src, _ := BuiltinSource(DefaultID)
	if err := validateYAML(t, sch, src); err != nil {
		t.Errorf("builtin %s: %v", DefaultID, err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateYAML(t, sch, data); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// The schema rejects the shape errors among the bad files: the ones an
// editor can catch without the atlas.
func TestSchemaRejectsBadShapes(t *testing.T) {
	sch := compileSchema(t)
	for _, name := range []string{
		"unknown-field", "mapping-for-list", "list-for-value", "bad-colour", "colour-as-comment",
		"unknown-pattern", "unknown-kind", "malformed-date", "confirmed-without-source",
		"missing-quote", "missing-required", "not-a-mapping", "many-problems",
	} {
		data, err := os.ReadFile(filepath.Join("testdata", "bad", name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := validateYAML(t, sch, data); err == nil {
			t.Errorf("%s.yaml: valid against the schema; want an error", name)
		}
	}
}

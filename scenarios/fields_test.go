package scenarios

import (
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// An unknown key under a mapping whose struct has no fields yet (as
// parameters: had before the model) gets a hint, not "the fields are ".
func TestHintWithNoFields(t *testing.T) {
	type noFields struct{}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("x: 1\n"), &n); err != nil {
		t.Fatal(err)
	}
	var ps problemSet
	fc := &fieldChecker{file: "f.yaml", ps: &ps}
	fc.check(n.Content[0], reflect.TypeOf(noFields{}), "scenario.parameters")
	if len(ps.list) != 1 || !strings.HasSuffix(ps.list[0].Msg, "; no parameters are defined yet") {
		t.Errorf("problems %v", ps.list)
	}
}

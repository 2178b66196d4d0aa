package scenarios_test

import (
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
	"go.yaml.in/yaml/v3"
)

// FuzzStory adds a story of one step to the built-in scenario, keeping the
// structure, so that the fuzzer spends its time in the story's checks: a
// story never panics, and an accepted step is within the scenario and its
// limits.
func FuzzStory(f *testing.F) {
	f.Add("2024-11-30", "aleppo", "", "3", "territory,roads", "saraqib", "Aleppo falls.", "")
	f.Add("2024-12-04", "", "39.3,34.75,41.1,35.9", "", "", "al-husseiniya", "East of the Euphrates.", "offensive-2024")
	f.Add("2024-11-26", "Halab", "", "0.1", "labels", "", "x", "whatif.yaml")
	f.Add("2024-13-01", "Alepo", "1,2", "NaN", "rivers", "nowhere", "", "alepo-holds")
	a := geo.MustDefault()
	f.Fuzz(func(t *testing.T, day, focus, box, zoom, layers, highlight, caption, compare string) {
		step := map[string]any{"day": day, "caption": caption}
		for k, v := range map[string]string{"focus": focus, "zoom": zoom, "compare": compare} {
			if v != "" {
				step[k] = v
			}
		}
		for k, v := range map[string]string{"box": box, "layers": layers, "highlight": highlight} {
			if v != "" {
				step[k] = strings.Split(v, ",")
			}
		}
		doc := map[string]any{"extends": scenarios.DefaultID, "id": "fuzz", "story": map[string]any{"steps": []any{step}}}
		data, err := yaml.Marshal(doc)
		if err != nil {
			t.Skip()
		}
		s, err := scenarios.LoadBytes("fuzz.yaml", data, nil, a)
		if err != nil {
			if _, ok := err.(scenarios.Problems); !ok {
				t.Fatalf("error is a %T, want Problems: %v", err, err)
			}
			return
		}
		if s.Story == nil || len(s.Story.Steps) != 1 {
			t.Fatalf("accepted story has %v", s.Story)
		}
		st := s.Story.Steps[0]
		if st.Day < s.Start || st.Day > s.End {
			t.Errorf("accepted step day %s outside %s to %s", st.Day, s.Start, s.End)
		}
		if st.Zoom != 0 && (st.Zoom < 0.1 || st.Zoom > 500) {
			t.Errorf("accepted zoom %g", st.Zoom)
		}
		if st.HasBox && (st.Box.Min[0] >= st.Box.Max[0] || st.Box.Min[1] >= st.Box.Max[1]) {
			t.Errorf("accepted box %v", st.Box)
		}
		if st.Caption == "" {
			t.Error("accepted a step without a caption")
		}
	})
}

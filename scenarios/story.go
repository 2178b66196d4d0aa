package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
	"go.yaml.in/yaml/v3"
)

// StorySpec is a story: as written: a briefing storyboard of ordered steps.
type StorySpec struct {
	Title Str        `yaml:"title"`
	Steps []StepSpec `yaml:"steps"`

	line, col int
}

// StepSpec is one step of a story as written.
type StepSpec struct {
	Title     Str   `yaml:"title"`
	Day       Str   `yaml:"day"`
	Focus     Str   `yaml:"focus"` // a place
	Box       []Str `yaml:"box"`   // or a box: [west, south, east, north]
	Zoom      Str   `yaml:"zoom"`
	Layers    []Str `yaml:"layers"`
	Highlight []Str `yaml:"highlight"`
	Caption   Str   `yaml:"caption"`
	Compare   Str   `yaml:"compare"`

	line, col int
}

// Limits that keep a story a story: a room reads a caption in seconds.
const (
	maxSteps        = 50
	maxCaptionLines = 6
	maxCaptionChars = 480
	maxStepTitle    = 60
	maxHighlights   = 12
)

// positions records where the story and each step start, for problems
// about missing fields. n is the story: node, or nil.
func (st *StorySpec) positions(n *yaml.Node) {
	if st == nil || n == nil {
		return
	}
	st.line, st.col = n.Line, n.Column
	if steps := field(n, "steps"); steps != nil && steps.Kind == yaml.SequenceNode {
		for i, sn := range steps.Content {
			if i < len(st.Steps) {
				st.Steps[i].line, st.Steps[i].col = sn.Line, sn.Column
			}
		}
	}
}

// story checks a story and puts it on the scenario.
func (c *checker) story(s *sim.Scenario, st *StorySpec, span bool) {
	if st == nil {
		return
	}
	at := func(line, col int, format string, args ...any) {
		c.ps = append(c.ps, Problem{File: c.storyFile(st), Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
	}
	out := &sim.Story{Title: st.Title.V}
	switch {
	case len(st.Steps) == 0:
		at(st.line, st.col, "story has no steps; add steps:, each with a day: and a caption:")
		return
	case len(st.Steps) > maxSteps:
		at(st.line, st.col, "story has %d steps, over the %d a briefing can hold; split it into two scenario files", len(st.Steps), maxSteps)
		return
	}
	var prev sim.Date
	for i := range st.Steps {
		sp := &st.Steps[i]
		step := sim.StoryStep{Title: sp.Title.V, Caption: sp.Caption.V}
		name := fmt.Sprintf("story step %d", i+1)
		if !sp.Day.set() {
			at(sp.line, sp.col, "%s has no day; add day: YYYY-MM-DD", name)
		} else if d, ok := c.date(sp.Day, name+" day"); ok {
			step.Day = d
			switch {
			case span && (d < s.Start || d > s.End):
				c.at(sp.Day, "%s day %s is outside the scenario (%s to %s)", name, d, s.Start, s.End)
			case prev != 0 && d < prev:
				c.at(sp.Day, "%s goes back to %s after %s; a story may hold a day but not go back in time, so order the steps by day", name, d, prev)
			default:
				prev = d
			}
		}
		if utf8.RuneCountInString(sp.Title.V) > maxStepTitle {
			c.at(sp.Title, "%s title is %d characters; keep it under %d, a heading", name, utf8.RuneCountInString(sp.Title.V), maxStepTitle)
		}
		switch {
		case !sp.Caption.set():
			at(sp.line, sp.col, "%s has no caption; add caption: with a few lines for the room", name)
		case captionLines(sp.Caption.V) > maxCaptionLines || utf8.RuneCountInString(sp.Caption.V) > maxCaptionChars:
			c.at(sp.Caption, "%s caption is too long for a room to read: %d lines and %d characters, at most %d lines and %d characters; cut it, or split the step", name, captionLines(sp.Caption.V), utf8.RuneCountInString(sp.Caption.V), maxCaptionLines, maxCaptionChars)
		}
		if sp.Focus.set() && sp.Box != nil {
			c.at(sp.Focus, "%s has both focus: and box:; keep one (a place to centre on, or a box to fit)", name)
		}
		if sp.Focus.set() {
			step.Focus, _ = c.stepPlace(sp.Focus, name+" focus")
		}
		if sp.Box != nil {
			step.Box, step.HasBox = c.box(sp, name)
		}
		if sp.Zoom.set() {
			z, err := strconv.ParseFloat(sp.Zoom.V, 64)
			if err != nil || math.IsNaN(z) || z < 0.1 || z > 500 {
				c.at(sp.Zoom, "%s zoom %s: want a factor from 0.1 to 500, relative to the whole-Syria view (1 fits Syria)", name, c.q(sp.Zoom))
			} else {
				step.Zoom = z
			}
		}
		if sp.Layers != nil {
			step.Layers = []string{}
			seen := map[string]bool{}
			for _, l := range sp.Layers {
				switch {
				case !contains(StoryLayers, l.V):
					c.at(l, "%s layer %s: the layers are %s%s", name, c.q(l), strings.Join(StoryLayers, ", "), c.didYouMean(l, StoryLayers))
				case seen[l.V]:
					c.at(l, "%s names layer %s twice", name, c.q(l))
				}
				seen[l.V] = true
				step.Layers = append(step.Layers, l.V)
			}
		}
		if len(sp.Highlight) > maxHighlights {
			c.at(sp.Highlight[maxHighlights], "%s highlights %d places; a room follows at most %d", name, len(sp.Highlight), maxHighlights)
		}
		for _, h := range sp.Highlight {
			if id, ok := c.stepPlace(h, name+" highlight"); ok {
				step.Highlight = append(step.Highlight, id)
			}
		}
		if sp.Compare.set() {
			c.compare(sp.Compare, name, s.ID)
			step.Compare = sp.Compare.V
		}
		out.Steps = append(out.Steps, step)
	}
	s.Story = out
}

// StoryLayers are the layers a story step may show.
var StoryLayers = []string{"territory", "roads", "labels"}

func (c *checker) storyFile(st *StorySpec) string {
	if st.Title.File != "" {
		return st.Title.File
	}
	for _, sp := range st.Steps {
		if sp.Day.File != "" {
			return sp.Day.File
		}
	}
	return c.f.Name
}

// box reads a step's box: [west, south, east, north] in degrees.
func (c *checker) box(sp *StepSpec, name string) (orb.Bound, bool) {
	if len(sp.Box) != 4 {
		pos := Str{Line: sp.line, Col: sp.col, File: ""}
		if len(sp.Box) > 0 {
			pos = sp.Box[0]
		}
		c.at(pos, "%s box has %d numbers; want [west, south, east, north] in degrees, like [36.0, 35.0, 37.6, 36.6]", name, len(sp.Box))
		return orb.Bound{}, false
	}
	var v [4]float64
	for i, s := range sp.Box {
		x, err := strconv.ParseFloat(s.V, 64)
		lim := 180.0
		if i%2 == 1 {
			lim = 90
		}
		if err != nil || math.IsNaN(x) || math.Abs(x) > lim {
			c.at(s, "%s box value %s is not a %s in degrees", name, c.q(s), [4]string{"longitude", "latitude", "longitude", "latitude"}[i])
			return orb.Bound{}, false
		}
		v[i] = x
	}
	if v[0] >= v[2] || v[1] >= v[3] {
		c.at(sp.Box[0], "%s box [%g, %g, %g, %g] is empty or inside out; want [west, south, east, north], west < east and south < north", name, v[0], v[1], v[2], v[3])
		return orb.Bound{}, false
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, true
}

// compare checks a step's what-if: a bundled scenario id, or a .yaml file
// (read when the story is played, relative to the story's file).
func (c *checker) compare(s Str, name, self string) {
	if strings.HasSuffix(s.V, ".yaml") || strings.HasSuffix(s.V, ".yml") {
		return
	}
	var ids []string
	for _, b := range Catalogue() {
		ids = append(ids, b.ID)
	}
	switch {
	case s.V == self:
		c.at(s, "%s compares the scenario with itself; name a what-if", name)
	case !contains(ids, s.V):
		c.at(s, "%s compare %s is neither a bundled scenario (%s) nor a .yaml file%s", name, c.q(s), strings.Join(ids, ", "), c.didYouMean(s, ids))
	}
}

func captionLines(s string) int { return strings.Count(strings.TrimSpace(s), "\n") + 1 }

// stepPlace resolves a place a step names, saying which step and field.
func (c *checker) stepPlace(s Str, what string) (string, bool) { return c.placeIn(s, what) }

package scene

import (
	"fmt"
	"image/color"
	"math"

	"github.com/frontline-sim/frontline/sim"
)

// StoryRingColour rings a story step's highlighted places: a magenta no
// faction uses, so that a ring never reads as control.
var StoryRingColour = color.RGBA{0xc0, 0x00, 0x80, 0xff}

// ShowLayers turns a story step's layers (territory, roads, labels) into
// the layers shown; nil shows them all.
func ShowLayers(layers []string) Show {
	if layers == nil {
		return ShowAll
	}
	var s Show
	for _, l := range layers {
		switch l {
		case "territory":
			s.Territory = true
		case "roads":
			s.Roads = true
		case "labels":
			s.Labels = true
		}
	}
	return s
}

// StepFraming is what story step st says of the view: its place or box,
// and its zoom.
func StepFraming(st sim.StoryStep) Framing {
	return Framing{Focus: st.Focus, Box: st.Box, HasBox: st.HasBox, Zoom: st.Zoom}
}

// CompareLine is the line of a story step that names the what-if to
// compare it with, in the viewer's panel and an export's caption alike.
func CompareLine(whatIf string) string { return "Compare with the what-if " + whatIf }

// StoryView is the view of the map area m that story step k frames, as
// an export shows it: its box fitted, or its focus and zoom
// (StepFraming), in the part of m right of the caption box, so that the
// caption does not hide what the step is about.
func StoryView(tl *sim.Timeline, m Rect, tz float64, k int) View {
	st := tl.Scenario.Story.Steps[k]
	day := max(0, tl.Index(st.Day))
	cr, _ := storyCaption(tl, k, day, m, tz)
	x := cr.X + cr.W + 8
	free := Rect{x, m.Y, m.X + m.W - x, m.H}
	if free.W < m.W*0.4 {
		free = m // too small a picture to keep clear of the caption
	}
	v := StepFraming(st).View(tl.Graph.Atlas, m, free, tz)
	// Put the centre of the step in the middle of the free part.
	c := View{Center: v.Center, Scale: v.Scale, Rect: free}
	v.Center, v.Rect = c.ToWorld(m.X+m.W/2, m.Y+m.H/2), m
	return v
}

// storyCaption lays out the caption box of step k: below the date box,
// on the left, at most 44% of the map wide; the lines that would run into
// the scale bar are dropped and the last kept ends in "…".
func storyCaption(tl *sim.Timeline, k int, day int, m Rect, tz float64) (Rect, []Label) {
	story := tl.Scenario.Story
	st := story.Steps[k]
	date := DateRect(tl, day, m, tz)
	w := math.Max(date.W, math.Min(m.W*0.44, 560*tz))
	head := fmt.Sprintf("Step %d of %d", k+1, len(story.Steps))
	if story.Title != "" {
		head += " · " + story.Title
	}
	type line struct {
		text  string
		size  float64
		bold  bool
		muted bool
	}
	var lines []line
	add := func(s string, size float64, bold, muted bool) {
		for _, t := range WrapText(s, size, bold, w-28) {
			lines = append(lines, line{t, size, bold, muted})
		}
	}
	add(head, 13*tz, false, true)
	add(st.Title, 22*tz, true, false)
	add(st.Caption, 16*tz, false, false)
	if st.Compare != "" {
		add(CompareLine(st.Compare), 13*tz, true, false)
	}
	top := date.Y + date.H + 8
	bottom := ScaleRect(1, m, tz).Y - 8 // its height does not depend on the scale
	var out []Label
	y := top + 10
	for n, l := range lines {
		h := l.size * 1.3
		if y+h > bottom-10 {
			if n > 0 && len(out) > 0 {
				out[len(out)-1].Text += " …"
			}
			break
		}
		c := InkColour
		if l.muted {
			c = MutedInk
		}
		out = append(out, Label{Text: l.text, X: float32(m.X + 28), Y: float32(y), Size: l.size, Bold: l.bold, Colour: c, Place: -1})
		y += h
		if n+1 < len(lines) && lines[n+1].size != l.size {
			y += 4
		}
	}
	return Rect{m.X + 14, top, w, y + 10 - top}, out
}

// StoryAvoid is the area of step k's caption box, which labels keep clear
// of, as they do of ChromeAvoid's.
func StoryAvoid(tl *sim.Timeline, k, day int, v View, tz float64) Rect {
	r, _ := storyCaption(tl, k, day, v.Rect, tz)
	return r.Inset(-4)
}

// StoryOverlay returns what a story step adds over an exported frame of
// day day: the caption box (step count, title, caption, the what-if to
// compare with), as presenter mode shows it. The map rings the step's
// places (Frame.Highlight).
//
// storyLayer draws those rings.
func (b *Builder) StoryOverlay(k, day int, v View, tz float64) *Scene {
	tl := b.TL
	m := v.Rect
	o := &Scene{W: int(m.X + m.W), H: int(m.Y + m.H)}
	lay := Layer{Name: "story"}
	r, labels := storyCaption(tl, k, day, m, tz)
	o.Boxes = append(o.Boxes, Box{R: r, Radius: 6, Fill: PanelColour, Border: WithAlpha(InkColour, 0.25)})
	o.Labels = labels
	o.Layers = []Layer{lay}
	return o
}

// storyLayer rings the places of f.Highlight that are in view, over
// their symbols' neighbourhood (a ring of radius 14 clears the largest
// symbol).
func (b *Builder) storyLayer(s *Scene, f Frame) Layer {
	l := Layer{Name: "story"}
	tz := f.TextZoom
	if tz == 0 {
		tz = 1
	}
	for _, id := range f.Highlight {
		p, ok := b.TL.Graph.Atlas.Place(id)
		if !ok {
			continue
		}
		x, y := f.View.ToScreen(p.Point)
		if !f.View.Rect.Contains(x, y) {
			continue
		}
		l.Strokes = append(l.Strokes, storyRing(x, y, 14*tz, tz)...)
		s.uses(Symbol{Kind: SymStoryRing})
	}
	return l
}

// storyRing is a story step's ring of radius r around (x, y), cased, its
// widths at text zoom tz.
func storyRing(x, y, r, tz float64) []Stroke {
	c := circle(x, y, r, 48)
	return []Stroke{{Points: c, Width: float32(5.5 * tz), Colour: CasingColour, Round: true},
		{Points: c, Width: float32(3 * tz), Colour: StoryRingColour, Round: true}}
}

// circle is a closed polyline of n segments around (x, y).
func circle(x, y, r float64, n int) []Pt {
	out := make([]Pt, n+1)
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		out[i] = Pt{float32(x + r*math.Cos(a)), float32(y + r*math.Sin(a))}
	}
	return out
}

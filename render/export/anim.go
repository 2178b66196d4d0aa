package export

import (
	"image"
	"runtime"
	"time"

	"github.com/frontline-sim/frontline/render/raster"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/sim"
)

// Timing paces an animation: each day holds still, then fades into the
// next over Steps frames eased in and out, as the viewer plays.
type Timing struct {
	Hold     time.Duration // how long each day stays still
	LastHold time.Duration // how long the last day stays, before a loop
	Steps    int           // frames of a transition, the arrival included
	Step     time.Duration // how long each transition frame shows
}

// GIFTiming and MP4Timing are the exports' timings: 1.2 s per day and a
// fade of 0.56 s, 7 frames in the GIF and 14 in the video (25 frames/s).
var (
	GIFTiming = Timing{Hold: 1200 * time.Millisecond, LastHold: 3 * time.Second, Steps: 8, Step: 80 * time.Millisecond}
	MP4Timing = Timing{Hold: 1200 * time.Millisecond, LastHold: 3 * time.Second, Steps: 15, Step: 40 * time.Millisecond}
)

// StoryGIFTiming and StoryMP4Timing pace a story: each step holds 6 s,
// time to read its caption aloud, the last 8 s, with the same fades.
var (
	StoryGIFTiming = Timing{Hold: 6 * time.Second, LastHold: 8 * time.Second, Steps: GIFTiming.Steps, Step: GIFTiming.Step}
	StoryMP4Timing = Timing{Hold: 6 * time.Second, LastHold: 8 * time.Second, Steps: MP4Timing.Steps, Step: MP4Timing.Step}
)

// timing returns the pace of p's animation: the day's or the story's.
func (p Pictures) timing(day, story Timing) Timing {
	if p.Story {
		return story
	}
	return day
}

// FrameCount is the number of distinct frames of an animation of n days:
// a still per day and Steps−1 between each two.
func (t Timing) FrameCount(n int) int { return n + (n-1)*(t.Steps-1) }

// animFrame is one frame of an animation: a fade from day a to day b at
// eased progress t (a == b for a still), shown for d.
type animFrame struct {
	a, b int
	t    float64
	d    time.Duration
}

// plan lists the frames of an animation over days.
func (t Timing) plan(days []int) []animFrame {
	var out []animFrame
	for k, i := range days {
		if k > 0 {
			for s := 1; s < t.Steps; s++ {
				out = append(out, animFrame{days[k-1], i, scene.Ease(float64(s) / float64(t.Steps)), t.Step})
			}
		}
		d := t.Hold
		if k == len(days)-1 {
			d = t.LastHold
		}
		out = append(out, animFrame{i, i, 1, d})
	}
	return out
}

// dayPics are the pictures of one day: the map without its labels, and
// the labels and chrome painted over every frame that shows the day.
// Labels switch rather than fade, as in the viewer, since a place's label
// may sit elsewhere on the next day.
type dayPics struct {
	base *image.RGBA
	top  *scene.Scene
}

func renderDay(b *scene.Builder, pt *raster.Painter, s *scene.Scene) dayPics {
	base, top := splitLabels(s)
	return dayPics{base: pt.Paint(base), top: top}
}

// splitLabels splits s into its map without labels and overlay, and
// those on a transparent scene, its panes' likewise.
func splitLabels(s *scene.Scene) (base, top *scene.Scene) {
	b, t := *s, &scene.Scene{W: s.W, H: s.H, Labels: s.Labels, Overlay: s.Overlay}
	b.Labels, b.Overlay, b.Panes = nil, nil, nil
	for _, pn := range s.Panes {
		pb, ptop := splitLabels(pn.Scene)
		b.Panes = append(b.Panes, scene.Pane{X: pn.X, Y: pn.Y, Scene: pb})
		t.Panes = append(t.Panes, scene.Pane{X: pn.X, Y: pn.Y, Scene: ptop})
	}
	return &b, t
}

// frames renders the frames of an animation in batches, on every core,
// and hands each to emit in order with its duration. finish turns a frame
// into what emit takes (a paletted GIF frame, raw video bytes) on the
// worker that painted it.

func frames[T any](tl *sim.Timeline, p Pictures, tm Timing, pr Progress, stage string,
	finish func(img *image.RGBA) T, emit func(v T, d time.Duration) error) error {
	sq := p.seq(tl)
	plan := tm.plan(sq.keys)
	batch := max(8, 4*runtime.GOMAXPROCS(0))
	pics := map[int]dayPics{}
	for start := 0; start < len(plan); start += batch {
		chunk := plan[start:min(len(plan), start+batch)]
		// The days this batch needs and has not painted yet.
		var need []int
		for _, f := range chunk {
			for _, d := range []int{f.a, f.b} {
				if _, ok := pics[d]; !ok && !containsInt(need, d) {
					need = append(need, d)
				}
			}
		}
		got := make([]dayPics, len(need))
		if err := parallel(tl, p, len(need), func(b *scene.Builder, pt *raster.Painter, k int) error {
			got[k] = renderDay(b, pt, sq.scene(b, need[k]))
			return nil
		}); err != nil {
			return err
		}
		for k, d := range need {
			pics[d] = got[k]
		}
		out := make([]T, len(chunk))
		if err := parallel(tl, p, len(chunk), func(_ *scene.Builder, pt *raster.Painter, k int) error {
			f := chunk[k]
			img := blend(pics[f.a].base, pics[f.b].base, f.t)
			shown := f.a
			if f.t >= 0.5 {
				shown = f.b
			}
			pt.PaintOn(img, pics[shown].top)
			out[k] = finish(img)
			return nil
		}); err != nil {
			return err
		}
		for k, v := range out {
			if err := emit(v, chunk[k].d); err != nil {
				return err
			}
			pr.report(stage, start+k+1, len(plan))
		}
		// Keep only the last day of the batch: the next fades from it.
		last := chunk[len(chunk)-1].b
		for d := range pics {
			if d != last {
				delete(pics, d)
			}
		}
	}
	return nil
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// blend returns a + (b − a)·t, per channel: a cross-fade of two opaque
// pictures of the same size.
func blend(a, b *image.RGBA, t float64) *image.RGBA {
	out := image.NewRGBA(a.Rect)
	if t <= 0 || a == b {
		copy(out.Pix, a.Pix)
		return out
	}
	if t >= 1 {
		copy(out.Pix, b.Pix)
		return out
	}
	w := int(t*256 + 0.5)
	pa, pb, po := a.Pix, b.Pix, out.Pix
	for i := range po {
		po[i] = uint8((int(pa[i])*(256-w) + int(pb[i])*w) >> 8)
	}
	return out
}

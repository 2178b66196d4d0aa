package scene

import (
	"image/color"
	"math"
	"sort"
	"unicode/utf8"
)

// bannerBox is the box of a banner whose text, w wide at size, has its
// top-left at (x, y).
func bannerBox(x, y, w, size float64) Rect { return Rect{x - 10, y - 5, w + 20, size*1.3 + 10} }

// placeBanner lays out a banner (the WHAT-IF and PROJECTED marks) in the
// area of the map it belongs to, clear of the chrome in avoid. It tries,
// at size and then a little smaller, each row from the top (the top of
// the area, then just below each piece of chrome in its upper half, then
// for a crowded map the rows at its foot: bannerRows) with each of its
// candidate texts in turn: texts[0], the fullest; texts[0] shortened with
// "…" to the row's widest free stretch, if more than keep (its first
// words) survives and keep is not ""; then texts[1:]. It takes the first
// that fits a free stretch of the row, as near the area's centre as it
// can. Only when none fits anywhere (chrome over all the area) does it
// put the last text at the area's top left, over the chrome.
// It costs O(rows·texts·len(avoid)²).
func (b *Builder) placeBanner(texts []string, keep string, size float64, area Rect, avoid []Rect, fill color.RGBA) Label {
	for _, sz := range []float64{size, size * 0.85} {
		h := sz*1.3 + 10
		for _, y := range bannerRows(area, avoid, h) {
			free := freeStretches(area, avoid, y-5, h)
			cands := []string{texts[0]}
			if keep != "" {
				widest := 0.0
				for _, s := range free {
					widest = math.Max(widest, s[1]-s[0])
				}
				if text := FitText(texts[0], sz, true, widest-20); text != texts[0] && utf8.RuneCountInString(text) > utf8.RuneCountInString(keep)+1 {
					cands = append(cands, text)
				}
			}
			for _, text := range append(cands, texts[1:]...) {
				w := b.width(text, sz, true)
				if x, ok := bestStretch(free, w+20, area.X+area.W/2); ok {
					return bannerLabel(text, x+10, y, w, sz, fill)
				}
			}
		}
	}
	text := texts[len(texts)-1]
	w := b.width(text, size, true)
	return bannerLabel(text, area.X+14, area.Y+14, w, size, fill)
}

func bannerLabel(text string, x, y, w, size float64, fill color.RGBA) Label {
	return Label{Text: text, X: float32(x), Y: float32(y), Size: size, Bold: true,
		Colour: CasingColour, Shield: true, Fill: fill, Place: -1, Box: bannerBox(x, y, w, size)}
}

// bannerRows are the text tops a banner h tall may sit at in area: its
// top, and just below each rectangle of avoid in its upper half, from
// the top down; then, for a map crowded with chrome, its bottom and just
// above each rectangle of avoid in its lower half, from the bottom up.
func bannerRows(area Rect, avoid []Rect, h float64) []float64 {
	in := func(y float64) bool { return y-5 >= area.Y && y-5+h <= area.Y+area.H }
	top := []float64{area.Y + 14}
	bottom := []float64{area.Y + area.H - h - 9}
	for _, a := range avoid {
		if y := a.Y + a.H + 10; a.Y+a.H < area.Y+area.H/2 && y > area.Y+14 && in(y) {
			top = append(top, y)
		}
		if y := a.Y - 9 - h; a.Y > area.Y+area.H/2 && in(y) {
			bottom = append(bottom, y)
		}
	}
	sort.Float64s(top)
	sort.Sort(sort.Reverse(sort.Float64Slice(bottom)))
	var rows []float64
	for _, y := range append(top, bottom...) {
		if in(y) {
			rows = append(rows, y)
		}
	}
	return rows
}

// freeStretches returns the stretches [x0, x1] of area, 4 pixels in from
// its sides, that no rectangle of avoid covers between y and y+h, left to
// right.
func freeStretches(area Rect, avoid []Rect, y, h float64) [][2]float64 {
	free := [][2]float64{{area.X + 4, area.X + area.W - 4}}
	band := Rect{area.X, y, area.W, h}
	for _, a := range avoid {
		if !a.Overlaps(band) {
			continue
		}
		lo, hi := a.X-4, a.X+a.W+4
		var next [][2]float64
		for _, s := range free {
			if lo > s[0] {
				next = append(next, [2]float64{s[0], math.Min(s[1], lo)})
			}
			if hi < s[1] {
				next = append(next, [2]float64{math.Max(s[0], hi), s[1]})
			}
		}
		free = next
	}
	var out [][2]float64
	for _, s := range free {
		if s[1] > s[0] {
			out = append(out, s)
		}
	}
	return out
}

// bestStretch returns the left edge of a box bw wide, centred on cx as
// nearly as one of the free stretches allows, and whether one holds it.
func bestStretch(free [][2]float64, bw, cx float64) (float64, bool) {
	best, bestD, ok := 0.0, math.Inf(1), false
	for _, s := range free {
		if s[1]-s[0] < bw {
			continue
		}
		x := math.Max(s[0], math.Min(s[1]-bw, cx-bw/2))
		if d := math.Abs(x + bw/2 - cx); d < bestD {
			best, bestD, ok = x, d, true
		}
	}
	return best, ok
}

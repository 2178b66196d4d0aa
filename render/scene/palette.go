package scene

import (
	"fmt"
	"image/color"
	"strconv"
)

// The basemap and chrome colours. Territory and symbols take their colours
// from the scenario's factions.
var (
	SeaColour       = color.RGBA{0xc9, 0xdd, 0xea, 0xff}
	LandColour      = color.RGBA{0xe9, 0xe5, 0xdc, 0xff}
	SyriaColour     = color.RGBA{0xf6, 0xf3, 0xec, 0xff}
	BorderColour    = color.RGBA{0x8c, 0x86, 0x7c, 0xff}
	SyriaBorder     = color.RGBA{0x4a, 0x46, 0x40, 0xff}
	RiverColour     = color.RGBA{0x5b, 0x9b, 0xd5, 0xff}
	LakeColour      = color.RGBA{0xa6, 0xcb, 0xe6, 0xff}
	RoadColour      = color.RGBA{0x7a, 0x74, 0x6c, 0xff}
	CasingColour    = color.RGBA{0xff, 0xff, 0xff, 0xff}
	FrontColour     = color.RGBA{0x1a, 0x1a, 0x1a, 0xff}
	CutColour       = color.RGBA{0xb0, 0x00, 0x20, 0xff}
	ContestedRoad   = color.RGBA{0x40, 0x40, 0x40, 0xff}
	InkColour       = color.RGBA{0x1e, 0x1e, 0x1e, 0xff}
	MutedInk        = color.RGBA{0x55, 0x55, 0x55, 0xff}
	PanelColour     = color.RGBA{0xfc, 0xfb, 0xf8, 0xf2}
	NeutralColour   = color.RGBA{0xb8, 0xb8, 0xb8, 0xff}
	HighlightColour = color.RGBA{0xff, 0xd0, 0x00, 0xff}
	// WhatIfColour fills the what-if banner: a purple no faction's
	// default uses, so the banner reads as a mark on the map, not a side.
	WhatIfColour     = color.RGBA{0x5e, 0x2a, 0x84, 0xff}
	TerritoryOpacity = 0.42
)

// ParseColour parses "#rrggbb".
func ParseColour(s string) (color.RGBA, error) {
	if len(s) != 7 || s[0] != '#' {
		return color.RGBA{}, fmt.Errorf("colour %q is not #rrggbb", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.RGBA{}, fmt.Errorf("colour %q is not #rrggbb", s)
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, nil
}

// Mix returns a + (b - a)·t, per channel, for t in [0, 1].
func Mix(a, b color.RGBA, t float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), m(a.A, b.A)}
}

// Darken returns c mixed toward black by t.
func Darken(c color.RGBA, t float64) color.RGBA {
	return Mix(c, color.RGBA{0, 0, 0, c.A}, t)
}

// Lighten returns c mixed toward white by t.
func Lighten(c color.RGBA, t float64) color.RGBA {
	return Mix(c, color.RGBA{0xff, 0xff, 0xff, c.A}, t)
}

// WithAlpha returns c with alpha a in [0, 1].
func WithAlpha(c color.RGBA, a float64) color.RGBA {
	c.A = uint8(a*255 + 0.5)
	return c
}

// Over composites the straight-alpha colour c over the opaque colour bg.
func Over(c, bg color.RGBA) color.RGBA {
	a := float64(c.A) / 255
	m := func(x, y uint8) uint8 { return uint8(float64(x)*a + float64(y)*(1-a) + 0.5) }
	return color.RGBA{m(c.R, bg.R), m(c.G, bg.G), m(c.B, bg.B), 0xff}
}

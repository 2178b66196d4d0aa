package scene

import (
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// The Go fonts are embedded, so the map looks the same everywhere and needs
// no system fonts. Faces are measured here, without Ebiten, so that label
// placement is plain logic; the painter draws with the same faces.

var (
	fontOnce          sync.Once
	regularTT, boldTT *opentype.Font
	faceMu            sync.Mutex
	faces             = map[faceKey]font.Face{}
)

type faceKey struct {
	size float64
	bold bool
}

func loadFonts() {
	var err error
	if regularTT, err = opentype.Parse(goregular.TTF); err != nil {
		panic(fmt.Sprintf("render: embedded font: %v", err))
	}
	if boldTT, err = opentype.Parse(gobold.TTF); err != nil {
		panic(fmt.Sprintf("render: embedded font: %v", err))
	}
}

// Face returns the Go font at size pixels, bold or regular. Faces are
// cached and shared; they are safe for use by one goroutine at a time, so
// measuring goes through TextWidth.
func Face(size float64, bold bool) font.Face {
	fontOnce.Do(loadFonts)
	faceMu.Lock()
	defer faceMu.Unlock()
	k := faceKey{size, bold}
	if f, ok := faces[k]; ok {
		return f
	}
	tt := regularTT
	if bold {
		tt = boldTT
	}
	f, err := opentype.NewFace(tt, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic(fmt.Sprintf("render: font face: %v", err))
	}
	faces[k] = f
	return f
}

// TextWidth returns the advance width of s in pixels.
func TextWidth(s string, size float64, bold bool) float64 {
	f := Face(size, bold)
	faceMu.Lock()
	defer faceMu.Unlock()
	return float64(font.MeasureString(f, s)) / 64
}

// Font returns the parsed Go font, bold or regular, for backends that make
// faces of their own (Ebiten's text, the SVG writer's font metrics).
func Font(bold bool) *opentype.Font {
	fontOnce.Do(loadFonts)
	if bold {
		return boldTT
	}
	return regularTT
}

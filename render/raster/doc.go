// Package raster paints render/scene display lists into images with
// golang.org/x/image/vector and the Go fonts that the viewer uses, with no
// display, no GPU and no Ebiten: the backend of frontline's PNG, GIF and
// MP4 exports. It also builds the fixed GIF palette from a scene's
// colours.
package raster

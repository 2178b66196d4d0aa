// Package render is frontline's Ebiten viewer: the window, its chrome
// (date, legend, scale, captions panel, timeline, search, help), input,
// and screenshots of the window. What the map shows is built by
// render/scene as plain data; this package only paints it with Ebiten, as
// render/raster and render/svg paint it headless for the exports.
package render

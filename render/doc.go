// Package render is frontline's Ebiten viewer: the window, its chrome
// (date, legend, scale, captions panel, timeline, search, help), input,
// screenshots of the window, and ensembles run in the background (the E
// key, a link's runs=; ensemble.go) and shown. What the map shows is built by
// render/scene as plain data; this package only paints it with Ebiten, as
// render/raster and render/svg paint it headless for the exports.
package render

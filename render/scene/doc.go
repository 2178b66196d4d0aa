// Package scene builds what frontline's map shows as plain data, a display
// list: the view transform, layers of fills and strokes, place symbols,
// labels placed without collisions, the chrome of an exported frame, the
// palette and the Go fonts' metrics, and what is drawn of a simulation
// (SimView: the most likely control of each day, its probabilities and
// fans). It imports no Ebiten, so that the
// viewer (package render) and the headless backends (render/raster,
// render/svg) paint one scene.
package scene

// Package render draws frontline's timelines: the Ebiten viewer and the
// frame exporter. Drawing logic is plain data (a view transform and a scene
// built from a timeline day) that Ebiten only paints.
package render

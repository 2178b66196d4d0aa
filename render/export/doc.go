// Package export writes a timeline out of frontline with no display: one
// picture per day (PNG, SVG), animations (GIF, MP4 through ffmpeg), GIS
// files (GeoJSON with time intervals for QGIS and kepler.gl), the change
// log as ACLED-style CSV, and charts (gonum/plot); and the same of a
// saved simulation (sim/ensemble's Result, drawn through
// scene.SimView). Every file goes through
// internal/atomicfile, so a failed or killed export leaves no partial file.
package export

// Package link reads and writes frontline's deep links: the view a link
// opens on (?day=2024-11-30&focus=aleppo&zoom=3), as a table of keys, each
// with its parser and its writer. The web page reads its address with
// Parse and the desktop viewer its flags (`frontline view --day … --link
// …`), so that a link means the same view everywhere; the viewer writes
// the view it shows back with Query. It has no Ebiten, so that it is
// tested and fuzzed with no display.
package link

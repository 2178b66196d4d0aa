// Package territory partitions Syria among the places of an atlas by cost
// distance, and turns the result into one dissolved, smoothed multipolygon
// per faction and the front lines between hostile factions.
//
// A Map is the static raster: Syria at CellKm cells in the plane of
// geo.SyriaProjection, each cell with a travel cost (open desert costs more
// than settled land, roads less), the rivers and lakes that bar movement,
// and the listed crossings (bridges and dams) where a river may be crossed.
// A Partition is one day's territory: every cell goes to the place that
// reaches it at least cost, spreading from all controlled places at once
// (multi-source Dijkstra). A side's spread crosses a river only at a
// crossing whose bridgehead on the far bank that side holds. Bases (places
// of kind geo.Base) are never sources; zones (fixed polygons a scenario
// gives to a faction) override the spread.
//
// From one day to the next only the cells of places that changed hands are
// relabelled, unless a change alters which crossings a side may use or
// which places are held at all; then the spread is run again. docs/model.md
// documents the costs, their sources and the published shares the
// partition is checked against.
package territory

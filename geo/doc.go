// Package geo holds frontline's map: the gazetteer of places named in the
// source documents, the roads that join them, the basemap of Syria and its
// neighbours, and the projection and distance helpers built on orb.
//
// All coordinates are WGS84 and, following orb, ordered (lon, lat). Every
// built-in row carries the public source of its coordinates; see
// docs/data.md for where each data set comes from and how to regenerate it.
//
// The built-in data is embedded and parsed once by Default. Parsers for the
// same formats (ParsePlaces, ParseRoads) are exported so that tests, fuzzers
// and tools can feed them other data.
package geo

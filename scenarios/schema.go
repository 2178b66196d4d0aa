package scenarios

import _ "embed"

// Schema is the JSON Schema (draft 2020-12) of the scenario format, for
// editors: a file whose first line is
//
//	# yaml-language-server: $schema=PATH/TO/scenarios/schema.json
//
// is checked and completed as it is typed. The schema checks the shape of
// a file (fields, enums, date and colour formats); Load makes the full
// check against the atlas. schema_test.go keeps it in step with File.
//
//go:embed schema.json
var Schema []byte

// SweepSchema is the JSON Schema (draft 2020-12) of the sweep file format
// (docs/sweep.md), for editors as Schema is: a first line
//
//	# yaml-language-server: $schema=PATH/TO/scenarios/sweep-schema.json
//
// has a sweep file checked as it is typed. LoadSweep makes the full check
// against the scenario; schema_test.go keeps it in step with SweepFile.
//
//go:embed sweep-schema.json
var SweepSchema []byte

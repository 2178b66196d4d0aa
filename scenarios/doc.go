// Package scenarios reads, checks and embeds frontline's scenario files.
//
// A scenario file is YAML written by hand (see docs/scenarios.md). Loading
// has three steps, each reporting problems as file:line:col with a fix:
//
//  1. Parse reads the bytes: size, encoding and YAML syntax;
//  2. decoding is strict: an unknown field is an error, with the closest
//     known field as a hint;
//  3. Validate checks the content against the atlas: places, factions,
//     dates, contradictions and extends cycles, and reports every problem
//     at once.
//
// Files are untrusted input (docs/scenarios.md, "Safety"). Load and
// LoadFS open only regular files, through a 10 MB limit; a Loader confines
// extends: to the folder of the file given (an os.Root) unless
// AllowExtendsOutside; messages never quote values of an extended file,
// cap every quoted value (internal/safetext), and report at most
// MaxProblems problems; suggestions go through geo.Closest within a
// budget per file. What a replay costs is bounded too: at most
// MaxFactions factions, ten years, and MaxControlDays days on which places
// change hands. LoadFS takes any fs.FS, so tests and fuzzers load
// chains of files from memory.
//
// The built-in scenario offensive-2024, the documented replay of the
// 2024-11-26 to 2024-12-04 offensive, is embedded and goes through the same
// steps as user files. A what-if file names it with "extends:" and lists
// only what differs: events, and for the model its parameters and dated
// interventions (reinforce, air_support, passive, attack, road_cut,
// road_open). The four what-ifs of scenarios/whatif/ are examples, each
// tested to move its outcome the way its question implies.
package scenarios

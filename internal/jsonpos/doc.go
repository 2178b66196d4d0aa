// Package jsonpos words the decoding errors of a JSON file for its reader:
// the file, line and column where the decoder stopped, the field in the
// contract's words, and what the reader wants instead. The
// readers of simulation results and shards (sim/ensemble) and of sweep
// results and shards (sim/sweep, frontline merge) share it, so that each
// names a broken file the same way.
package jsonpos

// Package interop checks frontline's outputs with the tools modellers read
// them with: DuckDB reads a sweep's Parquet tables (docs/sweep.md) and
// finds in them, column by column, what the CSV of the same sweep holds.
// It is a module of its own so that DuckDB's engine (cgo, a large static
// library) stays out of frontline's build; make test runs it
// (make test-interop).
package interop

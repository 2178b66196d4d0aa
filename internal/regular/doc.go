// Package regular is frontline's one way to open a file it did not write:
// only a regular file, opened without waiting on a named pipe, refused
// before a byte is read when it is anything else, and read with a limit,
// so that no input can make a command hang or exhaust memory. It also
// names the kinds of file it refuses, for readers and for the writers of
// internal/atomicfile, which refuse the same kinds as destinations.
package regular

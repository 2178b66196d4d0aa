// Package atomicfile writes files so that a reader, or a later run after a
// kill, sees either the old file or the complete new one, never a part.
//
// Every file frontline writes goes through WriteFile: the content goes to a
// temporary file in the destination's folder, is synced to disk, and is then
// renamed over the destination, which POSIX makes atomic within one file
// system. Check validates a destination before any expensive work, so a
// typo in a folder name fails at once instead of after minutes of rendering.
package atomicfile

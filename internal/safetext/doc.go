// Package safetext makes text from untrusted files safe to print: Escape
// and Writer neutralise terminal control characters, and Quote quotes a
// value for an error message, capped in length.
//
// Scenario files are shared between users, so their titles, captions and
// notes, and the names they use, may hold escape sequences that would
// clear a terminal, set its title or write the clipboard. Every text
// output of frontline goes through this package; there is no other
// escaping helper.
package safetext

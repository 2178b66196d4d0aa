// Package numfmt writes numbers the one way every output of frontline
// shows them to a reader: whole numbers with thousands separators
// ("6,940"), and, for a change, an explicit sign ("+4,912", "−5,432",
// "±0") with the minus sign a reader expects rather than a hyphen.
package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Thousands rounds v to the nearest whole number and groups its digits in
// threes: 112345.6 → "112,346", -5432 → "-5,432".
func Thousands(v float64) string {
	n := int64(math.Round(v))
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Change writes a change with its sign: +4,912, −5,432 (U+2212), and ±0
// for no change (after rounding).
func Change(v float64) string {
	switch r := math.Round(v); {
	case r > 0:
		return "+" + Thousands(r)
	case r < 0:
		return "−" + Thousands(-r)
	}
	return "±0"
}

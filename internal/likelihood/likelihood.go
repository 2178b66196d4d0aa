// Package likelihood turns probabilities into the words of the US
// Intelligence Community's scale of likelihood (ICD 203, "Analytic
// Standards", 2015), so that every output of frontline that states a
// probability (the simulate briefing, exported polygons, charts) uses the
// same words for the same numbers. Show the number with the words: "likely
// (62%)".
package likelihood

import "fmt"

// Band is a range of probability and its words: Lo ≤ p < Hi, except that
// the last band includes 1.
type Band struct {
	Lo, Hi float64
	Words  string
}

// Bands is the scale, from ICD 203's table of expressions of likelihood.
var Bands = []Band{
	{0, 0.05, "almost no chance"},
	{0.05, 0.20, "very unlikely"},
	{0.20, 0.45, "unlikely"},
	{0.45, 0.55, "roughly even chance"},
	{0.55, 0.80, "likely"},
	{0.80, 0.95, "very likely"},
	{0.95, 1, "almost certainly"},
}

// Of returns the band of probability p, clamped to [0, 1].
func Of(p float64) Band { return Bands[Index(p)] }

// Index returns the index in Bands of probability p's band.
func Index(p float64) int {
	for i, b := range Bands {
		if p < b.Hi {
			return i
		}
	}
	return len(Bands) - 1
}

// Words returns the words for probability p: "likely".
func Words(p float64) string { return Of(p).Words }

// Phrase returns the words with the number: "likely (62%)".
func Phrase(p float64) string { return fmt.Sprintf("%s (%.0f%%)", Words(p), 100*p) }

// Range returns a band's numbers as a briefer reads them: "55–80%".
func (b Band) Range() string { return fmt.Sprintf("%.0f–%.0f%%", 100*b.Lo, 100*b.Hi) }

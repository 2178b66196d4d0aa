package geo

import (
	"slices"
	"testing"
)

// TestComplete: the find box's suggestions for a partly typed name: the
// place Lookup finds first, then the names that start so, the most
// important first, and a typo's nearest name when none does.
func TestComplete(t *testing.T) {
	a := MustDefault()
	for _, tc := range []struct {
		q     string
		n     int
		first []string // the suggestions' ids begin so
	}{
		{"Halab", 5, []string{"aleppo"}},                    // an alias, as Lookup finds it
		{"aleppo", 5, []string{"aleppo", "aleppo-airport"}}, // the place, then the longer names
		{"saraq", 5, []string{"saraqib"}},                   // a prefix
		{"kh", 5, []string{"khan-sheikhoun"}},               // the town before the villages
		{"Hmoss", 5, []string{"homs"}},                      // a typo: Lookup's suggestion
		{"MAARRAT AL", 5, []string{"maarat-al-numan"}},      // case and punctuation folded
		{"al", 2, []string{"aleppo", "damascus"}},           // at most n
		{"x", 5, nil}, // nothing near
		{"", 5, nil},
	} {
		var got []string
		for _, p := range a.Complete(tc.q, tc.n) {
			got = append(got, p.ID)
		}
		if len(got) > tc.n || len(got) < len(tc.first) || !slices.Equal(got[:len(tc.first)], tc.first) {
			t.Errorf("Complete(%q, %d) = %v, want %v first, at most %d", tc.q, tc.n, got, tc.first, tc.n)
		}
		if p, err := a.Lookup(tc.q); err == nil && (len(got) == 0 || got[0] != p.ID) {
			t.Errorf("Complete(%q) = %v: Lookup finds %s, want it first", tc.q, got, p.ID)
		}
	}
}

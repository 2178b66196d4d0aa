package geo

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/frontline-sim/frontline/internal/safetext"
)

// NameKey folds a place name to the key that lookups compare: lower case,
// diacritics and apostrophes dropped, and every non-alphanumeric rune
// removed, so "Maarrat al-Nu'man", "maarrat_al_numan" and "MAARRAT AL NUMAN"
// are one key.
func NameKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := fold[r]; ok {
			r = f
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fold maps the accented Latin letters common in transliterations of Arabic
// names to plain ones.
var fold = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ā': 'a', 'ä': 'a',
	'é': 'e', 'è': 'e', 'ê': 'e', 'ē': 'e', 'ë': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ī': 'i', 'ï': 'i',
	'ó': 'o', 'ò': 'o', 'ô': 'o', 'ō': 'o', 'ö': 'o',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ū': 'u', 'ü': 'u',
	'ḥ': 'h', 'ḍ': 'd', 'ṣ': 's', 'ṭ': 't', 'ẓ': 'z', 'ş': 's', 'ç': 'c',
}

// keysOf returns the lookup keys of a name: its NameKey and, for names with
// an article ("al-Bab", "Al Mayadeen", "el-Eis"), the key without it.
func keysOf(name string) []string {
	keys := []string{NameKey(name)}
	lower := strings.ToLower(strings.TrimSpace(name))
	for _, art := range []string{"al-", "al ", "el-", "el ", "ad-", "ar-", "as-", "at-", "ash-", "az-"} {
		if rest, ok := strings.CutPrefix(lower, art); ok {
			if k := NameKey(rest); len(k) >= 3 {
				keys = append(keys, k)
			}
			break
		}
	}
	return keys
}

// index maps lookup keys to place indexes. A key that names two places (an
// article-less variant, say) is dropped unless one place owns it outright.
type index struct {
	exact map[string]int // keys from ids, names and aliases as written
	loose map[string]int // article-less variants
	keys  []string       // every key, sorted, for suggestions
	owner map[string]int
}

func newIndex(places []Place) (*index, error) {
	ix := &index{exact: map[string]int{}, loose: map[string]int{}, owner: map[string]int{}}
	ambiguous := map[string]bool{}
	var errs []string
	for i, p := range places {
		names := append([]string{p.ID, p.Name}, p.Aliases...)
		for _, n := range names {
			ks := keysOf(n)
			if ks[0] == "" {
				continue
			}
			if j, ok := ix.exact[ks[0]]; ok && j != i {
				errs = append(errs, fmt.Sprintf("name %q of %s is also a name of %s", n, p.ID, places[j].ID))
				continue
			}
			ix.exact[ks[0]] = i
			for _, k := range ks[1:] {
				if j, ok := ix.loose[k]; ok && j != i {
					ambiguous[k] = true
				}
				ix.loose[k] = i
			}
		}
	}
	for k := range ambiguous {
		delete(ix.loose, k)
	}
	for k, i := range ix.exact {
		ix.owner[k] = i
		ix.keys = append(ix.keys, k)
	}
	for k, i := range ix.loose {
		if _, ok := ix.exact[k]; ok {
			continue
		}
		ix.owner[k] = i
		ix.keys = append(ix.keys, k)
	}
	sort.Strings(ix.keys)
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("gazetteer: %s", strings.Join(errs, "; "))
	}
	return ix, nil
}

// maxNameBytes is the longest name find looks up: no place has a longer
// one, and folding a name of megabytes would cost as much memory.
const maxNameBytes = 1024

func (ix *index) find(name string) (int, bool) {
	if len(name) > maxNameBytes {
		return -1, false
	}
	k := NameKey(name)
	if i, ok := ix.exact[k]; ok {
		return i, true
	}
	for _, k := range keysOf(name) {
		if i, ok := ix.loose[k]; ok {
			return i, true
		}
	}
	return -1, false
}

// suggest returns the index of the place whose key is closest to name, or
// -1 when nothing is close enough to be a plausible typo.
func (ix *index) suggest(name string) int {
	if len(name) > maxNameBytes {
		return -1
	}
	if i := Closest(NameKey(name), ix.keys); i >= 0 {
		return ix.owner[ix.keys[i]]
	}
	return -1
}

// MaxSuggestRunes is the longest name Closest compares: a longer one is
// no typo of a short name, and comparing it would cost time in proportion
// to its length for every candidate.
const MaxSuggestRunes = 64

// Closest is frontline's one "did you mean" rule. It returns the index of
// the candidate nearest to s by edit distance, or -1 when none is within
// len(s)/3+1 edits (a plausible typo). It compares runes as given: fold
// the case (or use NameKey) before calling. Its cost is bounded: a name
// over MaxSuggestRunes gets no suggestion, a candidate whose length
// differs by more than the edits still allowed is skipped unread, and the
// distance computation stops as soon as it exceeds them.
func Closest(s string, candidates []string) int {
	if len(s) == 0 || len(s) > utf8.UTFMax*MaxSuggestRunes || utf8.RuneCountInString(s) > MaxSuggestRunes {
		return -1
	}
	rs := []rune(s)
	best, bestD := -1, len(rs)/3+2 // accept a distance below bestD
	var rc []rune
	for i, c := range candidates {
		n := utf8.RuneCountInString(c)
		if n-len(rs) >= bestD || len(rs)-n >= bestD {
			continue
		}
		rc = append(rc[:0], []rune(c)...)
		if d := levenshtein(rs, rc, bestD); d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// Levenshtein returns the edit distance between a and b, counted in runes.
// It takes O(len(a)·len(b)) time and O(len(b)) space.
func Levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	return levenshtein(ra, rb, len(ra)+len(rb)+1)
}

// levenshtein returns the edit distance between a and b, or a value of at
// least stop as soon as the distance is known to reach stop.
func levenshtein(a, b []rune, stop int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= stop {
			return stop
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// UnknownPlaceError reports a name that matches no place. Suggestion is the
// id of the closest place, or empty.
type UnknownPlaceError struct {
	Name       string
	Suggestion string
}

func (e *UnknownPlaceError) Error() string {
	if e.Suggestion != "" {
		return fmt.Sprintf("unknown place %s; did you mean %q?", safetext.Quote(e.Name), e.Suggestion)
	}
	return fmt.Sprintf("unknown place %s; run 'frontline places' for the list", safetext.Quote(e.Name))
}

// complete returns the indexes of the places a partly typed name may
// mean, best first, at most n: the place find gives it, then those with a
// key that starts with its key (names, ids, aliases, article-less
// variants) by importance and then population, and, when none does, the
// closest by edit distance (a typo).
func (ix *index) complete(places []Place, name string, n int) []int {
	k := NameKey(name)
	if k == "" || n <= 0 || len(name) > maxNameBytes {
		return nil
	}
	var out []int
	seen := map[int]bool{}
	add := func(i int) {
		if !seen[i] && len(out) < n {
			seen[i] = true
			out = append(out, i)
		}
	}
	if i, ok := ix.find(name); ok {
		add(i)
	}
	var pre []int
	for j := sort.SearchStrings(ix.keys, k); j < len(ix.keys) && strings.HasPrefix(ix.keys[j], k); j++ {
		if i := ix.owner[ix.keys[j]]; !seen[i] && !slices.Contains(pre, i) {
			pre = append(pre, i)
		}
	}
	sort.SliceStable(pre, func(a, b int) bool {
		pa, pb := places[pre[a]], places[pre[b]]
		if pa.Importance() != pb.Importance() {
			return pa.Importance() > pb.Importance()
		}
		if pa.Population != pb.Population {
			return pa.Population > pb.Population
		}
		return pre[a] < pre[b]
	})
	for _, i := range pre {
		add(i)
	}
	if len(out) == 0 {
		if i := ix.suggest(name); i >= 0 {
			add(i)
		}
	}
	return out
}

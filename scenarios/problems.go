package scenarios

import (
	"fmt"
	"sort"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/safetext"
)

// MaxProblems is the number of problems a load reports; the rest are
// counted in a last line, "and N more problems".
const MaxProblems = 100

// Problem is one thing wrong with a scenario file, at a position.
type Problem struct {
	File      string
	Line, Col int // 1-based; 0 when the problem concerns the whole file
	Msg       string
}

func (p Problem) Error() string {
	file := safetext.Escape(p.File)
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", file, p.Line, p.Col, p.Msg)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", file, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", file, p.Msg)
}

// Problems is every problem found in a scenario, in file and line order,
// at most MaxProblems of them and then one that counts the others. It is
// the error Parse, Build and Load return.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

func less(a, b Problem) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Col < b.Col
}

// problemSet collects problems with bounded memory: it keeps the
// MaxProblems first by position and counts the others.
type problemSet struct {
	list Problems
	problemCap
}

// problemCap is the bookkeeping of a bounded list of problems, kept apart
// from the list so that the checker's list stays a plain Problems.
type problemCap struct {
	dropped int
	bound   *Problem // once MaxProblems are kept, the last of them
}

// skip reports, and counts, a problem at this position that could not be
// among the MaxProblems kept, so that its message need not be formatted.
func (c *problemCap) skip(file string, line, col int) bool {
	if c.bound == nil || less(Problem{File: file, Line: line, Col: col}, *c.bound) {
		return false
	}
	c.dropped++
	return true
}

// add appends p to list, trimming list to the MaxProblems first when it
// grows long.
func (c *problemCap) add(list *Problems, p Problem) {
	if c.skip(p.File, p.Line, p.Col) {
		return
	}
	*list = append(*list, p)
	if len(*list) >= 4*MaxProblems {
		c.trim(list)
	}
}

func (c *problemCap) trim(list *Problems) {
	l := *list
	sort.SliceStable(l, func(i, j int) bool { return less(l[i], l[j]) })
	if len(l) > MaxProblems {
		c.dropped += len(l) - MaxProblems
		l = l[:MaxProblems:MaxProblems]
	}
	if len(l) == MaxProblems {
		b := l[MaxProblems-1]
		c.bound = &b
	}
	*list = l
}

func (s *problemSet) add(p Problem) { s.problemCap.add(&s.list, p) }

func (s *problemSet) addAll(o problemSet) {
	for _, p := range o.list {
		s.add(p)
	}
	s.dropped += o.dropped
}

func (s *problemSet) empty() bool { return len(s.list) == 0 }

// err returns the problems, sorted, as Problems, or nil.
func (s *problemSet) err() error {
	if len(s.list) == 0 {
		return nil
	}
	s.trim(&s.list)
	out := append(Problems(nil), s.list...)
	if s.dropped > 0 {
		last := out[len(out)-1]
		out = append(out, Problem{File: last.File,
			Msg: fmt.Sprintf("and %d more problems; fix the %d above and validate again", s.dropped, MaxProblems)})
	}
	return out
}

// maxHintWork bounds the suggestions computed for one file, in candidates
// compared: enough for a hundred typos among hundreds of names, while a
// file of a hundred thousand unknown names costs no more.
const maxHintWork = 100_000

// hints computes "did you mean" suggestions within a budget.
type hints struct{ used int }

// closest returns the candidate nearest to s (ignoring case) by
// geo.Closest, or "" when none is near or the budget is spent.
func (h *hints) closest(s string, candidates []string) string {
	if h.used+len(candidates) > maxHintWork {
		return ""
	}
	h.used += len(candidates)
	folded := make([]string, len(candidates))
	for i, c := range candidates {
		folded[i] = strings.ToLower(c)
	}
	if i := geo.Closest(strings.ToLower(s), folded); i >= 0 {
		return candidates[i]
	}
	return ""
}

// didYouMean is closest as a message suffix: `; did you mean "x"?`.
func (h *hints) didYouMean(s string, candidates []string) string {
	if c := h.closest(s, candidates); c != "" {
		return fmt.Sprintf("; did you mean %s?", safetext.Quote(c))
	}
	return ""
}

// didYouMean is a hint without a per-file budget, for a single name:
// geo.Closest bounds its cost still.
func didYouMean(s string, candidates []string) string {
	var h hints
	return h.didYouMean(s, candidates)
}

// place is geo.Atlas.Suggest within the budget.
func (h *hints) place(a *geo.Atlas, name string) string {
	n := 2 * len(a.Places()) // ids, names and aliases
	if h.used+n > maxHintWork {
		return ""
	}
	h.used += n
	return a.Suggest(name)
}

package cluster

import (
	"slices"
	"strings"
	"unicode"

	"github.com/deepreview/deepreview/internal/finding"
)

// concern is what a finding's title complains about, when it is not the
// code's behaviour: its comments, its tests, or its cost. (Documentation
// is left out: "contradicts docs" ends many a title about behaviour, and a
// design document is cited at its own path anyway.) Two findings at the same lines with different concerns (a stale
// comment above a function and a bug in it; a full List on every
// reconcile and an error that aborts the same loop) are two defects
// unless their text agrees strongly.
type concern uint8

const (
	aboutBehaviour concern = iota
	aboutDocs
	aboutTests
	aboutCost
)

// Words that name a concern. A test concern needs "coverage" or
// "untested", or a test word closely after a word of absence ("no unit
// tests", "missing test"): a title about a defect in a test file ("BATS
// tests use forbidden command substitution") is about behaviour.
var (
	docWords     = toSet("comment comments docstring docstrings godoc")
	testWords    = toSet("coverage untested")
	testNouns    = toSet("test tests")
	absenceWords = toSet("no missing lack lacks add without")
	costWords    = toSet("expensive inefficient performance allocation allocations")
)

// concernOf classifies a title by the words that name its concern.
func concernOf(title string) concern {
	ws := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	has := func(set map[string]bool) bool { return slices.ContainsFunc(ws, func(w string) bool { return set[w] }) }
	switch {
	case has(testWords) || absentTest(ws):
		return aboutTests
	case has(docWords):
		return aboutDocs
	case has(costWords) || fullList(ws):
		return aboutCost
	}
	return aboutBehaviour
}

// fullList reports whether the title says "full list" (a full List on
// every reconcile).
func fullList(ws []string) bool {
	for i := 1; i < len(ws); i++ {
		if ws[i-1] == "full" && ws[i] == "list" {
			return true
		}
	}
	return false
}

// absentTest reports whether a test word follows a word of absence at
// most two words before it.
func absentTest(ws []string) bool {
	for i, w := range ws {
		if !testNouns[w] {
			continue
		}
		for _, prev := range ws[max(0, i-2):i] {
			if absenceWords[prev] {
				return true
			}
		}
	}
	return false
}

// severe reports whether one finding is critical and the other a
// suggestion. Agents often rate one defect a level apart, rarely two: on
// the corpus, 2 of 115 pairs the reports merged, and 4 of the 14 pairs
// they did not merge that the text alone would have.
func severe(x, y finding.Severity) bool {
	return x == finding.Critical && y == finding.Suggestion || x == finding.Suggestion && y == finding.Critical
}

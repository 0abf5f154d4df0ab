package cluster

import (
	"regexp"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
)

// concern is what a finding's title complains about, when it is not the
// code's behaviour: its comments or documentation, its tests, or its
// cost. Two findings at the same lines with different concerns (a stale
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

var (
	reDocs  = regexp.MustCompile(`\b(comments?|docstrings?|godoc|doc comments?)\b`)
	reTests = regexp.MustCompile(`\b(coverage|untested)\b|\b(no|missing|lacks?|add|without)( \w+)? tests?\b`)
	reCost  = regexp.MustCompile(`\b(expensive|inefficient|performance|full list|allocations?)\b`)
)

// concernOf classifies a title by the words that name its concern.
func concernOf(title string) concern {
	t := strings.ToLower(title)
	switch {
	case reTests.MatchString(t):
		return aboutTests
	case reDocs.MatchString(t):
		return aboutDocs
	case reCost.MatchString(t):
		return aboutCost
	}
	return aboutBehaviour
}

// severe reports whether one finding is critical and the other a
// suggestion. Agents often rate one defect a level apart, rarely two: on
// the corpus, 2 of 115 pairs the reports merged, and 4 of the 14 pairs
// they did not merge that the text alone would have.
func severe(a, b Item) bool {
	x, y := a.Finding.Severity, b.Finding.Severity
	return x == finding.Critical && y == finding.Suggestion || x == finding.Suggestion && y == finding.Critical
}

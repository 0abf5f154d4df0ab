package cluster

import (
	"math"

	"github.com/deepreview/deepreview/internal/finding"
)

// traits are what the bar of a pair reads from each finding besides its
// words.
type traits struct {
	names    map[string]bool // the code spans the title quotes, normalized
	parts    map[string]bool // the words of those spans, whole and split
	concern  concern
	severity finding.Severity
}

func traitsOf(items []Item) []traits {
	out := make([]traits, len(items))
	for i, it := range items {
		t := traits{names: map[string]bool{}, parts: map[string]bool{}, concern: concernOf(it.Finding.Title), severity: it.Finding.Severity}
		for _, span := range backticked(it.Finding.Title) {
			t.names[normName(span)] = true
			words(span, func(w string, _ bool) { t.parts[w] = true })
		}
		out[i] = t
	}
	return out
}

// noRange is the distance of a pair that no line range brings together
// (apartPairs), as opposed to -1, a whole-file location in a shared file.
const noRange = math.MaxInt

// bar is the similarity two findings need at line distance d (0 for an
// overlap, -1 for a whole-file location, noRange for no shared file).
func bar(x, y traits, d int) float64 {
	var min float64
	switch near := d >= 0 && d <= Near; {
	case near && d == 0 && disjoint(x.parts, y.parts):
		// At the same lines, both titles name code and not even a part
		// of a name is the same (`service.Wait` and `svc start`): the
		// lines are shared, the subject is not.
		min = minOtherCode
	case near && d > 0 && disjoint(x.names, y.names):
		// Both titles name code and none of it is the same, at near
		// lines that do not overlap: two defects side by side, unless
		// the text agrees strongly.
		min = minSideBySide
	case near && shared(x.names, y.names):
		// Both titles name the same code, at near lines: the subject is
		// the same, only the complaint is worded two ways ("can wedge the
		// reconciler" and "polls the API server" of one wait loop).
		min = minNamedNear
	case near:
		min = minNear
	case shared(x.parts, y.parts):
		// Cited apart, titles naming the same code (`svc stop
		// --timeout=30s` and `svc stop`) bring two findings together
		// as a near range would, if less surely. (Titles naming other
		// code, such as the caller and the callee, are no evidence
		// against: minApart already asks for strong agreement.)
		min = minNamedApart
	default:
		min = minApart
	}
	if x.concern != y.concern || severe(x.severity, y.severity) {
		// A comment, a test or the cost of the code beside its
		// behaviour, or a critical finding beside a suggestion: two
		// defects, unless the text agrees strongly.
		min = max(min, minSideBySide)
	}
	return min
}

// disjoint reports whether both sets are non-empty and share nothing.
func disjoint(a, b map[string]bool) bool {
	return len(a) > 0 && len(b) > 0 && !shared(a, b)
}

// shared reports whether the sets have an element in common.
func shared(a, b map[string]bool) bool {
	for n := range a {
		if b[n] {
			return true
		}
	}
	return false
}

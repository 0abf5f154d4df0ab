package review

import (
	"testing"

	"github.com/deepreview/deepreview/internal/cluster"
	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// TestSameDefect: a declined finding is matched only by the same defect;
// a finding dropped as declined is lost, so the same words about other
// code stay.
func TestSameDefect(t *testing.T) {
	at := func(title, path string, line int) report.Finding {
		return report.Finding{Title: title, Body: "Exported without a doc comment, so godoc shows nothing for it.",
			Locations: []finding.Location{{Path: path, StartLine: line, EndLine: line}}}
	}
	declined := at("`Get` has no doc comment", "kv.go", 5)
	cases := []struct {
		name string
		f    report.Finding
		same bool
	}{
		{"raised again on its lines", at("`Get` has no doc comment", "kv.go", 5), true},
		{"raised again, moved", at("`Get` lacks a doc comment", "kv.go", 9), true},
		{"another function far below", at("`Put` has no doc comment", "kv.go", 90), false},
		{"another file", at("`Get` has no doc comment", "store/kv.go", 5), false},
	}
	for _, c := range cases {
		if got := sameDefect(declined, c.f); got != c.same {
			t.Errorf("%s: sameDefect = %v, want %v", c.name, got, c.same)
		}
	}
	// Clustering alone merges these: the reason for the narrower rule.
	merged := 0
	for _, c := range cases[2:] {
		items := []cluster.Item{{Agent: "a", Finding: asFinding(declined)}, {Agent: "b", Finding: asFinding(c.f)}}
		merged += len(cluster.Candidates(items, finding.Files{}))
	}
	if merged == 0 {
		t.Error("clustering keeps every case apart: the test shows nothing the narrower rule adds")
	}
}

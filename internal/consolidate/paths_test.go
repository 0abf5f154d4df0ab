package consolidate

import (
	"slices"
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// TestRetroExactPaths: a change holds age.go and cmd/age/age.go. Codex
// finds an important defect in cmd/age/age.go; Claude marks age.go (the
// other file) as reviewed without issues, and also names cmd/age/age.go
// by a tail only that file has. Claude has no coverage miss (age.go is
// not cmd/age/age.go), reviewed two files, and Gemini, which cites the
// tail "age/age.go" and marks it clean, has one. Before the one path
// rule, a suffix match made age.go and cmd/age/age.go one file.
func TestRetroExactPaths(t *testing.T) {
	codex := &finding.Review{Findings: []finding.Finding{
		{ID: "I1", Severity: finding.Important, Title: "Header parsing accepts a truncated stanza", Body: "The `parse` loop stops early.", Locations: loc("cmd/age/age.go", 10, 20)},
	}, Coverage: []finding.Coverage{{Path: "cmd/age/age.go", Status: "findings"}}}
	claude := &finding.Review{Findings: []finding.Finding{}, Coverage: []finding.Coverage{
		{Path: "age.go", Status: "no-issues"}, {Path: "age/age.go", Status: "findings"}, {Path: "unrelated.go", Status: "no-issues"}}}
	gemini := &finding.Review{Findings: []finding.Finding{}, Coverage: []finding.Coverage{{Path: "age/age.go", Status: "no-issues"}}}
	r := consolidate(t, Input{
		Reviews:      []Source{{Name: "codex", Review: codex}, {Name: "claude", Review: claude}, {Name: "gemini", Review: gemini}},
		ChangedFiles: []string{"age.go", "cmd/age/age.go"},
	})
	got := map[string]report.AgentRetro{}
	for _, a := range r.Retro.Agents {
		got[a.Name] = a
	}
	if a := got["claude"]; len(a.CoverageMisses) != 0 || a.FilesReviewed != 2 {
		t.Errorf("claude: coverage misses %v, files reviewed %d; want none and 2", a.CoverageMisses, a.FilesReviewed)
	}
	if a := got["gemini"]; !slices.Equal(a.CoverageMisses, []string{"age/age.go"}) || a.FilesReviewed != 1 {
		t.Errorf("gemini: coverage misses %v, files reviewed %d; want [age/age.go] and 1", a.CoverageMisses, a.FilesReviewed)
	}
}

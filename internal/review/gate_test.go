package review

import (
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

func TestFailOn(t *testing.T) {
	decisions := []string{report.MergeAsIs, report.MergeWithOptionalFixes, report.MergeWithFixes, report.Rework, "Ship it!"}
	for _, tt := range []struct {
		level FailOn
		want  []bool // per decision
	}{
		{FailNever, []bool{false, false, false, false, false}},
		{"", []bool{false, false, false, false, false}},
		{FailFixes, []bool{false, false, true, true, true}},
		{FailRework, []bool{false, false, false, true, true}},
	} {
		for i, d := range decisions {
			if got := tt.level.Fails(d); got != tt.want[i] {
				t.Errorf("FailOn(%q).Fails(%q) = %v, want %v", tt.level, d, got, tt.want[i])
			}
		}
	}
	for _, s := range []string{"", "never", "fixes", "rework"} {
		if _, err := ParseFailOn(s); err != nil {
			t.Errorf("ParseFailOn(%q): %v", s, err)
		}
	}
	if _, err := ParseFailOn("Rework"); err == nil {
		t.Error("ParseFailOn accepts a decision for a level")
	}
}

func TestStatusLine(t *testing.T) {
	rep := &report.Report{Verdict: report.Verdict{Decision: report.Rework}, Findings: []report.Finding{
		{Severity: finding.Critical}, {Severity: finding.Suggestion}, {Severity: finding.Important}, {Severity: finding.Suggestion},
	}}
	if got, want := statusLine(rep), "Rework: 1 critical, 1 important, 2 suggestions"; got != want {
		t.Errorf("statusLine = %q, want %q", got, want)
	}
	if got := statusLine(&report.Report{Verdict: report.Verdict{Decision: report.MergeAsIs}}); got != "Merge as-is" {
		t.Errorf("statusLine without findings = %q", got)
	}
}

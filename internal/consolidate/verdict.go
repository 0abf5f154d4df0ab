package consolidate

import (
	"fmt"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// Verdict applies the rule of spec §5: any critical finding means Rework,
// else any important one Merge with fixes, else any suggestion Merge with
// optional fixes, else Merge as-is. The decision is always the rule's; a
// consolidator only words the reason.
func Verdict(fs []report.Finding, reason string) report.Verdict {
	var by [3][]report.Finding
	for _, f := range fs {
		if r := f.Severity.Rank(); r < 3 {
			by[r] = append(by[r], f)
		}
	}
	var v report.Verdict
	switch {
	case len(by[0]) > 0:
		v = report.Verdict{Decision: report.Rework, Reason: because(by[0], finding.Critical, "must be fixed before merging")}
	case len(by[1]) > 0:
		v = report.Verdict{Decision: report.MergeWithFixes, Reason: because(by[1], finding.Important, "should be fixed before merging")}
	case len(by[2]) > 0:
		v = report.Verdict{Decision: report.MergeWithOptionalFixes, Reason: because(by[2], finding.Suggestion, "are optional")}
	default:
		v = report.Verdict{Decision: report.MergeAsIs, Reason: "no agent found an issue that survived consolidation"}
	}
	if r := strings.TrimSpace(reason); r != "" {
		v.Reason = r
	}
	return v
}

// because words a default reason: "2 important findings (I1 `Flush`
// drops the last batch, I2 …) should be fixed before merging".
func because(fs []report.Finding, sev finding.Severity, tail string) string {
	noun := string(sev) + " finding"
	if sev == finding.Suggestion {
		noun = "suggestion"
	}
	if len(fs) > 1 {
		noun += "s"
	}
	if sev == finding.Suggestion {
		return fmt.Sprintf("only %d %s, which %s", len(fs), noun, tail)
	}
	ids := make([]string, 0, 3)
	for i, f := range fs {
		if i == 2 {
			ids = append(ids, "…")
			break
		}
		ids = append(ids, fmt.Sprintf("%s %s", f.ID, short(f.Title, 60)))
	}
	return fmt.Sprintf("%d %s (%s) %s", len(fs), noun, strings.Join(ids, ", "), tail)
}

// short cuts s to n runes, with an ellipsis.
func short(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

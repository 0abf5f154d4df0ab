package review

import (
	"context"
	"fmt"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/forge"
	"github.com/deepreview/deepreview/internal/report"
)

// FailOn is the verdict at which a review fails its gate: the CLI's exit
// status and the state of the commit status.
type FailOn string

const (
	// FailNever never fails: the verdict is information only.
	FailNever FailOn = "never"
	// FailFixes fails on Merge with fixes and Rework (optional fixes pass).
	FailFixes FailOn = "fixes"
	// FailRework fails on Rework only.
	FailRework FailOn = "rework"
)

// ParseFailOn reads a --fail-on level; "" is FailNever.
func ParseFailOn(s string) (FailOn, error) {
	switch f := FailOn(s); f {
	case "":
		return FailNever, nil
	case FailNever, FailFixes, FailRework:
		return f, nil
	}
	return "", fmt.Errorf("%q: want never, fixes or rework", s)
}

// Fails reports whether a verdict decision reaches the level. A decision
// outside the known four fails any level but never: a gate that cannot
// read the verdict does not let the change through.
func (f FailOn) Fails(decision string) bool {
	switch f {
	case "", FailNever:
		return false
	case FailRework:
		return decision != report.MergeWithFixes && decision != report.MergeWithOptionalFixes && decision != report.MergeAsIs
	}
	return decision != report.MergeWithOptionalFixes && decision != report.MergeAsIs
}

// setStatus puts the verdict on the reviewed head commit as a commit
// status linking to the report comment. The comment is posted by then, so
// a status GitHub refuses (a token without the statuses permission) is
// reported and the review goes on.
func setStatus(ctx context.Context, req Request, deps Deps, ch *change, rep *report.Report, comment *forge.Comment) *forge.Status {
	s := forge.Status{State: forge.StateSuccess, Context: forge.StatusContext, Description: statusLine(rep)}
	if req.FailOn.Fails(rep.Verdict.Decision) {
		s.State = forge.StateFailure
	}
	if comment != nil {
		s.TargetURL = comment.URL
	}
	got, err := deps.Forge.SetStatus(ctx, ch.repo, ch.ws.Head, s)
	if err != nil {
		fmt.Fprintf(deps.Log, "deepreview: the commit status was not set: %v\n", err)
		return nil
	}
	return &got
}

// statusLine is the status description: the verdict and the count of
// findings by severity, "Rework: 1 critical, 2 important, 3 suggestions".
func statusLine(rep *report.Report) string {
	var n [3]int
	for _, f := range rep.Findings {
		if r := f.Severity.Rank(); r < 3 {
			n[r]++
		}
	}
	var parts []string
	for i, sev := range []finding.Severity{finding.Critical, finding.Important, finding.Suggestion} {
		if n[i] == 0 {
			continue
		}
		name := string(sev)
		if sev == finding.Suggestion && n[i] > 1 {
			name += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n[i], name))
	}
	if len(parts) == 0 {
		return rep.Verdict.Decision
	}
	return rep.Verdict.Decision + ": " + strings.Join(parts, ", ")
}

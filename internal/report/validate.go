package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
)

// The vocabularies of the report's enumerated fields; the schema
// docs/report.schema.json lists the same.
var (
	severities      = []string{string(finding.Critical), string(finding.Important), string(finding.Suggestion)}
	decisions       = []string{Rework, MergeWithFixes, MergeWithOptionalFixes, MergeAsIs}
	checkStatuses   = []string{"verified", "moved", "unverified", ""}
	roundStatuses   = []string{"new", "open", ""}
	previousStatus  = []string{"fixed", "open", "partly-fixed", "not-applicable", "unverified", "declined"}
	verdicts        = []string{"fixed", "not-fixed", "partly-fixed", "no-longer-applies"}
	methods         = []string{"deterministic", "agent"}
	observationKind = []string{"concern", "strength"}
	scopes          = []string{"in-scope", "future", ""}
)

// Validate checks what the JSON decoder cannot: required values and the
// enumerated fields. The error names the field, as "findings[2].severity".
func Validate(r *Report) error {
	var errs []string
	check := func(field, value string, allowed []string) {
		if !slices.Contains(allowed, value) {
			errs = append(errs, fmt.Sprintf("%s: %q is not one of %s", field, value, quoteAll(allowed)))
		}
	}
	if r.ID == "" {
		errs = append(errs, "id: empty")
	}
	if r.Round < 1 {
		errs = append(errs, fmt.Sprintf("round: %d, want 1 or more", r.Round))
	}
	check("verdict.decision", r.Verdict.Decision, decisions)
	for i, f := range r.Findings {
		at := fmt.Sprintf("findings[%d]", i)
		check(at+".severity", string(f.Severity), severities)
		check(at+".location_check.status", f.LocationCheck.Status, checkStatuses)
		check(at+".status", f.Status, roundStatuses)
		for j, s := range f.Sources {
			check(fmt.Sprintf("%s.sources[%d].severity", at, j), string(s.Severity), severities)
		}
		for j, l := range f.Locations {
			if l.Path == "" || l.StartLine < 0 || l.EndLine < 0 {
				errs = append(errs, fmt.Sprintf("%s.locations[%d]: want a path and lines of 0 or more", at, j))
			}
		}
	}
	for i, o := range r.DesignObservations {
		check(fmt.Sprintf("design_observations[%d].kind", i), o.Kind, observationKind)
		check(fmt.Sprintf("design_observations[%d].scope", i), o.Scope, scopes)
	}
	for i, p := range r.Previous {
		check(fmt.Sprintf("previous[%d].status", i), p.Status, previousStatus)
		for j, v := range p.Verdicts {
			check(fmt.Sprintf("previous[%d].verdicts[%d].verdict", i, j), v.Verdict, verdicts)
		}
		if p.Resolution != nil {
			check(fmt.Sprintf("previous[%d].resolution.action", i), p.Resolution.Action, Actions)
		}
	}
	if r.Resolution != nil {
		for id, x := range r.Resolution.Findings {
			check(fmt.Sprintf("resolution.findings[%s].action", id), x.Action, Actions)
		}
	}
	check("consolidation.method", r.Consolidation.Method, methods)
	if len(errs) == 0 {
		return nil
	}
	if len(errs) > 5 {
		errs = append(errs[:5], fmt.Sprintf("and %d more", len(errs)-5))
	}
	return fmt.Errorf("invalid report: %s", strings.Join(errs, "; "))
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

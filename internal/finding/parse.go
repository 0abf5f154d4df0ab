package finding

import (
	"fmt"
	"strings"
)

// ParseError says why a review could not be parsed. The CLI prints it and
// exits 1; the raw text stays with the caller.
type ParseError struct {
	Name   string // file or agent the review came from
	Reason string
}

func (e *ParseError) Error() string { return e.Name + ": " + e.Reason }

// Parse reads one agent review written in Markdown (spec §2, every style
// real agents use) into its structured form (spec §3). Agent and Model are
// left for the caller to fill in. A review with no findings section at all
// (a pointer to another file, a failure note) is an error naming name.
func Parse(name string, src []byte) (*Review, error) {
	src = normalize(src)
	secs := sections(src, parseBlocks(src))
	r := &Review{
		Findings:                []Finding{},
		DesignObservations:      []DesignObservation{},
		AcknowledgedLimitations: []string{},
		Coverage:                []Coverage{},
	}
	ids := counter{}
	groups := 0
	for i := range secs {
		s := &secs[i]
		switch {
		case s.class.isGroup():
			groups++
			r.Findings = append(r.Findings, findings(src, s, ids.next)...)
		case s.class == secSummary:
			r.Summary = joinText(r.Summary, s.text(src))
		case s.class == secDesign || s.class == secConcerns || s.class == secStrengths:
			r.DesignObservations = append(r.DesignObservations, observations(src, s)...)
		case s.class == secTesting:
			r.TestingAssessment = joinText(r.TestingAssessment, s.text(src))
		case s.class == secDocumentation:
			r.DocumentationAssessment = joinText(r.DocumentationAssessment, s.text(src))
		case s.class == secLimitations:
			r.AcknowledgedLimitations = append(r.AcknowledgedLimitations, items(src, s)...)
		case s.class == secCoverage:
			r.Coverage = append(r.Coverage, coverage(src, s)...)
		case i == 0:
			r.Preamble = s.text(src)
		default:
			r.Other = append(r.Other, Section{Title: s.title, Text: s.text(src)})
		}
	}
	if groups == 0 {
		return nil, &ParseError{Name: name, Reason: noFindings(src)}
	}
	resolveFindingRefs(r.Coverage, r.Findings)
	relativize(r)
	return r, nil
}

// noFindings explains the error for a review without a findings section,
// quoting its start so the reader sees what the agent returned.
func noFindings(src []byte) string {
	first := strings.TrimSpace(trimRaw(string(src)))
	if first == "" {
		return "empty review: no findings section"
	}
	first, _, _ = strings.Cut(first, "\n")
	if len(first) > 100 {
		first = first[:100] + "…"
	}
	return fmt.Sprintf("no findings section (no Findings, Critical Issues, Important Issues or Suggestions heading); review starts %q", first)
}

func joinText(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n\n" + b
}

package consolidate

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// decision is the consolidator's answer, as the schema defines it.
type decision struct {
	Clusters []struct {
		Findings       []string `json:"findings"`
		Severity       string   `json:"severity"`
		SeverityReason string   `json:"severity_reason"`
		Title          string   `json:"title"`
	} `json:"clusters"`
	Dropped []struct {
		Finding       string `json:"finding"`
		Reason        string `json:"reason"`
		FalsePositive bool   `json:"false_positive"`
	} `json:"dropped"`
	VerdictReason           string                      `json:"verdict_reason"`
	Summary                 string                      `json:"summary"`
	DesignObservations      []finding.DesignObservation `json:"design_observations"`
	TestingAssessment       string                      `json:"testing_assessment"`
	DocumentationAssessment string                      `json:"documentation_assessment"`
	AcknowledgedLimitations []string                    `json:"acknowledged_limitations"`
	Retro                   []struct {
		Agent     string `json:"agent"`
		Narrative string `json:"narrative"`
	} `json:"retro"`
	ProcessNotes report.ProcessNotes `json:"process_notes"`
}

// extractJSON finds the document: the whole text, else the last fenced
// json block, else the outermost braces.
func extractJSON(text string) ([]byte, error) {
	t := strings.TrimSpace(text)
	if json.Valid([]byte(t)) && strings.HasPrefix(t, "{") {
		return []byte(t), nil
	}
	if i := strings.LastIndex(t, "```json"); i >= 0 {
		rest := t[i+len("```json"):]
		if j := strings.Index(rest, "```"); j >= 0 {
			return []byte(strings.TrimSpace(rest[:j])), nil
		}
	}
	i, j := strings.Index(t, "{"), strings.LastIndex(t, "}")
	if i >= 0 && j > i {
		return []byte(t[i : j+1]), nil
	}
	return nil, errors.New("no JSON document in the answer")
}

// prose checks the decision's prose parts: a summary, a verdict reason, a
// retro paragraph per agent that reviewed, and known agent names.
func prose(d *decision, p *plan, srcs []Source) []error {
	var errs []error
	names := make([]string, len(srcs))
	for i, s := range srcs {
		names[i] = s.Name
	}
	if strings.TrimSpace(d.Summary) == "" {
		errs = append(errs, errors.New("summary is empty"))
	}
	if strings.TrimSpace(d.VerdictReason) == "" {
		errs = append(errs, errors.New("verdict_reason is empty"))
	}
	for _, r := range d.Retro {
		if !slices.Contains(names, r.Agent) {
			errs = append(errs, fmt.Errorf("retro names unknown agent %q", r.Agent))
		}
		p.narratives[r.Agent] = r.Narrative
	}
	for _, s := range srcs {
		if s.Err == "" && strings.TrimSpace(p.narratives[s.Name]) == "" {
			errs = append(errs, fmt.Errorf("retro has no paragraph for agent %q", s.Name))
		}
	}
	for i, o := range d.DesignObservations {
		for _, a := range o.Agents {
			if !slices.Contains(names, a) {
				errs = append(errs, fmt.Errorf("design observation %d names unknown agent %q", i+1, a))
			}
		}
	}
	return errs
}

// parseKey reads "agent:ID"; a malformed key stays unknown and the
// accounting check names it.
func parseKey(s string) key {
	a, id, _ := strings.Cut(strings.TrimSpace(s), ":")
	return key{Agent: strings.TrimSpace(a), ID: strings.TrimSpace(id)}
}

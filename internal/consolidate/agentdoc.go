package consolidate

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// Schema is the JSON Schema of the consolidator's decision document.
//
//go:embed decision.schema.json
var Schema []byte

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

// compileSchema compiles the embedded schema.
func compileSchema() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		return nil, fmt.Errorf("decision schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("decision.schema.json", doc); err != nil {
		return nil, fmt.Errorf("decision schema: %w", err)
	}
	return c.Compile("decision.schema.json")
}

// parseDecision extracts the JSON document from the consolidator's text,
// validates it against the schema and the accounting rules, and turns it
// into a plan. proposed are the clusters the consolidator was given: a
// final cluster may confirm or split one of them, never join two.
func parseDecision(text string, srcs []Source, items []item, proposed []group) (*plan, error) {
	raw, err := extractJSON(text)
	if err != nil {
		return nil, err
	}
	schema, err := compileSchema()
	if err != nil {
		return nil, err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("decision is not JSON: %w", err)
	}
	if err := schema.Validate(inst); err != nil {
		return nil, fmt.Errorf("decision does not match the schema: %w", err)
	}
	var d decision
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("decision: %w", err)
	}
	p, err := toPlan(&d, srcs, proposed)
	if err != nil {
		return nil, err
	}
	if err := checkPlan(items, p); err != nil {
		return nil, fmt.Errorf("decision breaks the accounting: %w", err)
	}
	return p, nil
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

// toPlan converts a decision, checking what the schema cannot: finding
// keys, agent names, and that clusters only confirm or split.
func toPlan(d *decision, srcs []Source, proposed []group) (*plan, error) {
	home := make(map[key]int)
	for i, g := range proposed {
		for _, k := range g.members {
			home[k] = i
		}
	}
	var errs []error
	p := &plan{
		verdictReason: d.VerdictReason, summary: d.Summary, design: d.DesignObservations,
		testing: d.TestingAssessment, documentation: d.DocumentationAssessment,
		limitations: d.AcknowledgedLimitations, notes: d.ProcessNotes,
		narratives: make(map[string]string),
	}
	for i, c := range d.Clusters {
		g := group{severity: finding.Severity(c.Severity), reason: c.SeverityReason, title: strings.TrimSpace(c.Title)}
		from := -1
		for _, s := range c.Findings {
			k := parseKey(s)
			g.members = append(g.members, k)
			if h, ok := home[k]; ok && from >= 0 && h != from {
				errs = append(errs, fmt.Errorf("cluster %d joins findings of proposed clusters P%d and P%d; only confirming or splitting is allowed", i+1, from+1, h+1))
			} else if ok {
				from = h
			}
		}
		p.groups = append(p.groups, g)
	}
	for _, x := range d.Dropped {
		p.drops = append(p.drops, drop{key: parseKey(x.Finding), reason: x.Reason, falsePositive: x.FalsePositive})
	}
	errs = append(errs, prose(d, p, srcs)...)
	return p, errors.Join(errs...)
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

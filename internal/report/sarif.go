package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
)

// The SARIF 2.1.0 subset a code-scanning upload needs.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool              sarifTool       `json:"tool"`
		AutomationDetails sarifAutomation `json:"automationDetails"`
		Results           []sarifResult   `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string       `json:"id"`
		ShortDescription sarifMessage `json:"shortDescription"`
	}
	sarifAutomation struct {
		ID string `json:"id"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations,omitempty"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
		Properties          sarifProperties   `json:"properties"`
	}
	sarifMessage struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifLocation struct {
		ID               int           `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	sarifRegion struct {
		StartLine int `json:"startLine"`
		EndLine   int `json:"endLine"`
	}
	sarifProperties struct {
		ID            string   `json:"id"`
		Severity      string   `json:"severity"`
		Agents        []string `json:"agents"`
		LocationCheck string   `json:"locationCheck,omitempty"`
	}
)

// ruleDescriptions describe the kinds of spec §2; any other kind gets a
// generic description.
var ruleDescriptions = map[string]string{
	"deepreview":    "Finding of a deepreview multi-agent code review",
	"regression":    "Defect introduced by the change",
	"gap":           "Missing handling that predates the change",
	"enhancement":   "Improvement the change could make",
	"documentation": "Documentation that is wrong or missing",
}

// SARIF writes r's findings as a SARIF 2.1.0 log for code scanning: one
// result per finding, its level by severity, its rule the finding's kind.
// A finding without a location has none in SARIF either; GitHub code
// scanning rejects such a log, but a consolidated finding always has one.
func SARIF(w io.Writer, r *Report) error {
	results := make([]sarifResult, 0, len(r.Findings))
	rules := map[string]bool{}
	for _, f := range r.Findings {
		res := sarifFinding(f)
		rules[res.RuleID] = true
		results = append(results, res)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:           "deepreview",
				InformationURI: "https://github.com/deepreview/deepreview",
				Rules:          sarifRules(rules),
			}},
			AutomationDetails: sarifAutomation{ID: "deepreview/" + r.ID},
			Results:           results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("encode sarif of %s: %w", r.ID, err)
	}
	return nil
}

func sarifFinding(f Finding) sarifResult {
	rule := f.Kind
	if rule == "" {
		rule = "deepreview"
	}
	md := "**" + strings.TrimSpace(f.Title) + "**"
	for _, part := range []string{f.Body, f.Fix} {
		if p := strings.TrimSpace(part); p != "" {
			md += "\n\n" + p
		}
	}
	res := sarifResult{
		RuleID:  rule,
		Level:   sarifLevel(f.Severity),
		Message: sarifMessage{Text: f.ID + ". " + strings.TrimSpace(f.Title), Markdown: md},
		Properties: sarifProperties{
			ID: f.ID, Severity: string(f.Severity), Agents: orEmpty(f.Agents),
			LocationCheck: f.LocationCheck.Status,
		},
	}
	if f.Fingerprint != "" {
		res.PartialFingerprints = map[string]string{"deepreview/v1": f.Fingerprint}
	}
	// SARIF wants one location per result unless a single fix changes
	// them all, and code scanning shows only the first: the rest are
	// related locations.
	for i, l := range f.Locations {
		loc := sarifLocation{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifact{URI: l.Path, URIBaseID: "%SRCROOT%"},
		}}
		if l.StartLine > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: l.StartLine, EndLine: max(l.EndLine, l.StartLine)}
		}
		if i == 0 {
			res.Locations = []sarifLocation{loc}
			continue
		}
		loc.ID = i
		res.RelatedLocations = append(res.RelatedLocations, loc)
	}
	return res
}

func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Critical:
		return "error"
	case finding.Important:
		return "warning"
	}
	return "note"
}

func sarifRules(used map[string]bool) []sarifRule {
	ids := make([]string, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	rules := make([]sarifRule, len(ids))
	for i, id := range ids {
		d, ok := ruleDescriptions[id]
		if !ok {
			d = "Finding of kind " + id
		}
		rules[i] = sarifRule{ID: id, ShortDescription: sarifMessage{Text: d}}
	}
	return rules
}

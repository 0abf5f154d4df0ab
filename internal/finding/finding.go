package finding

// Severity is how much a finding matters. The order of the constants is the
// order of the report: most important first.
type Severity string

const (
	Critical   Severity = "critical"
	Important  Severity = "important"
	Suggestion Severity = "suggestion"
)

// Rank orders severities: 0 for critical, 1 important, 2 suggestion, 3 for
// anything else, so sorting by Rank puts the most important first.
func (s Severity) Rank() int {
	switch s {
	case Critical:
		return 0
	case Important:
		return 1
	case Suggestion:
		return 2
	}
	return 3
}

// Letter is the id prefix of the severity: C, I or S.
func (s Severity) Letter() string {
	switch s {
	case Critical:
		return "C"
	case Important:
		return "I"
	case Suggestion:
		return "S"
	}
	return "?"
}

// Review is one agent's review, parsed.
type Review struct {
	Agent                   string              `json:"agent"`
	Model                   string              `json:"model"`
	Summary                 string              `json:"summary"`
	Findings                []Finding           `json:"findings"`
	DesignObservations      []DesignObservation `json:"design_observations"`
	TestingAssessment       string              `json:"testing_assessment"`
	DocumentationAssessment string              `json:"documentation_assessment"`
	AcknowledgedLimitations []string            `json:"acknowledged_limitations"`
	Coverage                []Coverage          `json:"coverage"`
}

// Finding is one numbered entry of a review: C1, I2, S3.
type Finding struct {
	ID        string     `json:"id"`
	Severity  Severity   `json:"severity"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Locations []Location `json:"locations"`
	Body      string     `json:"body"`
	Fix       string     `json:"fix"`
	Agents    []string   `json:"agents,omitempty"`
}

// Location is a path and an optional line range; whole-file locations have
// zero lines.
type Location struct {
	Path      string `json:"path"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
}

// DesignObservation is one concern or strength.
type DesignObservation struct {
	Kind   string   `json:"kind"`  // concern | strength
	Scope  string   `json:"scope"` // in-scope | future | ""
	Text   string   `json:"text"`
	Agents []string `json:"agents,omitempty"`
}

// Coverage is the disposition of one changed file.
type Coverage struct {
	Path       string   `json:"path"`
	Status     string   `json:"status"` // no-issues | trivial | findings
	FindingIDs []string `json:"finding_ids,omitempty"`
}

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
	// Preamble is what the agent wrote before its first section (chatter,
	// its own title and verdict line); Other holds the sections the format
	// does not name (Commit Structure, Unresolved Feedback, …), so nothing
	// an agent wrote is lost.
	Preamble string    `json:"preamble,omitempty"`
	Other    []Section `json:"other_sections,omitempty"`
}

// Section is a section of a review the format does not name.
type Section struct {
	Title string `json:"title"`
	Text  string `json:"text"`
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
	Status     string   `json:"status"` // no-issues | trivial | findings | other
	FindingIDs []string `json:"finding_ids,omitempty"`
	// Note is the rest of the disposition: "(generated)" after
	// "Reviewed, no issues", or the whole text when it is more than ids.
	Note string `json:"note,omitempty"`
}

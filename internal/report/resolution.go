package report

import "time"

// Actions an author records for a finding (deepreview resolve), the
// vocabulary of the real reports' Resolution tables.
const (
	ActionFixed       = "fixed"
	ActionTestWritten = "test-written"
	ActionDocsUpdated = "documentation-updated"
	ActionCommented   = "commented"
	ActionSkipped     = "skipped"
)

// Actions lists every action, in the order they are offered.
var Actions = []string{ActionFixed, ActionTestWritten, ActionDocsUpdated, ActionCommented, ActionSkipped}

// Resolved is the author's outcome for one finding.
type Resolved struct {
	Action string `json:"action"`
	// Commits made the change (fixed, test written, documentation
	// updated): short or full SHAs.
	Commits []string `json:"commits,omitempty"`
	// Reason says why: required for skipped (it makes the skip a decline
	// that later rounds respect), optional otherwise.
	Reason string `json:"reason,omitempty"`
}

// Resolution is the author's answer to one review: per finding id, what
// was done. It is stored beside the review (resolution.json) and shown
// with it.
type Resolution struct {
	Date     time.Time           `json:"date"`
	Findings map[string]Resolved `json:"findings"`
}

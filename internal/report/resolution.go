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

// Decline is a finding the author skipped with a reason in an earlier
// round. Later rounds drop it when an agent raises it again on unchanged
// code, and keep it, marked re-raised, when the code it cites changed.
type Decline struct {
	Round       int    `json:"round"`
	Review      string `json:"review"` // the id of the review it was declined in
	ID          string `json:"id"`     // its id in that review
	Title       string `json:"title"`
	Reason      string `json:"reason"`
	Fingerprint string `json:"fingerprint"`
	// Changed is set when the code it cites no longer reads the same at
	// this round's head (edited or removed, not merely moved; its file
	// gone), or the code it names gained references (see Why).
	Changed bool `json:"changed"`
	// Why says what changed when the lines did not: new references to
	// the code it names ("`Put` 2 → 5").
	Why string `json:"why,omitempty"`
	// Reraised is the id of this round's finding that raises it again,
	// kept because the code changed; "" when none does.
	Reraised string `json:"reraised,omitempty"`
	// Dropped counts the agents' findings dropped as this decline.
	Dropped int `json:"dropped,omitempty"`
}

// Resolution is the author's answer to one review: per finding id, what
// was done. It is stored beside the review (resolution.json) and shown
// with it.
type Resolution struct {
	Date     time.Time           `json:"date"`
	Findings map[string]Resolved `json:"findings"`
}

// suppressSkipped marks a finding the author skipped with a reason as
// suppressed in SARIF, the reason its justification: code scanning then
// shows it dismissed rather than open.
func suppressSkipped(res *sarifResult, r *Resolution, id string) {
	if r == nil {
		return
	}
	if x, ok := r.Findings[id]; ok && x.Action == ActionSkipped {
		res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: "skipped by the author: " + x.Reason}}
	}
}

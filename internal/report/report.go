package report

import (
	"time"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/redact"
	"github.com/deepreview/deepreview/internal/transcript"
)

// Report is one consolidated review. Its JSON field names are public; the
// schema is docs/report.schema.json.
type Report struct {
	ID          string    `json:"id"`
	Round       int       `json:"round"`
	Date        time.Time `json:"date"`
	Change      Change    `json:"change"`
	WallClockMS int64     `json:"wall_clock_ms"`
	// Skill names the review instructions the agents had: where they came
	// from and a short hash of their text.
	Skill string `json:"skill,omitempty"`
	// Sandbox says how the agents were confined, or that they were not.
	Sandbox string `json:"sandbox,omitempty"`
	// Notices say what the review did not cover or could not do as asked
	// (no sandbox, uncommitted changes left out).
	Notices []string `json:"notices,omitempty"`

	Verdict  Verdict   `json:"verdict"`
	Summary  string    `json:"summary"`
	Findings []Finding `json:"findings"`
	Dropped  []Dropped `json:"dropped"`

	DesignObservations      []finding.DesignObservation `json:"design_observations"`
	TestingAssessment       string                      `json:"testing_assessment"`
	DocumentationAssessment string                      `json:"documentation_assessment"`
	AcknowledgedLimitations []string                    `json:"acknowledged_limitations"`
	// CommitStructure is each agent's assessment of the commits: fold-in
	// candidates, messages that do not match their diffs.
	CommitStructure []AgentText `json:"commit_structure,omitempty"`
	// UnresolvedFeedback is the pull request's human review threads, and
	// what each agent judged of them.
	UnresolvedFeedback *Feedback `json:"unresolved_feedback,omitempty"`

	Retro        Retro        `json:"retro"`
	ProcessNotes ProcessNotes `json:"process_notes"`

	// Previous is round N-1's findings and what became of them.
	Previous []PreviousFinding `json:"previous,omitempty"`
	// Declined are the findings the author declined in earlier rounds,
	// and whether the code each cites changed since.
	Declined []Decline `json:"declined,omitempty"`
	// Resolution is the author's answer to this review, recorded after it
	// (deepreview resolve); show adds it from the store.
	Resolution *Resolution `json:"resolution,omitempty"`

	Consolidation Consolidation `json:"consolidation"`
	Appendix      []Original    `json:"appendix"`

	// Redactions counts the secrets removed from what the review stored
	// and reports (see Redact), by class, never what they were.
	Redactions redact.Counts `json:"redactions"`
	// ToolVersion is the deepreview build that made the report
	// (version.Info.String: module version and VCS revision).
	ToolVersion string `json:"tool_version,omitempty"`
}

// Change is what was reviewed: a pull request or a local branch.
type Change struct {
	Repo string `json:"repo"` // owner/name, or a local path's base name
	// RepoID identifies the repository for rounds and notes: owner/name
	// on GitHub, else "_local/<folder>-<hash of root commit and path>".
	RepoID  string   `json:"repo_id,omitempty"`
	RepoURL string   `json:"repo_url"` // empty for a local repository
	PR      int      `json:"pr"`       // 0 for a local branch
	PRURL   string   `json:"pr_url"`
	Branch  string   `json:"branch"`
	Base    string   `json:"base"` // merge base commit
	Head    string   `json:"head"`
	Title   string   `json:"title"`
	Author  string   `json:"author"`
	Commits []Commit `json:"commits"`
}

// Commit is one commit of the change.
type Commit struct {
	SHA     string `json:"sha"`
	Subject string `json:"subject"`
}

// Verdict is the decision (Rework, Merge with fixes, Merge with optional
// fixes, Merge as-is) and its one-sentence reason.
type Verdict struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

// Verdict decisions, the vocabulary of the real reports.
const (
	Rework                 = "Rework"
	MergeWithFixes         = "Merge with fixes"
	MergeWithOptionalFixes = "Merge with optional fixes"
	MergeAsIs              = "Merge as-is"
)

// Finding is one consolidated finding.
type Finding struct {
	ID            string             `json:"id"`
	Severity      finding.Severity   `json:"severity"`
	Kind          string             `json:"kind"`
	Title         string             `json:"title"`
	Locations     []finding.Location `json:"locations"`
	Agents        []string           `json:"agents"`
	Sources       []Source           `json:"sources"`
	LocationCheck LocationCheck      `json:"location_check"`
	Body          string             `json:"body"`
	Fix           string             `json:"fix"`
	// Status is the finding's place in the rounds: "new" in round > 1 for a
	// finding not seen in round N-1, "open" for one that was; empty in round 1.
	Status string `json:"status,omitempty"`
	// Fingerprint matches a finding across rounds (path, normalized title,
	// anchored source line), independent of line numbers.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// Source is one agent finding that a consolidated finding was built from.
type Source struct {
	Agent    string           `json:"agent"`
	ID       string           `json:"id"`
	Severity finding.Severity `json:"severity"`
}

// LocationCheck is the result of checking a finding's locations against the
// reviewed tree: verified, moved or unverified, and why.
type LocationCheck struct {
	Status string `json:"status"`
	Detail string `json:"detail"`
}

// LocationVerified is the LocationCheck status of a finding whose cited
// lines were found in the reviewed tree.
const LocationVerified = "verified"

// Dropped is an agent finding consolidation removed, with the reason.
type Dropped struct {
	Agent  string `json:"agent"`
	ID     string `json:"id"`
	Title  string `json:"title,omitempty"`
	Reason string `json:"reason"`
}

// Retro is the agent performance retro: computed figures per agent and one
// reconciliation line per severity change or drop.
type Retro struct {
	Agents         []AgentRetro `json:"agents"`
	Reconciliation []string     `json:"reconciliation"`
}

// AgentRetro is one agent's column of the retro Summary table.
type AgentRetro struct {
	Name               string               `json:"name"`
	Model              string               `json:"model"`
	Narrative          string               `json:"narrative"`
	DurationMS         int64                `json:"duration_ms"`
	Findings           SeverityCounts       `json:"findings"`
	ToolCalls          transcript.ToolCalls `json:"tool_calls"`
	Tokens             transcript.Tokens    `json:"tokens"`
	CostUSD            float64              `json:"cost_usd"`
	DesignObservations int                  `json:"design_observations"`
	FalsePositives     int                  `json:"false_positives"`
	UniqueInsights     int                  `json:"unique_insights"`
	FilesReviewed      int                  `json:"files_reviewed"`
	CoverageMisses     []string             `json:"coverage_misses"`
	Downgraded         int                  `json:"downgraded"`
	Upgraded           int                  `json:"upgraded"`
	Dropped            int                  `json:"dropped"`
	// Error is why the agent produced no usable review; empty on success.
	Error string `json:"error,omitempty"`
}

// SeverityCounts counts findings by severity.
type SeverityCounts struct {
	Critical   int `json:"critical"`
	Important  int `json:"important"`
	Suggestion int `json:"suggestion"`
}

// ProcessNotes feed the next review: context for the repository and
// proposed changes to the review skill.
type ProcessNotes struct {
	RepoContextUpdates []string `json:"repo_context_updates"`
	SkillImprovements  []string `json:"skill_improvements"`
}

// PreviousFinding is a round N-1 finding and its status in this round.
// Status is "open" when this round reports it again; otherwise it is what
// the agents' verdicts say (fixed, partly-fixed, not-applicable, or open
// for "not fixed"), and "unverified" when no agent judged it: a finding
// nobody re-reported is not thereby fixed. A file that is gone makes it
// not-applicable; a finding the author declined, whose code did not
// change, is "declined".
type PreviousFinding struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Fingerprint string `json:"fingerprint"`
	Status      string `json:"status"`
	NowID       string `json:"now_id,omitempty"`
	// Verdicts are the agents' judgements of it, from their "Previous
	// Findings" sections, in the order of the agents.
	Verdicts []AgentVerdict `json:"verdicts,omitempty"`
	// Resolution is what the author recorded for it after round N-1
	// (deepreview resolve), when anything.
	Resolution *Resolved `json:"resolution,omitempty"`
}

// AgentVerdict is one agent's verdict on a previous finding: fixed,
// not-fixed, partly-fixed or no-longer-applies, with its evidence.
type AgentVerdict struct {
	Agent    string `json:"agent"`
	Verdict  string `json:"verdict"`
	Evidence string `json:"evidence,omitempty"`
}

// Consolidation says how the report was consolidated: by code alone or by a
// consolidator agent, whether that agent's output was rejected, and its run.
type Consolidation struct {
	Method     string            `json:"method"` // deterministic | agent
	Agent      string            `json:"agent,omitempty"`
	Fallback   string            `json:"fallback,omitempty"`
	DurationMS int64             `json:"duration_ms"`
	Tokens     transcript.Tokens `json:"tokens"`
	CostUSD    float64           `json:"cost_usd"`
}

// Original is one agent's review as it wrote it, for the appendix.
type Original struct {
	Agent string `json:"agent"`
	Model string `json:"model"`
	Pass  int    `json:"pass"`
	Text  string `json:"text"`
	Error string `json:"error,omitempty"`
}

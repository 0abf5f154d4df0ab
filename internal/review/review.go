package review

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/deepreview/deepreview/internal/agent"
	"github.com/deepreview/deepreview/internal/forge"
	"github.com/deepreview/deepreview/internal/redact"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/store"
	"github.com/deepreview/deepreview/internal/workspace"
)

// Request is one review to run.
type Request struct {
	// Dir is the user's repository (any folder inside it).
	Dir string
	// Target is the pull request to review; the zero Target reviews the
	// current branch against Base.
	Target workspace.Target
	// Base is the base ref of a local review; empty means the remote's
	// default branch, else main.
	Base string
	// Agents review the change, in parallel.
	Agents []agent.Spec
	// Consolidator decides the consolidation; nil means by code alone.
	Consolidator *agent.Spec
	// SkillPath replaces the review skill; empty means the repository's
	// .deepreview/skill.md, else the built-in skill.
	SkillPath string
	// Post creates or updates the report comment on the pull request and
	// sets a commit status carrying the verdict on its head.
	Post bool
	// Inline, with Post, also submits one pull-request review whose
	// comments sit on the changed lines each finding cites (see
	// postInline); findings on lines outside the diff stay in the summary
	// comment only.
	Inline bool
	// PostAnyway posts even when the agents' output held a private key or
	// a known token format (redacted, but a sign that an agent read what
	// it should not have).
	PostAnyway bool
	// FailOn is the verdict at which the commit status is a failure.
	FailOn FailOn
	// RoundOf is the id of a finished review this one is the next round
	// of; "" means the change's latest. A detached HEAD has no implicit
	// previous round, so this is how it gets one.
	RoundOf string
}

// Forge is what the pipeline needs of GitHub.
type Forge interface {
	PullRequest(ctx context.Context, repo forge.Repo, number int) (*forge.PullRequest, error)
	UpsertComment(ctx context.Context, repo forge.Repo, number int, body string, knownID int64) (forge.Comment, bool, error)
	SetStatus(ctx context.Context, repo forge.Repo, sha string, s forge.Status) (forge.Status, error)
	Threads(ctx context.Context, repo forge.Repo, number int) ([]forge.Thread, error)
	CreateReview(ctx context.Context, repo forge.Repo, number int, commit, body string, comments []forge.NewReviewComment) (forge.Review, error)
	EditReviewComments(ctx context.Context, repo forge.Repo, number int, reviewID int64, bodies map[int64]string) (map[int64]forge.ReviewComment, error)
	ReplyToReviewComment(ctx context.Context, repo forge.Repo, number int, commentID int64, body string) (forge.ReviewComment, error)
	ResolveOwnThreads(ctx context.Context, repo forge.Repo, number int, commentIDs []int64) ([]int64, error)
}

// Deps are the pipeline's collaborators.
type Deps struct {
	Store  *store.Store
	Runner *agent.Runner
	// Forge is needed for pull requests and --post; nil otherwise.
	Forge Forge
	// Observer sees every agent's progress; nil for none.
	Observer agent.Observer
	// Log receives short notes on what the pipeline does (stderr).
	Log io.Writer
	// Redact removes secrets from what the agents wrote before anything
	// is stored, printed or posted; nil still removes private keys and
	// known token formats.
	Redact *redact.Redactor
	// Stage is told what the pipeline does now ("snapshot", "agents",
	// "consolidating", "writing"); nil for no one.
	Stage func(string)
	Now   func() time.Time
}

// stage tells deps.Stage, when set.
func (d Deps) stage(format string, args ...any) {
	if d.Stage != nil {
		d.Stage(fmt.Sprintf(format, args...))
	}
}

// Result is a finished review.
type Result struct {
	Report   *report.Report
	Markdown []byte
	// SARIF is the report for code scanning, with the line hashes of the
	// reviewed files.
	SARIF []byte
	// Dir is the review's folder in the store.
	Dir string
	// Comment is the posted comment, when Post was set.
	Comment *forge.Comment
	// Status is the commit status set, when Post was set and GitHub took it.
	Status *forge.Status
	// Inline is what the inline comments did, when Inline was set and
	// they were posted.
	Inline *Inline
}

// Run reviews one change. When the agents ran but consolidation or storage
// failed, the error says so and the agents' files stay in the store. When
// only the store failed (a *NotStoredError), Run returns the Result along
// with the error: the report is whole, and the caller should still print
// it.
func Run(ctx context.Context, req Request, deps Deps) (*Result, error) {
	if len(req.Agents) == 0 {
		return nil, errors.New("no agents to run")
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Log == nil {
		deps.Log = io.Discard
	}
	start := deps.Now()
	deps.stage("resolving the change")
	ch, err := resolve(ctx, req, deps)
	if err != nil {
		return nil, err
	}
	for _, n := range ch.ws.Notices {
		fmt.Fprintf(deps.Log, "deepreview: %s\n", n)
	}
	if len(ch.ws.Commits) == 0 {
		return nil, fmt.Errorf("nothing to review: head %.7s has no commits that %s lacks (check out the branch to review, or pass --base)",
			ch.ws.Head, ch.ws.BaseRef)
	}
	rv, err := deps.Store.CreateAfter(ch.report, start, req.RoundOf)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	res, err := run(ctx, req, deps, ch, rv)
	var lost *NotStoredError
	var unposted *PostError
	done := errors.As(err, &unposted) || (errors.As(err, &lost) && lost.Done)
	if err != nil && !done {
		if ferr := rv.Fail(err); ferr != nil {
			err = errors.Join(err, fmt.Errorf("recording the failure: %w", ferr))
		}
	}
	switch {
	case lost != nil || unposted != nil:
		// The review is whole; only the store failed it. The caller still
		// gets the report to print.
		return res, fmt.Errorf("review %s: %w", rv.ID, err)
	case err != nil:
		return nil, fmt.Errorf("review %s: %w (its files are in %s)", rv.ID, err, rv.Dir)
	}
	return res, nil
}

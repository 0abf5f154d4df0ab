package review

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"

	"github.com/deepreview/deepreview/internal/forge"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/store"
)

// finish renders and stores the report, feeds the learning loop and posts
// the comment.
func finish(ctx context.Context, req Request, deps Deps, ch *change, rv *store.Review, rep *report.Report, tree fs.FS) (*Result, error) {
	deps.stage("writing the report")
	report.Redact(rep, deps.Redact)
	var md bytes.Buffer
	if err := report.Markdown(&md, rep); err != nil {
		return nil, fmt.Errorf("rendering: %w", err)
	}
	if err := rv.Finish(rep, md.Bytes()); err != nil {
		return nil, err
	}
	res := &Result{Report: rep, Markdown: md.Bytes(), Dir: rv.Dir}
	// SARIF's line hashes need the reviewed files, which are gone once
	// the review returns: it is made here, while the snapshot is there.
	var sarif bytes.Buffer
	if err := report.SARIFTree(&sarif, rep, tree); err != nil {
		return nil, fmt.Errorf("rendering SARIF: %w", err)
	}
	res.SARIF = sarif.Bytes()
	learn(deps, rep)
	if req.Post && !req.PostAnyway {
		if err := report.PostBlocked(rep); err != nil {
			return res, err
		}
	}
	if req.Post {
		c, err := post(ctx, deps, ch, rv, md.String())
		if err != nil {
			return res, fmt.Errorf("posting the report (stored in %s): %w", rv.Dir, err)
		}
		res.Comment = c
	}
	return res, nil
}

// learn stores the report's repo context updates, which reach the next
// review's prompt, and its skill improvements, which are only proposals:
// a person decides whether the skill changes.
func learn(deps Deps, rep *report.Report) {
	repo := rep.Change.Repo
	if n, err := deps.Store.AddContext(repo, rep.ProcessNotes.RepoContextUpdates); err != nil {
		fmt.Fprintf(deps.Log, "deepreview: storing context notes: %v\n", err)
	} else if n > 0 {
		fmt.Fprintf(deps.Log, "deepreview: %d new context note(s) for %s (deepreview notes)\n", n, repo)
	}
	if n, err := deps.Store.AddSkillProposals(repo, rep.ProcessNotes.SkillImprovements); err != nil {
		fmt.Fprintf(deps.Log, "deepreview: storing skill proposals: %v\n", err)
	} else if n > 0 {
		fmt.Fprintf(deps.Log, "deepreview: %d skill improvement proposal(s), not applied (deepreview notes --skill)\n", n)
	}
}

func post(ctx context.Context, deps Deps, ch *change, rv *store.Review, md string) (*forge.Comment, error) {
	if ch.pr == nil {
		return nil, fmt.Errorf("--post needs a pull request; %s is a local branch", ch.report.Branch)
	}
	if deps.Forge == nil {
		return nil, fmt.Errorf("--post needs GitHub access")
	}
	c, _, err := deps.Forge.UpsertComment(ctx, ch.repo, ch.pr.Number, forge.CommentBody(md, rv.ID), previousComment(deps, rv))
	if err != nil {
		return nil, err
	}
	// The next round edits this comment, found by its id (and checked to
	// be ours), never by the marker alone.
	if b, err := json.Marshal(postedComment{ID: c.ID, URL: c.URL}); err == nil {
		if err := rv.WriteFile(CommentFile, b); err != nil {
			fmt.Fprintf(deps.Log, "deepreview: recording the comment's id: %v\n", err)
		}
	}
	return &c, nil
}

// CommentFile records, in a review's folder, the comment it posted.
const CommentFile = "comment.json"

type postedComment struct {
	ID  int64  `json:"id"`
	URL string `json:"url"`
}

// previousComment is the id of the comment the previous round posted, or
// 0 when there is none.
func previousComment(deps Deps, rv *store.Review) int64 {
	if rv.Previous == "" {
		return 0
	}
	prev, err := deps.Store.Get(rv.Previous)
	if err != nil {
		return 0
	}
	p, err := prev.Path(CommentFile)
	if err != nil {
		return 0
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return 0
	}
	var c postedComment
	if json.Unmarshal(b, &c) != nil {
		return 0
	}
	return c.ID
}

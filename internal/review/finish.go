package review

import (
	"bytes"
	"context"
	"fmt"

	"github.com/deepreview/deepreview/internal/forge"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/store"
)

// finish renders and stores the report, feeds the learning loop and posts
// the comment.
func finish(ctx context.Context, req Request, deps Deps, ch *change, rv *store.Review, rep *report.Report) (*Result, error) {
	var md bytes.Buffer
	if err := report.Markdown(&md, rep); err != nil {
		return nil, fmt.Errorf("rendering: %w", err)
	}
	if err := rv.Finish(rep, md.Bytes()); err != nil {
		return nil, err
	}
	res := &Result{Report: rep, Markdown: md.Bytes(), Dir: rv.Dir}
	learn(deps, rep)
	if req.Post {
		c, err := post(ctx, deps, ch, rv, md.String())
		if err != nil {
			return res, fmt.Errorf("posting the report (stored in %s): %w", rv.Dir, err)
		}
		res.Comment = c
		res.Status = setStatus(ctx, req, deps, ch, rep, c)
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
	link := rv.Dir + "/report.md"
	c, _, err := deps.Forge.UpsertComment(ctx, ch.repo, ch.pr.Number, forge.CommentBody(md, link))
	if err != nil {
		return nil, err
	}
	return &c, nil
}

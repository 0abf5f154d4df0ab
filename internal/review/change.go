package review

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/deepreview/deepreview/internal/forge"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/workspace"
)

// change is the resolved change with what the prompt and report need.
type change struct {
	ws     *workspace.Change
	report report.Change
	// pr and repo are set for a pull request.
	pr   *forge.PullRequest
	repo forge.Repo
	// threads are the PR's human review threads; nil when they could not
	// be read (or for a local branch).
	threads []forge.Thread
}

func resolve(ctx context.Context, req Request, deps Deps) (*change, error) {
	if req.Target.Local() {
		ws, err := workspace.Local(ctx, req.Dir, req.Base)
		if err != nil {
			return nil, err
		}
		rc := ws.Report()
		if rc.RepoID, err = RepoID(ctx, ws.RepoDir, ws.Repo); err != nil {
			return nil, err
		}
		return &change{ws: ws, report: rc}, nil
	}
	return resolvePR(ctx, req, deps)
}

// resolvePR reads the pull request from GitHub and fetches its head and
// base into refs of deepreview's own, never touching the user's branches.
func resolvePR(ctx context.Context, req Request, deps Deps) (*change, error) {
	name := req.Target.Repo
	if name == "" {
		cur, _, err := workspace.Repo(ctx, req.Dir)
		if err != nil {
			return nil, err
		}
		name = cur
	}
	repo, err := forge.ParseRepo(name)
	if err != nil {
		return nil, fmt.Errorf("pull request #%d: the current repository has no GitHub remote (%w); name it as owner/name#%d", req.Target.PR, err, req.Target.PR)
	}
	if deps.Forge == nil {
		return nil, errors.New("reviewing a pull request needs GitHub access")
	}
	pr, err := deps.Forge.PullRequest(ctx, repo, req.Target.PR)
	if err != nil {
		return nil, err
	}
	remote, err := workspace.FindRemote(ctx, req.Dir, repo.String())
	if err != nil {
		// No remote of this repository here: fetch from its URL.
		remote = "https://github.com/" + repo.String() + ".git"
	}
	ws, err := workspace.FetchPR(ctx, req.Dir, remote, pr.Number, pr.BaseRef)
	if err != nil {
		return nil, err
	}
	if pr.HeadSHA != "" && !strings.EqualFold(pr.HeadSHA, ws.Head) {
		fmt.Fprintf(deps.Log, "deepreview: %s#%d: GitHub says head %.7s, fetched %.7s (pushed meanwhile?); reviewing %.7s\n",
			repo, pr.Number, pr.HeadSHA, ws.Head, ws.Head)
	}
	rc := ws.Report()
	rc.Repo, rc.RepoURL = repo.String(), "https://github.com/"+repo.String()
	rc.RepoID = repo.String()
	rc.PR, rc.PRURL = pr.Number, pr.URL
	rc.Branch, rc.Title, rc.Author = pr.HeadRef, pr.Title, pr.Author
	threads, err := deps.Forge.Threads(ctx, repo, pr.Number)
	var partial *forge.PartialError
	switch {
	case errors.As(err, &partial):
		fmt.Fprintf(deps.Log, "deepreview: %s#%d: review threads: %v\n", repo, pr.Number, err)
		err = nil
	case err != nil:
		fmt.Fprintf(deps.Log, "deepreview: %s#%d: no review threads for the agents: %v\n", repo, pr.Number, err)
	}
	if err == nil {
		threads = withoutOwn(threads)
	}
	return &change{ws: ws, report: rc, pr: pr, repo: repo, threads: threads}, nil
}

package workspace

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/deepreview/deepreview/internal/gitcmd"
)

// PRRefs are the refs FetchPR writes for pull request n: outside
// refs/heads, so no branch of the user's changes, and stable, so a later
// round overwrites them instead of piling up new ones.
func PRRefs(n int) (head, base string) {
	return fmt.Sprintf("refs/deepreview/pr-%d/head", n), fmt.Sprintf("refs/deepreview/pr-%d/base", n)
}

// FetchPR fetches pull request n's head (refs/pull/N/head) and its base
// branch baseRef (a branch name; "" for the remote's default branch) from
// remote (a remote name or URL) into PRRefs(n), and resolves the change.
// The repository at repoDir must already be a clone; its branches, index
// and working tree are left alone.
func FetchPR(ctx context.Context, repoDir, remote string, n int, baseRef string) (*Change, error) {
	if n <= 0 {
		return nil, fmt.Errorf("pull request number %d: must be positive", n)
	}
	top, err := gitcmd.Run(ctx, repoDir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is not a git work tree: %w", repoDir, err)
	}
	headRef, baseDst := PRRefs(n)
	src := "HEAD"
	if baseRef != "" {
		src = "refs/heads/" + strings.TrimPrefix(baseRef, "refs/heads/")
	}
	specs := []string{
		fmt.Sprintf("+refs/pull/%d/head:%s", n, headRef),
		fmt.Sprintf("+%s:%s", src, baseDst),
	}
	if err := fetch(ctx, top, remote, specs); err != nil {
		return nil, fmt.Errorf("fetch pull request %d from %s: %w", n, remote, err)
	}
	head, err := commit(ctx, top, headRef)
	if err != nil {
		return nil, err
	}
	c := &Change{RepoDir: top, PR: n, BaseRef: baseDst, Head: head}
	c.Repo, c.RepoURL = repoName(ctx, top, remote)
	return c, c.describe(ctx)
}

// fetch runs git fetch, retrying a few times when another deepreview
// fetching the same pull request holds the lock on one of its refs.
func fetch(ctx context.Context, dir, remote string, specs []string) error {
	args := append([]string{"-c", "core.hooksPath=/dev/null", "fetch", "--quiet", "--no-tags",
		"--no-write-fetch-head", "--no-recurse-submodules", "--end-of-options", remote}, specs...)
	var err error
	for attempt := range 4 {
		if _, err = gitcmd.Run(ctx, dir, args...); err == nil || !lockBusy(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(attempt+1) * 200 * time.Millisecond):
		}
	}
	return err
}

func lockBusy(err error) bool {
	var gerr *gitcmd.Error
	return errors.As(err, &gerr) && (strings.Contains(gerr.Stderr, "cannot lock ref") ||
		strings.Contains(gerr.Stderr, ".lock': File exists"))
}

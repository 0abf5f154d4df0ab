package workspace

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/deepreview/deepreview/internal/filelock"
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
	head, base, err := fetchRefs(ctx, top, remote, specs, headRef, baseDst)
	if err != nil {
		return nil, fmt.Errorf("fetch pull request %d from %s: %w", n, remote, err)
	}
	c := &Change{RepoDir: top, PR: n, BaseRef: baseDst, Head: head}
	c.Repo, c.RepoURL = repoName(ctx, top, remote)
	if err := c.describe(ctx, base, remote); err != nil {
		return nil, err
	}
	return c, nil
}

// fetchRefs fetches specs from remote and resolves the head and base refs
// they write, under the repository's lock: another deepreview fetching
// the same pull request must neither make the fetch fail nor move the
// refs between the fetch and their reading.
func fetchRefs(ctx context.Context, top, remote string, specs []string, headRef, baseRef string) (head, base string, err error) {
	unlock, err := LockRepo(ctx, top)
	if err != nil {
		return "", "", err
	}
	defer unlock()
	if err := fetch(ctx, top, remote, specs); err != nil {
		return "", "", err
	}
	if head, err = commit(ctx, top, headRef); err != nil {
		return "", "", err
	}
	base, err = commit(ctx, top, baseRef)
	return head, base, err
}

// LockRepo takes deepreview's lock on the repository holding dir (a file
// in its common git folder, shared by its worktrees), waiting while
// another deepreview holds it: the git operations that change the
// repository (fetching into refs/deepreview, deepening a shallow clone)
// take turns between concurrent reviews.
func LockRepo(ctx context.Context, dir string) (unlock func(), err error) {
	common, err := gitcmd.Run(ctx, dir, "rev-parse", "--git-common-dir")
	if err != nil {
		return nil, err
	}
	if !filepath.IsAbs(common) {
		common = filepath.Join(dir, common)
	}
	unlock, err = filelock.Lock(ctx, filepath.Join(common, "deepreview.lock"))
	if err != nil {
		return nil, fmt.Errorf("lock the repository: %w", err)
	}
	return unlock, nil
}

// fetch runs git fetch with flags, retrying a few times when a git
// process that does not take deepreview's lock (the user's own) holds
// git's lock on a ref or the index.
func fetch(ctx context.Context, dir, remote string, specs []string, flags ...string) error {
	args := append([]string{"-c", "core.hooksPath=/dev/null", "fetch", "--quiet", "--no-tags",
		"--no-write-fetch-head", "--no-recurse-submodules"}, flags...)
	args = append(append(args, "--end-of-options", remote), specs...)
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
		strings.Contains(gerr.Stderr, ".lock': File exists") || strings.Contains(gerr.Stderr, "Unable to create"))
}

package workspace

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/deepreview/deepreview/internal/gitcmd"
)

// mergeBase finds the merge base of base and the head. In a shallow clone
// (GitHub Actions checks out one commit by default) the merge base may be
// beyond the history there is: the clone is then deepened from remote,
// with a notice, or the error says how to fetch the history.
func (c *Change) mergeBase(ctx context.Context, base, remote string) (string, error) {
	mb, err := gitcmd.Run(ctx, c.RepoDir, "merge-base", base, c.Head)
	if err == nil {
		return mb, nil
	}
	if !shallow(ctx, c.RepoDir) {
		return "", fmt.Errorf("no merge base of %s and %s: %w", c.BaseRef, c.Head, err)
	}
	if remote == "" {
		return "", shallowError(c, "it has no remote to fetch the history from")
	}
	if err := unshallow(ctx, c.RepoDir, remote); err != nil {
		return "", shallowError(c, fmt.Sprintf("fetching the history from %s failed: %v", remote, err))
	}
	c.Notices = append(c.Notices, fmt.Sprintf("the clone was shallow: deepreview fetched its full history from %s (git fetch --unshallow) to find the merge base", remote))
	mb, err = gitcmd.Run(ctx, c.RepoDir, "merge-base", base, c.Head)
	if err != nil {
		return "", fmt.Errorf("no merge base of %s and %s, even with the full history of %s: %w", c.BaseRef, c.Head, remote, err)
	}
	return mb, nil
}

func shallowError(c *Change, why string) error {
	return fmt.Errorf("%s is a shallow clone whose history stops before the merge base of %s and %s, and %s; "+
		"fetch the history with 'git fetch --unshallow' (in GitHub Actions: actions/checkout with fetch-depth: 0)",
		c.RepoDir, c.BaseRef, c.Head, why)
}

func shallow(ctx context.Context, dir string) bool {
	out, err := gitcmd.Run(ctx, dir, "rev-parse", "--is-shallow-repository")
	return err == nil && out == "true"
}

// unshallow fetches the whole history of a shallow clone from remote,
// under the repository's lock.
func unshallow(ctx context.Context, dir, remote string) error {
	unlock, err := LockRepo(ctx, dir)
	if err != nil {
		return err
	}
	defer unlock()
	if !shallow(ctx, dir) { // another deepreview did it meanwhile
		return nil
	}
	return fetch(ctx, dir, remote, nil, "--unshallow")
}

// baseRemote is the remote to deepen a shallow clone from: the remote of
// a remote-tracking base (origin/main), else origin, else none.
func baseRemote(ctx context.Context, top, baseRef string) string {
	out, _ := gitcmd.Run(ctx, top, "remote")
	remotes := strings.Fields(out)
	if r, _, ok := strings.Cut(baseRef, "/"); ok && slices.Contains(remotes, r) {
		return r
	}
	if slices.Contains(remotes, "origin") {
		return "origin"
	}
	return ""
}

// uncommitted describes the working tree's uncommitted changes ("2
// changed files, 1 untracked file"), "" when it is clean.
func uncommitted(ctx context.Context, top string) string {
	out, err := gitcmd.Output(ctx, top, "status", "--porcelain=v1", "-z", "--untracked-files=normal")
	if err != nil {
		return ""
	}
	changed, untracked := 0, 0
	entries := strings.Split(string(out), "\x00")
	for i := 0; i < len(entries); i++ {
		e := entries[i]
		switch {
		case len(e) < 3:
		case strings.HasPrefix(e, "??"):
			untracked++
		default:
			changed++
			if e[0] == 'R' || e[0] == 'C' {
				i++ // a rename's source path follows
			}
		}
	}
	var parts []string
	if changed > 0 {
		parts = append(parts, plural(changed, "changed file"))
	}
	if untracked > 0 {
		parts = append(parts, plural(untracked, "untracked file"))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

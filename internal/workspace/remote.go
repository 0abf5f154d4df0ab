package workspace

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/deepreview/deepreview/internal/gitcmd"
)

// GitHubRepo returns owner/name for a GitHub remote URL in the https, ssh
// (ssh://git@github.com/owner/name.git) or scp-like (git@github.com:owner/name)
// forms, and false for any other URL.
func GitHubRepo(remoteURL string) (string, bool) {
	s := strings.TrimSpace(remoteURL)
	var host, path string
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil {
			return "", false
		}
		host, path = u.Hostname(), u.Path
	} else if at, rest, ok := strings.Cut(s, ":"); ok && !strings.Contains(at, "/") {
		host, path = at, rest
		if _, h, ok := strings.Cut(host, "@"); ok {
			host = h
		}
	}
	if !strings.EqualFold(host, "github.com") && !strings.EqualFold(host, "www.github.com") {
		return "", false
	}
	repo := strings.TrimSuffix(strings.Trim(path, "/"), ".git")
	if !validRepo(repo) {
		return "", false
	}
	return repo, true
}

// FindRemote returns the name of the remote of repoDir whose URL is the
// GitHub repository repo (owner/name, compared case-insensitively).
func FindRemote(ctx context.Context, repoDir, repo string) (string, error) {
	out, err := gitcmd.Run(ctx, repoDir, "remote")
	if err != nil {
		return "", err
	}
	for _, name := range strings.Fields(out) {
		u, err := gitcmd.Run(ctx, repoDir, "remote", "get-url", name)
		if err != nil {
			continue
		}
		if r, ok := GitHubRepo(u); ok && strings.EqualFold(r, repo) {
			return name, nil
		}
	}
	return "", fmt.Errorf("%s has no remote for github.com/%s", repoDir, repo)
}

// repoName names the repository of top by its remote's GitHub URL, else by
// its folder; the second result is the https URL of a GitHub repository.
// remote may be a remote's name or a URL.
func repoName(ctx context.Context, top, remote string) (name, webURL string) {
	u, err := gitcmd.Run(ctx, top, "remote", "get-url", remote)
	if err != nil {
		u = remote
	}
	if r, ok := GitHubRepo(u); ok {
		return r, "https://github.com/" + r
	}
	return filepath.Base(top), ""
}

// Repo returns the name Local would give the repository holding dir
// (owner/name of its GitHub origin, else its folder's name) and its
// current branch ("" when detached), without computing a diff: what
// `deepreview list` needs to find the stored reviews of a target.
func Repo(ctx context.Context, dir string) (repo, branch string, err error) {
	top, err := gitcmd.Run(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", "", fmt.Errorf("%s is not a git work tree: %w", dir, err)
	}
	repo, _ = repoName(ctx, top, "origin")
	branch, _ = gitcmd.Run(ctx, top, "symbolic-ref", "--short", "-q", "HEAD")
	return repo, branch, nil
}

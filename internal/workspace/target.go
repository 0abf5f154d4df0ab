package workspace

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Target is what to review: a pull request (PR > 0), possibly of a named
// repository, or the current branch (the zero Target).
type Target struct {
	Repo string // owner/name when the target named one, else ""
	PR   int
}

// Local reports whether the target is the current branch.
func (t Target) Local() bool { return t.PR == 0 }

// String returns the target in the owner/name#N, #N or "" form.
func (t Target) String() string {
	switch {
	case t.PR == 0:
		return ""
	case t.Repo == "":
		return fmt.Sprintf("#%d", t.PR)
	}
	return fmt.Sprintf("%s#%d", t.Repo, t.PR)
}

// ParseTarget parses a review target: a GitHub pull request URL
// (https://github.com/owner/name/pull/N, with or without a trailing /files,
// query or fragment), owner/name#N, #N, N, or "" for the current branch.
func ParseTarget(s string) (Target, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Target{}, nil
	case strings.Contains(s, "://") || strings.HasPrefix(s, "github.com/"):
		return parsePRURL(s)
	case strings.HasPrefix(s, "#"):
		n, err := prNumber(s[1:])
		return Target{PR: n}, wrapTarget(s, err)
	case strings.Contains(s, "#"):
		repo, num, _ := strings.Cut(s, "#")
		if !validRepo(repo) {
			return Target{}, fmt.Errorf("target %q: %q is not owner/name", s, repo)
		}
		n, err := prNumber(num)
		return Target{Repo: repo, PR: n}, wrapTarget(s, err)
	}
	n, err := prNumber(s)
	if err != nil {
		return Target{}, fmt.Errorf("target %q: want a pull request URL, owner/name#N, #N or N", s)
	}
	return Target{PR: n}, nil
}

func parsePRURL(s string) (Target, error) {
	raw := s
	if !strings.Contains(s, "://") {
		raw = "https://" + s
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Target{}, fmt.Errorf("target %q: %w", s, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" || !strings.EqualFold(u.Host, "github.com") && !strings.EqualFold(u.Host, "www.github.com") {
		return Target{}, fmt.Errorf("target %q: not a github.com pull request URL", s)
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) < 4 || parts[2] != "pull" {
		return Target{}, fmt.Errorf("target %q: want https://github.com/owner/name/pull/N", s)
	}
	repo := parts[0] + "/" + strings.TrimSuffix(parts[1], ".git")
	if !validRepo(repo) {
		return Target{}, fmt.Errorf("target %q: %q is not owner/name", s, repo)
	}
	n, err := prNumber(parts[3])
	return Target{Repo: repo, PR: n}, wrapTarget(s, err)
}

func wrapTarget(s string, err error) error {
	if err != nil {
		return fmt.Errorf("target %q: %w", s, err)
	}
	return nil
}

func prNumber(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || strings.HasPrefix(s, "+") {
		return 0, fmt.Errorf("%q is not a pull request number", s)
	}
	return n, nil
}

// validRepo reports whether s is owner/name with GitHub's characters.
func validRepo(s string) bool {
	owner, name, ok := strings.Cut(s, "/")
	return ok && validName(owner) && validName(name) && name != "." && name != ".."
}

func validName(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

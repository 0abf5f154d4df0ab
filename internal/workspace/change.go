package workspace

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/deepreview/deepreview/internal/gitcmd"
	"github.com/deepreview/deepreview/internal/report"
)

// Change is a resolved change: the commits from the merge base to the head.
type Change struct {
	RepoDir string // top level of the local repository
	Repo    string // owner/name of the GitHub remote, else the folder name
	RepoURL string // https://github.com/owner/name, or "" when not on GitHub
	PR      int    // 0 for a local branch
	Branch  string // current branch of a local change; "" when detached or a PR
	BaseRef string // the ref the base was resolved from (origin/main, refs/deepreview/pr-7/base, …)
	Base    string // merge base commit of BaseRef and Head
	Head    string // head commit
	Commits []report.Commit
	Files   []File
	// Notices say what the review does not cover or what was done to the
	// repository to resolve the change ("the working tree has uncommitted
	// changes", "the clone was shallow: …"), one line each, for stderr and
	// the report's header.
	Notices []string
}

// File is one changed file with its line counts; Binary files have none.
type File struct {
	Path    string
	OldPath string // the path before a rename, else ""
	Added   int
	Removed int
	Binary  bool
}

// Report returns the change in the report's shape; title and author are
// the forge's to fill in.
func (c *Change) Report() report.Change {
	rc := report.Change{
		Repo: c.Repo, RepoURL: c.RepoURL, PR: c.PR, Branch: c.Branch,
		Base: c.Base, Head: c.Head, Commits: c.Commits,
	}
	if c.PR > 0 && c.RepoURL != "" {
		rc.PRURL = fmt.Sprintf("%s/pull/%d", c.RepoURL, c.PR)
	}
	return rc
}

// Local resolves the current branch of the repository at repoDir (or any
// folder inside it) against base: the given ref, else the default branch of
// origin (refs/remotes/origin/HEAD), else main, else master.
func Local(ctx context.Context, repoDir, base string) (*Change, error) {
	top, err := gitcmd.Run(ctx, repoDir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is not a git work tree: %w", repoDir, err)
	}
	head, err := commit(ctx, top, "HEAD")
	if err != nil {
		return nil, fmt.Errorf("%s has no commits: %w", top, err)
	}
	baseRef, err := defaultBase(ctx, top, base)
	if err != nil {
		return nil, err
	}
	c := &Change{RepoDir: top, BaseRef: baseRef, Head: head}
	c.Repo, c.RepoURL = repoName(ctx, top, "origin")
	// A detached HEAD has no branch: symbolic-ref exits 1 and Branch stays "".
	c.Branch, _ = gitcmd.Run(ctx, top, "symbolic-ref", "--short", "-q", "HEAD")
	if err := c.describe(ctx, baseRef, baseRemote(ctx, top, baseRef)); err != nil {
		return nil, err
	}
	if n := uncommitted(ctx, top); n != "" {
		c.Notices = append(c.Notices, fmt.Sprintf("the working tree has uncommitted changes (%s): they are not reviewed, only the commits up to HEAD %.7s", n, head))
	}
	return c, nil
}

func defaultBase(ctx context.Context, top, base string) (string, error) {
	if base != "" {
		if _, err := commit(ctx, top, base); err != nil {
			return "", fmt.Errorf("base %q is not a commit in %s", base, top)
		}
		return base, nil
	}
	if ref, err := gitcmd.Run(ctx, top, "symbolic-ref", "--short", "-q", "refs/remotes/origin/HEAD"); err == nil {
		return ref, nil
	}
	for _, ref := range []string{"main", "master"} {
		if _, err := commit(ctx, top, ref); err == nil {
			return ref, nil
		}
	}
	return "", fmt.Errorf("%s has no origin/HEAD, main or master to review against: give a base", top)
}

// commit resolves rev to a full commit SHA.
func commit(ctx context.Context, dir, rev string) (string, error) {
	return gitcmd.Run(ctx, dir, "rev-parse", "--verify", "-q", "--end-of-options", rev+"^{commit}")
}

// describe fills in the merge base of base (a commit or ref) and the
// head, the commits and changed files. A shallow clone is deepened from
// remote ("" for none) when its history stops short of the merge base.
func (c *Change) describe(ctx context.Context, base, remote string) error {
	base, err := c.mergeBase(ctx, base, remote)
	if err != nil {
		return err
	}
	c.Base = base
	if c.Commits, err = Commits(ctx, c.RepoDir, base, c.Head); err != nil {
		return err
	}
	c.Files, err = files(ctx, c.RepoDir, base, c.Head)
	return err
}

// Commits lists the commits after from up to to in the repository at
// dir, oldest first.
func Commits(ctx context.Context, dir, from, to string) ([]report.Commit, error) {
	out, err := gitcmd.Run(ctx, dir, "-c", "log.showSignature=false", "log", "--reverse", "--no-color",
		"--format=%H%x00%s", from+".."+to, "--")
	if err != nil {
		return nil, err
	}
	var cs []report.Commit
	for line := range strings.Lines(out) {
		sha, subject, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\x00")
		cs = append(cs, report.Commit{SHA: sha, Subject: subject})
	}
	return cs, nil
}

func files(ctx context.Context, dir, base, head string) ([]File, error) {
	out, err := gitcmd.Output(ctx, dir, "diff", "--numstat", "-z", "--find-renames", "--no-color",
		"--no-ext-diff", base, head, "--")
	if err != nil {
		return nil, err
	}
	return parseNumstat(string(out))
}

// parseNumstat parses `git diff --numstat -z`: "added\tremoved\tpath\0", or
// for a rename "added\tremoved\t\0old\0new\0"; binary files count "-".
func parseNumstat(out string) ([]File, error) {
	var fs []File
	fields := strings.Split(out, "\x00")
	for i := 0; i < len(fields); i++ {
		rec := fields[i]
		if rec == "" {
			continue
		}
		added, rest, ok1 := strings.Cut(rec, "\t")
		removed, path, ok2 := strings.Cut(rest, "\t")
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("numstat record %q: want added<TAB>removed<TAB>path", rec)
		}
		f := File{Path: path, Binary: added == "-"}
		if path == "" {
			if i+2 >= len(fields) || fields[i+1] == "" || fields[i+2] == "" {
				return nil, errors.New("numstat rename record without both paths")
			}
			f.OldPath, f.Path = fields[i+1], fields[i+2]
			i += 2
		}
		if !f.Binary {
			var err1, err2 error
			f.Added, err1 = strconv.Atoi(added)
			f.Removed, err2 = strconv.Atoi(removed)
			if err := errors.Join(err1, err2); err != nil {
				return nil, fmt.Errorf("numstat record %q: %w", rec, err)
			}
		}
		fs = append(fs, f)
	}
	return fs, nil
}

package workspace

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/deepreview/deepreview/internal/gitcmd"
	"github.com/deepreview/deepreview/internal/report"
)

// git runs git in dir as a test author and fails the test on error.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	args = append([]string{"-c", "user.name=Test", "-c", "user.email=test@example.com",
		"-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)
	out, err := gitcmd.Run(context.Background(), dir, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fixture is a bare origin with main and a pull request ref, and a clone of
// it on branch feature, two commits ahead of main, with a dirty working tree.
type fixture struct {
	origin, clone string
	main, pr      string // commits
}

// newFixture copies a fixture built once per test binary: building takes
// about twenty git commands, copying none.
func newFixture(t *testing.T) fixture {
	t.Helper()
	template.once.Do(func() {
		template.root = filepath.Join(testTmp, "template")
		template.fx = buildFixture(t, template.root)
	})
	if template.fx.clone == "" {
		t.Fatal("fixture could not be built")
	}
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(template.root)); err != nil {
		t.Fatal(err)
	}
	rel := func(p string) string { return filepath.Join(root, strings.TrimPrefix(p, template.root)) }
	fx := template.fx
	fx.origin, fx.clone = rel(fx.origin), rel(fx.clone)
	git(t, fx.clone, "remote", "set-url", "origin", fx.origin)
	return fx
}

var template struct {
	once sync.Once
	root string
	fx   fixture
}

var testTmp string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "workspace-test-")
	if err != nil {
		panic(err)
	}
	testTmp = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func buildFixture(t *testing.T, root string) fixture {
	os.Mkdir(root, 0o755)
	seed := filepath.Join(root, "seed")
	os.Mkdir(seed, 0o755)
	git(t, seed, "init", "-q")
	write(t, seed, "a.txt", "one\ntwo\nthree\n")
	write(t, seed, "c.txt", "rename me\nplease\n")
	git(t, seed, "add", ".")
	git(t, seed, "commit", "-q", "-m", "initial")
	main := git(t, seed, "rev-parse", "HEAD")

	// The pull request: a commit on no branch of origin, only refs/pull/1/head.
	git(t, seed, "checkout", "-q", "-b", "pr")
	write(t, seed, "pr.txt", "from the pull request\n")
	git(t, seed, "add", ".")
	git(t, seed, "commit", "-q", "-m", "pr: add pr.txt")
	pr := git(t, seed, "rev-parse", "HEAD")
	git(t, seed, "checkout", "-q", "main")

	origin := filepath.Join(root, "origin.git")
	git(t, root, "clone", "-q", "--bare", seed, origin)
	git(t, seed, "push", "-q", origin, "pr:refs/pull/1/head")
	git(t, origin, "branch", "-D", "pr")

	clone := filepath.Join(root, "widget")
	git(t, root, "clone", "-q", origin, clone)
	git(t, clone, "checkout", "-q", "-b", "feature")
	write(t, clone, "a.txt", "one\nTWO\nthree\nfour\nfive\n")
	write(t, clone, "img.bin", "\x00\x01\x02binary")
	git(t, clone, "add", ".")
	git(t, clone, "commit", "-q", "-m", "feature: edit a, add img")
	git(t, clone, "mv", "c.txt", "d.txt")
	git(t, clone, "commit", "-q", "-m", "feature: rename c to d")
	write(t, clone, "a.txt", "uncommitted\n") // the user's work in progress
	write(t, clone, "untracked.txt", "x\n")
	return fixture{origin: origin, clone: clone, main: main, pr: pr}
}

// userState is what a review must never change in the user's repository.
func userState(t *testing.T, dir string) string {
	return strings.Join([]string{
		git(t, dir, "status", "--porcelain=v1", "--branch", "--untracked-files=all"),
		git(t, dir, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/remotes", "refs/tags"),
		git(t, dir, "worktree", "list", "--porcelain"),
		git(t, dir, "rev-parse", "HEAD"),
		git(t, dir, "stash", "list"),
	}, "\n---\n")
}

func TestLocal(t *testing.T) {
	fx := newFixture(t)
	git(t, fx.clone, "remote", "set-url", "origin", "git@github.com:acme/widget.git")
	before := userState(t, fx.clone)
	os.Mkdir(filepath.Join(fx.clone, "sub"), 0o755)

	c, err := Local(context.Background(), filepath.Join(fx.clone, "sub"), "")
	if err != nil {
		t.Fatal(err)
	}
	head := git(t, fx.clone, "rev-parse", "HEAD")
	if c.Repo != "acme/widget" || c.RepoURL != "https://github.com/acme/widget" || c.Branch != "feature" ||
		c.BaseRef != "origin/main" || c.Base != fx.main || c.Head != head || c.PR != 0 {
		t.Errorf("change = %+v", c)
	}
	wantCommits := []string{"feature: edit a, add img", "feature: rename c to d"}
	if got := subjects(c.Commits); !slices.Equal(got, wantCommits) {
		t.Errorf("commits = %q, want %q", got, wantCommits)
	}
	wantFiles := []File{
		{Path: "a.txt", Added: 3, Removed: 1},
		{Path: "d.txt", OldPath: "c.txt"},
		{Path: "img.bin", Binary: true},
	}
	if !slices.Equal(c.Files, wantFiles) {
		t.Errorf("files = %+v, want %+v", c.Files, wantFiles)
	}
	if rc := c.Report(); rc.Repo != "acme/widget" || rc.Head != head || len(rc.Commits) != 2 || rc.PRURL != "" {
		t.Errorf("Report() = %+v", rc)
	}
	if repo, branch, err := Repo(context.Background(), fx.clone); repo != "acme/widget" || branch != "feature" || err != nil {
		t.Errorf("Repo = %q, %q, %v", repo, branch, err)
	}
	if after := userState(t, fx.clone); after != before {
		t.Errorf("user state changed:\n%s\nwant\n%s", after, before)
	}
}

func TestLocalBase(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	// No origin: the folder names the repository and main is the base.
	git(t, fx.clone, "remote", "remove", "origin")
	c, err := Local(ctx, fx.clone, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Repo != "widget" || c.RepoURL != "" || c.BaseRef != "main" || len(c.Commits) != 2 {
		t.Errorf("change = %+v", c)
	}
	// An explicit base: only the last commit.
	c, err = Local(ctx, fx.clone, "HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	if got := subjects(c.Commits); !slices.Equal(got, []string{"feature: rename c to d"}) {
		t.Errorf("commits against HEAD~1 = %q", got)
	}
	if _, err := Local(ctx, fx.clone, "no-such-branch"); err == nil || !strings.Contains(err.Error(), `base "no-such-branch"`) {
		t.Errorf("bad base: error = %v", err)
	}
	// Detached HEAD: no branch.
	git(t, fx.clone, "checkout", "-q", "--detach")
	if c, err = Local(ctx, fx.clone, ""); err != nil || c.Branch != "" {
		t.Errorf("detached: %+v, %v", c, err)
	}
	if _, err := Local(ctx, t.TempDir(), ""); err == nil || !strings.Contains(err.Error(), "not a git work tree") {
		t.Errorf("outside a repository: error = %v", err)
	}
}

func TestFetchPR(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	before := userState(t, fx.clone)
	for _, base := range []string{"main", ""} {
		c, err := FetchPR(ctx, fx.clone, "origin", 1, base)
		if err != nil {
			t.Fatal(err)
		}
		if c.PR != 1 || c.Head != fx.pr || c.Base != fx.main || c.BaseRef != "refs/deepreview/pr-1/base" || c.Branch != "" {
			t.Errorf("base %q: change = %+v", base, c)
		}
		if got := subjects(c.Commits); !slices.Equal(got, []string{"pr: add pr.txt"}) {
			t.Errorf("commits = %q", got)
		}
		if !slices.Equal(c.Files, []File{{Path: "pr.txt", Added: 1}}) {
			t.Errorf("files = %+v", c.Files)
		}
	}
	if after := userState(t, fx.clone); after != before {
		t.Errorf("user state changed:\n%s\nwant\n%s", after, before)
	}
	if got := git(t, fx.clone, "rev-parse", "refs/deepreview/pr-1/head"); got != fx.pr {
		t.Errorf("refs/deepreview/pr-1/head = %s, want %s", got, fx.pr)
	}
	// A remote given by URL works too.
	if c, err := FetchPR(ctx, fx.clone, fx.origin, 1, "main"); err != nil || c.Head != fx.pr {
		t.Errorf("by URL: %+v, %v", c, err)
	}
	if _, err := FetchPR(ctx, fx.clone, "origin", 2, "main"); err == nil || !strings.Contains(err.Error(), "fetch pull request 2") {
		t.Errorf("missing PR: error = %v", err)
	}
}

func TestFindRemote(t *testing.T) {
	fx := newFixture(t)
	git(t, fx.clone, "remote", "add", "upstream", "https://github.com/Acme/Widget.git")
	name, err := FindRemote(context.Background(), fx.clone, "acme/widget")
	if err != nil || name != "upstream" {
		t.Errorf("FindRemote = %q, %v", name, err)
	}
	if _, err := FindRemote(context.Background(), fx.clone, "other/repo"); err == nil {
		t.Error("FindRemote(other/repo): no error")
	}
}

func subjects(cs []report.Commit) []string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Subject)
	}
	return s
}

package workspace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/gitcmd"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/store"
)

// history is a bare origin whose main has three commits (c1, c2, c3) and
// whose branch feature and pull request 1 add f1 on top of c1, so their
// merge base with main is two commits below main's tip.
type history struct {
	origin     string
	c1, c3, f1 string
}

func newHistory(t *testing.T) history {
	t.Helper()
	root := t.TempDir()
	seed := filepath.Join(root, "seed")
	os.Mkdir(seed, 0o755)
	git(t, seed, "init", "-q")
	var h history
	for i := 1; i <= 3; i++ {
		write(t, seed, "main.txt", fmt.Sprint("main ", i, "\n"))
		git(t, seed, "add", ".")
		git(t, seed, "commit", "-q", "-m", fmt.Sprint("c", i))
		if i == 1 {
			h.c1 = git(t, seed, "rev-parse", "HEAD")
		}
	}
	h.c3 = git(t, seed, "rev-parse", "HEAD")
	git(t, seed, "checkout", "-q", "-b", "feature", h.c1)
	write(t, seed, "feature.txt", "f1\n")
	git(t, seed, "add", ".")
	git(t, seed, "commit", "-q", "-m", "f1")
	h.f1 = git(t, seed, "rev-parse", "HEAD")
	git(t, seed, "checkout", "-q", "main") // the origin's default branch
	h.origin = filepath.Join(root, "origin.git")
	git(t, root, "clone", "-q", "--bare", seed, h.origin)
	git(t, seed, "push", "-q", h.origin, "feature:refs/pull/1/head")
	return h
}

// shallowClone is `git clone --depth 1` of h's origin, as GitHub Actions
// checks out by default, on branch feature.
func shallowClone(t *testing.T, h history) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "clone")
	git(t, filepath.Dir(dir), "clone", "-q", "--depth", "1", "--no-single-branch", "file://"+h.origin, dir)
	git(t, dir, "checkout", "-q", "feature")
	if !shallow(context.Background(), dir) {
		t.Fatal("the clone is not shallow")
	}
	return dir
}

func TestShallowLocal(t *testing.T) {
	h := newHistory(t)
	clone := shallowClone(t, h)
	// The attack: in the shallow clone the merge base is out of reach.
	if _, err := gitcmd.Run(context.Background(), clone, "merge-base", "origin/main", "HEAD"); err == nil {
		t.Fatal("merge-base works in the shallow clone: the fixture does not reproduce the problem")
	}
	c, err := Local(context.Background(), clone, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Base != h.c1 || c.Head != h.f1 || !slices.Equal(subjects(c.Commits), []string{"f1"}) {
		t.Errorf("change = %+v", c)
	}
	if len(c.Notices) != 1 || !strings.Contains(c.Notices[0], "the clone was shallow: deepreview fetched its full history from origin (git fetch --unshallow)") {
		t.Errorf("notices = %q", c.Notices)
	}
	if shallow(context.Background(), clone) {
		t.Error("still shallow")
	}
}

func TestShallowPR(t *testing.T) {
	h := newHistory(t)
	clone := filepath.Join(t.TempDir(), "clone")
	git(t, filepath.Dir(clone), "clone", "-q", "--depth", "1", "file://"+h.origin, clone)
	c, err := FetchPR(context.Background(), clone, "origin", 1, "main")
	if err != nil {
		t.Fatal(err)
	}
	if c.Base != h.c1 || c.Head != h.f1 || len(c.Notices) != 1 {
		t.Errorf("change = %+v", c)
	}
}

// TestShallowNoRemote: when the history cannot be fetched, the error says
// how to get it, instead of git's bare merge-base failure.
func TestShallowNoRemote(t *testing.T) {
	h := newHistory(t)
	clone := shallowClone(t, h)
	git(t, clone, "remote", "set-url", "origin", "file://"+filepath.Join(t.TempDir(), "gone.git"))
	_, err := Local(context.Background(), clone, "")
	for _, want := range []string{"is a shallow clone whose history stops before the merge base of origin/main and " + h.f1,
		"fetching the history from origin failed", "git fetch --unshallow", "fetch-depth: 0"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nwant %q in it", err, want)
		}
	}
	git(t, clone, "branch", "-q", "base", "origin/main")
	git(t, clone, "remote", "remove", "origin")
	if _, err := Local(context.Background(), clone, "base"); err == nil || !strings.Contains(err.Error(), "it has no remote to fetch the history from") {
		t.Errorf("without a remote: %v", err)
	}
}

// TestUncommittedNotice: changes in the working tree are not reviewed,
// and the change says so.
func TestUncommittedNotice(t *testing.T) {
	fx := newFixture(t) // a.txt modified, untracked.txt added
	c, err := Local(context.Background(), fx.clone, "")
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("the working tree has uncommitted changes (1 changed file, 1 untracked file): they are not reviewed, only the commits up to HEAD %.7s", c.Head)
	if !slices.Equal(c.Notices, []string{want}) {
		t.Errorf("notices %q, want %q", c.Notices, want)
	}
	git(t, fx.clone, "stash", "-q", "--include-untracked")
	if c, err := Local(context.Background(), fx.clone, ""); err != nil || len(c.Notices) != 0 {
		t.Errorf("clean tree: notices %q, %v", c.Notices, err)
	}
	// A rename staged counts once.
	git(t, fx.clone, "mv", "d.txt", "e.txt")
	if got := uncommitted(context.Background(), fx.clone); got != "1 changed file" {
		t.Errorf("staged rename: %q", got)
	}
}

// TestConcurrentFetches runs 20 reviews of one pull request at once, as
// far as the repository and the store are concerned: each creates its
// review in one store and fetches the pull request into the same refs,
// from remotes whose pull request heads all differ. Every one succeeds
// and resolves its own head. Without deepreview's lock, plain concurrent
// fetches into the same refs fail ("cannot lock ref … is at … but
// expected …"); that part is only logged, as a race may not show.
func TestConcurrentFetches(t *testing.T) {
	const n = 20
	fx := newFixture(t)
	remotes, heads := prRemotes(t, fx, n)

	var failed int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := gitcmd.Run(context.Background(), fx.clone, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head",
				remotes[i], "+refs/pull/1/head:refs/deepreview/pr-1/head")
			if err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	t.Logf("without the lock: %d of %d plain fetches failed", failed, n)

	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ids := make([]string, n)
	for i := range n {
		wg.Go(func() {
			rv, err := s.Create(report.Change{Repo: "acme/widget", PR: 1}, start)
			if err != nil {
				t.Errorf("review %d: store: %v", i, err)
				return
			}
			ids[i] = rv.ID
			c, err := FetchPR(context.Background(), fx.clone, remotes[i], 1, "main")
			if err != nil {
				t.Errorf("review %d: %v", i, err)
				return
			}
			if c.Head != heads[i] || c.Base != fx.main {
				t.Errorf("review %d: head %.7s base %.7s, want %.7s and %.7s", i, c.Head, c.Base, heads[i], fx.main)
			}
		})
	}
	wg.Wait()
	t.Logf("with the lock: %d reviews' store entries and fetches in %v", n, time.Since(start))
	slices.Sort(ids)
	if len(slices.Compact(ids)) != n {
		t.Errorf("review ids not unique: %q", ids)
	}
}

// prRemotes makes n bare remotes, each with main and a different commit
// as refs/pull/1/head, and returns their paths and those commits.
func prRemotes(t *testing.T, fx fixture, n int) (remotes, heads []string) {
	t.Helper()
	root := t.TempDir()
	work := filepath.Join(root, "work")
	git(t, root, "clone", "-q", fx.origin, work)
	for i := range n {
		write(t, work, "pr.txt", fmt.Sprint("pull request head ", i, "\n"))
		git(t, work, "add", ".")
		git(t, work, "commit", "-q", "-m", fmt.Sprint("head ", i))
		heads = append(heads, git(t, work, "rev-parse", "HEAD"))
		r := filepath.Join(root, fmt.Sprint("remote-", i, ".git"))
		git(t, root, "init", "-q", "--bare", r)
		git(t, work, "push", "-q", r, fx.main+":refs/heads/main", "HEAD:refs/pull/1/head")
		git(t, work, "reset", "-q", "--hard", fx.main)
		remotes = append(remotes, r)
	}
	return remotes, heads
}

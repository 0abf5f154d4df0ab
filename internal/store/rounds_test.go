package store

import (
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/deepreview/deepreview/internal/report"
)

// Concurrent reviews of one change, each opening the store like a second
// process, get distinct rounds: the round is given out under the lock
// and a running review holds its number. Without the running review's
// hold (the old rule: 1 + finished reviews), every one would be round 1.
func TestConcurrentCreatesGetDistinctRounds(t *testing.T) {
	s, _ := Open(t.TempDir())
	const n = 6
	rounds := make([]int, n)
	createConcurrently(t, s, n, func(i int, r *Review) { rounds[i] = r.Round })
	slices.Sort(rounds)
	if want := []int{1, 2, 3, 4, 5, 6}; !slices.Equal(rounds, want) {
		t.Errorf("rounds = %v, want %v", rounds, want)
	}
}

// createConcurrently creates n reviews of pr7 at once, each through a
// store of its own opened on s's folder (like a second process), and
// calls then with each from its goroutine.
func createConcurrently(t *testing.T, s *Store, n int, then func(i int, r *Review)) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			s, err := Open(s.Dir())
			if err != nil {
				t.Error(err)
				return
			}
			r, err := s.Create(pr7(), start)
			if err != nil {
				t.Error(err)
				return
			}
			then(i, r)
		})
	}
	wg.Wait()
}

// A failed review gives its round back: it stays as an attempt, and the
// next review takes the number.
func TestFailedReviewIsAnAttempt(t *testing.T) {
	s, _ := Open(t.TempDir())
	r1, _ := s.Create(pr7(), start)
	finish(t, r1)
	r2, _ := s.Create(pr7(), start)
	if r2.Round != 2 {
		t.Fatalf("second review round %d, want 2", r2.Round)
	}
	if err := r2.Fail(errors.New("every agent failed")); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(r2.ID)
	if got.Round != 0 || got.Attempt != 2 || got.State != Failed {
		t.Errorf("failed review = round %d attempt %d %s, want round 0 attempt 2 failed", got.Round, got.Attempt, got.State)
	}
	r3, _ := s.Create(pr7(), start)
	if r3.Round != 2 || r3.Previous != r1.ID {
		t.Errorf("after a failure: round %d after %q, want 2 after %s", r3.Round, r3.Previous, r1.ID)
	}
}

// Two repositories with one name (two folders called app, no GitHub
// remote) are two changes: their RepoIDs differ. Known by name alone,
// as before RepoIDs, the second would be round 2 of the first.
func TestRepoIDSeparatesRepositories(t *testing.T) {
	s, _ := Open(t.TempDir())
	a := report.Change{Repo: "app", RepoID: "_local/app-aaaa", Branch: "main"}
	b := report.Change{Repo: "app", RepoID: "_local/app-bbbb", Branch: "main"}
	ra, _ := s.Create(a, start)
	finish(t, ra)
	rb, _ := s.Create(b, start)
	if rb.Round != 1 || rb.Previous != "" {
		t.Errorf("other repository of the same name: round %d after %q, want round 1", rb.Round, rb.Previous)
	}
	a.RepoID, b.RepoID = "", ""
	legacy, _ := s.Create(a, start)
	finish(t, legacy)
	if again, _ := s.Create(b, start); again.Round != 2 {
		t.Errorf("by name alone: round %d, want 2 (the confusion RepoID removes)", again.Round)
	}
}

// A detached HEAD names no branch: it is no round of the repository's
// other reviews, unless linked with CreateAfter.
func TestDetachedHasNoImplicitPreviousRound(t *testing.T) {
	s, _ := Open(t.TempDir())
	branch := report.Change{Repo: "widget", RepoID: "_local/widget-1", Branch: "feature"}
	r1, _ := s.Create(branch, start)
	finish(t, r1)
	detached := report.Change{Repo: "widget", RepoID: "_local/widget-1"}
	d1, _ := s.Create(detached, start)
	finish(t, d1)
	d2, _ := s.Create(detached, start)
	if d2.Round != 1 || d2.Previous != "" {
		t.Errorf("detached: round %d after %q, want round 1 with no previous", d2.Round, d2.Previous)
	}
	linked, err := s.CreateAfter(detached, start, r1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if linked.Round != 2 || linked.Previous != r1.ID || linked.Branch != "feature" {
		t.Errorf("linked: round %d after %q on %q, want round 2 after %s on feature", linked.Round, linked.Previous, linked.Branch, r1.ID)
	}
	if _, err := s.CreateAfter(detached, start, d2.ID); err == nil {
		t.Error("linked to a running review: no error")
	}
	other := report.Change{Repo: "widget", RepoID: "_local/widget-2"}
	if _, err := s.CreateAfter(other, start, r1.ID); err == nil {
		t.Error("linked to a review of another repository: no error")
	}
}

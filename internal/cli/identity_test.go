package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/review"
	"github.com/deepreview/deepreview/internal/store"
)

// Two unrelated repositories, both folders named kv with a branch
// feature and no GitHub remote, reviewed into one store: neither is a
// round of the other, and the notes of one never reach the other's
// prompt. Both were once known as "kv".
func TestReviewRepositoriesOfOneName(t *testing.T) {
	a, b := newRVRepo(t), newRVRepo(t)
	b.home = a.home
	b.env["DEEPREVIEW_HOME"] = a.home
	idA, nameA, _, err := review.HereRepo(t.Context(), a.dir)
	if err != nil {
		t.Fatal(err)
	}
	idB, nameB, _, _ := review.HereRepo(t.Context(), b.dir)
	if nameA != nameB || idA == idB {
		t.Fatalf("ids %q and %q of repositories named %q and %q: want one name, two ids", idA, idB, nameA, nameB)
	}
	s, _ := store.Open(a.home)
	notes, _ := s.NotesPath(idA)
	if err := os.WriteFile(notes, []byte("- only repository A has a lock\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := a.config(map[string][]string{"alpha": agentScript(t, reviewAlpha, "")})
	for _, r := range []*rvRepo{a, b} {
		if code, _, errOut := r.run(t.Context(), "review", "--config", cfg); code != 0 {
			t.Fatalf("exit %d\n%s", code, errOut)
		}
	}
	all, _ := s.List(store.Key{})
	if len(all) != 2 {
		t.Fatalf("%d reviews stored, want 2", len(all))
	}
	for _, e := range all {
		if e.Round != 1 || e.Previous != "" {
			t.Errorf("review %s of %s: round %d after %q, want round 1", e.ID, e.RepoID, e.Round, e.Previous)
		}
		prompt, _ := os.ReadFile(filepath.Join(a.home, "reviews", e.ID, "agents", "alpha", "prompt.md"))
		has := bytes.Contains(prompt, []byte("only repository A has a lock"))
		if has != (e.RepoID == idA) {
			t.Errorf("review of %s: prompt carries repository A's note: %v", e.RepoID, has)
		}
	}
}

// A detached HEAD is no round of the branch it came from; --round-of
// makes it one.
func TestReviewDetachedRoundOf(t *testing.T) {
	r := newRVRepo(t)
	cfg := r.config(map[string][]string{"alpha": agentScript(t, reviewAlpha, "")})
	if code, _, errOut := r.run(t.Context(), "review", "--config", cfg); code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	first := newest(t, r.home)
	r.git("checkout", "-q", "--detach")
	if code, _, errOut := r.run(t.Context(), "review", "--config", cfg, "--base", "main"); code != 0 {
		t.Fatalf("detached: exit %d\n%s", code, errOut)
	}
	if rep := newest(t, r.home); rep.Round != 1 || len(rep.Previous) != 0 {
		t.Errorf("detached: round %d with %d previous findings, want round 1", rep.Round, len(rep.Previous))
	}
	if code, _, errOut := r.run(t.Context(), "review", "--config", cfg, "--base", "main", "--round-of", first.ID); code != 0 {
		t.Fatalf("--round-of: exit %d\n%s", code, errOut)
	}
	if rep := newest(t, r.home); rep.Round != 2 || len(rep.Previous) != 1 {
		t.Errorf("--round-of %s: round %d with %d previous findings, want round 2 with 1", first.ID, rep.Round, len(rep.Previous))
	}
}

// newest reads the report of the review started last: review ids sort by
// second and branch name, not by start.
func newest(t *testing.T, home string) *report.Report {
	t.Helper()
	s, err := store.Open(home)
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.List(store.Key{})
	if err != nil || len(all) == 0 {
		t.Fatalf("no reviews in %s: %v", home, err)
	}
	rv, err := s.Get(all[len(all)-1].ID)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := rv.Report()
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

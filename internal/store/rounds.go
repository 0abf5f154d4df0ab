package store

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/deepreview/deepreview/internal/filelock"
)

// A change's round numbers are given out under the store's lock, so two
// reviews of one change started at once (two terminals, two CI jobs) get
// distinct rounds. A running review holds its number while its owner
// lives; a review that fails or is abandoned gives it back (it becomes an
// attempt), so only reviews with a report keep a round. The next round
// compares against the change's latest finished review.

// locked runs fn holding the store's lock on the reviews folder.
func (s *Store) locked(fn func() error) error {
	unlock, err := filelock.Lock(context.Background(), filepath.Join(s.dir, "reviews", ".lock"))
	if err != nil {
		return fmt.Errorf("create review: locking the store: %w", err)
	}
	defer unlock()
	return fn()
}

// assignRound sets e's Round and Previous: the round after the highest
// held by a finished or live running review of key, and the latest
// finished one as previous. A detached HEAD starts at round 1 unless
// roundOf links it to an earlier review, whose change it then continues.
func (s *Store) assignRound(e *Entry, key Key, roundOf string) error {
	if roundOf != "" {
		prev, err := s.Get(roundOf)
		if err != nil {
			return fmt.Errorf("--round-of: %w", err)
		}
		if prev.State != Done {
			return fmt.Errorf("--round-of %s: that review is %s, not done; only a finished review is a round", prev.ID, prev.State)
		}
		if !sameRepo(prev.Entry, *e) {
			return fmt.Errorf("--round-of %s: that review is of %s, not of this repository", prev.ID, prev.Repo)
		}
		e.PR, e.Branch = prev.PR, prev.Branch
		key = Key{Repo: key.Repo, PR: prev.PR, Branch: prev.Branch}
		defer func() { e.Previous = prev.ID }()
	}
	e.Round, e.Previous = 1, ""
	if roundOf == "" && key.detached() {
		return nil
	}
	entries, err := s.List(key)
	if err != nil {
		return err
	}
	host := hostname()
	for _, x := range entries {
		live := x.State == Running && (x.Owner == nil || x.Host != host || x.Owner.Alive())
		if x.State != Done && !live {
			continue
		}
		e.Round = max(e.Round, x.Round+1)
		if x.State == Done {
			e.Previous = x.ID // entries are oldest first
		}
	}
	return nil
}

// sameRepo reports whether a and b are of one repository.
func sameRepo(a, b Entry) bool {
	return a.repoID() != "" && a.repoID() == b.repoID()
}

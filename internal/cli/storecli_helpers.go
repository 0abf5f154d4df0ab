package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/deepreview/deepreview/internal/review"
	"github.com/deepreview/deepreview/internal/store"
	"github.com/deepreview/deepreview/internal/workspace"
)

// This file holds what list, show and notes share: the store of the
// environment and the repository the user stands in.

// envStore opens the store named by the environment (store.Home) and
// sweeps it: the running reviews of a deepreview that died show as
// abandoned from then on.
func envStore(env Env) (*store.Store, error) {
	home, err := store.Home(env.Getenv)
	if err != nil {
		return nil, err
	}
	s, err := store.Open(home)
	if err != nil {
		return nil, err
	}
	// Best effort: a store that cannot be written still lists and shows.
	_, _ = s.Sweep()
	return s, nil
}

// hereRepo returns the repository holding env.Dir as the store knows it
// (its RepoID: owner/name of its GitHub origin, else its folder's name and
// a hash, see review.RepoID) and its branch. hint names the option that
// would have spared the look-up, for the error.
func hereRepo(ctx context.Context, env Env, hint string) (repo, branch string, err error) {
	repo, _, branch, err = review.HereRepo(ctx, env.Dir)
	if err != nil {
		return "", "", fmt.Errorf("%w; %s", err, hint)
	}
	return repo, branch, nil
}

// storeKeyOf is the store key of a review target (see workspace.ParseTarget):
// a pull request of a named repository, or of the current repository's
// GitHub origin; the empty target is every review of the current repository.
func storeKeyOf(ctx context.Context, env Env, target string) (store.Key, error) {
	t, err := workspace.ParseTarget(target)
	if err != nil {
		return store.Key{}, usagef("%v", err)
	}
	if t.Repo != "" {
		return store.Key{Repo: t.Repo, PR: t.PR}, nil
	}
	repo, _, err := hereRepo(ctx, env, "name the repository as owner/name#N or use --all")
	if err != nil {
		return store.Key{}, err
	}
	if t.PR > 0 && strings.HasPrefix(repo, review.LocalPrefix) {
		return store.Key{}, fmt.Errorf("%s: the repository in %s has no GitHub origin remote; name it as owner/name#%d",
			target, env.Dir, t.PR)
	}
	return store.Key{Repo: repo, PR: t.PR}, nil
}

// keyLabel names a key for messages: owner/name#7, owner/name@branch,
// owner/name, or "any repository" for the zero key.
func keyLabel(k store.Key) string {
	repo := review.RepoLabel(k.Repo)
	switch {
	case k.Repo == "":
		return "any repository"
	case k.PR > 0:
		return fmt.Sprintf("%s#%d", repo, k.PR)
	case k.Branch != "":
		return repo + "@" + k.Branch
	}
	return repo
}

// envNow is env.Now, or the clock when the Env has none.
func envNow(env Env) time.Time {
	if env.Now != nil {
		return env.Now()
	}
	return time.Now()
}

// oneLine returns the first line of s, cut to max runes with "…".
func oneLine(s string, max int) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

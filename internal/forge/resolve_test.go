package forge

import (
	"bytes"
	"strings"
	"testing"
)

// resolveServer answers GET /user with jacquev6 (who opened the thread of
// comment 1580134 on pull 31), the threads query with pull 31's recorded
// pages — eamanu's thread made open, so that only the author check keeps
// it from being resolved — and the resolve mutation with the recorded
// answer, or with mutation when set.
func resolveServer(t *testing.T, mutation *exchange) (*replay, *gqlAnswers) {
	r := newReplay(t, "user-jacquev6")
	pages := threadPages(t)
	resolved := loadExchange(t, "graphql-resolve")
	if mutation != nil {
		resolved = *mutation
	}
	g := withGraphQL(r, func(c gqlCall) exchange {
		if strings.Contains(c.Query, "resolveReviewThread(") {
			return resolved
		}
		e := pages(c)
		e.Body = bytes.Replace(e.Body, []byte(`"isResolved":true`), []byte(`"isResolved":false`), 1)
		return e
	})
	return r, g
}

func mutations(g *gqlAnswers) []string {
	var ids []string
	for _, c := range g.seen() {
		if strings.Contains(c.Query, "resolveReviewThread(") {
			id, _ := c.Variables["id"].(string)
			ids = append(ids, id)
		}
	}
	return ids
}

// TestResolveOwnThreads resolves the thread jacquev6 (the token's user)
// opened, and not eamanu's: both are open and both comment ids are asked
// for, so without the author check eamanu's thread would be resolved too.
func TestResolveOwnThreads(t *testing.T) {
	r, g := resolveServer(t, nil)
	done, err := r.client("t").ResolveOwnThreads(t.Context(), Repo{Owner: "PyGithub", Name: "PyGithub"}, 31, []int64{1580134, 197784357})
	if len(done) != 1 || done[0] != 1580134 {
		t.Errorf("resolved %v", done)
	}
	if m := mutations(g); len(m) != 1 || m[0] != "PRRT_kwDOADYVqs4AGBxm" {
		t.Errorf("resolved threads %v, want only jacquev6's", m)
	}
	if err == nil || !strings.Contains(err.Error(), "opened by someone else (@eamanu): left unresolved") {
		t.Errorf("error %v", err)
	}
}

// TestResolveOwnThreadsApp: an app installation token resolves only
// threads a bot opened; both recorded threads were opened by users.
func TestResolveOwnThreadsApp(t *testing.T) {
	r, g := resolveServer(t, nil)
	r.exchanges[0] = loadExchange(t, "user-app-token")
	done, err := r.client("t").ResolveOwnThreads(t.Context(), Repo{Owner: "PyGithub", Name: "PyGithub"}, 31, []int64{1580134})
	if len(done) != 0 || len(mutations(g)) != 0 || err == nil {
		t.Errorf("resolved %v (%v), error %v", done, mutations(g), err)
	}
}

// TestResolveOwnThreadsFailures: a comment opening no thread, and a
// mutation GitHub refuses, are said, not resolved.
func TestResolveOwnThreadsFailures(t *testing.T) {
	refused := loadExchange(t, "graphql-not-found")
	r, g := resolveServer(t, &refused)
	done, err := r.client("t").ResolveOwnThreads(t.Context(), Repo{Owner: "PyGithub", Name: "PyGithub"}, 31, []int64{42, 1580134})
	if len(done) != 0 || len(mutations(g)) != 1 {
		t.Errorf("resolved %v", done)
	}
	if err == nil || !strings.Contains(err.Error(), "comment 42 of PyGithub/PyGithub#31 opens no review thread") ||
		!strings.Contains(err.Error(), "NOT_FOUND") {
		t.Errorf("error %v", err)
	}
}

// TestResolveAlreadyResolved: a thread already resolved counts as done,
// without a mutation.
func TestResolveAlreadyResolved(t *testing.T) {
	r := newReplay(t, "user-jacquev6")
	pages := threadPages(t)
	g := withGraphQL(r, func(c gqlCall) exchange {
		e := pages(c)
		e.Body = bytes.ReplaceAll(e.Body, []byte(`"isResolved":false`), []byte(`"isResolved":true`))
		return e
	})
	done, err := r.client("t").ResolveOwnThreads(t.Context(), Repo{Owner: "PyGithub", Name: "PyGithub"}, 31, []int64{1580134})
	if err != nil || len(done) != 1 || len(mutations(g)) != 0 {
		t.Errorf("resolved %v, mutations %v, error %v", done, mutations(g), err)
	}
}

// TestResolveOwnThreadsAnswered: jacquev6's own thread, which
// TestResolveOwnThreads resolves, is left open once eamanu has replied
// in it, and the error names who replied.
func TestResolveOwnThreadsAnswered(t *testing.T) {
	r := newReplay(t, "user-jacquev6")
	pages := threadPages(t)
	g := withGraphQL(r, func(c gqlCall) exchange {
		if strings.Contains(c.Query, "resolveReviewThread(") {
			return loadExchange(t, "graphql-resolve")
		}
		e := pages(c)
		e.Body = bytes.Replace(e.Body, []byte(`"latest":{"nodes":[{"author":{"__typename":"User","login":"jacquev6"}}]}`),
			[]byte(`"latest":{"nodes":[{"author":{"__typename":"User","login":"jacquev6"}},{"author":{"__typename":"User","login":"eamanu"}},{"author":null}]}`), 1)
		return e
	})
	done, err := r.client("t").ResolveOwnThreads(t.Context(), Repo{Owner: "PyGithub", Name: "PyGithub"}, 31, []int64{1580134})
	if len(done) != 0 || len(mutations(g)) != 0 {
		t.Errorf("resolved %v (mutations %v)", done, mutations(g))
	}
	if err == nil || !strings.Contains(err.Error(), "has replies by others (@eamanu, @ghost): left for them to resolve") {
		t.Errorf("error %v", err)
	}
}

package forge

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/safetext"
)

const resolveMutation = `mutation($id: ID!) {
  resolveReviewThread(input: {threadId: $id}) {
    thread { id isResolved }
  }
}`

// ResolveOwnThreads resolves the review threads of the pull request that
// the comments commentIDs open, and returns the ids of the comments whose
// thread is now resolved (it may have been already).
//
// A thread is resolved only when its first comment is one of commentIDs
// and the token's identity wrote it (for an app installation token: a
// bot), as the API says: the ids come from deepreview's store, but a
// thread someone else opened is never resolved, even when the token
// could. Nor is a thread someone else answered in: resolving collapses
// it, and a reply ("this is intended", a question) is the author's to
// see settled, not deepreview's. Such a thread, a comment that opens no
// thread (a reply, or
// deleted) and a mutation that fails are each said in the error, and the
// others go on. Resolving needs GraphQL; without it the error says so and
// nothing is resolved.
func (c *Client) ResolveOwnThreads(ctx context.Context, repo Repo, number int, commentIDs []int64) ([]int64, error) {
	if len(commentIDs) == 0 {
		return nil, nil
	}
	id, err := c.Identity(ctx)
	if err != nil {
		return nil, err
	}
	ats, err := c.reviewThreads(ctx, repo, number)
	if err != nil {
		return nil, err
	}
	byFirst := map[int64]apiThread{}
	for _, a := range ats {
		if f := a.firstID(); f != 0 {
			byFirst[f] = a
		}
	}
	var done []int64
	var errs []error
	for _, cid := range commentIDs {
		a, ok := byFirst[cid]
		others := a.others(id)
		switch {
		case slices.Contains(done, cid):
		case !ok:
			errs = append(errs, fmt.Errorf("comment %d of %s#%d opens no review thread", cid, repo, number))
		case !id.is(a.author()):
			errs = append(errs, fmt.Errorf("the thread of comment %d of %s#%d was opened by someone else (%s): left unresolved",
				cid, repo, number, logins([]string{a.author().Login})))
		case a.IsResolved:
			done = append(done, cid)
		case len(others) > 0:
			errs = append(errs, fmt.Errorf("the thread of comment %d of %s#%d has replies by others (%s): left for them to resolve",
				cid, repo, number, logins(others)))
		default:
			if err := c.resolveThread(ctx, a.ID); err != nil {
				errs = append(errs, fmt.Errorf("resolve the thread of comment %d of %s#%d: %w", cid, repo, number, err))
				continue
			}
			done = append(done, cid)
		}
	}
	return done, errors.Join(errs...)
}

// resolveThread marks the review thread nodeID resolved.
func (c *Client) resolveThread(ctx context.Context, nodeID string) error {
	var data struct {
		ResolveReviewThread *struct {
			Thread *struct {
				IsResolved bool `json:"isResolved"`
			} `json:"thread"`
		} `json:"resolveReviewThread"`
	}
	if err := c.graphql(ctx, "resolve review thread", resolveMutation, map[string]any{"id": nodeID}, &data); err != nil {
		return err
	}
	if r := data.ResolveReviewThread; r == nil || r.Thread == nil || !r.Thread.IsResolved {
		return errors.New("GitHub did not say the thread is resolved")
	}
	return nil
}

// logins names accounts for the terminal: "@a, @b", each cleaned and
// bounded (they come from GitHub, written by anyone).
func logins(ls []string) string {
	out := make([]string, 0, min(len(ls), 5))
	for _, l := range ls[:min(len(ls), 5)] {
		out = append(out, "@"+safetext.Clip(safetext.Terminal(l), 40))
	}
	if len(ls) > 5 {
		out = append(out, fmt.Sprintf("and %d more", len(ls)-5))
	}
	return strings.Join(out, ", ")
}

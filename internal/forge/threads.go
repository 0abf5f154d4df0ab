package forge

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/safetext"
)

// Thread is one review thread of a pull request — its first comment, and
// how many replies followed — or, with Summary set, one review's own text
// (what a reviewer wrote when submitting it). Everything in it is the
// reviewers' untrusted text.
type Thread struct {
	ID int64 // the first comment's id; a summary's review id
	// NodeID is the thread's GraphQL id; "" when the threads were listed
	// through REST, and for a summary.
	NodeID string
	Author string
	Path   string
	Line   int
	// Outdated says the code it was written on has changed since.
	Outdated bool
	// Resolved says someone marked the thread resolved. Only GraphQL
	// tells; threads listed through REST (see PartialError) are all
	// false.
	Resolved bool
	// Summary marks a review's own text rather than a thread on lines;
	// State is then the review's state: APPROVED, CHANGES_REQUESTED,
	// COMMENTED or DISMISSED.
	Summary bool
	State   string
	Body    string // shortened to MaxThreadBody bytes
	Replies int
	URL     string
}

// Bounds on what Threads reads of a pull request's review threads: the
// text is untrusted, and a pull request can hold thousands of comments.
const (
	// MaxThreads is the most threads, and separately the most review
	// summaries, listed; further ones are left out.
	MaxThreads = 300
	// MaxThreadBody is the most bytes of one thread's first comment or
	// one review's summary kept.
	MaxThreadBody = 8 << 10
)

// PartialError is what Threads returns beside the threads it could list
// when some of what it asks for failed: the threads' resolved state
// (GraphQL refused, so they were listed through REST) or the review
// summaries. The threads returned are good; Err says what is missing.
type PartialError struct {
	Err error
}

func (e *PartialError) Error() string { return e.Err.Error() }
func (e *PartialError) Unwrap() error { return e.Err }

// Threads lists the review threads of a pull request, oldest first, then
// its reviews' summaries (those with text): what reviewers already said,
// for the agents to check and the report to list.
//
// The threads come from GraphQL, the only API that says whether a thread
// is resolved. When GraphQL fails (no token, a token without the scope,
// an Enterprise Server without it), they come from REST, without their
// resolved state, and the error is a *PartialError saying so; it is one
// too when the summaries could not be listed. Any other error means no
// threads could be listed.
func (c *Client) Threads(ctx context.Context, repo Repo, number int) ([]Thread, error) {
	var missing []error
	ts, err := c.graphQLThreads(ctx, repo, number)
	if err != nil {
		rest, rerr := c.restThreads(ctx, repo, number)
		if rerr != nil {
			return nil, errors.Join(rerr, err)
		}
		ts = rest
		missing = append(missing, fmt.Errorf("listed without their resolved state (through REST): %w", err))
	}
	sums, err := c.summaries(ctx, repo, number)
	if err != nil {
		missing = append(missing, fmt.Errorf("no review summaries: %w", err))
	}
	ts = append(ts, sums...)
	if len(missing) > 0 {
		return ts, &PartialError{Err: errors.Join(missing...)}
	}
	return ts, nil
}

// threadsQuery lists a page of review threads with the first comment of
// each (who wrote it, its text, its database id), how many comments the
// thread holds and who wrote its latest 50. The shape is GitHub's public schema
// (PullRequestReviewThread; fullDatabaseId, a BigInt, replaces the
// deprecated 32-bit databaseId).
const threadsQuery = `query($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        nodes {
          id
          isResolved
          isOutdated
          path
          line
          originalLine
          comments(first: 1) {
            totalCount
            nodes { fullDatabaseId author { __typename login } body url }
          }
          latest: comments(last: 50) {
            nodes { author { __typename login } }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`

type apiActor struct {
	Typename string `json:"__typename"` // User | Bot | Organization | …
	Login    string `json:"login"`
}

type apiThread struct {
	ID           string `json:"id"`
	IsResolved   bool   `json:"isResolved"`
	IsOutdated   bool   `json:"isOutdated"`
	Path         string `json:"path"`
	Line         *int   `json:"line"`
	OriginalLine *int   `json:"originalLine"`
	Comments     struct {
		TotalCount int `json:"totalCount"`
		Nodes      []struct {
			FullDatabaseID bigInt    `json:"fullDatabaseId"`
			Author         *apiActor `json:"author"` // null for a deleted account
			Body           string    `json:"body"`
			URL            string    `json:"url"`
		} `json:"nodes"`
	} `json:"comments"`
	Latest struct {
		Nodes []struct {
			Author *apiActor `json:"author"`
		} `json:"nodes"`
	} `json:"latest"`
}

// others are the logins of the authors of the thread's latest comments
// who are not id ("ghost" for a deleted account), each once.
func (a apiThread) others(id Identity) []string {
	var out []string
	for _, n := range a.Latest.Nodes {
		login := "ghost"
		if n.Author != nil {
			if id.is(*n.Author) {
				continue
			}
			login = n.Author.Login
		}
		if !slices.Contains(out, login) {
			out = append(out, login)
		}
	}
	return out
}

// author is the login and type of the thread's first comment's author;
// empty for a deleted account.
func (a apiThread) author() apiActor {
	if len(a.Comments.Nodes) == 0 || a.Comments.Nodes[0].Author == nil {
		return apiActor{}
	}
	return *a.Comments.Nodes[0].Author
}

// firstID is the database id of the thread's first comment, 0 when it
// has none.
func (a apiThread) firstID() int64 {
	if len(a.Comments.Nodes) == 0 {
		return 0
	}
	return int64(a.Comments.Nodes[0].FullDatabaseID)
}

func (a apiThread) thread() Thread {
	t := Thread{ID: a.firstID(), NodeID: a.ID, Author: a.author().Login, Path: a.Path,
		Outdated: a.IsOutdated, Resolved: a.IsResolved, Replies: max(a.Comments.TotalCount-1, 0)}
	switch {
	case a.Line != nil:
		t.Line = *a.Line
	case a.OriginalLine != nil:
		t.Line = *a.OriginalLine // outdated: where it was written
	}
	if len(a.Comments.Nodes) > 0 {
		t.Body, t.URL = safetext.Clip(a.Comments.Nodes[0].Body, MaxThreadBody), a.Comments.Nodes[0].URL
	}
	return t
}

// reviewThreads lists the pull request's review threads through GraphQL,
// a page of 100 at a time, up to MaxThreads.
func (c *Client) reviewThreads(ctx context.Context, repo Repo, number int) ([]apiThread, error) {
	what := fmt.Sprintf("review threads of %s#%d", repo, number)
	var out []apiThread
	var cursor any // null for the first page
	for len(out) < MaxThreads {
		var data struct {
			Repository *struct {
				PullRequest *struct {
					ReviewThreads struct {
						Nodes    []apiThread `json:"nodes"`
						PageInfo struct {
							HasNextPage bool   `json:"hasNextPage"`
							EndCursor   string `json:"endCursor"`
						} `json:"pageInfo"`
					} `json:"reviewThreads"`
				} `json:"pullRequest"`
			} `json:"repository"`
		}
		vars := map[string]any{"owner": repo.Owner, "name": repo.Name, "number": number, "cursor": cursor}
		if err := c.graphql(ctx, what, threadsQuery, vars, &data); err != nil {
			return nil, err
		}
		if data.Repository == nil || data.Repository.PullRequest == nil {
			return nil, fmt.Errorf("%s: GraphQL answered no pull request", what)
		}
		rt := data.Repository.PullRequest.ReviewThreads
		out = append(out, rt.Nodes...)
		if !rt.PageInfo.HasNextPage || rt.PageInfo.EndCursor == "" || rt.PageInfo.EndCursor == cursor {
			break
		}
		cursor = rt.PageInfo.EndCursor
	}
	if len(out) > MaxThreads {
		out = out[:MaxThreads]
	}
	return out, nil
}

func (c *Client) graphQLThreads(ctx context.Context, repo Repo, number int) ([]Thread, error) {
	ats, err := c.reviewThreads(ctx, repo, number)
	if err != nil {
		return nil, err
	}
	out := make([]Thread, 0, len(ats))
	for _, a := range ats {
		out = append(out, a.thread())
	}
	return out, nil
}

type apiThreadComment struct {
	ID        int64   `json:"id"`
	HTMLURL   string  `json:"html_url"`
	Path      string  `json:"path"`
	Line      int     `json:"line"`
	Position  *int    `json:"position"`
	Body      string  `json:"body"`
	InReplyTo int64   `json:"in_reply_to_id"`
	User      apiUser `json:"user"`
}

// restThreads lists the review threads through REST, which says nothing
// of resolution: a comment without a position in the current diff is
// taken as outdated.
func (c *Client) restThreads(ctx context.Context, repo Repo, number int) ([]Thread, error) {
	var acs []apiThreadComment
	p := fmt.Sprintf("/repos/%s/%s/pulls/%d/comments?per_page=100", repo.Owner, repo.Name, number)
	if err := list(ctx, c, p, &acs); err != nil {
		return nil, c.explain(err, fmt.Sprintf("review comments of %s#%d", repo, number))
	}
	return threads(acs), nil
}

// threads groups review comments into threads by the comment they reply
// to, up to MaxThreads.
func threads(acs []apiThreadComment) []Thread {
	var out []Thread
	at := make(map[int64]int)
	for _, a := range acs {
		if a.InReplyTo == 0 && len(out) < MaxThreads {
			at[a.ID] = len(out)
			out = append(out, Thread{ID: a.ID, Author: a.User.Login, Path: a.Path, Line: a.Line,
				Outdated: a.Position == nil, Body: safetext.Clip(a.Body, MaxThreadBody), URL: a.HTMLURL})
		}
	}
	for _, a := range acs {
		if i, ok := at[a.InReplyTo]; ok && a.InReplyTo != 0 {
			out[i].Replies++
		}
	}
	return out
}

type apiReview struct {
	ID      int64   `json:"id"`
	User    apiUser `json:"user"`
	Body    string  `json:"body"`
	State   string  `json:"state"`
	HTMLURL string  `json:"html_url"`
}

// summaries lists the pull request's reviews that carry text (a review
// submitted with only inline comments has an empty body), up to
// MaxThreads. A pending review is its author's draft: left out.
func (c *Client) summaries(ctx context.Context, repo Repo, number int) ([]Thread, error) {
	var ars []apiReview
	p := fmt.Sprintf("/repos/%s/%s/pulls/%d/reviews?per_page=100", repo.Owner, repo.Name, number)
	if err := list(ctx, c, p, &ars); err != nil {
		return nil, c.explain(err, fmt.Sprintf("reviews of %s#%d", repo, number))
	}
	var out []Thread
	for _, a := range ars {
		if strings.TrimSpace(a.Body) == "" || a.State == "PENDING" || len(out) == MaxThreads {
			continue
		}
		out = append(out, Thread{ID: a.ID, Author: a.User.Login, Summary: true, State: a.State,
			Body: safetext.Clip(a.Body, MaxThreadBody), URL: a.HTMLURL})
	}
	return out, nil
}

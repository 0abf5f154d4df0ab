package forge

import (
	"context"
	"fmt"
	"net/http"
)

// NewReviewComment is one comment of a review to create, on the new side
// ("RIGHT") of the diff: line alone, or the lines StartLine to Line, which
// GitHub wants inside one hunk.
type NewReviewComment struct {
	Path      string
	Line      int
	StartLine int // 0 for a comment on Line alone
	Body      string
}

// ReviewComment is a comment of a pull-request review, on lines of the
// diff.
type ReviewComment struct {
	ID        int64
	ReviewID  int64
	URL       string // html_url
	Path      string
	Line      int // 0 when GitHub no longer places it (outdated)
	StartLine int
	Body      string
	Author    string
	InReplyTo int64
}

// Review is a created pull-request review and its comments.
type Review struct {
	ID       int64
	URL      string
	Comments []ReviewComment
}

type apiUser = struct {
	Login string `json:"login"`
	Type  string `json:"type"` // User | Bot | Organization
}

type apiReviewComment struct {
	ID        int64   `json:"id"`
	ReviewID  int64   `json:"pull_request_review_id"`
	HTMLURL   string  `json:"html_url"`
	Path      string  `json:"path"`
	Line      int     `json:"line"`
	StartLine int     `json:"start_line"`
	Body      string  `json:"body"`
	InReplyTo int64   `json:"in_reply_to_id"`
	User      apiUser `json:"user"`
}

func (a apiReviewComment) comment() ReviewComment {
	return ReviewComment{ID: a.ID, ReviewID: a.ReviewID, URL: a.HTMLURL, Path: a.Path, Line: a.Line,
		StartLine: a.StartLine, Body: a.Body, Author: a.User.Login, InReplyTo: a.InReplyTo}
}

type apiNewComment struct {
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Side      string `json:"side"`
	StartLine int    `json:"start_line,omitempty"`
	StartSide string `json:"start_side,omitempty"`
	Body      string `json:"body"`
}

type apiNewReview struct {
	CommitID string          `json:"commit_id"`
	Body     string          `json:"body"`
	Event    string          `json:"event"`
	Comments []apiNewComment `json:"comments"`
}

// CreateReview submits one review of the pull request at commit (the
// reviewed head) with event COMMENT: it neither approves nor requests
// changes. body is the review's own text (GitHub wants one for COMMENT);
// each comment sits on the new side. It returns the review with its
// comments as GitHub placed them (GET …/reviews/{id}/comments), so the
// caller can record their ids. GitHub refuses the whole review (422) when
// one comment is on a line outside the diff.
func (c *Client) CreateReview(ctx context.Context, repo Repo, number int, commit, body string, comments []NewReviewComment) (Review, error) {
	if !commitSHA.MatchString(commit) {
		return Review{}, fmt.Errorf("review of %s#%d: %q is not a commit id", repo, number, commit)
	}
	in := apiNewReview{CommitID: commit, Body: body, Event: "COMMENT", Comments: make([]apiNewComment, 0, len(comments))}
	for _, nc := range comments {
		if nc.Path == "" || nc.Line <= 0 || nc.StartLine < 0 {
			return Review{}, fmt.Errorf("review of %s#%d: no line for a comment on %q:%d", repo, number, nc.Path, nc.Line)
		}
		ac := apiNewComment{Path: nc.Path, Line: nc.Line, Side: "RIGHT", Body: nc.Body}
		if nc.StartLine > 0 && nc.StartLine < nc.Line {
			ac.StartLine, ac.StartSide = nc.StartLine, "RIGHT"
		}
		in.Comments = append(in.Comments, ac)
	}
	var out struct {
		ID      int64  `json:"id"`
		HTMLURL string `json:"html_url"`
	}
	p := fmt.Sprintf("/repos/%s/%s/pulls/%d/reviews", repo.Owner, repo.Name, number)
	if _, err := c.do(ctx, http.MethodPost, p, in, &out); err != nil {
		return Review{}, c.explain(err, fmt.Sprintf("review of %s#%d", repo, number))
	}
	rv := Review{ID: out.ID, URL: out.HTMLURL}
	if len(comments) == 0 {
		return rv, nil
	}
	cs, err := c.ReviewComments(ctx, repo, number, out.ID)
	rv.Comments = cs
	return rv, err
}

// ReviewComments lists the comments of one review of the pull request.
func (c *Client) ReviewComments(ctx context.Context, repo Repo, number int, reviewID int64) ([]ReviewComment, error) {
	acs, err := c.reviewComments(ctx, repo, number, reviewID)
	if err != nil {
		return nil, err
	}
	out := make([]ReviewComment, 0, len(acs))
	for _, a := range acs {
		out = append(out, a.comment())
	}
	return out, nil
}

func (c *Client) reviewComments(ctx context.Context, repo Repo, number int, reviewID int64) ([]apiReviewComment, error) {
	var acs []apiReviewComment
	p := fmt.Sprintf("/repos/%s/%s/pulls/%d/reviews/%d/comments?per_page=100", repo.Owner, repo.Name, number, reviewID)
	if err := list(ctx, c, p, &acs); err != nil {
		return nil, c.explain(err, fmt.Sprintf("comments of review %d of %s#%d", reviewID, repo, number))
	}
	return acs, nil
}

// EditReviewComments replaces the bodies of comments of one review of the
// pull request (bodies maps comment id → new body) and returns those it
// edited, by id. It edits a comment only when the review lists it and
// the token's identity wrote it (for an app installation token: a bot),
// as UpsertComment does: ids come from deepreview's store, but a comment
// someone else wrote is never edited, even when the token could. A
// comment that is not edited (not ours, not in the review, deleted
// meanwhile) is left out of the result, for the caller to post anew.
func (c *Client) EditReviewComments(ctx context.Context, repo Repo, number int, reviewID int64, bodies map[int64]string) (map[int64]ReviewComment, error) {
	if len(bodies) == 0 {
		return nil, nil
	}
	id, err := c.Identity(ctx)
	if err != nil {
		return nil, err
	}
	acs, err := c.reviewComments(ctx, repo, number, reviewID)
	if err != nil {
		return nil, err
	}
	edited := map[int64]ReviewComment{}
	for _, a := range acs {
		body, ok := bodies[a.ID]
		if !ok || !id.wrote(apiComment{User: a.User}) {
			continue
		}
		var out apiReviewComment
		p := fmt.Sprintf("/repos/%s/%s/pulls/comments/%d", repo.Owner, repo.Name, a.ID)
		_, err := c.do(ctx, http.MethodPatch, p, map[string]string{"body": body}, &out)
		switch s := statusOf(err); {
		case err == nil:
			edited[a.ID] = out.comment()
		case s == http.StatusNotFound || s == http.StatusForbidden:
			// Deleted or locked meanwhile: the caller posts anew.
		default:
			return edited, c.explain(err, fmt.Sprintf("edit review comment %d of %s#%d", a.ID, repo, number))
		}
	}
	return edited, nil
}

// ReplyToReviewComment answers a review comment of the pull request in
// its thread.
func (c *Client) ReplyToReviewComment(ctx context.Context, repo Repo, number int, commentID int64, body string) (ReviewComment, error) {
	var out apiReviewComment
	p := fmt.Sprintf("/repos/%s/%s/pulls/%d/comments/%d/replies", repo.Owner, repo.Name, number, commentID)
	if _, err := c.do(ctx, http.MethodPost, p, map[string]string{"body": body}, &out); err != nil {
		return ReviewComment{}, c.explain(err, fmt.Sprintf("reply to review comment %d of %s#%d", commentID, repo, number))
	}
	return out.comment(), nil
}

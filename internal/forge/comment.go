package forge

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Marker opens every report comment. It is an HTML comment, so GitHub
// does not show it. It says what a comment is, never whose: anyone can
// write it, so it alone never selects a comment to edit (see
// UpsertComment).
const Marker = "<!-- deepreview:report -->"

// Comment is an issue comment of a pull request.
type Comment struct {
	ID     int64
	URL    string // html_url
	Body   string
	Author string // the login of its user ("name[bot]" for an app)
}

type apiComment struct {
	ID       int64  `json:"id"`
	HTMLURL  string `json:"html_url"`
	IssueURL string `json:"issue_url"`
	Body     string `json:"body"`
	User     struct {
		Login string `json:"login"`
		Type  string `json:"type"` // User | Bot | Organization
	} `json:"user"`
}

func (ac apiComment) comment() Comment {
	return Comment{ID: ac.ID, URL: ac.HTMLURL, Body: ac.Body, Author: ac.User.Login}
}

// Comments lists every issue comment of a pull request, oldest first.
func (c *Client) Comments(ctx context.Context, repo Repo, number int) ([]Comment, error) {
	acs, err := c.comments(ctx, repo, number)
	if err != nil {
		return nil, err
	}
	out := make([]Comment, 0, len(acs))
	for _, ac := range acs {
		out = append(out, ac.comment())
	}
	return out, nil
}

func (c *Client) comments(ctx context.Context, repo Repo, number int) ([]apiComment, error) {
	var acs []apiComment
	p := fmt.Sprintf("/repos/%s/%s/issues/%d/comments?per_page=100", repo.Owner, repo.Name, number)
	if err := list(ctx, c, p, &acs); err != nil {
		return nil, c.explain(err, fmt.Sprintf("comments of %s#%d", repo, number))
	}
	return acs, nil
}

// UpsertComment writes body as the pull request's report comment, editing
// a comment only when it is deepreview's own, as the API says:
//
//  1. knownID, the comment the store recorded for this pull request (0
//     for none), when it is still there, on this pull request, carries
//     Marker and was written by the token's identity (for an app
//     installation token, which cannot learn its own login: by a bot);
//  2. else, for a token whose login is known, the newest comment carrying
//     Marker written by that login;
//  3. else a new comment.
//
// A comment someone else wrote is never edited, even when the token could
// (an admin's can edit anyone's) and even when it carries Marker: a pull
// request's author can plant one. body must carry Marker (CommentBody
// puts it there). It returns the comment, whose ID the caller records as
// the next round's knownID, and whether it was created.
func (c *Client) UpsertComment(ctx context.Context, repo Repo, number int, body string, knownID int64) (Comment, bool, error) {
	if !strings.Contains(body, Marker) {
		return Comment{}, false, fmt.Errorf("report comment for %s#%d lacks the marker %s", repo, number, Marker)
	}
	id, err := c.Identity(ctx)
	if err != nil {
		return Comment{}, false, err
	}
	old, err := c.ours(ctx, repo, number, id, knownID)
	if err != nil {
		return Comment{}, false, err
	}
	in := map[string]string{"body": body}
	var ac apiComment
	if old != 0 {
		p := fmt.Sprintf("/repos/%s/%s/issues/comments/%d", repo.Owner, repo.Name, old)
		_, err := c.do(ctx, http.MethodPatch, p, in, &ac)
		if err == nil {
			return ac.comment(), false, nil
		}
		if s := statusOf(err); s != http.StatusNotFound && s != http.StatusForbidden {
			return Comment{}, false, c.explain(err, fmt.Sprintf("edit comment %d of %s#%d", old, repo, number))
		}
		// Deleted or locked meanwhile: write a new one.
	}
	p := fmt.Sprintf("/repos/%s/%s/issues/%d/comments", repo.Owner, repo.Name, number)
	if _, err := c.do(ctx, http.MethodPost, p, in, &ac); err != nil {
		return Comment{}, false, c.explain(err, fmt.Sprintf("comment on %s#%d", repo, number))
	}
	return ac.comment(), true, nil
}

// ours finds the id of deepreview's own report comment on the pull
// request, or 0.
func (c *Client) ours(ctx context.Context, repo Repo, number int, id Identity, knownID int64) (int64, error) {
	if knownID > 0 {
		var ac apiComment
		p := fmt.Sprintf("/repos/%s/%s/issues/comments/%d", repo.Owner, repo.Name, knownID)
		_, err := c.do(ctx, http.MethodGet, p, nil, &ac)
		switch {
		case err == nil && onPull(ac, repo, number) && strings.Contains(ac.Body, Marker) && id.wrote(ac):
			return ac.ID, nil
		case err != nil && statusOf(err) != http.StatusNotFound:
			return 0, c.explain(err, fmt.Sprintf("comment %d of %s", knownID, repo))
		}
	}
	if id.Login == "" {
		return 0, nil // an app cannot tell its comments from another app's
	}
	acs, err := c.comments(ctx, repo, number)
	if err != nil {
		return 0, err
	}
	for i := len(acs) - 1; i >= 0; i-- {
		if strings.Contains(acs[i].Body, Marker) && id.wrote(acs[i]) {
			return acs[i].ID, nil
		}
	}
	return 0, nil
}

// onPull reports whether the comment belongs to the pull request: its
// issue_url ends in /repos/OWNER/NAME/issues/NUMBER.
func onPull(ac apiComment, repo Repo, number int) bool {
	want := strings.ToLower(fmt.Sprintf("/repos/%s/%s/issues/%d", repo.Owner, repo.Name, number))
	return strings.HasSuffix(strings.ToLower(ac.IssueURL), want)
}

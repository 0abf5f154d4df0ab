package forge

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Marker opens every report comment. It is an HTML comment, so GitHub
// does not show it, and it is how a later round finds the comment to edit
// instead of adding another (reviewdog does the same).
const Marker = "<!-- deepreview:report -->"

// Comment is an issue comment of a pull request.
type Comment struct {
	ID   int64
	URL  string // html_url
	Body string
}

type apiComment struct {
	ID      int64  `json:"id"`
	HTMLURL string `json:"html_url"`
	Body    string `json:"body"`
}

// Comments lists every issue comment of a pull request, oldest first.
func (c *Client) Comments(ctx context.Context, repo Repo, number int) ([]Comment, error) {
	var acs []apiComment
	p := fmt.Sprintf("/repos/%s/%s/issues/%d/comments?per_page=100", repo.Owner, repo.Name, number)
	if err := list(ctx, c, p, &acs); err != nil {
		return nil, c.explain(err, fmt.Sprintf("comments of %s#%d", repo, number))
	}
	out := make([]Comment, 0, len(acs))
	for _, ac := range acs {
		out = append(out, Comment{ID: ac.ID, URL: ac.HTMLURL, Body: ac.Body})
	}
	return out, nil
}

// UpsertComment writes body as the pull request's report comment: it edits
// the oldest comment that carries Marker and that the token may edit, or
// creates one when there is none. body must carry Marker (CommentBody puts it there), so that the
// next round finds it. It returns the comment and whether it was created.
func (c *Client) UpsertComment(ctx context.Context, repo Repo, number int, body string) (Comment, bool, error) {
	if !strings.Contains(body, Marker) {
		return Comment{}, false, fmt.Errorf("report comment for %s#%d lacks the marker %s", repo, number, Marker)
	}
	comments, err := c.Comments(ctx, repo, number)
	if err != nil {
		return Comment{}, false, err
	}
	in := map[string]string{"body": body}
	var ac apiComment
	for _, old := range comments {
		if !strings.Contains(old.Body, Marker) {
			continue
		}
		p := fmt.Sprintf("/repos/%s/%s/issues/comments/%d", repo.Owner, repo.Name, old.ID)
		_, err := c.do(ctx, http.MethodPatch, p, in, &ac)
		if s := statusOf(err); s == http.StatusForbidden || s == http.StatusNotFound {
			// Someone else's comment quoting the marker (or one deleted
			// meanwhile): not ours to edit; look further.
			continue
		}
		if err != nil {
			return Comment{}, false, c.explain(err, fmt.Sprintf("edit comment %d of %s#%d", old.ID, repo, number))
		}
		return Comment{ID: ac.ID, URL: ac.HTMLURL, Body: ac.Body}, false, nil
	}
	p := fmt.Sprintf("/repos/%s/%s/issues/%d/comments", repo.Owner, repo.Name, number)
	if _, err := c.do(ctx, http.MethodPost, p, in, &ac); err != nil {
		return Comment{}, false, c.explain(err, fmt.Sprintf("comment on %s#%d", repo, number))
	}
	return Comment{ID: ac.ID, URL: ac.HTMLURL, Body: ac.Body}, true, nil
}

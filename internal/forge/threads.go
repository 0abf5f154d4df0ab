package forge

import (
	"context"
	"fmt"
)

// Thread is one human review thread of a pull request: its first comment,
// and how many replies followed.
type Thread struct {
	ID     int64
	Author string
	Path   string
	Line   int
	// Outdated says the code it was written on has changed since (GitHub
	// gives it no position in the current diff).
	Outdated bool
	Body     string
	Replies  int
	URL      string
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

// Threads lists the human review threads of a pull request, oldest first:
// what reviewers already said, for the agents to check and the report to
// list.
func (c *Client) Threads(ctx context.Context, repo Repo, number int) ([]Thread, error) {
	var acs []apiThreadComment
	p := fmt.Sprintf("/repos/%s/%s/pulls/%d/comments?per_page=100", repo.Owner, repo.Name, number)
	if err := list(ctx, c, p, &acs); err != nil {
		return nil, c.explain(err, fmt.Sprintf("review comments of %s#%d", repo, number))
	}
	return threads(acs), nil
}

// threads groups review comments into threads by the comment they reply to.
func threads(acs []apiThreadComment) []Thread {
	var out []Thread
	at := make(map[int64]int)
	for _, a := range acs {
		if a.InReplyTo == 0 {
			at[a.ID] = len(out)
			out = append(out, Thread{ID: a.ID, Author: a.User.Login, Path: a.Path, Line: a.Line,
				Outdated: a.Position == nil, Body: a.Body, URL: a.HTMLURL})
		}
	}
	for _, a := range acs {
		if i, ok := at[a.InReplyTo]; ok && a.InReplyTo != 0 {
			out[i].Replies++
		}
	}
	return out
}

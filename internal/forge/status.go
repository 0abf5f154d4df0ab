package forge

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"unicode/utf8"
)

// Commit status states GitHub accepts.
const (
	StatePending = "pending"
	StateSuccess = "success"
	StateFailure = "failure"
	StateError   = "error"
)

// StatusContext is the context of deepreview's commit status: GitHub keeps
// one status per context and commit, so a later round replaces it.
const StatusContext = "deepreview"

// maxDescription is GitHub's limit on a status description; a longer one
// is refused with 422.
const maxDescription = 140

// Status is a commit status.
type Status struct {
	State       string // pending | success | failure | error
	Context     string
	Description string
	// TargetURL is where the status links to; only http(s) URLs are sent.
	TargetURL string
	// ID and URL are set by GitHub on the created status.
	ID  int64
	URL string
}

type apiStatus struct {
	ID          int64  `json:"id,omitempty"`
	URL         string `json:"url,omitempty"`
	State       string `json:"state"`
	Context     string `json:"context,omitempty"`
	Description string `json:"description,omitempty"`
	TargetURL   string `json:"target_url,omitempty"`
}

var commitSHA = regexp.MustCompile(`^[0-9a-fA-F]{40}([0-9a-fA-F]{24})?$`)

// SetStatus creates a commit status on sha (POST
// /repos/{owner}/{repo}/statuses/{sha}). The description is cut to
// GitHub's 140 characters and a target URL that is not http(s) is left
// out. The token needs the statuses permission ("statuses: write" in a
// workflow).
func (c *Client) SetStatus(ctx context.Context, repo Repo, sha string, s Status) (Status, error) {
	switch {
	case !commitSHA.MatchString(sha):
		return Status{}, fmt.Errorf("commit status on %s: %q is not a commit id", repo, sha)
	case s.State != StatePending && s.State != StateSuccess && s.State != StateFailure && s.State != StateError:
		return Status{}, fmt.Errorf("commit status on %s: unknown state %q", repo, s.State)
	}
	in := apiStatus{State: s.State, Context: s.Context, Description: shorten(s.Description, maxDescription)}
	if httpURL(s.TargetURL) {
		in.TargetURL = s.TargetURL
	}
	var out apiStatus
	p := fmt.Sprintf("/repos/%s/%s/statuses/%s", repo.Owner, repo.Name, sha)
	if _, err := c.do(ctx, http.MethodPost, p, in, &out); err != nil {
		return Status{}, c.explain(err, fmt.Sprintf("commit status on %s@%.7s", repo, sha))
	}
	return Status{State: out.State, Context: out.Context, Description: out.Description, TargetURL: out.TargetURL, ID: out.ID, URL: out.URL}, nil
}

// shorten shortens s to at most n runes, ending it with "…" when cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

package forge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Identity is who the client's token acts as.
type Identity struct {
	// Login is the user the token belongs to ("octocat"); "" for a
	// GitHub App installation token (GITHUB_TOKEN in Actions is one),
	// which GET /user refuses and which has no way to learn its own bot
	// login (GET /app needs the app's JWT).
	Login string
	// App is true for an installation token: its comments are written by
	// a bot ("name[bot]", user type "Bot").
	App bool
}

// Identity asks the API who the token is: GET /user, whose 403
// "Resource not accessible by integration" means an app installation.
func (c *Client) Identity(ctx context.Context) (Identity, error) {
	if c.token == "" {
		return Identity{}, errors.New("posting needs a GitHub token (GH_TOKEN, GITHUB_TOKEN or gh auth login)")
	}
	var u struct {
		Login string `json:"login"`
	}
	_, err := c.do(ctx, http.MethodGet, "/user", nil, &u)
	var e *Error
	switch {
	case errors.As(err, &e) && e.Status == http.StatusForbidden && strings.Contains(strings.ToLower(e.Message), "integration"):
		return Identity{App: true}, nil
	case err != nil:
		return Identity{}, c.explain(err, "who the token is")
	case u.Login == "":
		return Identity{}, fmt.Errorf("GET /user: no login in the answer")
	}
	return Identity{Login: u.Login}, nil
}

// wrote reports whether the comment's author is id: the same login, or,
// for an app installation, a bot.
func (id Identity) wrote(ac apiComment) bool {
	return id.is(apiActor{Typename: ac.User.Type, Login: ac.User.Login})
}

// is reports whether an author, as REST (user login and type) or GraphQL
// (actor login and __typename) names it, is id. Both call a bot "Bot".
func (id Identity) is(a apiActor) bool {
	if id.Login != "" {
		return a.Login != "" && strings.EqualFold(a.Login, id.Login)
	}
	return id.App && a.Typename == "Bot"
}

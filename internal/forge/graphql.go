package forge

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/deepreview/deepreview/internal/safetext"
)

// GraphQL is used only for what REST cannot do: review threads carry
// their resolved state, and are resolved, only there.

// maxGraphQLErrors and maxServerText bound what an error answer puts
// into deepreview's own error: the messages can echo what was asked.
const (
	maxGraphQLErrors = 3
	maxServerText    = 200
)

// GraphQLError is a GraphQL answer carrying an errors array. GitHub sends
// it with status 200 (a missing scope, a node not found, a field the
// server does not know), so the status alone does not say it failed.
type GraphQLError struct {
	URL      string
	Messages []string // sanitised and shortened
}

func (e *GraphQLError) Error() string {
	return fmt.Sprintf("POST %s: %s", e.URL, strings.Join(e.Messages, "; "))
}

// graphQLURL is the GraphQL endpoint beside the REST root, as gh places
// it: https://api.github.com/graphql for github.com (and
// https://api.TENANT.ghe.com/graphql), https://HOST/api/graphql for an
// Enterprise Server whose REST root is https://HOST/api/v3; any other
// root (a proxy, a test server) gets /graphql appended.
func (c *Client) graphQLURL() string {
	u := *c.base
	if p, ok := strings.CutSuffix(u.Path, "/api/v3"); ok {
		u.Path = p + "/api/graphql"
	} else {
		u.Path += "/graphql"
	}
	u.RawPath = ""
	return u.String()
}

type graphQLRequest struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables,omitempty"`
}

type graphQLAnswer struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"errors"`
}

// graphql sends one query or mutation and decodes its data into out. An
// answer with errors is a *GraphQLError even when it also carries data:
// deepreview never acts on half an answer. what names the request in
// errors.
func (c *Client) graphql(ctx context.Context, what, query string, vars map[string]any, out any) error {
	if c.token == "" {
		return fmt.Errorf("%s: GitHub's GraphQL API needs a token (GH_TOKEN, GITHUB_TOKEN or gh auth login)", what)
	}
	var ans graphQLAnswer
	u := c.graphQLURL()
	if _, err := c.do(ctx, http.MethodPost, u, graphQLRequest{Query: query, Variables: vars}, &ans); err != nil {
		return c.explain(err, what)
	}
	if len(ans.Errors) > 0 {
		e := &GraphQLError{URL: u}
		for i, ae := range ans.Errors {
			if i == maxGraphQLErrors {
				e.Messages = append(e.Messages, fmt.Sprintf("and %d more", len(ans.Errors)-i))
				break
			}
			e.Messages = append(e.Messages, serverText(ae.Type, ae.Message))
		}
		return fmt.Errorf("%s: %w", what, e)
	}
	if len(ans.Data) == 0 || string(ans.Data) == "null" {
		return fmt.Errorf("%s: POST %s: an answer without data", what, u)
	}
	if err := json.Unmarshal(ans.Data, out); err != nil {
		return fmt.Errorf("%s: POST %s: decode data: %w", what, u, err)
	}
	return nil
}

// serverText is an error message of the API (one of a GraphQL answer,
// with its type; a REST error's) as deepreview says it: on one line,
// without control characters, cut to maxServerText bytes.
func serverText(typ, msg string) string {
	s := strings.Join(strings.Fields(safetext.Terminal(msg)), " ")
	if t := strings.Join(strings.Fields(safetext.Terminal(typ)), " "); t != "" {
		s = t + ": " + s
	}
	return safetext.Clip(s, maxServerText)
}

// bigInt is GraphQL's BigInt, which GitHub encodes as a string (a
// database id may not fit in GraphQL's 32-bit Int); a bare number is
// taken too.
type bigInt int64

func (b *bigInt) UnmarshalJSON(data []byte) error {
	s := strings.Trim(string(data), `"`)
	if s == "null" || s == "" {
		*b = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("a database id %.40q: %w", s, err)
	}
	*b = bigInt(n)
	return nil
}

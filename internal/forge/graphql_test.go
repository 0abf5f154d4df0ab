package forge

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// gqlCall is one GraphQL request the test server got.
type gqlCall struct {
	Query     string
	Variables map[string]any
}

// gqlAnswers serves recorded GraphQL answers (testdata/github/graphql-*)
// on the replay's /graphql: pick chooses the exchange for each request
// from its query and variables; "" fails the test.
type gqlAnswers struct {
	t     testing.TB
	mu    sync.Mutex
	calls []gqlCall
	pick  func(c gqlCall) exchange
}

func (g *gqlAnswers) serve(w http.ResponseWriter, req *http.Request) {
	var c gqlCall
	b, _ := io.ReadAll(req.Body)
	if err := json.Unmarshal(b, &c); err != nil {
		g.t.Errorf("graphql request %s: %v", b, err)
	}
	g.mu.Lock()
	g.calls = append(g.calls, c)
	g.mu.Unlock()
	e := g.pick(c)
	if e.Name == "" {
		g.t.Errorf("no recorded graphql answer for %s %v", c.Query, c.Variables)
		w.WriteHeader(599)
		return
	}
	for k, v := range e.Headers {
		w.Header().Set(k, v)
	}
	w.WriteHeader(e.Status)
	w.Write(e.Body)
}

func (g *gqlAnswers) seen() []gqlCall {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]gqlCall(nil), g.calls...)
}

// withGraphQL makes r answer /graphql with pick.
func withGraphQL(r *replay, pick func(gqlCall) exchange) *gqlAnswers {
	g := &gqlAnswers{t: r.t, pick: pick}
	r.graphql = g.serve
	return g
}

// threadPages answers the threads query with pull 31's two recorded
// pages, by cursor.
func threadPages(t testing.TB) func(gqlCall) exchange {
	p1, p2 := loadExchange(t, "graphql-pull-31-threads-1"), loadExchange(t, "graphql-pull-31-threads-2")
	return func(c gqlCall) exchange {
		if !strings.Contains(c.Query, "reviewThreads(") {
			return exchange{}
		}
		switch c.Variables["cursor"] {
		case nil:
			return p1
		case "Y3Vyc29yOnYyOpHOBmGQlQ==":
			return p2
		}
		return exchange{}
	}
}

func TestGraphQLURL(t *testing.T) {
	for _, tt := range []struct{ base, want string }{
		{APIBaseURL("github.com"), "https://api.github.com/graphql"},
		{APIBaseURL("ghe.example.com"), "https://ghe.example.com/api/graphql"},
		{APIBaseURL("acme.ghe.com"), "https://api.acme.ghe.com/graphql"},
		{"https://proxy.example.com/github/", "https://proxy.example.com/github/graphql"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/graphql"},
	} {
		c, err := New(tt.base, "t", "GH_TOKEN", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.graphQLURL(); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.base, got, tt.want)
		}
	}
}

// TestThreadsGraphQL lists pull 31's threads over two GraphQL pages, each
// with its resolved and outdated state, then its reviews' summaries.
func TestThreadsGraphQL(t *testing.T) {
	r := newReplay(t, "pull-538-reviews")
	r.exchanges[0].Path = "/repos/PyGithub/PyGithub/pulls/31/reviews"
	g := withGraphQL(r, threadPages(t))
	got, err := r.client("secret").Threads(t.Context(), Repo{Owner: "PyGithub", Name: "PyGithub"}, 31)
	if err != nil {
		t.Fatal(err)
	}
	calls := g.seen()
	if len(calls) != 2 || calls[0].Variables["owner"] != "PyGithub" || calls[0].Variables["name"] != "PyGithub" || calls[0].Variables["number"] != float64(31) {
		t.Fatalf("graphql calls %+v", calls)
	}
	for _, a := range r.auth {
		if a != "Bearer secret" {
			t.Errorf("authorization %q", a)
		}
	}
	if len(got) != 6 {
		t.Fatalf("%d threads, want 2 threads and 4 summaries: %+v", len(got), got)
	}
	eamanu, jacquev6 := got[0], got[1]
	if eamanu.Author != "eamanu" || !eamanu.Resolved || !eamanu.Outdated || eamanu.Line != 7 || eamanu.ID != 197784357 ||
		eamanu.NodeID != "PRRT_kwDOADYVqs4BmGQl" || eamanu.Body != "Test Case Dissmiss Review" || eamanu.Summary {
		t.Errorf("eamanu's thread %+v", eamanu)
	}
	if jacquev6.Author != "jacquev6" || jacquev6.Resolved || jacquev6.Outdated || jacquev6.Line != 73 || jacquev6.ID != 1580134 ||
		jacquev6.URL != "https://github.com/PyGithub/PyGithub/pull/31#discussion_r1580134" {
		t.Errorf("jacquev6's thread %+v", jacquev6)
	}
	// jzelinskie's approval has no text: left out.
	if s := got[2]; !s.Summary || s.Author != "electrofelix" || s.State != "COMMENTED" || s.Body != "Some review created by PyGithub" ||
		s.ID != 104584375 || s.URL != "https://github.com/PyGithub/PyGithub/pull/538#pullrequestreview-104584375" {
		t.Errorf("first summary %+v", s)
	}
}

// TestThreadsFallBackToREST: GraphQL refusing the token's scopes (a 200
// with errors), or no token at all, lists the threads through REST and
// says the resolved state is missing, rather than failing.
func TestThreadsFallBackToREST(t *testing.T) {
	scopes := loadExchange(t, "graphql-insufficient-scopes")
	for _, tt := range []struct {
		name, token, want string
		calls             int
	}{
		{"scopes", "t", "required scopes", 1},
		{"no token", "", "needs a token", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newReplay(t, "pull-31-review-comments", "pull-538-reviews")
			r.exchanges[0].Path = "/repos/PyGithub/PyGithub/pulls/31/comments"
			r.exchanges[1].Path = "/repos/PyGithub/PyGithub/pulls/31/reviews"
			g := withGraphQL(r, func(gqlCall) exchange { return scopes })
			got, err := r.client(tt.token).Threads(t.Context(), Repo{Owner: "PyGithub", Name: "PyGithub"}, 31)
			var pe *PartialError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), "without their resolved state") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v", err)
			}
			if len(g.seen()) != tt.calls {
				t.Errorf("%d graphql calls", len(g.seen()))
			}
			if len(got) != 6 || got[0].Author != "eamanu" || got[0].NodeID != "" || got[0].Resolved || !got[5].Summary {
				t.Errorf("threads %+v", got)
			}
		})
	}
}

// TestThreadsNoSummaries: the threads stand when the reviews cannot be
// listed; the error says what is missing.
func TestThreadsNoSummaries(t *testing.T) {
	r := newReplay(t, "not-found")
	r.exchanges[0].Path = "/repos/PyGithub/PyGithub/pulls/31/reviews"
	withGraphQL(r, threadPages(t))
	got, err := r.client("t").Threads(t.Context(), Repo{Owner: "PyGithub", Name: "PyGithub"}, 31)
	var pe *PartialError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "no review summaries") || len(got) != 2 || !got[0].Resolved {
		t.Errorf("threads %+v, error %v", got, err)
	}
}

// TestGraphQLErrors: GitHub's 200 with an errors array is an error that
// names each; the messages are untrusted text, so control characters go
// and the length is bounded.
func TestGraphQLErrors(t *testing.T) {
	notFound := loadExchange(t, "graphql-not-found")
	r := newReplay(t)
	withGraphQL(r, func(gqlCall) exchange { return notFound })
	var out struct{}
	err := r.client("t").graphql(t.Context(), "node D_abcdefgh", "query { node(id: \"D_abcdefgh\") { id } }", nil, &out)
	var ge *GraphQLError
	if !errors.As(err, &ge) || len(ge.Messages) != 1 || ge.Messages[0] != "NOT_FOUND: Could not resolve to a node with the global id of 'D_abcdefgh'" {
		t.Fatalf("error %v", err)
	}

	// A hostile message: a terminal escape, a newline and 10 KB. Taken
	// raw, it would repaint the terminal and flood the log.
	hostile := "\x1b[2J\x1b]0;pwned\x07line one\nline two " + strings.Repeat("x", 10<<10)
	var errs []map[string]string
	for range 5 {
		errs = append(errs, map[string]string{"type": "FORBIDDEN", "message": hostile})
	}
	body, _ := json.Marshal(map[string]any{"data": nil, "errors": errs})
	withGraphQL(r, func(gqlCall) exchange { return exchange{Name: "hostile", Status: 200, Body: body} })
	err = r.client("t").graphql(t.Context(), "x", "query { x }", nil, &out)
	if err == nil || !errors.As(err, &ge) {
		t.Fatalf("error %v", err)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\x1b\x07\n") || len(msg) > 1000 || !strings.Contains(msg, "FORBIDDEN: ") || !strings.Contains(msg, "and 2 more") {
		t.Errorf("error not bounded or not sanitised (%d bytes): %q", len(msg), msg[:min(len(msg), 300)])
	}
	if !strings.ContainsAny(hostile, "\x1b\x07\n") || len(hostile) <= 1000 {
		t.Error("the hostile message is not hostile")
	}
}

// TestThreadsBounded: a server paging threads on and on (ten pages), each with a
// 16 KB comment, is read up to MaxThreads threads and MaxThreadBody bytes
// of each.
func TestThreadsBounded(t *testing.T) {
	big := strings.Repeat("é", 1<<13) // 16 KB, two bytes a rune
	page := 0
	r := newReplay(t, "pull-538-reviews")
	r.exchanges[0].Path = "/repos/PyGithub/PyGithub/pulls/31/reviews"
	g := withGraphQL(r, func(gqlCall) exchange {
		page++
		var nodes []map[string]any
		for i := range 100 {
			nodes = append(nodes, map[string]any{"id": "PRRT_x", "isResolved": false, "isOutdated": false, "path": "a.go", "line": i + 1,
				"comments": map[string]any{"totalCount": 1, "nodes": []map[string]any{{"fullDatabaseId": "1", "author": map[string]string{"__typename": "User", "login": "u"}, "body": big, "url": "u"}}}})
		}
		b, _ := json.Marshal(map[string]any{"data": map[string]any{"repository": map[string]any{"pullRequest": map[string]any{
			"reviewThreads": map[string]any{"nodes": nodes, "pageInfo": map[string]any{"hasNextPage": page < 10, "endCursor": strings.Repeat("c", page)}}}}}})
		return exchange{Name: "endless", Status: 200, Body: b}
	})
	got, err := r.client("t").Threads(t.Context(), Repo{Owner: "PyGithub", Name: "PyGithub"}, 31)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(g.seen()); n != MaxThreads/100 {
		t.Errorf("%d pages asked for", n)
	}
	threads := 0
	for _, th := range got {
		if !th.Summary {
			threads++
		}
		if len(th.Body) > MaxThreadBody+len("…") || !utf8Valid(th.Body) {
			t.Fatalf("a body of %d bytes (valid UTF-8: %v)", len(th.Body), utf8Valid(th.Body))
		}
	}
	if threads != MaxThreads {
		t.Errorf("%d threads", threads)
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// FuzzThreadAnswer: whatever a thread node of a GraphQL answer holds,
// the Thread made of it is bounded and never panics.
func FuzzThreadAnswer(f *testing.F) {
	f.Add(`{"id":"PRRT_a","isResolved":true,"line":null,"originalLine":7,"comments":{"totalCount":1,"nodes":[{"fullDatabaseId":"197784357","author":{"__typename":"User","login":"eamanu"},"body":"x","url":"u"}]}}`)
	f.Add(`{"comments":{"totalCount":-4,"nodes":[{"fullDatabaseId":99,"author":null,"body":"é"}]}}`)
	f.Add(`{"comments":{"nodes":[{"fullDatabaseId":"9223372036854775808"}]}}`)
	f.Fuzz(func(t *testing.T, s string) {
		var a apiThread
		if json.Unmarshal([]byte(s), &a) != nil {
			return
		}
		th := a.thread()
		if len(th.Body) > MaxThreadBody+len("…") || th.Replies < 0 {
			t.Errorf("thread %+v", th)
		}
	})
}

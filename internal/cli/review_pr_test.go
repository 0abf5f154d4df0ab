package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/deepreview/deepreview/internal/forge"
	"github.com/deepreview/deepreview/internal/report"
)

// fakeGitHub answers the pull request requests with responses api.github.com
// really sent (recorded by PyGithub's test suite; see
// ../forge/testdata/README.md) and keeps the issue comments as state, so
// that --post can create and then edit the report comment.
type fakeGitHub struct {
	t        *testing.T
	mu       sync.Mutex
	comments []map[string]any
	nextID   int
	requests []string
	statuses []map[string]any // commit statuses posted, with their "sha"
	reviews  []map[string]any // pull-request reviews created, as sent
	// rcomments are the review comments, replies included, as GitHub
	// would list them.
	rcomments []map[string]any
	// resolved are the review threads resolved, by the id of their
	// first comment; resolutions are the resolveReviewThread mutations
	// asked for, by thread id.
	resolved    map[int]bool
	resolutions []string
}

const ghRecorded = "../forge/testdata/github/"

func newFakeGitHub(t *testing.T) (*fakeGitHub, *httptest.Server) {
	g := &fakeGitHub{t: t, nextID: 900001, resolved: map[int]bool{}}
	var recorded []map[string]any
	g.decode("issue-31-comments.body", &recorded)
	g.comments = recorded
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	return g, srv
}

func (g *fakeGitHub) decode(name string, v any) {
	b, err := os.ReadFile(ghRecorded + name)
	if err != nil {
		g.t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		g.t.Fatalf("%s: %v", name, err)
	}
}

func (g *fakeGitHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if r.Method == "POST" && r.URL.Path == "/graphql" {
		g.graphql(w, r)
		return
	}
	g.requests = append(g.requests, r.Method+" "+r.URL.Path)
	const repo = "/repos/PyGithub/PyGithub"
	switch p := strings.TrimPrefix(r.URL.Path, repo); {
	case r.Method == "GET" && r.URL.Path == "/user":
		g.file(w, "user-jacquev6.body")
	case r.Method == "GET" && p == "/pulls/31":
		g.file(w, "pull-31.body")
	case r.Method == "GET" && p == "/pulls/31/commits":
		g.file(w, "pull-31-commits.body")
	case r.Method == "GET" && p == "/pulls/31/files":
		g.file(w, "pull-31-files.body")
	case r.Method == "GET" && p == "/pulls/31/comments":
		g.file(w, "pull-31-review-comments.body")
	case r.Method == "GET" && p == "/issues/31/comments":
		ghJSON(w, 200, g.comments)
	case r.Method == "POST" && p == "/issues/31/comments":
		var c map[string]any
		g.decode("issue-31-comment-create.body", &c)
		g.nextID++
		c["id"], c["body"] = g.nextID, bodyOf(r)
		c["html_url"] = fmt.Sprintf("https://github.com/PyGithub/PyGithub/pull/31#issuecomment-%d", g.nextID)
		g.comments = append(g.comments, c)
		ghJSON(w, 201, c)
	case (r.Method == "PATCH" || r.Method == "GET") && strings.HasPrefix(p, "/issues/comments/"):
		// GET: the next round reads the comment it recorded the id of.
		id, _ := strconv.Atoi(strings.TrimPrefix(p, "/issues/comments/"))
		for _, c := range g.comments {
			if n, _ := c["id"].(float64); int(n) == id || c["id"] == id {
				if r.Method == "PATCH" {
					c["body"] = bodyOf(r)
				}
				ghJSON(w, 200, c)
				return
			}
		}
		ghJSON(w, 404, map[string]string{"message": "Not Found"})
	case r.Method == "GET" && p == "/pulls/31/reviews":
		g.reviewList(w)
	case strings.HasPrefix(p, "/pulls/31/reviews") || strings.HasPrefix(p, "/pulls/comments/") ||
		strings.HasPrefix(p, "/pulls/31/comments/"):
		g.review(w, r, p)
	case r.Method == "POST" && strings.HasPrefix(p, "/statuses/"):
		g.status(w, r, strings.TrimPrefix(p, "/statuses/"))
	default:
		g.t.Errorf("unexpected GitHub request %s %s", r.Method, r.URL)
		ghJSON(w, 404, map[string]string{"message": "Not Found"})
	}
}

// review answers the review endpoints with the recorded answers
// (review-538-create, one recorded review comment of pull 31 by jacquev6,
// review-comment-reply) carrying what was sent, and keeps the review
// comments as state.
func (g *fakeGitHub) review(w http.ResponseWriter, r *http.Request, p string) {
	var created map[string]any
	var rc []map[string]any
	g.decode("review-538-create.body", &created)
	g.decode("pull-31-review-comments.body", &rc)
	recorded := rc[1] // jacquev6's
	switch {
	case r.Method == "POST" && p == "/pulls/31/reviews":
		var in map[string]any
		json.NewDecoder(r.Body).Decode(&in)
		g.nextID++
		review := g.nextID
		in["id"] = review
		g.reviews = append(g.reviews, in)
		created["id"], created["body"], created["commit_id"] = review, in["body"], in["commit_id"]
		created["html_url"] = fmt.Sprintf("https://github.com/PyGithub/PyGithub/pull/31#pullrequestreview-%d", review)
		cs, _ := in["comments"].([]any)
		for _, c := range cs {
			c := c.(map[string]any)
			g.nextID++
			nc := maps.Clone(recorded)
			nc["id"], nc["pull_request_review_id"], nc["body"], nc["path"] = g.nextID, review, c["body"], c["path"]
			nc["line"], nc["start_line"], nc["side"] = c["line"], c["start_line"], c["side"]
			nc["html_url"] = fmt.Sprintf("https://github.com/PyGithub/PyGithub/pull/31#discussion_r%d", g.nextID)
			g.rcomments = append(g.rcomments, nc)
		}
		ghJSON(w, 200, created)
	case r.Method == "GET" && strings.HasSuffix(p, "/comments"):
		id, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/pulls/31/reviews/"), "/comments"))
		var out []map[string]any
		for _, c := range g.rcomments {
			if num(c["pull_request_review_id"]) == id {
				out = append(out, c)
			}
		}
		ghJSON(w, 200, out)
	case r.Method == "PATCH":
		id, _ := strconv.Atoi(strings.TrimPrefix(p, "/pulls/comments/"))
		for _, c := range g.rcomments {
			if num(c["id"]) == id {
				c["body"] = bodyOf(r)
				ghJSON(w, 200, c)
				return
			}
		}
		ghJSON(w, 404, map[string]string{"message": "Not Found"})
	case r.Method == "POST" && strings.HasSuffix(p, "/replies"):
		var reply map[string]any
		g.decode("review-comment-reply.body", &reply)
		to, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/pulls/31/comments/"), "/replies"))
		g.nextID++
		reply["id"], reply["in_reply_to_id"], reply["body"] = g.nextID, to, bodyOf(r)
		for _, c := range g.rcomments {
			if num(c["id"]) == to {
				reply["pull_request_review_id"] = c["pull_request_review_id"]
			}
		}
		g.rcomments = append(g.rcomments, reply)
		ghJSON(w, 201, reply)
	default:
		g.t.Errorf("unexpected GitHub request %s %s", r.Method, r.URL)
		ghJSON(w, 404, map[string]string{"message": "Not Found"})
	}
}

// graphql answers the two GraphQL requests deepreview makes, in the
// shape of the recorded answers (../forge/testdata/github/graphql-*):
// the review threads query, with pull 31's recorded threads (eamanu's,
// resolved and outdated, and jacquev6's, open) on one page, followed by one thread per review comment the
// fake holds, and the resolveReviewThread mutation. A query is recorded
// in requests as "QUERY /graphql" (it reads), a mutation as
// "POST /graphql resolveReviewThread THREAD-ID".
func (g *fakeGitHub) graphql(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	json.NewDecoder(r.Body).Decode(&in)
	if strings.Contains(in.Query, "resolveReviewThread(") {
		id, _ := in.Variables["id"].(string)
		g.requests = append(g.requests, "POST /graphql resolveReviewThread "+id)
		g.resolutions = append(g.resolutions, id)
		first, _ := strconv.Atoi(strings.TrimPrefix(id, "PRRT_fake"))
		g.resolved[first] = true
		var ans map[string]any
		g.decode("graphql-resolve.body", &ans)
		ans["data"].(map[string]any)["resolveReviewThread"].(map[string]any)["thread"].(map[string]any)["id"] = id
		ghJSON(w, 200, ans)
		return
	}
	g.requests = append(g.requests, "QUERY /graphql")
	if !strings.Contains(in.Query, "reviewThreads(") || in.Variables["cursor"] != nil {
		g.t.Errorf("unexpected GraphQL request %s %v", in.Query, in.Variables)
	}
	var page, recorded map[string]any
	g.decode("graphql-pull-31-threads-1.body", &page)
	g.decode("graphql-pull-31-threads-2.body", &recorded)
	rt := page["data"].(map[string]any)["repository"].(map[string]any)["pullRequest"].(map[string]any)["reviewThreads"].(map[string]any)
	shape := recorded["data"].(map[string]any)["repository"].(map[string]any)["pullRequest"].(map[string]any)["reviewThreads"].(map[string]any)["nodes"].([]any)[0].(map[string]any)
	nodes := append(rt["nodes"].([]any), shape)
	for _, c := range g.rcomments {
		if num(c["in_reply_to_id"]) > 0 {
			continue
		}
		id := num(c["id"])
		replies := 0
		for _, o := range g.rcomments {
			if num(o["in_reply_to_id"]) == id {
				replies++
			}
		}
		user := c["user"].(map[string]any)
		n := maps.Clone(shape)
		n["id"], n["isResolved"], n["path"], n["line"] = fmt.Sprintf("PRRT_fake%d", id), g.resolved[id], c["path"], c["line"]
		n["comments"] = map[string]any{"totalCount": 1 + replies, "nodes": []any{map[string]any{
			"fullDatabaseId": strconv.Itoa(id), "author": map[string]any{"__typename": user["type"], "login": user["login"]},
			"body": c["body"], "url": c["html_url"]}}}
		nodes = append(nodes, n)
	}
	rt["nodes"] = nodes
	rt["pageInfo"] = map[string]any{"hasNextPage": false, "endCursor": "Y3Vyc29yOnYyOpHOAGBxmA=="}
	ghJSON(w, 200, page)
}

// reviewList answers GET /pulls/31/reviews: the recorded reviews of pull
// 538 (pull-538-reviews), then those the fake created, each a copy of
// the recorded one with its id, text and the token's user (jacquev6).
func (g *fakeGitHub) reviewList(w http.ResponseWriter) {
	var list []map[string]any
	g.decode("pull-538-reviews.body", &list)
	var rc []map[string]any
	g.decode("pull-31-review-comments.body", &rc)
	for _, in := range g.reviews {
		r := maps.Clone(list[1])
		r["id"], r["body"], r["state"], r["user"] = in["id"], in["body"], "COMMENTED", rc[1]["user"]
		list = append(list, r)
	}
	ghJSON(w, 200, list)
}

// num reads a JSON number kept as state (a float64 once decoded, an int
// when set by the fake).
func num(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int:
		return n
	}
	return -1
}

func (g *fakeGitHub) file(w http.ResponseWriter, name string) {
	b, err := os.ReadFile(ghRecorded + name)
	if err != nil {
		g.t.Error(err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}

func bodyOf(r *http.Request) string {
	var in struct{ Body string }
	b, _ := io.ReadAll(r.Body)
	json.Unmarshal(b, &in)
	return in.Body
}

func ghJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// TestReviewPullRequest reviews PyGithub/PyGithub#31 as GitHub recorded it,
// with its head and base fetched from a local stand-in of the GitHub
// repository (git's url.insteadOf), and posts the report twice: the
// second round edits the first round's comment.
func TestReviewPullRequest(t *testing.T) {
	r, gh := prRepo(t)
	cfg := r.config(map[string][]string{"alpha": agentScript(t, reviewAlpha, ""), "beta": agentScript(t, reviewBeta, "")})

	before := r.state()
	for round := 1; round <= 2; round++ {
		code, out, errOut := r.run(t.Context(), "review", "PyGithub/PyGithub#31", "--post", "--config", cfg, "--format", "json")
		if code != 0 {
			t.Fatalf("round %d: exit %d\n%s", round, code, errOut)
		}
		rep, err := report.ReadJSON(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		c := rep.Change
		if rep.Round != round || c.PR != 31 || c.Repo != "PyGithub/PyGithub" || c.Title != "Title edited by PyGithub" ||
			c.Author != "jacquev6" || c.Branch != "master" || c.PRURL != "https://github.com/PyGithub/PyGithub/pull/31" {
			t.Errorf("round %d: round %d change %+v", round, rep.Round, c)
		}
		if !strings.HasPrefix(rep.ID, rep.Date.Format("20060102-150405")+"-pr-31") {
			t.Errorf("id %q", rep.ID)
		}
		if !strings.Contains(errOut, "posted https://github.com/PyGithub/PyGithub/pull/31#issuecomment-900002") {
			t.Errorf("round %d: stderr does not name the comment:\n%s", round, errOut)
		}
	}
	if r.state() != before {
		t.Error("the user's branches or tree changed")
	}
	var posts, patches int
	for _, q := range gh.requests {
		if strings.Contains(q, "/statuses/") {
			continue // the commit status (review_gate_test.go)
		}
		posts += strings.Count(q, "POST ")
		patches += strings.Count(q, "PATCH ")
	}
	if !slices.Contains(gh.requests, "GET /repos/PyGithub/PyGithub/issues/comments/900002") {
		t.Errorf("round 2 did not look up the comment round 1 recorded: %v", gh.requests)
	}
	if posts != 1 || patches != 1 || len(gh.comments) != 2 {
		t.Errorf("want one comment created then edited; requests %v, %d comments", gh.requests, len(gh.comments))
	}
	// The PR's human review threads, with their state (from GraphQL),
	// and its reviews' summaries reached the agents, as data, and the
	// report lists them (their authors' mentions neutralised).
	rep, dir := r.stored()
	prompt, _ := os.ReadFile(filepath.Join(dir, "agents", "alpha", "prompt.md"))
	for _, want := range []string{"## Human review threads on this pull request", "A thread marked resolved was closed on GitHub",
		"@eamanu on `test/IssueEvent.py:7` (0 replies, outdated, resolved)", "@jacquev6 on `codegen/templates/GithubObject.py:73` (0 replies):",
		"@electrofelix's review summary (commented)"} {
		if !bytes.Contains(prompt, []byte(want)) {
			t.Errorf("the prompt lacks %q:\n%s", want, prompt)
		}
	}
	if f := rep.UnresolvedFeedback; f == nil || len(f.Threads) != 6 || f.Threads[0].Author != "eamanu" || !f.Threads[0].Resolved ||
		f.Threads[1].Resolved || f.Threads[2].Review != "commented" {
		t.Errorf("unresolved feedback %+v", f)
	}
	body, _ := gh.comments[1]["body"].(string)
	if !strings.Contains(body, "`test/IssueEvent.py:7` (outdated, resolved)") || !strings.Contains(body, "review (commented): Some review created by PyGithub") {
		t.Errorf("the comment does not list the threads with their state:\n%s", body)
	}
	if !strings.HasPrefix(body, forge.Marker) || !strings.Contains(body, "Round** | 2") {
		t.Errorf("the comment does not hold round 2's report:\n%.400s", body)
	}
}

// inlineRound1 finds a nil map write on the added lines, with a fix that
// replaces them (a suggestion), a missing doc comment on a context line
// of the hunk, and a package comment on line 1, outside the diff.
const inlineRound1 = `## Executive Summary
Adds Put.
## Findings
### Critical Issues
None.
### Important Issues
I1. **` + "`Put`" + ` writes to a nil map** — ` + "`kv.go:9-11`" + ` (important, regression)

` + "```go\nfunc Put(k, v string) {\n\tstore[k] = v\n}\n```" + `

The map is never made, so Put panics.

Fix:

` + "```go\nfunc Put(k, v string) {\n\tif store == nil {\n\t\tstore = map[string]string{}\n\t}\n\tstore[k] = v\n}\n```" + `
### Suggestions
S1. **` + "`Get`" + ` has no doc comment** — ` + "`kv.go:5`" + ` (suggestion, documentation)

Exported without a comment.

S2. **The package has no doc comment** — ` + "`kv.go:1`" + ` (suggestion, documentation)

Say what kv is for.
## Coverage Summary
- ` + "`kv.go`" + ` — I1, S1, S2
`

// inlineRound2 still finds the nil map write, and verifies the Get doc
// comment fixed (a finding is fixed only when an agent says so).
const inlineRound2 = `## Executive Summary
Adds Put.
## Previous Findings
- S1: fixed — ` + "`Get`" + ` has its doc comment now (` + "`kv.go:5`" + `)
## Findings
### Critical Issues
None.
### Important Issues
I1. **` + "`Put`" + ` writes to a nil map** — ` + "`kv.go:9-11`" + ` (important, regression)

` + "```go\nfunc Put(k, v string) {\n\tstore[k] = v\n}\n```" + `

Still panics: the map is never made.
### Suggestions
None.
## Coverage Summary
- ` + "`kv.go`" + ` — I1
`

// TestReviewInline posts round 1 with --post=inline: one review whose
// comments sit on the lines of the findings inside the diff, the fix that
// replaces the cited lines as a suggestion block, the finding outside the
// diff left to the summary. Round 2 edits the comment of the finding
// still open (no new review) and answers the fixed one's.
func TestReviewInline(t *testing.T) {
	r, gh := prRepo(t)
	for round, review := range []string{inlineRound1, inlineRound2} {
		cfg := r.config(map[string][]string{"alpha": agentScript(t, review, "")})
		code, _, errOut := r.run(t.Context(), "review", "PyGithub/PyGithub#31", "--post=inline", "--config", cfg, "--format", "json")
		if code != 0 {
			t.Fatalf("round %d: exit %d\n%s", round+1, code, errOut)
		}
		if !strings.Contains(errOut, "deepreview: inline comments:") {
			t.Errorf("round %d: stderr says nothing of the inline comments:\n%s", round+1, errOut)
		}
		if round == 1 && !strings.Contains(errOut, "1 answered as fixed (1 threads resolved)") {
			t.Errorf("round 2: stderr does not say the thread was resolved:\n%s", errOut)
		}
		if round == 0 {
			checkInlineRound1(t, r, gh)
		}
	}
	if len(gh.reviews) != 1 {
		t.Fatalf("round 2 created a review: %d reviews", len(gh.reviews))
	}
	var top, replies []map[string]any
	for _, c := range gh.rcomments {
		if num(c["in_reply_to_id"]) > 0 {
			replies = append(replies, c)
		} else {
			top = append(top, c)
		}
	}
	if len(top) != 2 {
		t.Fatalf("%d comments, want round 1's two", len(top))
	}
	nilMap, doc := top[0], top[1]
	if b, _ := nilMap["body"].(string); !strings.Contains(b, "Still panics") {
		t.Errorf("round 2 did not edit the open finding's comment:\n%s", b)
	}
	if len(replies) != 1 || num(replies[0]["in_reply_to_id"]) != num(doc["id"]) || replies[0]["body"] != "Fixed in round 2." {
		t.Errorf("replies %v, want one to the doc comment's %v", replies, doc["id"])
	}
	// The fixed finding's thread is resolved, and no other: not the open
	// finding's, not the humans' (eamanu's is already resolved, by
	// someone else).
	if want := fmt.Sprintf("PRRT_fake%d", num(doc["id"])); !slices.Equal(gh.resolutions, []string{want}) {
		t.Errorf("resolved %v, want only %s", gh.resolutions, want)
	}
	rep, dir := r.stored()
	// Round 2's agents got the humans' threads and summaries, not
	// deepreview's own inline comments and review.
	prompt, _ := os.ReadFile(filepath.Join(dir, "agents", "alpha", "prompt.md"))
	if !bytes.Contains(prompt, []byte("@eamanu on `test/IssueEvent.py:7`")) || bytes.Contains(prompt, []byte("deepreview:finding")) ||
		bytes.Contains(prompt, []byte("deepreview round 1")) {
		t.Errorf("round 2's prompt:\n%s", prompt)
	}
	if f := rep.UnresolvedFeedback; f == nil || len(f.Threads) != 6 {
		t.Errorf("round 2's feedback %+v", f)
	}
	b, err := os.ReadFile(filepath.Join(dir, "inline.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		ReviewID int64 `json:"review_id"`
		Comments []struct {
			ID int `json:"id"`
		} `json:"comments"`
	}
	if json.Unmarshal(b, &rec) != nil || rec.ReviewID != 0 || len(rec.Comments) != 1 || rec.Comments[0].ID != num(nilMap["id"]) {
		t.Errorf("round 2's inline.json: %s", b)
	}
}

// TestReviewInlineResolvesOnlyOwnThreads: when the comment round 1
// recorded for the fixed finding opens a thread someone else wrote (here
// the fake says eamanu wrote it, as if the record pointed at a human's
// comment), round 2 does not resolve it, says so, and the review still
// succeeds. Without the author check the thread would be resolved: the
// thread and its id are those TestReviewInline resolves.
func TestReviewInlineResolvesOnlyOwnThreads(t *testing.T) {
	r, gh := prRepo(t)
	for round, review := range []string{inlineRound1, inlineRound2} {
		if round == 1 {
			var rc []map[string]any
			gh.decode("pull-31-review-comments.body", &rc)
			gh.mu.Lock()
			gh.rcomments[1]["user"] = rc[0]["user"] // the doc comment: eamanu's now
			gh.mu.Unlock()
		}
		cfg := r.config(map[string][]string{"alpha": agentScript(t, review, "")})
		code, _, errOut := r.run(t.Context(), "review", "PyGithub/PyGithub#31", "--post=inline", "--config", cfg, "--format", "json")
		if code != 0 {
			t.Fatalf("round %d: exit %d\n%s", round+1, code, errOut)
		}
		if round == 1 && (!strings.Contains(errOut, "warning: resolving the threads of fixed findings (0 of 1 resolved)") ||
			!strings.Contains(errOut, "opened by someone else (@eamanu): left unresolved")) {
			t.Errorf("round 2 does not say why the thread stays open:\n%s", errOut)
		}
	}
	if len(gh.resolutions) != 0 {
		t.Errorf("resolved %v, a thread deepreview did not open", gh.resolutions)
	}
}

func checkInlineRound1(t *testing.T, r *rvRepo, gh *fakeGitHub) {
	t.Helper()
	if len(gh.reviews) != 1 {
		t.Fatalf("round 1: %d reviews", len(gh.reviews))
	}
	rv := gh.reviews[0]
	cs, _ := rv["comments"].([]any)
	if rv["event"] != "COMMENT" || len(cs) != 2 {
		t.Fatalf("round 1 review %v", rv)
	}
	rep, dir := r.stored()
	if rv["commit_id"] != rep.Change.Head {
		t.Errorf("review of %v, head %s", rv["commit_id"], rep.Change.Head)
	}
	nilMap, doc := cs[0].(map[string]any), cs[1].(map[string]any)
	if nilMap["path"] != "kv.go" || num(nilMap["start_line"]) != 9 || num(nilMap["line"]) != 11 || nilMap["side"] != "RIGHT" || nilMap["start_side"] != "RIGHT" {
		t.Errorf("nil map comment on %v", nilMap)
	}
	body, _ := nilMap["body"].(string)
	want := "```suggestion\nfunc Put(k, v string) {\n\tif store == nil {\n\t\tstore = map[string]string{}\n\t}\n\tstore[k] = v\n}\n```"
	if !strings.Contains(body, want) || !strings.Contains(body, "**Important**") || !strings.Contains(body, "Found by alpha") {
		t.Errorf("nil map comment:\n%s", body)
	}
	if doc["path"] != "kv.go" || num(doc["line"]) != 5 || doc["start_line"] != nil {
		t.Errorf("doc comment on %v", doc)
	}
	if b, _ := doc["body"].(string); strings.Contains(b, "suggestion") {
		t.Errorf("a prose fix became a suggestion:\n%s", b)
	}
	for _, c := range cs {
		if b, _ := c.(map[string]any)["body"].(string); strings.Contains(b, "package has no doc") {
			t.Error("the finding outside the diff got an inline comment")
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "inline.json"))
	if err != nil || !strings.Contains(string(b), `"review_id": 900003`) {
		t.Errorf("round 1's inline.json: %s %v", b, err)
	}
}

func TestPostFlag(t *testing.T) {
	for _, tt := range []struct {
		args         []string
		post, inline bool
		bad          bool
	}{
		{nil, false, false, false},
		{[]string{"--post"}, true, false, false},
		{[]string{"--post=inline"}, true, true, false},
		{[]string{"--post=summary"}, true, false, false},
		{[]string{"--post=inline", "--post=false"}, false, false, false},
		{[]string{"--post=everywhere"}, false, false, true},
	} {
		o, err := reviewFlags(append([]string{"42"}, tt.args...), Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }})
		if (err != nil) != tt.bad {
			t.Errorf("%v: error %v", tt.args, err)
			continue
		}
		if err == nil && (o.post != tt.post || o.inline != tt.inline) {
			t.Errorf("%v: post %v inline %v", tt.args, o.post, o.inline)
		}
	}
}

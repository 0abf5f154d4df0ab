package cli

import (
	"encoding/json"
	"fmt"
	"io"
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
}

const ghRecorded = "../forge/testdata/github/"

func newFakeGitHub(t *testing.T) (*fakeGitHub, *httptest.Server) {
	g := &fakeGitHub{t: t, nextID: 900001}
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
	case r.Method == "POST" && strings.HasPrefix(p, "/statuses/"):
		g.status(w, r, strings.TrimPrefix(p, "/statuses/"))
	default:
		g.t.Errorf("unexpected GitHub request %s %s", r.Method, r.URL)
		ghJSON(w, 404, map[string]string{"message": "Not Found"})
	}
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
	r := newRVRepo(t)
	bare := filepath.Join(t.TempDir(), "PyGithub.git")
	r.git("clone", "-q", "--bare", r.dir, bare)
	r.git("--git-dir", bare, "update-ref", "refs/heads/topic/RewriteWithGeneratedCode", "main")
	r.git("--git-dir", bare, "update-ref", "refs/pull/31/head", "feature")
	r.git("config", "url."+bare+".insteadOf", "https://github.com/PyGithub/PyGithub.git")
	r.git("checkout", "-q", "main")
	gh, srv := newFakeGitHub(t)
	r.env["DEEPREVIEW_GITHUB_API_URL"] = srv.URL
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
	body, _ := gh.comments[1]["body"].(string)
	if !strings.HasPrefix(body, forge.Marker) || !strings.Contains(body, "Round** | 2") {
		t.Errorf("the comment does not hold round 2's report:\n%.400s", body)
	}
}

package forge

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// commentServer is a stateful fake of the issue comment endpoints of
// PyGithub/PyGithub#31. It starts with the recorded list of the PR's
// comments and shapes its answers on the recorded POST and PATCH answers,
// with the body and id of what was sent.
type commentServer struct {
	*httptest.Server
	t        *testing.T
	mu       sync.Mutex
	comments []map[string]any
	created  map[string]any // recorded 201 answer to a POST
	edited   map[string]any // recorded 200 answer to a PATCH
	requests []string
}

func newCommentServer(t *testing.T) *commentServer {
	s := &commentServer{t: t}
	decode := func(name string, v any) {
		if err := json.Unmarshal(loadExchange(t, name).Body, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	decode("issue-31-comments", &s.comments)
	decode("issue-31-comment-create", &s.created)
	decode("issue-comment-edit", &s.edited)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *commentServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.Method+" "+r.URL.Path)
	var in struct {
		Body string `json:"body"`
	}
	if r.Body != nil {
		data, _ := io.ReadAll(r.Body)
		if len(data) > 0 && json.Unmarshal(data, &in) != nil {
			http.Error(w, `{"message":"Problems parsing JSON"}`, http.StatusBadRequest)
			return
		}
	}
	const list = "/repos/PyGithub/PyGithub/issues/31/comments"
	switch {
	case r.Method == http.MethodGet && r.URL.Path == list:
		json.NewEncoder(w).Encode(s.comments)
	case r.Method == http.MethodPost && r.URL.Path == list:
		c := clone(s.created)
		id := 8387331 + len(s.comments)
		c["id"], c["body"] = float64(id), in.Body
		c["html_url"] = fmt.Sprintf("https://github.com/PyGithub/PyGithub/pull/31#issuecomment-%d", id)
		s.comments = append(s.comments, c)
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(c)
	case r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, "/repos/PyGithub/PyGithub/issues/comments/"):
		id, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/repos/PyGithub/PyGithub/issues/comments/"))
		for _, c := range s.comments {
			if c["id"] == float64(id) && c["foreign"] == true {
				http.Error(w, `{"message":"Must have admin rights to Repository."}`, http.StatusForbidden)
				return
			}
			if c["id"] == float64(id) {
				e := clone(s.edited)
				e["id"], e["body"], e["html_url"] = c["id"], in.Body, c["html_url"]
				c["body"] = in.Body
				json.NewEncoder(w).Encode(e)
				return
			}
		}
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
	default:
		s.t.Errorf("unexpected %s %s", r.Method, r.URL)
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
	}
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func (s *commentServer) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.requests
	s.requests = nil
	return r
}

func TestUpsertComment(t *testing.T) {
	srv := newCommentServer(t)
	c, err := New(srv.URL, "t0ken", "GH_TOKEN", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	repo := Repo{"PyGithub", "PyGithub"}
	ctx := context.Background()
	rounds := []struct {
		report  string
		created bool
		calls   []string
	}{
		{"# Deep Review: round 1\n", true, []string{"GET /repos/PyGithub/PyGithub/issues/31/comments", "POST /repos/PyGithub/PyGithub/issues/31/comments"}},
		{"# Deep Review: round 2\n", false, []string{"GET /repos/PyGithub/PyGithub/issues/31/comments", "PATCH /repos/PyGithub/PyGithub/issues/comments/8387332"}},
		{"# Deep Review: round 3\n", false, []string{"GET /repos/PyGithub/PyGithub/issues/31/comments", "PATCH /repos/PyGithub/PyGithub/issues/comments/8387332"}},
	}
	for i, r := range rounds {
		body := CommentBody(r.report, "")
		got, created, err := c.UpsertComment(ctx, repo, 31, body)
		if err != nil {
			t.Fatalf("round %d: %v", i+1, err)
		}
		if created != r.created || got.ID != 8387332 || got.Body != body || !strings.HasSuffix(got.URL, "#issuecomment-8387332") {
			t.Errorf("round %d: got %+v created=%v", i+1, got, created)
		}
		if calls := srv.take(); strings.Join(calls, "\n") != strings.Join(r.calls, "\n") {
			t.Errorf("round %d: requests %q, want %q", i+1, calls, r.calls)
		}
	}
	// The recorded comment that was already there is left alone.
	if len(srv.comments) != 2 || srv.comments[0]["body"] != "Issue comment created by PyGithub" {
		t.Errorf("comments now %v", srv.comments)
	}
}

func TestUpsertCommentWantsMarker(t *testing.T) {
	c, _ := New("https://api.github.com", "", "", nil)
	_, _, err := c.UpsertComment(context.Background(), Repo{"o", "r"}, 1, "no marker here")
	if err == nil || !strings.Contains(err.Error(), "lacks the marker") {
		t.Fatalf("err = %v", err)
	}
}

// A comment by someone else that quotes the marker cannot be edited: the
// report goes into a comment of its own.
func TestUpsertCommentSkipsForeign(t *testing.T) {
	srv := newCommentServer(t)
	srv.comments[0]["body"] = "quoting deepreview: " + Marker
	srv.comments[0]["foreign"] = true
	c, _ := New(srv.URL, "t0ken", "GH_TOKEN", srv.Client())
	got, created, err := c.UpsertComment(context.Background(), Repo{"PyGithub", "PyGithub"}, 31, CommentBody("report", ""))
	if err != nil || !created || got.ID != 8387332 {
		t.Fatalf("got %+v, created=%v, err=%v", got, created, err)
	}
	want := []string{"GET /repos/PyGithub/PyGithub/issues/31/comments", "PATCH /repos/PyGithub/PyGithub/issues/comments/8387331", "POST /repos/PyGithub/PyGithub/issues/31/comments"}
	if calls := srv.take(); strings.Join(calls, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests %q, want %q", calls, want)
	}
}

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
// comments and shapes its answers on the recorded answers to POST, PATCH
// and GET of one comment, with the id, body and author of what was sent.
// GET /user answers with the recorded user (jacquev6), or, when app is
// set, with the recorded 403 an app installation token gets; comments
// created then are by a bot. admin lets the token edit anyone's comment,
// as a repository admin's can.
type commentServer struct {
	*httptest.Server
	t        *testing.T
	mu       sync.Mutex
	comments []map[string]any
	created  map[string]any // recorded 201 answer to a POST
	edited   map[string]any // recorded 200 answer to a PATCH
	got      map[string]any // recorded 200 answer to a GET of one comment
	user     map[string]any // recorded GET /user
	appUser  exchange       // recorded 403 of GET /user for an app token
	app      bool
	admin    bool
	requests []string
}

func newCommentServer(t *testing.T) *commentServer {
	s := &commentServer{t: t, appUser: loadExchange(t, "user-app-token")}
	decode := func(name string, v any) {
		if err := json.Unmarshal(loadExchange(t, name).Body, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	decode("issue-31-comments", &s.comments)
	decode("issue-31-comment-create", &s.created)
	decode("issue-comment-edit", &s.edited)
	decode("issue-comment-get", &s.got)
	decode("user-jacquev6", &s.user)
	for _, c := range s.comments {
		c["issue_url"] = "https://api.github.com/repos/PyGithub/PyGithub/issues/31"
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// bot is the user of a comment an app installation writes.
var bot = map[string]any{"login": "deepreview-app[bot]", "id": float64(41898282), "type": "Bot"}

// me is the user the token acts as.
func (s *commentServer) me() map[string]any {
	if s.app {
		return bot
	}
	return map[string]any{"login": s.user["login"], "id": s.user["id"], "type": s.user["type"]}
}

// plant adds a comment by someone else (the pull request's author).
func (s *commentServer) plant(body string, user map[string]any) float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := clone(s.comments[0])
	id := float64(9000000 + len(s.comments))
	c["id"], c["body"], c["user"] = id, body, user
	c["html_url"] = fmt.Sprintf("https://github.com/PyGithub/PyGithub/pull/31#issuecomment-%d", int64(id))
	s.comments = append(s.comments, c)
	return id
}

var author = map[string]any{"login": "pr-author", "id": float64(7), "type": "User"}

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
	const one = "/repos/PyGithub/PyGithub/issues/comments/"
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/user":
		if s.app {
			w.WriteHeader(s.appUser.Status)
			w.Write(s.appUser.Body)
			return
		}
		json.NewEncoder(w).Encode(s.user)
	case r.Method == http.MethodGet && r.URL.Path == list:
		on31 := []map[string]any{}
		for _, c := range s.comments {
			if strings.HasSuffix(c["issue_url"].(string), "/issues/31") {
				on31 = append(on31, c)
			}
		}
		json.NewEncoder(w).Encode(on31)
	case r.Method == http.MethodPost && r.URL.Path == list:
		c := clone(s.created)
		id := 8387331 + len(s.comments)
		c["id"], c["body"], c["user"] = float64(id), in.Body, s.me()
		c["html_url"] = fmt.Sprintf("https://github.com/PyGithub/PyGithub/pull/31#issuecomment-%d", id)
		c["issue_url"] = "https://api.github.com/repos/PyGithub/PyGithub/issues/31"
		s.comments = append(s.comments, c)
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(c)
	case strings.HasPrefix(r.URL.Path, one) && (r.Method == http.MethodPatch || r.Method == http.MethodGet):
		id, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, one))
		c := s.find(float64(id))
		switch {
		case c == nil:
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
		case r.Method == http.MethodGet:
			g := clone(s.got)
			for _, k := range []string{"id", "body", "html_url", "issue_url", "user"} {
				g[k] = c[k]
			}
			json.NewEncoder(w).Encode(g)
		case !s.admin && c["user"].(map[string]any)["login"] != s.me()["login"]:
			http.Error(w, `{"message":"Must have admin rights to Repository."}`, http.StatusForbidden)
		default:
			e := clone(s.edited)
			e["id"], e["body"], e["html_url"], e["user"] = c["id"], in.Body, c["html_url"], c["user"]
			c["body"] = in.Body
			json.NewEncoder(w).Encode(e)
		}
	default:
		s.t.Errorf("unexpected %s %s", r.Method, r.URL)
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
	}
}

func (s *commentServer) find(id float64) map[string]any {
	for _, c := range s.comments {
		if c["id"] == id {
			return c
		}
	}
	return nil
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

func (s *commentServer) client(t *testing.T) *Client {
	c, err := New(s.URL, "t0ken", "GH_TOKEN", s.Client())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var pyGithub = Repo{"PyGithub", "PyGithub"}

const (
	getUser  = "GET /user"
	list31   = "GET /repos/PyGithub/PyGithub/issues/31/comments"
	post31   = "POST /repos/PyGithub/PyGithub/issues/31/comments"
	comment  = "/repos/PyGithub/PyGithub/issues/comments/"
	ourFirst = 8387332 // the id the server gives the first comment created
)

func check(t *testing.T, srv *commentServer, what string, want ...string) {
	t.Helper()
	if calls := srv.take(); strings.Join(calls, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: requests\n%s\nwant\n%s", what, strings.Join(calls, "\n"), strings.Join(want, "\n"))
	}
}

// TestUpsertComment: round 1 creates the comment; round 2 edits it by the
// id the store recorded; round 3, without the id, finds it as the newest
// marked comment of the token's user.
func TestUpsertComment(t *testing.T) {
	srv := newCommentServer(t)
	c := srv.client(t)
	ctx := context.Background()
	rounds := []struct {
		knownID int64
		created bool
		calls   []string
	}{
		{0, true, []string{getUser, list31, post31}},
		{ourFirst, false, []string{getUser, "GET " + comment + "8387332", "PATCH " + comment + "8387332"}},
		{0, false, []string{getUser, list31, "PATCH " + comment + "8387332"}},
	}
	for i, r := range rounds {
		body := CommentBody(fmt.Sprintf("# Deep Review: round %d\n", i+1), "20260101-000000-pr-31")
		got, created, err := c.UpsertComment(ctx, pyGithub, 31, body, r.knownID)
		if err != nil {
			t.Fatalf("round %d: %v", i+1, err)
		}
		if created != r.created || got.ID != ourFirst || got.Body != body || got.Author != "jacquev6" || !strings.HasSuffix(got.URL, "#issuecomment-8387332") {
			t.Errorf("round %d: got %+v created=%v", i+1, got, created)
		}
		check(t, srv, fmt.Sprintf("round %d", i+1), r.calls...)
	}
	// The recorded comment that was already there is left alone.
	if len(srv.comments) != 2 || srv.comments[0]["body"] != "Issue comment created by PyGithub" {
		t.Errorf("comments now %v", srv.comments)
	}
}

func TestUpsertCommentWantsMarker(t *testing.T) {
	c, _ := New("https://api.github.com", "", "", nil)
	_, _, err := c.UpsertComment(context.Background(), Repo{"o", "r"}, 1, "no marker here", 0)
	if err == nil || !strings.Contains(err.Error(), "lacks the marker") {
		t.Fatalf("err = %v", err)
	}
}

// upsertByMarker is how UpsertComment chose the comment before: the
// oldest one carrying the marker that the token could edit.
func upsertByMarker(ctx context.Context, c *Client, repo Repo, number int, body string) (int64, error) {
	acs, err := c.comments(ctx, repo, number)
	if err != nil {
		return 0, err
	}
	for _, old := range acs {
		if !strings.Contains(old.Body, Marker) {
			continue
		}
		var ac apiComment
		p := fmt.Sprintf("/repos/%s/%s/issues/comments/%d", repo.Owner, repo.Name, old.ID)
		if _, err := c.do(ctx, http.MethodPatch, p, map[string]string{"body": body}, &ac); err == nil {
			return ac.ID, nil
		}
	}
	return 0, nil
}

// TestUpsertCommentPlantedMarker: the pull request's author plants a
// comment carrying the marker. With an admin's token, choosing by the
// marker put the report into the author's comment, under their name and
// editable by them; UpsertComment writes a comment of its own.
func TestUpsertCommentPlantedMarker(t *testing.T) {
	ctx := context.Background()
	planted := "Looks fine to me.\n" + Marker

	// The attack, as it worked before.
	old := newCommentServer(t)
	old.admin = true
	plantedID := old.plant(planted, author)
	got, err := upsertByMarker(ctx, old.client(t), pyGithub, 31, CommentBody("# Deep Review\n", ""))
	if err != nil || float64(got) != plantedID || strings.Contains(old.find(plantedID)["body"].(string), "Looks fine") {
		t.Fatalf("before: edited %d (err %v), want the planted %v edited", got, err, plantedID)
	}

	srv := newCommentServer(t)
	srv.admin = true
	plantedID = srv.plant(planted, author)
	body := CommentBody("# Deep Review\n", "")
	c, created, err := srv.client(t).UpsertComment(ctx, pyGithub, 31, body, 0)
	if err != nil || !created || float64(c.ID) == plantedID || c.Author != "jacquev6" {
		t.Fatalf("got %+v created=%v err=%v, want a new comment", c, created, err)
	}
	check(t, srv, "planted", getUser, list31, post31)
	if srv.find(plantedID)["body"] != planted {
		t.Error("the planted comment was changed")
	}
	// Even when the store's recorded id is the planted one (a store
	// copied from elsewhere), it is not edited.
	c2, created, err := srv.client(t).UpsertComment(ctx, pyGithub, 31, body, int64(plantedID))
	if err != nil || created || c2.ID != c.ID {
		t.Errorf("with the planted id recorded: got %+v created=%v err=%v, want our comment %d edited", c2, created, err, c.ID)
	}
	check(t, srv, "planted id", getUser, "GET "+comment+strconv.Itoa(int(plantedID)), list31, "PATCH "+comment+strconv.Itoa(int(c.ID)))
}

// TestUpsertCommentRecordedID: a recorded id that is gone, on another
// pull request, or written by another user is not used.
func TestUpsertCommentRecordedID(t *testing.T) {
	ctx := context.Background()
	srv := newCommentServer(t)
	srv.admin = true
	c := srv.client(t)
	body := CommentBody("# Deep Review\n", "")

	got, _, err := c.UpsertComment(ctx, pyGithub, 31, body, 123)
	if err != nil || got.ID != ourFirst {
		t.Fatalf("deleted id: %+v %v", got, err)
	}
	check(t, srv, "deleted id", getUser, "GET "+comment+"123", list31, post31)

	// Another maintainer's report comment (their marker, their name): our
	// own is found by its author instead.
	theirs := srv.plant(body, map[string]any{"login": "other-maintainer", "type": "User"})
	got, created, err := c.UpsertComment(ctx, pyGithub, 31, body, int64(theirs))
	if err != nil || created || got.ID != ourFirst {
		t.Fatalf("another user's id: %+v created=%v %v, want ours edited", got, created, err)
	}
	check(t, srv, "another user's id", getUser, "GET "+comment+strconv.Itoa(int(theirs)), list31, "PATCH "+comment+"8387332")

	// Our comment moved to #32 (a store of another pull request): a new
	// one on #31.
	srv.find(ourFirst)["issue_url"] = "https://api.github.com/repos/PyGithub/PyGithub/issues/32"
	got, created, err = c.UpsertComment(ctx, pyGithub, 31, body, ourFirst)
	if err != nil || !created || got.ID == ourFirst {
		t.Errorf("an id of another pull request: %+v created=%v %v", got, created, err)
	}
}

// TestUpsertCommentApp: an app installation token cannot learn its
// login. It edits the comment whose id the store recorded, written by a
// bot; without one it writes a new comment rather than guess, even when a
// bot's marked comment is there.
func TestUpsertCommentApp(t *testing.T) {
	ctx := context.Background()
	srv := newCommentServer(t)
	srv.app = true
	c := srv.client(t)
	body := CommentBody("# Deep Review\n", "")
	first, created, err := c.UpsertComment(ctx, pyGithub, 31, body, 0)
	if err != nil || !created || first.Author != "deepreview-app[bot]" {
		t.Fatalf("first: %+v created=%v %v", first, created, err)
	}
	check(t, srv, "first", getUser, post31)
	again, created, err := c.UpsertComment(ctx, pyGithub, 31, body, first.ID)
	if err != nil || created || again.ID != first.ID {
		t.Errorf("recorded id: %+v created=%v %v", again, created, err)
	}
	check(t, srv, "recorded", getUser, "GET "+comment+strconv.Itoa(int(first.ID)), "PATCH "+comment+strconv.Itoa(int(first.ID)))
	// A marked comment by a human is not an app's, whatever the id says.
	human := srv.plant(body, author)
	if got, created, _ := c.UpsertComment(ctx, pyGithub, 31, body, int64(human)); !created || got.ID == int64(human) {
		t.Errorf("a human's comment by id: %+v created=%v", got, created)
	}
	if got, created, _ := c.UpsertComment(ctx, pyGithub, 31, body, 0); !created || got.ID == first.ID {
		t.Errorf("no id: %+v created=%v, want a new comment", got, created)
	}
}

func TestIdentity(t *testing.T) {
	r := newReplay(t, "user-jacquev6")
	id, err := r.client("t0ken").Identity(context.Background())
	if err != nil || id != (Identity{Login: "jacquev6"}) {
		t.Errorf("user token: %+v %v", id, err)
	}
	r = newReplay(t, "user-app-token")
	if id, err := r.client("t0ken").Identity(context.Background()); err != nil || id != (Identity{App: true}) {
		t.Errorf("app token: %+v %v", id, err)
	}
	r = newReplay(t, "bad-credentials")
	if _, err := r.client("t0ken").Identity(context.Background()); err == nil || !strings.Contains(err.Error(), "rejected the token") {
		t.Errorf("bad token: %v", err)
	}
	if _, err := r.client("").Identity(context.Background()); err == nil || !strings.Contains(err.Error(), "needs a GitHub token") {
		t.Errorf("no token: %v", err)
	}
}

package forge

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSetStatusReplay sends the status PyGithub recorded and reads
// GitHub's recorded answer: the request carries what GitHub was sent
// then, and the result carries the id and URL GitHub gave the status.
func TestSetStatusReplay(t *testing.T) {
	r := newReplay(t, "status-create")
	var sent map[string]any
	r.Config.Handler = captureBody(r.Config.Handler, &sent)
	st, err := r.client("tok").SetStatus(t.Context(), Repo{"jacquev6", "PyGithub"}, "1292bf0e22c796e91cc3d6e24b544aece8c21f2a", Status{
		State: StateSuccess, Context: StatusContext,
		Description: "Status successfully created by PyGithub", TargetURL: "https://github.com/jacquev6/PyGithub/issues/67",
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.ID != 277040 || st.State != "success" || st.URL != "https://api.github.com/repos/jacquev6/PyGithub/statuses/277040" ||
		st.TargetURL != "https://github.com/jacquev6/PyGithub/issues/67" {
		t.Errorf("status %+v", st)
	}
	var rec struct {
		Body string `json:"recorded_request_body"`
	}
	meta, _ := os.ReadFile(filepath.Join("testdata", "github", "status-create.json"))
	json.Unmarshal(meta, &rec)
	var want map[string]any
	json.Unmarshal([]byte(rec.Body), &want)
	want["context"] = "deepreview" // not in the 2012 API PyGithub recorded
	if !equalJSON(sent, want) {
		t.Errorf("sent %v, want the recorded request %v", sent, want)
	}
	if got := r.seen(); len(got) != 1 || got[0] != "POST /repos/jacquev6/PyGithub/statuses/1292bf0e22c796e91cc3d6e24b544aece8c21f2a" {
		t.Errorf("requests %v", got)
	}
}

func captureBody(next http.Handler, into *map[string]any) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		json.Unmarshal(b, into)
		req.Body = io.NopCloser(strings.NewReader(string(b)))
		next.ServeHTTP(w, req)
	})
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestSetStatusRefuses shows the checks on what reaches the URL and the
// body: a head that is not a commit id would put a path of its choice in
// the request (here another repository's endpoint), a javascript: target
// would be a link in the PR's checks, and a long description is cut
// rather than refused by GitHub.
func TestSetStatusRefuses(t *testing.T) {
	var paths []string
	var bodies []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		paths = append(paths, req.URL.Path)
		var m map[string]any
		json.NewDecoder(req.Body).Decode(&m)
		bodies = append(bodies, m)
		w.WriteHeader(201)
		w.Write([]byte(`{"id":1,"state":"failure"}`))
	}))
	defer srv.Close()
	c, err := New(srv.URL, "tok", "GH_TOKEN", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	repo := Repo{"o", "r"}
	evil := "../../../other/repo/statuses/1292bf0e22c796e91cc3d6e24b544aece8c21f2a"
	if _, err := c.SetStatus(t.Context(), repo, evil, Status{State: StateFailure}); err == nil {
		t.Error("a head that is a path was accepted")
	}
	if _, err := c.SetStatus(t.Context(), repo, strings.Repeat("a", 40), Status{State: "green"}); err == nil {
		t.Error("an unknown state was accepted")
	}
	if len(paths) != 0 {
		t.Fatalf("refused statuses reached the server: %v", paths)
	}
	// Without the check, the path leaves the repository.
	u, _ := c.resolve("/repos/o/r/statuses/" + evil)
	if !strings.HasPrefix(u.Path, "/repos/other/repo/statuses/") {
		t.Errorf("the unchecked path stays in o/r: %s", u.Path)
	}
	long := strings.Repeat("é", 200)
	if _, err := c.SetStatus(t.Context(), repo, strings.Repeat("a", 40), Status{State: StateFailure, Description: long, TargetURL: "javascript:alert(1)"}); err != nil {
		t.Fatal(err)
	}
	d, _ := bodies[0]["description"].(string)
	if n := len([]rune(d)); n != 140 || !strings.HasSuffix(d, "…") {
		t.Errorf("description of %d runes: %q", n, d)
	}
	if _, ok := bodies[0]["target_url"]; ok {
		t.Errorf("a javascript: target was sent: %v", bodies[0])
	}
}

package forge

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
)

// TestThreads reads PyGithub#31's review comments as GitHub recorded them
// (PyGithub's replay data): one thread by eamanu on test/IssueEvent.py.
func TestThreads(t *testing.T) {
	body, err := os.ReadFile("testdata/github/pull-31-review-comments.body")
	if err != nil {
		t.Fatal(err)
	}
	var asked string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = r.URL.Path
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer srv.Close()
	c, err := New(srv.URL, "t", "test", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Threads(t.Context(), Repo{Owner: "PyGithub", Name: "PyGithub"}, 31)
	if err != nil {
		t.Fatal(err)
	}
	if asked != "/repos/PyGithub/PyGithub/pulls/31/comments" {
		t.Errorf("asked %s", asked)
	}
	if len(got) == 0 || got[0].Author != "eamanu" || got[0].Path != "test/IssueEvent.py" || got[0].Body == "" {
		t.Errorf("threads %+v", got)
	}
}

func TestThreadsGroupsReplies(t *testing.T) {
	pos := 3
	got := threads([]apiThreadComment{
		{ID: 1, Path: "a.go", Line: 4, Position: &pos, Body: "why?"},
		{ID: 2, InReplyTo: 1, Body: "because"},
		{ID: 3, Path: "b.go", Body: "old"},
		{ID: 4, InReplyTo: 1, Body: "ok"},
	})
	if len(got) != 2 || got[0].Replies != 2 || got[0].Outdated || !got[1].Outdated || got[1].Replies != 0 {
		t.Errorf("threads %+v", got)
	}
}

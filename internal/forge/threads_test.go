package forge

import (
	"strings"
	"testing"
)

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

// TestThreadsREST reads PyGithub#31's review comments as GitHub recorded
// them (PyGithub's replay data): one thread by eamanu on
// test/IssueEvent.py, one by jacquev6.
func TestThreadsREST(t *testing.T) {
	r := newReplay(t, "pull-31-review-comments")
	r.exchanges[0].Path = "/repos/PyGithub/PyGithub/pulls/31/comments"
	got, err := r.client("").restThreads(t.Context(), Repo{Owner: "PyGithub", Name: "PyGithub"}, 31)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Author != "eamanu" || got[0].Path != "test/IssueEvent.py" || got[0].Body == "" || got[0].Resolved {
		t.Errorf("threads %+v", got)
	}
}

func TestThreadsRESTBounded(t *testing.T) {
	var acs []apiThreadComment
	for i := range MaxThreads + 5 {
		acs = append(acs, apiThreadComment{ID: int64(i + 1), Body: strings.Repeat("x", 2*MaxThreadBody)})
	}
	got := threads(acs)
	if len(got) != MaxThreads || len(got[0].Body) != MaxThreadBody+len("…") {
		t.Errorf("%d threads, first body %d bytes", len(got), len(got[0].Body))
	}
}

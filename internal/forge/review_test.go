package forge

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCreateReviewReplay sends the review PyGithub recorded (no comments)
// and reads GitHub's recorded answer: the request is what GitHub was sent
// then, plus event COMMENT, and no comment list is asked for.
func TestCreateReviewReplay(t *testing.T) {
	r := newReplay(t, "review-538-create")
	var sent map[string]any
	r.Config.Handler = captureBody(r.Config.Handler, &sent)
	rv, err := r.client("tok").CreateReview(t.Context(), Repo{"PyGithub", "PyGithub"}, 538,
		"2f0e4e55fe87e38d26efc9aa1346f56abfbd6c52", "Some review created by PyGithub", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rv.ID != 105368184 || rv.URL != "https://github.com/PyGithub/PyGithub/pull/538#pullrequestreview-105368184" || len(rv.Comments) != 0 {
		t.Errorf("review %+v", rv)
	}
	var rec struct {
		Body string `json:"recorded_request_body"`
	}
	meta, _ := os.ReadFile(filepath.Join("testdata", "github", "review-538-create.json"))
	json.Unmarshal(meta, &rec)
	var want map[string]any
	json.Unmarshal([]byte(rec.Body), &want)
	want["event"] = "COMMENT" // PyGithub left a pending review's event out
	if !equalJSON(sent, want) {
		t.Errorf("sent %v, want the recorded request %v", sent, want)
	}
	if got := r.seen(); len(got) != 1 {
		t.Errorf("requests %v", got)
	}
}

// TestCreateReviewComments sends comments on one line and on a range, on
// the new side, and returns the comments GitHub lists for the review
// (here the recorded review comments of PyGithub#31, served for the
// review the recorded create answered).
func TestCreateReviewComments(t *testing.T) {
	r := newReplay(t, "review-538-create")
	list := loadExchange(t, "pull-31-review-comments")
	list.Path = "/repos/PyGithub/PyGithub/pulls/538/reviews/105368184/comments"
	r.exchanges = append(r.exchanges, list)
	var sent map[string]any
	r.Config.Handler = captureBody(r.Config.Handler, &sent)
	rv, err := r.client("tok").CreateReview(t.Context(), Repo{"PyGithub", "PyGithub"}, 538, strings.Repeat("a", 40), "deepreview", []NewReviewComment{
		{Path: "a.go", Line: 7, Body: "one"},
		{Path: "b.go", StartLine: 3, Line: 5, Body: "range"},
		{Path: "c.go", StartLine: 4, Line: 4, Body: "start = line"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"body":"one","line":7,"path":"a.go","side":"RIGHT"},` +
		`{"body":"range","line":5,"path":"b.go","side":"RIGHT","start_line":3,"start_side":"RIGHT"},` +
		`{"body":"start = line","line":4,"path":"c.go","side":"RIGHT"}]`
	if got, _ := json.Marshal(sent["comments"]); string(got) != want || sent["event"] != "COMMENT" {
		t.Errorf("sent %s (event %v)\nwant %s", got, sent["event"], want)
	}
	if len(rv.Comments) != 2 {
		t.Fatalf("comments %+v", rv.Comments)
	}
	c := rv.Comments[0]
	if c.ID != 197784357 || c.ReviewID != 131593233 || c.Path != "test/IssueEvent.py" || c.Line != 7 || c.Author != "eamanu" ||
		c.URL != "https://github.com/PyGithub/PyGithub/pull/31#discussion_r197784357" {
		t.Errorf("comment %+v", c)
	}
	if _, err := r.client("tok").CreateReview(t.Context(), Repo{"o", "r"}, 1, "../../x", "b", nil); err == nil {
		t.Error("a commit that is a path was accepted")
	}
	if _, err := r.client("tok").CreateReview(t.Context(), Repo{"o", "r"}, 1, strings.Repeat("a", 40), "b", []NewReviewComment{{Path: "a.go"}}); err == nil {
		t.Error("a comment without a line was accepted")
	}
}

// TestEditReviewCommentsOnlyOurs asks to edit both comments of the
// recorded review: jacquev6's token edits only jacquev6's, never
// eamanu's; the same request with eamanu's token edits eamanu's, so it is
// the author check that keeps the other out (without it both would be).
func TestEditReviewCommentsOnlyOurs(t *testing.T) {
	repo := Repo{"PyGithub", "PyGithub"}
	bodies := map[int64]string{1580134: "Comment edited by PyGithub", 197784357: "not yours", 42: "not in the review"}

	r := newReplay(t, "user-jacquev6", "pull-31-review-comments", "review-comment-edit")
	got, err := r.client("tok").EditReviewComments(t.Context(), repo, 31, 131593233, bodies)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[1580134].Body != "Comment edited by PyGithub" || got[1580134].Author != "jacquev6" {
		t.Errorf("edited %+v", got)
	}
	patches := func(r *replay) []string {
		var p []string
		for _, q := range r.seen() {
			if strings.HasPrefix(q, "PATCH ") {
				p = append(p, q)
			}
		}
		return p
	}
	if p := patches(r); !slices.Equal(p, []string{"PATCH /repos/PyGithub/PyGithub/pulls/comments/1580134"}) {
		t.Errorf("patched %v", p)
	}

	other := newReplay(t, "pull-31-review-comments", "review-comment-edit")
	user := loadExchange(t, "user-jacquev6")
	user.Body = []byte(strings.Replace(string(user.Body), `"login":"jacquev6"`, `"login":"eamanu"`, 1))
	other.exchanges = append(other.exchanges, user)
	edit := loadExchange(t, "review-comment-edit")
	edit.Path = "/repos/PyGithub/PyGithub/pulls/comments/197784357"
	other.exchanges = append(other.exchanges, edit)
	if _, err := other.client("tok").EditReviewComments(t.Context(), repo, 31, 131593233, bodies); err != nil {
		t.Fatal(err)
	}
	if p := patches(other); !slices.Equal(p, []string{"PATCH /repos/PyGithub/PyGithub/pulls/comments/197784357"}) {
		t.Errorf("eamanu's token patched %v", p)
	}

	// An app installation token edits only bots' comments: both recorded
	// authors are users.
	app := newReplay(t, "user-app-token", "pull-31-review-comments")
	if got, err := app.client("tok").EditReviewComments(t.Context(), repo, 31, 131593233, bodies); err != nil || len(got) != 0 {
		t.Errorf("an app token edited %v (%v)", got, err)
	}
}

// TestEditReviewCommentGone: a comment deleted since the last round is
// not an error; it is left out for the caller to post anew.
func TestEditReviewCommentGone(t *testing.T) {
	r := newReplay(t, "user-jacquev6", "pull-31-review-comments")
	nf := loadExchange(t, "not-found")
	nf.Method, nf.Path = http.MethodPatch, "/repos/PyGithub/PyGithub/pulls/comments/1580134"
	r.exchanges = append(r.exchanges, nf)
	got, err := r.client("tok").EditReviewComments(t.Context(), Repo{"PyGithub", "PyGithub"}, 31, 131593233, map[int64]string{1580134: "x"})
	if err != nil || len(got) != 0 {
		t.Errorf("edited %v, %v", got, err)
	}
}

func TestReplyToReviewCommentReplay(t *testing.T) {
	r := newReplay(t, "review-comment-reply")
	var sent map[string]any
	r.Config.Handler = captureBody(r.Config.Handler, &sent)
	c, err := r.client("tok").ReplyToReviewComment(t.Context(), Repo{"rsn491", "PyGithub"}, 1, 373866377, "Comment reply created by PyGithub")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != 376773699 || c.InReplyTo != 373866377 || c.ReviewID != 355598622 || c.Author != "rsn491" {
		t.Errorf("reply %+v", c)
	}
	if sent["body"] != "Comment reply created by PyGithub" || len(sent) != 1 {
		t.Errorf("sent %v", sent)
	}
}

package review

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/forge"
	"github.com/deepreview/deepreview/internal/hunks"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/round"
)

const kvDiff = `diff --git a/kv.go b/kv.go
index 1c2a3b4..5d6e7f8 100644
--- a/kv.go
+++ b/kv.go
@@ -5,3 +5,7 @@
 func Get(k string) string {
 	return store[k]
 }
+
+func Put(k, v string) {
+	store[k] = v
+}
`

func kvHunks(t *testing.T) *hunks.Map {
	t.Helper()
	m, err := hunks.Parse(strings.NewReader(kvDiff))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func kvFinding(id string, start, end int, fix string) report.Finding {
	return report.Finding{ID: id, Severity: finding.Important, Title: "`Put` writes to a nil map", Agents: []string{"alpha", "beta"},
		Locations: []finding.Location{{Path: "kv.go", StartLine: start, EndLine: end}}, Body: "The map is never made.",
		Fix: fix, Fingerprint: "fp-" + id, LocationCheck: report.LocationCheck{Status: "verified"}}
}

// TestPlanOutsideHunks: a finding on lines the diff does not show gets no
// inline comment (it stays in the summary), nor does one spanning two
// hunks or one without a line; the one on the added lines gets one.
func TestPlanOutsideHunks(t *testing.T) {
	rep := &report.Report{Round: 1, Findings: []report.Finding{
		kvFinding("I1", 9, 11, "make the map"),
		kvFinding("I2", 1, 3, "outside"), // lines 1-3 are not in the hunk
		kvFinding("I3", 0, 0, "no line"),
		{ID: "S1", Locations: []finding.Location{{Path: "other.go", StartLine: 9}}},
	}}
	res := &Inline{}
	plans, carried := plan(rep, kvHunks(t), nil, res)
	if len(plans) != 1 || plans[0].f.ID != "I1" || res.Outside != 3 || len(carried) != 0 {
		t.Fatalf("plans %+v, outside %d", plans, res.Outside)
	}
	if nc := plans[0].nc; nc.Path != "kv.go" || nc.StartLine != 9 || nc.Line != 11 {
		t.Errorf("comment on %s:%d-%d", nc.Path, nc.StartLine, nc.Line)
	}
}

// TestPlanEarlier: a finding whose fingerprint, or whose previous
// finding's fingerprint, has an earlier comment edits it; an open finding
// now outside the diff carries its comment into this round's record.
func TestPlanEarlier(t *testing.T) {
	byFP := map[string]inlineComment{
		"fp-I1":  {Fingerprint: "fp-I1", ID: 11, ReviewID: 1},
		"fp-old": {Fingerprint: "fp-old", ID: 12, ReviewID: 1},
		"fp-I3":  {Fingerprint: "fp-I3", ID: 13, ReviewID: 1},
	}
	moved := kvFinding("I2", 10, 10, "")
	moved.Fingerprint = "fp-new"
	rep := &report.Report{Round: 2, Findings: []report.Finding{kvFinding("I1", 9, 11, ""), moved, kvFinding("I3", 1, 2, "")},
		Previous: []report.PreviousFinding{{ID: "I7", Fingerprint: "fp-old", Status: "open", NowID: "I2"}}}
	plans, carried := plan(rep, kvHunks(t), byFP, &Inline{})
	if len(plans) != 2 || plans[0].prev == nil || plans[0].prev.ID != 11 || plans[1].prev == nil || plans[1].prev.ID != 12 {
		t.Fatalf("plans %+v", plans)
	}
	if len(carried) != 1 || carried[0].ID != 13 || carried[0].Finding != "I3" {
		t.Errorf("carried %+v", carried)
	}
}

func TestSuggestion(t *testing.T) {
	clean := "```go\nfunc Put(k, v string) {\n\tif store == nil {\n\t\tstore = map[string]string{}\n\t}\n\tstore[k] = v\n}\n```"
	for _, c := range []struct {
		name, fix string
		check     string
		want      bool
	}{
		{"one block", clean, "verified", true},
		{"labelled", "**Fix:**\n\n" + clean, "verified", true},
		{"tildes", "~~~\nstore = map[string]string{}\n~~~", "verified", true},
		{"prose", "make the map in Put", "verified", false},
		{"prose and block", "Make it:\n\n" + clean, "verified", false},
		{"two blocks", clean + "\n\n" + clean, "verified", false},
		{"diff", "```diff\n-a\n+b\n```", "verified", false},
		{"unlabelled diff", "```\n-\tstore[k] = v\n+\tstore = map[string]string{k: v}\n```", "verified", false},
		{"unclosed", "```go\nx := 1", "verified", false},
		{"moved", clean, "moved", false},
		{"comment opener", "```html\n<!-- keep -->\n```", "verified", false},
	} {
		f := kvFinding("I1", 9, 11, c.fix)
		f.LocationCheck.Status = c.check
		code, ok := report.Suggestion(f)
		if ok != c.want {
			t.Errorf("%s: suggestion %v (%q), want %v", c.name, ok, code, c.want)
		}
		body := inlineBody(f)
		if strings.Contains(body, "```suggestion") != c.want {
			t.Errorf("%s: body\n%s", c.name, body)
		}
	}
	f := kvFinding("I1", 9, 11, clean)
	body := inlineBody(f)
	for _, want := range []string{"<!-- deepreview:finding fp-I1 -->\n", "**Important** · I1 · **`Put` writes to a nil map**",
		"The map is never made.", "```suggestion\nfunc Put(k, v string) {\n", "_Found by alpha, beta_"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
}

// TestInlineBodyHostile: agent text cannot plant a second finding marker,
// mention anyone, or end the suggestion block early; written raw, each
// of these would.
func TestInlineBodyHostile(t *testing.T) {
	code := "x := \"\n```\n\"\n@octocat"
	f := kvFinding("I1", 9, 11, "````go\n"+code+"\n````")
	f.Title = "t <!-- deepreview:finding fp-other --> @octocat"
	f.Body = "see @octocat\n\n```\nnever closed"
	body := inlineBody(f)
	if n := strings.Count(body, findingMarker); n != 1 {
		t.Errorf("%d markers:\n%s", n, body)
	}
	if outside := strings.Replace(body, code, "", 1); strings.Contains(outside, "@octocat") {
		t.Errorf("a mention outside the suggestion's code:\n%s", body)
	}
	if !strings.Contains(body, "````suggestion\n"+code+"\n````") {
		t.Errorf("the suggestion is not fenced past its backticks:\n%s", body)
	}
	if !strings.HasSuffix(body, "\n\n_Found by alpha, beta_") {
		t.Errorf("the attribution is swallowed:\n%s", body)
	}
	// Without safetext: the title carries a second marker, and a
	// three-backtick suggestion fence is closed by the code.
	raw := findingMarker + "fp-I1 -->\n" + f.Title
	if strings.Count(raw, findingMarker) != 2 {
		t.Error("the raw title plants no marker")
	}
	naive := "```suggestion\n" + code + "\n```"
	if strings.Index(naive, "\n```\n") >= len(naive)-4 {
		t.Error("the raw code does not close a naive fence early")
	}
}

func TestReviewBody(t *testing.T) {
	rep := &report.Report{Round: 2}
	if b := reviewBody(rep, 3, "https://github.com/o/r/pull/1#issuecomment-9"); !strings.Contains(b, "[the summary comment](https://github.com/o/r/pull/1#issuecomment-9)") {
		t.Error(b)
	}
	if b := reviewBody(rep, 3, "javascript:alert(1)"); strings.Contains(b, "javascript") {
		t.Error(b)
	}
}

// replyForge answers replies and resolutions; the other methods of Forge
// are not called by reply.
type replyForge struct {
	Forge
	failReply  int64 // the comment whose reply fails
	asked      []int64
	resolveErr error
}

func (f *replyForge) ReplyToReviewComment(_ context.Context, _ forge.Repo, _ int, id int64, body string) (forge.ReviewComment, error) {
	if id == f.failReply {
		return forge.ReviewComment{}, errors.New("502 Bad Gateway")
	}
	return forge.ReviewComment{InReplyTo: id, Body: body}, nil
}

func (f *replyForge) ResolveOwnThreads(_ context.Context, _ forge.Repo, _ int, ids []int64) ([]int64, error) {
	f.asked = append(f.asked, ids...)
	if f.resolveErr != nil {
		return ids[:1], f.resolveErr
	}
	return ids, nil
}

// TestReplyResolves: the threads of the fixed findings whose reply went
// out are resolved, in one call; a reply that failed leaves its thread
// open (no unexplained resolution), and a failed resolution is a warning.
func TestReplyResolves(t *testing.T) {
	rep := &report.Report{Round: 3, Previous: []report.PreviousFinding{
		{ID: "I1", Fingerprint: "fp-1", Status: round.Fixed},
		{ID: "I2", Fingerprint: "fp-2", Status: round.Fixed},
		{ID: "I3", Fingerprint: "fp-3", Status: round.Open},
		{ID: "I4", Fingerprint: "fp-4", Status: round.Fixed},
	}}
	byFP := map[string]inlineComment{"fp-1": {ID: 11}, "fp-2": {ID: 22}, "fp-3": {ID: 33}, "fp-4": {ID: 44}}
	f := &replyForge{failReply: 22, resolveErr: errors.New("the thread of comment 44 was opened by someone else")}
	var log bytes.Buffer
	res := &Inline{}
	reply(t.Context(), Deps{Forge: f, Log: &log}, &change{pr: &forge.PullRequest{Number: 31}}, rep, byFP, res)
	if len(f.asked) != 2 || f.asked[0] != 11 || f.asked[1] != 44 {
		t.Errorf("asked to resolve %v, want the replied 11 and 44", f.asked)
	}
	if res.Replied != 2 || res.Resolved != 1 {
		t.Errorf("replied %d, resolved %d", res.Replied, res.Resolved)
	}
	if !strings.Contains(log.String(), "warning: resolving the threads of fixed findings (1 of 2 resolved): the thread of comment 44") {
		t.Errorf("log:\n%s", log.String())
	}
}

// TestWithoutOwn: deepreview's own inline comments and review summaries
// are not the humans' feedback; a human's thread quoting the marker
// later in its text, and a human's summary, stay.
func TestWithoutOwn(t *testing.T) {
	ts := withoutOwn([]forge.Thread{
		{ID: 1, Author: "eamanu", Body: "Why not a map?"},
		{ID: 2, Author: "bot", Body: inlineBody(kvFinding("I1", 9, 11, "make the map"))},
		{ID: 3, Author: "bot", Summary: true, State: "COMMENTED", Body: reviewBody(&report.Report{Round: 1}, 2, "")},
		{ID: 4, Author: "sfdye", Summary: true, State: "APPROVED", Body: "LGTM"},
		{ID: 5, Author: "eamanu", Body: "quoting: <!-- deepreview:finding fp -->"},
	})
	var ids []int64
	for _, t := range ts {
		ids = append(ids, t.ID)
	}
	if len(ids) != 3 || ids[0] != 1 || ids[1] != 4 || ids[2] != 5 {
		t.Errorf("kept %v", ids)
	}
	if withoutOwn(nil) == nil {
		t.Error("no threads must stay an empty list (there are none), not nil (they could not be read)")
	}
}

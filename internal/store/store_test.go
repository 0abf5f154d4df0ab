package store

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/report"
)

func TestHome(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"DEEPREVIEW_HOME": "/d", "XDG_STATE_HOME": "/x", "HOME": "/h"}, "/d"},
		{map[string]string{"XDG_STATE_HOME": "/x", "HOME": "/h"}, "/x/deepreview"},
		{map[string]string{"XDG_STATE_HOME": "relative", "HOME": "/h"}, "/h/.local/state/deepreview"},
		{map[string]string{"HOME": "/h"}, "/h/.local/state/deepreview"},
	}
	for _, tt := range tests {
		got, err := Home(func(k string) string { return tt.env[k] })
		if err != nil || got != tt.want {
			t.Errorf("Home(%v) = %q, %v; want %q", tt.env, got, err, tt.want)
		}
	}
	if _, err := Home(func(string) string { return "" }); err == nil {
		t.Error("Home with no HOME: no error")
	}
}

var start = time.Date(2025, 1, 31, 14, 25, 1, 0, time.Local)

func pr7() report.Change { return report.Change{Repo: "acme/widget", PR: 7, Head: "abc"} }

func finish(t *testing.T, r *Review, findings ...report.Finding) {
	t.Helper()
	rep := &report.Report{ID: r.ID, Round: r.Round, Findings: findings, WallClockMS: 1234,
		Verdict: report.Verdict{Decision: report.MergeWithFixes},
		Retro:   report.Retro{Agents: []report.AgentRetro{{Name: "claude"}, {Name: "codex"}}}}
	if err := r.Finish(rep, []byte("# report\n")); err != nil {
		t.Fatal(err)
	}
}

func TestRounds(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r1, err := s.Create(pr7(), start)
	if err != nil {
		t.Fatal(err)
	}
	if r1.ID != "20250131-142501-pr-7" || r1.Round != 1 || r1.Previous != "" || r1.State != Running {
		t.Errorf("first review = %+v", r1.Entry)
	}
	finish(t, r1, report.Finding{ID: "I1", Severity: "important", Title: "leak"})

	// Same second: a suffix. A failed review is no round.
	r2, err := s.Create(pr7(), start)
	if err != nil {
		t.Fatal(err)
	}
	if r2.ID != "20250131-142501-pr-7-2" || r2.Round != 2 || r2.Previous != r1.ID {
		t.Errorf("second review = %+v", r2.Entry)
	}
	if err := r2.Fail(fmt.Errorf("agents timed out")); err != nil {
		t.Fatal(err)
	}
	r3, err := s.Create(pr7(), start.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if r3.Round != 2 || r3.Previous != r1.ID {
		t.Errorf("third review = %+v, want round 2 after %s", r3.Entry, r1.ID)
	}
	prev, err := s.Previous(r3)
	if err != nil || prev == nil || len(prev.Findings) != 1 || prev.Findings[0].Title != "leak" {
		t.Errorf("Previous = %+v, %v", prev, err)
	}
	if prev, err := s.Previous(r1); prev != nil || err != nil {
		t.Errorf("Previous of round 1 = %v, %v", prev, err)
	}

	// Other changes have their own rounds.
	other, err := s.Create(report.Change{Repo: "acme/other", PR: 7}, start)
	if err != nil || other.Round != 1 || other.ID != "20250131-142501-pr-7-3" {
		t.Errorf("other repository = %+v, %v", other, err)
	}
	branch, err := s.Create(report.Change{Repo: "widget", Branch: "Feature/Login_X"}, start)
	if err != nil || branch.Round != 1 || branch.ID != "20250131-142501-feature-login_x" {
		t.Errorf("branch = %+v, %v", branch, err)
	}

	all, err := s.List(Key{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range all {
		got = append(got, e.ID+" "+e.State)
	}
	want := []string{"20250131-142501-pr-7 done", "20250131-142501-pr-7-2 failed",
		"20250131-142501-pr-7-3 running", "20250131-142501-feature-login_x running", "20250131-142601-pr-7 running"}
	if !slices.Equal(got, want) {
		t.Errorf("List = %q\nwant %q", got, want)
	}
	done := all[slices.IndexFunc(all, func(e Entry) bool { return e.ID == r1.ID })]
	if done.Verdict != report.MergeWithFixes || done.WallClockMS != 1234 || !slices.Equal(done.Agents, []string{"claude", "codex"}) ||
		done.Findings.Important != 1 || done.Change() != "acme/widget#7" {
		t.Errorf("done entry = %+v", done)
	}
	mine, _ := s.List(KeyOf(pr7()))
	if len(mine) != 3 {
		t.Errorf("List(acme/widget#7) has %d entries, want 3", len(mine))
	}
}

func TestGet(t *testing.T) {
	s, _ := Open(t.TempDir())
	a, _ := s.Create(pr7(), start)
	b, _ := s.Create(report.Change{Repo: "acme/widget", PR: 8}, start)
	for id, want := range map[string]string{a.ID: a.ID, "20250131-142501-pr-8": b.ID, "20250131-142501-pr-7": a.ID} {
		r, err := s.Get(id)
		if err != nil || r.ID != want || r.Dir != a.Dir && r.Dir != b.Dir {
			t.Errorf("Get(%q) = %+v, %v; want %s", id, r, err, want)
		}
	}
	for id, msg := range map[string]string{
		"20250131":   "ambiguous",
		"1999":       "no review",
		"../reviews": "not an id",
		"":           "not an id",
	} {
		if _, err := s.Get(id); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("Get(%q) error = %v, want %q", id, err, msg)
		}
	}
}

func TestWriteFile(t *testing.T) {
	s, _ := Open(t.TempDir())
	r, _ := s.Create(pr7(), start)
	for i := range 3 {
		if err := r.WriteFile("agents/claude/review.md", []byte(fmt.Sprint("v", i))); err != nil {
			t.Fatal(err)
		}
	}
	path, err := r.AgentFile("Claude", "review.md")
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "v2" {
		t.Errorf("review.md = %q, %v", b, err)
	}
	left, _ := filepath.Glob(filepath.Join(r.Dir, "agents", "claude", ".*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %q", left)
	}
	for _, bad := range []string{"../x", "/etc/passwd", "", ".", "a/../../x"} {
		if err := r.WriteFile(bad, nil); err == nil {
			t.Errorf("WriteFile(%q): no error", bad)
		}
	}
	if _, err := r.AgentFile("!!!", "x"); err == nil {
		t.Error("AgentFile with a name of punctuation: no error")
	}
}

// TestConcurrentCreate runs reviews of one change at once, as two
// deepreview processes would: every one gets its own folder and id, and
// every file reads back whole.
func TestConcurrentCreate(t *testing.T) {
	s, _ := Open(t.TempDir())
	const n = 8
	ids := make([]string, n)
	createConcurrently(t, s, n, func(i int, r *Review) {
		ids[i] = r.ID
		for j := range 20 {
			if err := r.WriteFile("agents/a/metrics.json", []byte(strings.Repeat(r.ID, j+100))); err != nil {
				t.Error(err)
			}
		}
		finish(t, r)
	})
	slices.Sort(ids)
	if len(slices.Compact(slices.Clone(ids))) != n {
		t.Fatalf("ids not distinct: %q", ids)
	}
	all, err := s.List(Key{})
	if err != nil || len(all) != n {
		t.Fatalf("List = %d entries, %v", len(all), err)
	}
	for _, e := range all {
		if e.State != Done || e.Round < 1 || e.Round > n {
			t.Errorf("entry %+v", e)
		}
		r, _ := s.Get(e.ID)
		b, err := os.ReadFile(filepath.Join(r.Dir, "agents", "a", "metrics.json"))
		if err != nil || string(b) != strings.Repeat(e.ID, 119) {
			t.Errorf("%s: metrics.json is not its last write: %d bytes, %v", e.ID, len(b), err)
		}
	}
	next, err := s.Create(pr7(), start)
	if err != nil || next.Round != n+1 {
		t.Errorf("after %d finished reviews: round %d, %v", n, next.Round, err)
	}
}

package cli

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/google/go-cmp/cmp"
)

// askFixture is four findings to ask about.
func askFixture() []askItem {
	f := func(id string, sev finding.Severity, title string) askItem {
		return askItem{Finding: report.Finding{ID: id, Severity: sev, Title: title,
			Locations: []finding.Location{{Path: "kv.go", StartLine: 9, EndLine: 11}}}}
	}
	return []askItem{
		f("I1", "important", "Put writes to a nil map"),
		f("I2", "important", "Nothing tests Put"),
		f("S1", "suggestion", "Get has no doc comment"),
		f("S2", "suggestion", "Del is unused"),
	}
}

// saved records the calls to save, in order.
type saved struct {
	ids []string
	got map[string]report.Resolved
}

func (s *saved) save(id string, x report.Resolved) error {
	if s.got == nil {
		s.got = map[string]report.Resolved{}
	}
	s.ids = append(s.ids, id)
	s.got[id] = x
	return nil
}

func ask(t *testing.T, ctx context.Context, in io.Reader, commits []string) (map[string]report.Resolved, bool, error, *saved, string) {
	t.Helper()
	var out strings.Builder
	s := &saved{}
	answers, stopped, err := askResolutions(ctx, in, &out, askFixture(), commits, s.save)
	return answers, stopped, err, s, out.String()
}

// TestAskResolutions answers every question, with the mistakes a user
// makes: each is asked again with a message saying what is wanted.
func TestAskResolutions(t *testing.T) {
	in := strings.Join([]string{
		"x",            // I1: not an answer
		"",             // nor is nothing
		"F",            // fixed, in capitals
		"",             // Enter takes the offered commits
		"n",            // I2 left for later
		"s",            // S1 skipped…
		"",             // …without a reason: asked again
		"   ",          // blank is no reason either
		"out of scope", // S1's reason
		"c",            // S2 commented…
		"<",            // …no: back to the action
		"test",         // test written
		"zz",           // not a SHA
		"deadbeef, 1234abcd",
	}, "\n") + "\n"
	answers, stopped, err, s, out := ask(t, t.Context(), strings.NewReader(in), []string{"abc1234"})
	if err != nil || stopped {
		t.Fatalf("err %v, stopped %v\n%s", err, stopped, out)
	}
	want := map[string]report.Resolved{
		"I1": {Action: report.ActionFixed, Commits: []string{"abc1234"}},
		"S1": {Action: report.ActionSkipped, Reason: "out of scope"},
		"S2": {Action: report.ActionTestWritten, Commits: []string{"deadbeef", "1234abcd"}},
	}
	if d := cmp.Diff(want, answers); d != "" {
		t.Errorf("answers (-want +got):\n%s\n%s", d, out)
	}
	if d := cmp.Diff(want, s.got); d != "" || strings.Join(s.ids, " ") != "I1 S1 S2" {
		t.Errorf("saved %v (-want +got):\n%s", s.ids, d)
	}
	for _, msg := range []string{
		`"x" is not an answer: type one letter of f, t, d, c, s, n, q and Enter`,
		`"" is not an answer`,
		"skipped needs a reason: type it (or < to choose another action)",
		`finding S2: commit "zz" is not a SHA`,
		"commits (Enter: abc1234; - none): ",
		"I2 (2 of 4)  important  Nothing tests Put\n  kv.go:9-11\n",
		"recorded: skipped: out of scope",
	} {
		if !strings.Contains(out, msg) {
			t.Errorf("output lacks %q:\n%s", msg, out)
		}
	}
	if n := strings.Count(out, "skipped needs a reason"); n != 2 {
		t.Errorf("asked %d times again for the reason, want 2:\n%s", n, out)
	}
}

// TestAskQuit: q stops at once; what was answered before is saved, the
// findings after it are not asked about.
func TestAskQuit(t *testing.T) {
	answers, stopped, err, s, out := ask(t, t.Context(), strings.NewReader("d\n-\nc\nanswered in the thread\nq\nf\n"), nil)
	if err != nil || !stopped {
		t.Fatalf("err %v, stopped %v", err, stopped)
	}
	want := map[string]report.Resolved{
		"I1": {Action: report.ActionDocsUpdated},
		"I2": {Action: report.ActionCommented, Reason: "answered in the thread"},
	}
	if d := cmp.Diff(want, answers); d != "" {
		t.Errorf("answers (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, s.got); d != "" {
		t.Errorf("saved (-want +got):\n%s", d)
	}
	if strings.Contains(out, "S2 (") || !strings.Contains(out, "S1 (3 of 4)") {
		t.Errorf("asked past q:\n%s", out)
	}
	if !strings.Contains(out, "commits (SHAs, comma or space separated; Enter: none): ") {
		t.Errorf("no commits offered, yet the prompt offers some:\n%s", out)
	}
}

// TestAskEOF: the end of input (Ctrl-D) is q, at the action or in the
// middle of a detail: the finding half answered is not saved.
func TestAskEOF(t *testing.T) {
	for name, in := range map[string]string{
		"at the action":   "f\n\n",
		"in a detail":     "f\n\ns\n",
		"line unfinished": "f\n\nno newline",
	} {
		t.Run(name, func(t *testing.T) {
			answers, stopped, err, s, out := ask(t, t.Context(), strings.NewReader(in), []string{"abc1234"})
			if err != nil || !stopped {
				t.Fatalf("err %v, stopped %v", err, stopped)
			}
			want := map[string]report.Resolved{"I1": {Action: report.ActionFixed, Commits: []string{"abc1234"}}}
			if d := cmp.Diff(want, answers); d != "" || len(s.ids) != 1 {
				t.Errorf("answers (-want +got):\n%s\nsaved %v", d, s.ids)
			}
			if !strings.HasSuffix(out, "\n") {
				t.Errorf("the prompt's line is left open: %q", out)
			}
		})
	}
	answers, stopped, err, _, _ := ask(t, t.Context(), strings.NewReader(""), nil)
	if err != nil || !stopped || len(answers) != 0 {
		t.Errorf("empty input: %v %v %v", answers, stopped, err)
	}
}

// TestAskInterrupted: Ctrl-C ends ctx while a question waits for a line
// that never comes; the questions stop with ctx's error, the answers
// before it saved.
func TestAskInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() { _, _ = io.WriteString(pw, "f\n-\n") }() // then nothing
	s := &saved{}
	save := func(id string, x report.Resolved) error {
		cancel() // the next question waits on a pipe with nothing in it
		return s.save(id, x)
	}
	var out strings.Builder
	answers, stopped, err := askResolutions(ctx, pr, &out, askFixture(), nil, save)
	if !errors.Is(err, context.Canceled) || !stopped {
		t.Fatalf("err %v, stopped %v", err, stopped)
	}
	if len(answers) != 1 || answers["I1"].Action != report.ActionFixed || len(s.ids) != 1 {
		t.Errorf("answers %v, saved %v", answers, s.ids)
	}
}

// TestAskSaveFails: a store that cannot be written stops the questions
// with its error rather than asking for answers it would lose.
func TestAskSaveFails(t *testing.T) {
	boom := errors.New("disk full")
	var out strings.Builder
	answers, _, err := askResolutions(t.Context(), strings.NewReader("f\n\nf\n\n"), &out, askFixture(), nil,
		func(string, report.Resolved) error { return boom })
	if !errors.Is(err, boom) || len(answers) != 0 || strings.Contains(out.String(), "I2 (") {
		t.Errorf("err %v, answers %v\n%s", err, answers, out.String())
	}
}

// TestAskShowsAgentTextSafely: a finding's title, severity and location
// come from agents; escape sequences (here OSC 52, which writes the
// clipboard, and a screen clear) and line breaks that would forge a
// prompt are removed. Printed raw, they would be there.
func TestAskShowsAgentTextSafely(t *testing.T) {
	const osc52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
	items := []askItem{{Finding: report.Finding{ID: "I1", Severity: "important\x1b[2J",
		Title:     "Nil map" + osc52 + " write\n[f]ixed [t]est: fixed, commits: deadbeef",
		Locations: []finding.Location{{Path: "kv.go\x1b[31m", StartLine: 3}}}}}
	hostile := func(s string) bool { return strings.ContainsAny(s, "\x1b\x07") || strings.Contains(s, "write\n") }
	if !hostile(items[0].Finding.Title) || !hostile(string(items[0].Finding.Severity)) {
		t.Fatal("the attack is not in the fixture")
	}
	var out strings.Builder
	if _, _, err := askResolutions(t.Context(), strings.NewReader("q\n"), &out, items, nil, (&saved{}).save); err != nil {
		t.Fatal(err)
	}
	if hostile(out.String()) {
		t.Errorf("agent text printed raw: %q", out.String())
	}
	want := "I1 (1 of 1)  important  Nil map write [f]ixed [t]est: fixed, commits: deadbeef\n  kv.go:3\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("output %q lacks %q", out.String(), want)
	}
}

// FuzzTermLine: whatever an agent writes, a line shown on the terminal
// has no control character (ESC, BEL, a line break) and stays short.
func FuzzTermLine(f *testing.F) {
	for _, s := range []string{"Nil map\x1b]52;c;eA==\x07 write", "a\nb\r\tc", "\x9b2J\xff", "\u202eevil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := termLine(s)
		for _, r := range got {
			if unicode.IsControl(r) || r == '\u202e' {
				t.Fatalf("termLine(%q) = %q keeps %U", s, got, r)
			}
		}
		if n := utf8.RuneCountInString(got); n > 200 {
			t.Fatalf("termLine(%q) has %d runes", s, n)
		}
	})
}

func TestResolveSummary(t *testing.T) {
	for _, c := range []struct {
		answers map[string]report.Resolved
		left    int
		want    string
	}{
		{nil, 3, "deepreview: nothing recorded for R; 3 findings have none yet"},
		{map[string]report.Resolved{"I1": {Action: "skipped"}, "I2": {Action: "fixed"}, "S1": {Action: "fixed"}}, 1,
			"deepreview: recorded 3 for R (2 fixed, 1 skipped); 1 finding has none yet"},
		{map[string]report.Resolved{"I1": {Action: "commented"}}, 0,
			"deepreview: recorded 1 for R (1 commented); every finding has a resolution"},
	} {
		if got := resolveSummary("R", c.answers, c.left); got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
}

package review

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/deepreview/deepreview/internal/workspace"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/agent"
)

func TestLongestRun(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want int
	}{{"", 0}, {"a`b", 1}, {"```go\n``````", 6}, {"no ticks", 0}} {
		if got := longestRun(tt.s, '`'); got != tt.want {
			t.Errorf("longestRun(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestFirstLaunch(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)
	results := []agent.Result{{Started: t0.Add(2 * time.Second)}, {}, {Started: t0.Add(time.Second)}}
	if got := firstLaunch(results, t0); !got.Equal(t0.Add(time.Second)) {
		t.Errorf("firstLaunch = %v, want the earliest start", got)
	}
	if got := firstLaunch([]agent.Result{{}}, t0); !got.Equal(t0) {
		t.Errorf("firstLaunch with no start = %v, want the fallback", got)
	}
}

func TestModelLabel(t *testing.T) {
	for _, tt := range []struct {
		spec       agent.Spec
		transcript string
		want       string
	}{
		{agent.Spec{Name: "claude", Model: "claude-opus-4-6"}, "claude-sonnet-4-5", "Claude Opus 4.6"},
		{agent.Spec{Name: "claude"}, "claude-sonnet-4-5-20250929", "Claude Sonnet 4.5"},
		{agent.Spec{Name: "codex"}, "", ""},
		{agent.Spec{Name: "lint", Kind: "command"}, "", ""},
	} {
		if got := modelLabel(tt.spec, tt.transcript); got != tt.want {
			t.Errorf("modelLabel(%+v, %q) = %q, want %q", tt.spec, tt.transcript, got, tt.want)
		}
	}
}

func TestBullets(t *testing.T) {
	if got := bullets([]string{"a", "b `c`"}); got != "- a\n- b `c`\n" {
		t.Errorf("bullets = %q", got)
	}
	if got := bullets(nil); !strings.EqualFold(got, "") {
		t.Errorf("bullets(nil) = %q", got)
	}
}

// TestDiffSection builds the diff a gemini agent gets (plan mode has no
// shell) from a real repository.
func TestDiffSection(t *testing.T) {
	dir := t.TempDir()
	git := func(args ...string) string { return strings.TrimSpace(gitIn(t, dir, args...)) }
	git("init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("text\n"), 0o644)
	git("add", ".")
	git("commit", "-qm", "one")
	base := git("rev-parse", "HEAD")
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("text\n```go\nx\n```\n"), 0o644)
	git("commit", "-qam", "two")
	head := git("rev-parse", "HEAD")
	ch := &change{ws: &workspace.Change{RepoDir: dir, Base: base, Head: head,
		Files: []workspace.File{{Path: "a.md", Added: 3}, {Path: "logo.png", Binary: true}, {Path: "b.md", OldPath: "old.md"}}}}
	whole, err := writeChange(t.Context(), filepath.Join(t.TempDir(), "change"), ch)
	if err != nil {
		t.Fatal(err)
	}
	idx, _ := os.ReadFile(whole.Index)
	if want := "path\tadded\tremoved\tnote\na.md\t3\t0\t\nlogo.png\t-\t-\tbinary\nb.md\t0\t0\trenamed from old.md\n"; string(idx) != want {
		t.Errorf("index:\n%q\nwant\n%q", idx, want)
	}
	if whole.DiffLines == 0 || whole.Files != 3 {
		t.Errorf("whole %+v", whole)
	}
	got := diffSection(whole)
	if !strings.Contains(got, "\n````diff\n") || !strings.Contains(got, "+```go") || !strings.Contains(got, whole.Diff) {
		t.Errorf("diff section:\n%s", got)
	}
	// Too large for the prompt: none of it, and where to read it all.
	whole.DiffBytes = maxDiff + 1
	if got := diffSection(whole); strings.Contains(got, "+```go") || !strings.Contains(got, "too large to include") {
		t.Errorf("a large diff must be pointed to, not cut:\n%s", got)
	}
	ch.ws.Base = "0000000000000000000000000000000000000000"
	if _, err := writeChange(t.Context(), filepath.Join(t.TempDir(), "change"), ch); err == nil {
		t.Error("a diff git cannot make is no error")
	}
}

// TestSplitDiff: the diff of a big change, made in two halves at once,
// is byte for byte git's own diff — with a rename across the halves and
// paths that would be pathspec magic.
func TestSplitDiff(t *testing.T) {
	dir := t.TempDir()
	git := func(args ...string) string { return gitIn(t, dir, args...) }
	git("init", "-q", "-b", "main")
	name := func(i int) string { return fmt.Sprintf("d%02d/f%03d.go", i%7, i) }
	for i := range splitAt + 50 {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name(i))), 0o755)
		os.WriteFile(filepath.Join(dir, name(i)), []byte(fmt.Sprintf("package d\n\nvar v%d = %d\n", i, i)), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "aaa-moved.txt"), []byte(strings.Repeat("same text\n", 20)), 0o644)
	git("add", ".")
	git("commit", "-qm", "base")
	base := strings.TrimSpace(git("rev-parse", "HEAD"))
	for i := range splitAt + 50 {
		os.WriteFile(filepath.Join(dir, name(i)), []byte(fmt.Sprintf("package d\n\nvar v%d = %d + 1\n", i, i)), 0o644)
	}
	os.WriteFile(filepath.Join(dir, ":(glob)*[x].go"), []byte("package d\n"), 0o644)
	git("mv", "aaa-moved.txt", "zzz-moved.txt")
	git("add", "-A")
	git("commit", "-qm", "change")
	head := strings.TrimSpace(git("rev-parse", "HEAD"))
	ws, err := workspace.Local(t.Context(), dir, base)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws.Files) < splitAt {
		t.Fatalf("%d files: the change is not split", len(ws.Files))
	}
	whole, err := writeChange(t.Context(), filepath.Join(t.TempDir(), "change"), &change{ws: ws})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(whole.Diff)
	want := git("diff", "--no-color", "--no-ext-diff", "--no-textconv", base+".."+head, "--")
	if string(got) != want {
		t.Errorf("split diff differs from git's (%d vs %d bytes)", len(got), len(want))
	}
	if whole.DiffBytes != int64(len(want)) || whole.DiffLines != int64(strings.Count(want, "\n")) {
		t.Errorf("counted %d bytes, %d lines; want %d, %d", whole.DiffBytes, whole.DiffLines, len(want), strings.Count(want, "\n"))
	}
}

// gitIn runs git in dir for a test, without the user's configuration, and
// returns its output as it is.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

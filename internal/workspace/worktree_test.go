package workspace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/gitcmd"
)

func TestWorktrees(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	before := userState(t, fx.clone)
	head := git(t, fx.clone, "rev-parse", "HEAD")

	w, err := NewWorktrees(ctx, fx.clone, head, []string{"claude", "codex", "my agent/x"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Remove()
	for _, name := range []string{"claude", "codex", "my agent/x"} {
		p := w.Path(name)
		if filepath.Dir(p) != w.Dir {
			t.Fatalf("worktree of %s at %q, not in %q", name, p, w.Dir)
		}
		if got := git(t, p, "rev-parse", "HEAD"); got != head {
			t.Errorf("%s: HEAD = %s, want %s", name, got, head)
		}
		if _, err := gitcmd.Run(ctx, p, "symbolic-ref", "-q", "HEAD"); err == nil {
			t.Errorf("%s: HEAD is not detached", name)
		}
		if b, err := os.ReadFile(filepath.Join(p, "a.txt")); err != nil || string(b) != "one\nTWO\nthree\nfour\nfive\n" {
			t.Errorf("%s: a.txt = %q, %v (want the committed text, not the user's edit)", name, b, err)
		}
	}
	if w.Path("gemini") != "" {
		t.Error("Path of an unknown agent is not empty")
	}

	if err := w.Protect(); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"", "a.txt"} {
		info, err := os.Stat(filepath.Join(w.Path("claude"), rel))
		if err != nil || info.Mode().Perm()&0o222 != 0 {
			t.Errorf("%q after Protect: %v, %v", rel, info.Mode(), err)
		}
	}

	if err := w.Remove(); err != nil {
		t.Fatal(err)
	}
	if err := w.Remove(); err != nil {
		t.Errorf("second Remove: %v", err)
	}
	if _, err := os.Stat(w.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s still there: %v", w.Dir, err)
	}
	if after := userState(t, fx.clone); after != before {
		t.Errorf("user state changed:\n%s\nwant\n%s", after, before)
	}
}

func TestWorktreesFailure(t *testing.T) {
	fx := newFixture(t)
	before := userState(t, fx.clone)
	head := git(t, fx.clone, "rev-parse", "HEAD")

	_, err := NewWorktrees(context.Background(), fx.clone, head, []string{"claude", "claude"})
	if err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("duplicate names: error = %v", err)
	}
	_, err = NewWorktrees(context.Background(), fx.clone, strings.Repeat("0", 40), []string{"claude"})
	if err == nil {
		t.Error("missing commit: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err = NewWorktrees(ctx, fx.clone, head, []string{"claude"}); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: error = %v", err)
	}
	if after := userState(t, fx.clone); after != before {
		t.Errorf("user state changed:\n%s\nwant\n%s", after, before)
	}
}

// TestWorktreesRemoveInterrupted leaves what a git worktree add killed half
// way usually leaves, a locked record whose folder is gone, and checks that
// Remove still clears it from git worktree list.
func TestWorktreesRemoveInterrupted(t *testing.T) {
	fx := newFixture(t)
	before := userState(t, fx.clone)
	head := git(t, fx.clone, "rev-parse", "HEAD")
	w, err := NewWorktrees(context.Background(), fx.clone, head, []string{"claude"})
	if err != nil {
		t.Fatal(err)
	}
	p := w.Path("claude")
	git(t, fx.clone, "worktree", "lock", p)
	if err := os.RemoveAll(p); err != nil {
		t.Fatal(err)
	}
	if err := w.Remove(); err != nil {
		t.Fatal(err)
	}
	if after := userState(t, fx.clone); after != before {
		t.Errorf("user state changed:\n%s\nwant\n%s", after, before)
	}
}

package workspace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/deepreview/deepreview/internal/gitcmd"
)

// Worktrees are detached worktrees of one commit, one per agent, in one
// temporary folder. Remove them when done, also after a failure or an
// interrupt: Remove is safe to call more than once and from another
// goroutine (a signal handler) than the one that created them.
type Worktrees struct {
	Dir     string // the temporary folder holding them
	repoDir string
	paths   map[string]string

	mu      sync.Mutex
	removed bool
}

// NewWorktrees creates, under a new temporary folder, a detached worktree of
// head for each of names (agent names; they must be distinct). On error,
// whatever was created is removed again.
func NewWorktrees(ctx context.Context, repoDir, head string, names []string) (*Worktrees, error) {
	dir, err := os.MkdirTemp("", "deepreview-")
	if err != nil {
		return nil, err
	}
	w := &Worktrees{Dir: dir, repoDir: repoDir, paths: map[string]string{}}
	for _, name := range names {
		if err := w.add(ctx, name, head); err != nil {
			return nil, errors.Join(err, w.Remove())
		}
	}
	return w, nil
}

func (w *Worktrees) add(ctx context.Context, name, head string) error {
	if _, dup := w.paths[name]; dup {
		return fmt.Errorf("worktree for %q: name given twice", name)
	}
	path := filepath.Join(w.Dir, fmt.Sprintf("%d-%s", len(w.paths)+1, slug(name)))
	// Record first: a worktree add interrupted half way still needs removing.
	w.paths[name] = path
	// No hooks: a post-checkout hook has no business running here.
	_, err := gitcmd.Run(ctx, w.repoDir, "-c", "core.hooksPath=/dev/null", "worktree", "add",
		"--detach", "--quiet", path, head)
	if err != nil {
		return fmt.Errorf("worktree of %s for %s: %w", head, name, err)
	}
	return nil
}

// Path returns the worktree of the agent name, or "" if there is none.
func (w *Worktrees) Path(name string) string { return w.paths[name] }

// Protect makes every file and folder of the worktrees read-only (the
// worktree's .git file excepted): a cheap guard against an agent editing
// the code it reviews. Remove undoes it before removing.
func (w *Worktrees) Protect() error {
	for _, path := range w.paths {
		if err := chmodTree(path, false); err != nil {
			return err
		}
	}
	return nil
}

// Remove removes the worktrees (git worktree remove --force), their
// temporary folder and git's records of them (git worktree prune). It runs
// even when the context of the review was canceled, and does nothing the
// second time.
func (w *Worktrees) Remove() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.removed {
		return nil
	}
	w.removed = true
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, path := range w.paths {
		_ = chmodTree(path, true)
		// Errors here are not final: RemoveAll and prune below clean up
		// a worktree git did not finish adding or cannot remove. The
		// second --force removes a locked worktree too.
		_, _ = gitcmd.Run(ctx, w.repoDir, "worktree", "remove", "--force", "--force", path)
	}
	var errs []error
	if err := os.RemoveAll(w.Dir); err != nil {
		errs = append(errs, err)
	}
	if _, err := gitcmd.Run(ctx, w.repoDir, "worktree", "prune"); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// chmodTree removes (writable false) or restores (true) the owner's and
// everyone's write permission below root, leaving the .git link alone.
func chmodTree(root string, writable bool) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == filepath.Join(root, ".git") || d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		mode := info.Mode().Perm()
		if writable {
			mode |= 0o200
		} else {
			mode &^= 0o222
		}
		return os.Chmod(path, mode)
	})
}

// slug makes s safe as one path element: letters, digits, '.', '_' and '-'.
func slug(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), ".-")
	if out == "" {
		return "agent"
	}
	return out
}

// Changes returns what an agent changed in its worktree (`git status
// --porcelain`, untracked files included), "" when nothing: read-only
// modes are the agents' promise, this is the check.
func (w *Worktrees) Changes(ctx context.Context, name string) (string, error) {
	p, ok := w.paths[name]
	if !ok {
		return "", fmt.Errorf("no worktree for %s", name)
	}
	return gitcmd.Run(ctx, p, "status", "--porcelain", "--untracked-files=all")
}

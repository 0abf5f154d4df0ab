package snapshot

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/gitcmd"
)

// sanitize withholds the head's agent configuration and puts the base's
// instruction files in place of the head's. The index keeps the head's
// entries, marked skip-worktree, so that git status stays clean and git
// diff and show still see the change to these files: they are reviewed,
// not loaded.
func (s *Snapshot) sanitize(ctx context.Context, base string) error {
	headPaths, err := lsFiles(ctx, s.Tree, "ls-files", "-z")
	if err != nil {
		return err
	}
	basePaths, err := lsFiles(ctx, s.Tree, "ls-tree", "-r", "-z", "--name-only", base)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(s.Tree)
	if err != nil {
		return err
	}
	defer root.Close()
	var hidden []string
	for _, p := range headPaths {
		gone := withheldRoot(p)
		switch {
		case gone != "":
			s.Withheld = append(s.Withheld, p)
		case instruction(p):
			gone = p
		default:
			continue
		}
		hidden = append(hidden, p)
		if err := removePath(root, gone); err != nil {
			return err
		}
	}
	for _, p := range basePaths {
		if instruction(p) && !withheld(p) {
			if err := s.restore(ctx, root, base, p); err != nil {
				return err
			}
		}
	}
	s.FromBase = instructionsOf(headPaths, basePaths)
	return s.hide(ctx, hidden)
}

// instructionsOf lists the instruction paths of head and base, sorted.
func instructionsOf(head, base []string) []string {
	var out []string
	for _, p := range slices.Concat(head, base) {
		if instruction(p) && !withheld(p) && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// restore writes the base's version of p into the tree. The tree is
// written through root: a folder of the change that is a symlink cannot
// redirect the write out of the tree.
func (s *Snapshot) restore(ctx context.Context, root *os.Root, base, p string) error {
	blob, err := gitcmd.OutputIsolated(ctx, s.Tree, "cat-file", "blob", base+":"+p)
	if err != nil {
		var ge *gitcmd.Error
		if errors.As(err, &ge) { // a submodule or an odd entry: leave it out
			return nil
		}
		return err
	}
	if err := root.MkdirAll(path.Dir(p), 0o755); err != nil {
		return fmt.Errorf("instruction file %s: %w", p, err)
	}
	if err := removePath(root, p); err != nil {
		return err
	}
	return root.WriteFile(p, blob, 0o644)
}

// removePath removes p (a file, a symlink or a folder) from the tree.
func removePath(root *os.Root, p string) error {
	err := root.RemoveAll(p)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("withhold %s: %w", p, err)
	}
	return nil
}

// hide marks paths skip-worktree, so the head's version stays in the index
// (git diff and show see it) while the tree holds the base's or nothing.
func (s *Snapshot) hide(ctx context.Context, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	// Restored base files that the head lacks are untracked: keep them out
	// of git status too.
	exclude := strings.Join(s.FromBase, "\n")
	info := s.Tree + "/.git/info"
	if err := os.MkdirAll(info, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(info+"/exclude", []byte(exclude+"\n"), 0o644); err != nil {
		return err
	}
	for chunk := range slices.Chunk(paths, 1000) {
		args := append([]string{"update-index", "--skip-worktree", "--"}, chunk...)
		if _, err := gitcmd.RunIsolated(ctx, s.Tree, args...); err != nil {
			return err
		}
	}
	return nil
}

// lsFiles runs a git listing with -z and splits it.
func lsFiles(ctx context.Context, dir string, args ...string) ([]string, error) {
	out, err := gitcmd.RunIsolated(ctx, dir, args...)
	if err != nil {
		return nil, err
	}
	var paths []string
	for p := range strings.SplitSeq(out, "\x00") {
		if p != "" {
			paths = append(paths, p)
		}
	}
	return paths, nil
}

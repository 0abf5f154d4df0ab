package snapshot

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/deepreview/deepreview/internal/gitcmd"
)

// entry is one file of a tree or an index: its mode and object.
type entry struct{ mode, object string }

// link hard-links into the tree the head's regular files that the user's
// working tree holds unchanged at the same version (same object and mode
// in the user's index, and no change in the working tree), and returns
// the paths left for git to write. A link shares the user's file, so this
// is only for agents that cannot write it; the tree's own files (the
// sanitizer's) are always new files, never written through a link.
func (s *Snapshot) link(ctx context.Context, repoDir, head string) ([]string, error) {
	want, err := treeEntries(ctx, s.Tree, head)
	if err != nil {
		return nil, err
	}
	have, err := cleanFiles(ctx, repoDir)
	if err != nil {
		return nil, err
	}
	rest := []string{} // not nil: nil asks checkoutIndex for every file
	made := make(map[string]bool)
	for p, e := range want {
		if !regular(e.mode) || have[p] != e || !s.linkFile(filepath.Join(repoDir, p), p, made) {
			rest = append(rest, p)
		}
	}
	return rest, nil
}

// linkFile links one file; false when it could not (another file system,
// a folder in the way), and git writes it instead.
func (s *Snapshot) linkFile(src, p string, made map[string]bool) bool {
	dst := filepath.Join(s.Tree, filepath.FromSlash(p))
	if dir := filepath.Dir(dst); !made[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return false
		}
		made[dir] = true
	}
	err := os.Link(src, dst)
	if errors.Is(err, syscall.EXDEV) || err != nil {
		return false
	}
	s.Linked++
	return true
}

func regular(mode string) bool { return mode == "100644" || mode == "100755" }

// treeEntries lists the files of rev: path → mode and object.
func treeEntries(ctx context.Context, dir, rev string) (map[string]entry, error) {
	out, err := gitcmd.RunIsolated(ctx, dir, "ls-tree", "-r", "-z", "--full-tree", rev)
	if err != nil {
		return nil, err
	}
	m := make(map[string]entry)
	for rec := range strings.SplitSeq(out, "\x00") {
		meta, p, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta) // mode type object
		if ok && len(f) == 3 {
			m[p] = entry{mode: f[0], object: f[2]}
		}
	}
	return m, nil
}

// cleanFiles lists the files of the user's index (stage 0) whose working
// tree copy is unchanged: path → mode and object.
func cleanFiles(ctx context.Context, repoDir string) (map[string]entry, error) {
	out, err := gitcmd.Run(ctx, repoDir, "ls-files", "-s", "-z")
	if err != nil {
		return nil, err
	}
	// A link changes its file's ctime, so a file deepreview linked once
	// would look changed ever after: git compares everything else of the
	// stat data (mtime to the nanosecond, size, inode), and the contents
	// of entries too recent for stat data to tell.
	dirty, err := gitcmd.Run(ctx, repoDir, "-c", "core.trustctime=false", "diff-files", "--name-only", "-z")
	if err != nil {
		return nil, err
	}
	changed := make(map[string]bool)
	for p := range strings.SplitSeq(dirty, "\x00") {
		changed[p] = true
	}
	m := make(map[string]entry)
	for rec := range strings.SplitSeq(out, "\x00") {
		meta, p, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta) // mode object stage
		if ok && len(f) == 3 && f[2] == "0" && !changed[p] {
			m[p] = entry{mode: f[0], object: f[1]}
		}
	}
	return m, nil
}

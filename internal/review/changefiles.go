package review

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/gitcmd"
	"github.com/deepreview/deepreview/internal/prompt"
	"github.com/deepreview/deepreview/internal/workspace"
)

// Files of the whole change, in a folder every agent may read.
const (
	DiffFile  = "diff.patch"
	IndexFile = "files.tsv"
)

// writeChange writes the whole change into dir: the diff from the merge
// base to the head, and an index of every changed file. No agent is handed
// a change cut to fit a prompt: the prompt points here.
func writeChange(ctx context.Context, dir string, ch *change) (prompt.Whole, error) {
	w := prompt.Whole{Dir: dir, Diff: filepath.Join(dir, DiffFile), Index: filepath.Join(dir, IndexFile), Files: len(ch.ws.Files)}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return w, err
	}
	n, lines, err := writeDiff(ctx, ch, w.Diff)
	w.DiffBytes, w.DiffLines = n, lines
	if err != nil {
		return w, fmt.Errorf("the change's diff: %w", err)
	}
	return w, os.WriteFile(w.Index, []byte(index(ch)), 0o644)
}

// splitAt is the number of changed files from which the diff is made by
// two git processes at once, each for half of the files: on a big change
// the diff is what the agents wait for.
const splitAt = 400

// writeDiff writes the diff from the merge base to the head into path and
// counts its bytes and lines. A big change is diffed in two halves at
// once (the files are in git's order, so the halves join in order; a
// rename's two paths stay in one half), the second half through a file
// beside path that is appended and removed.
func writeDiff(ctx context.Context, ch *change, path string) (int64, int64, error) {
	args := []string{"--literal-pathspecs", "diff", "--no-color", "--no-ext-diff", "--no-textconv", ch.ws.Base + ".." + ch.ws.Head, "--"}
	files := ch.ws.Files
	if len(files) < splitAt {
		return diffInto(ctx, ch.ws.RepoDir, path, args)
	}
	first, second := pathspecs(files[:len(files)/2]), pathspecs(files[len(files)/2:])
	rest := path + ".part"
	defer os.Remove(rest)
	var n2, l2 int64
	var err2 error
	done := make(chan struct{})
	go func() {
		defer close(done)
		n2, l2, err2 = diffInto(ctx, ch.ws.RepoDir, rest, append(slices.Clone(args), second...))
	}()
	n1, l1, err1 := diffInto(ctx, ch.ws.RepoDir, path, append(slices.Clone(args), first...))
	<-done
	if err := errors.Join(err1, err2); err != nil {
		return 0, 0, err
	}
	return n1 + n2, l1 + l2, appendFile(path, rest)
}

// pathspecs are the paths of files, a rename's old path with its new one.
func pathspecs(files []workspace.File) []string {
	out := make([]string, 0, len(files))
	for _, f := range files {
		out = append(out, f.Path)
		if f.OldPath != "" {
			out = append(out, f.OldPath)
		}
	}
	return out
}

// diffInto writes git's output for args into the file path, counted: the
// change's diff, the interdiff, the range-diff.
func diffInto(ctx context.Context, repo, path string, args []string) (int64, int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	c := &counter{w: f}
	err = gitcmd.Stream(ctx, repo, c, args...)
	return c.bytes, c.lines, errors.Join(err, f.Close())
}

// appendFile appends the file from to the file to.
func appendFile(to, from string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	return errors.Join(err, dst.Close())
}

// index is the tab-separated list of every changed file: path, lines
// added and removed ("-" for a binary file), and what else changed.
func index(ch *change) string {
	var b strings.Builder
	b.WriteString("path\tadded\tremoved\tnote\n")
	for _, f := range ch.ws.Files {
		add, del, note := fmt.Sprint(f.Added), fmt.Sprint(f.Removed), ""
		if f.Binary {
			add, del, note = "-", "-", "binary"
		}
		if f.OldPath != "" {
			note = strings.TrimSpace(note + " renamed from " + f.OldPath)
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", f.Path, add, del, note)
	}
	return b.String()
}

// counter counts what goes through it.
type counter struct {
	w            interface{ Write([]byte) (int, error) }
	bytes, lines int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.bytes += int64(n)
	c.lines += int64(strings.Count(string(p[:n]), "\n"))
	return n, err
}

// Files of what changed since the previous round, beside the whole diff.
const (
	InterdiffFile = "interdiff.patch"
	RangeDiffFile = "range-diff.txt"
)

// writeSince writes into dir what changed since the previous round's head
// prev: the diff from prev to the head and the commits after it, and, when
// the branch was rewritten (prev is no ancestor of the head: a force-push),
// `git range-diff` of the old commits against the new. nil when there is
// no previous round, or it reviewed this very head. A previous head the
// repository no longer has is said in the prompt, not an error.
func writeSince(ctx context.Context, dir string, ch *change, prev string) (*prompt.Since, error) {
	if prev == "" || prev == ch.ws.Head {
		return nil, nil
	}
	s := &prompt.Since{PreviousHead: prev, Interdiff: filepath.Join(dir, InterdiffFile)}
	repo, head := ch.ws.RepoDir, ch.ws.Head
	if _, err := gitcmd.Run(ctx, repo, "cat-file", "-e", prev+"^{commit}"); err != nil {
		s.Interdiff = ""
		return s, nil
	}
	if _, _, err := diffInto(ctx, repo, s.Interdiff, []string{"diff", "--no-color", "--no-ext-diff", "--no-textconv", prev + ".." + head, "--"}); err != nil {
		return nil, fmt.Errorf("the diff since the previous round: %w", err)
	}
	if _, err := gitcmd.Run(ctx, repo, "merge-base", "--is-ancestor", prev, head); err == nil {
		cs, err := workspace.Commits(ctx, repo, prev, head)
		s.Commits = promptCommits(cs)
		return s, err
	}
	s.RangeDiff = filepath.Join(dir, RangeDiffFile)
	base := ch.ws.Base
	if _, _, err := diffInto(ctx, repo, s.RangeDiff, []string{"range-diff", "--no-color", base + ".." + prev, base + ".." + head}); err != nil {
		return nil, fmt.Errorf("the range-diff against the previous round: %w", err)
	}
	return s, nil
}

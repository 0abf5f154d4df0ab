package review

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/deepreview/deepreview/internal/gitcmd"
	"github.com/deepreview/deepreview/internal/prompt"
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
	f, err := os.Create(w.Diff)
	if err != nil {
		return w, err
	}
	c := &counter{w: f}
	err = gitcmd.Stream(ctx, ch.ws.RepoDir, c, "diff", "--no-color", "--no-ext-diff", "--no-textconv", ch.ws.Base+".."+ch.ws.Head, "--")
	w.DiffBytes, w.DiffLines = c.bytes, c.lines
	if err := errors.Join(err, f.Close()); err != nil {
		return w, fmt.Errorf("the change's diff: %w", err)
	}
	return w, os.WriteFile(w.Index, []byte(index(ch)), 0o644)
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

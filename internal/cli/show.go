package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/deepreview/deepreview/internal/review"
	"github.com/deepreview/deepreview/internal/safetext"
	"github.com/deepreview/deepreview/internal/store"
)

const showUsage = `[ID|latest] [--format md|json|sarif|rdjsonl|html]

ID is a review id as 'deepreview list' prints it, or its unique prefix.
Without ID (or with latest): the newest review of the current branch,
else the newest review of the current repository.
`

// runShow prints a stored review's report. A review without a report
// (failed, or still running) prints what it has and exits 1.
func runShow(ctx context.Context, args []string, env Env) error {
	flags := newFlags("show", showUsage, env)
	format := flags.String("format", "md", "output `format`: md, json, sarif, rdjsonl or html (one self-contained page)")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("show: want at most one review ID, got %d arguments", len(pos))
	}
	print := renderer(*format)
	if print == nil {
		return usagef("show: unknown format %q: want md, json, sarif, rdjsonl or html", *format)
	}
	s, err := envStore(env)
	if err != nil {
		return err
	}
	var r *store.Review
	if len(pos) == 0 || pos[0] == "latest" {
		r, err = latestReview(ctx, env, s)
	} else {
		r, err = s.Get(pos[0])
	}
	if err != nil {
		return err
	}
	if r.State != store.Done {
		// Machine formats keep stdout for their own documents.
		w := env.Stdout
		if *format != "md" {
			w = env.Stderr
		}
		if err := writeStatus(w, r); err != nil {
			return err
		}
		return fmt.Errorf("review %s has no report: it is %s", r.ID, r.State)
	}
	rep, err := r.Report()
	if err != nil {
		return err
	}
	// The author's answer came after the report: shown with it.
	if rep.Resolution, err = r.Resolution(); err != nil {
		return err
	}
	w := bufio.NewWriter(env.Stdout)
	if err := print(w, rep); err != nil {
		return err
	}
	return w.Flush()
}

// latestReview is the newest review of the current branch, else of the
// current repository.
func latestReview(ctx context.Context, env Env, s *store.Store) (*store.Review, error) {
	repo, branch, err := hereRepo(ctx, env, "name a review ID (see 'deepreview list --all')")
	if err != nil {
		return nil, err
	}
	keys := []store.Key{{Repo: repo}}
	if branch != "" {
		keys = []store.Key{{Repo: repo, Branch: branch}, {Repo: repo}}
	}
	for _, k := range keys {
		entries, err := s.List(k)
		if err != nil {
			return nil, err
		}
		if len(entries) > 0 {
			return s.Get(entries[len(entries)-1].ID) // oldest first
		}
	}
	return nil, fmt.Errorf("no reviews stored for %s in %s", review.RepoLabel(repo), s.Dir())
}

// writeStatus describes a review without a report: its change, state,
// error and the files its agents left, which is where to look next.
func writeStatus(w io.Writer, r *store.Review) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "review %s of %s, %s: %s\n", r.ID, safetext.Terminal(r.Change()), roundLabel(r.Entry), r.State)
	fmt.Fprintf(bw, "started: %s\n", listDate(r.Started))
	if r.Error != "" {
		fmt.Fprintf(bw, "error:   %s\n", strings.ReplaceAll(strings.TrimSpace(safetext.Terminal(r.Error)), "\n", "\n         "))
	}
	fmt.Fprintf(bw, "folder:  %s\n", r.Dir)
	files, err := agentFiles(r.Dir)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fmt.Fprintln(bw, "no agent files yet")
	} else {
		fmt.Fprintln(bw, "agent files:")
	}
	for _, f := range files {
		fmt.Fprintf(bw, "  %s\n", f)
	}
	return bw.Flush()
}

// agentFiles lists the files under the review's agents folder with their
// sizes, as slash paths relative to the review folder, in name order.
func agentFiles(dir string) ([]string, error) {
	var out []string
	root := filepath.Join(dir, "agents")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s (%d bytes)", filepath.ToSlash(rel), info.Size()))
		return nil
	})
	return out, err
}

// roundLabel is "round N", or "an attempt at round N" for a review that
// failed or was abandoned and so holds no round.
func roundLabel(e store.Entry) string {
	if e.Round == 0 && e.Attempt > 0 {
		return fmt.Sprintf("an attempt at round %d", e.Attempt)
	}
	return fmt.Sprintf("round %d", e.Round)
}

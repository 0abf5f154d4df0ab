package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/deepreview/deepreview/internal/htmlreport"
	"github.com/deepreview/deepreview/internal/store"
)

const publishUsage = `[--repo owner/name] DIR

Writes every stored review that has a report as DIR/ID.html (one
self-contained page each, as 'deepreview show ID --format html' prints
it) and DIR/index.html, which lists every review by repository, change,
round and verdict. DIR is ready for GitHub Pages (a .nojekyll file is
written); pages already in DIR are rewritten, other files are left alone.`

// runPublish writes the stored reviews as a static site.
func runPublish(ctx context.Context, args []string, env Env) error {
	fs := newFlags("publish", publishUsage, env)
	repo := fs.String("repo", "", "publish only the reviews of repository `owner/name`")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("publish: want one DIR, got %d arguments", len(pos))
	}
	dir := pos[0]
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(env.Dir, dir)
	}
	s, err := envStore(env)
	if err != nil {
		return err
	}
	entries, err := s.List(store.Key{Repo: *repo})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	index, pages, err := publishPages(s, entries, dir, env)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := htmlreport.Index(&b, index, envNow(env)); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(dir, "index.html"), b.Bytes()); err != nil {
		return err
	}
	// GitHub Pages runs Jekyll on a branch unless told not to.
	if err := writeAtomic(filepath.Join(dir, ".nojekyll"), nil); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "deepreview: %d review pages and index.html (%d reviews) in %s\n", pages, len(index), dir)
	return nil
}

// publishPages writes the page of each entry that has a report and
// returns the index entries. A report that cannot be read is listed
// without a page and reported on stderr.
func publishPages(s *store.Store, entries []store.Entry, dir string, env Env) ([]htmlreport.Entry, int, error) {
	var index []htmlreport.Entry
	pages := 0
	for _, e := range entries {
		ie := htmlreport.Entry{ID: e.ID, Repo: orDash(e.Repo), PR: e.PR, Branch: e.Branch, Round: e.Round, Date: e.Started,
			State: e.State, Verdict: e.Verdict, Findings: e.Findings, Agents: e.Agents}
		if e.State == store.Done {
			title, err := publishPage(s, e.ID, dir)
			if err != nil {
				fmt.Fprintf(env.Stderr, "deepreview: %s: %v\n", e.ID, err)
			} else {
				ie.Page, ie.Title = e.ID+".html", title
				pages++
			}
		}
		index = append(index, ie)
	}
	return index, pages, nil
}

// publishPage writes DIR/ID.html and returns the change's title.
func publishPage(s *store.Store, id, dir string) (string, error) {
	r, err := s.Get(id)
	if err != nil {
		return "", err
	}
	rep, err := r.Report()
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := htmlreport.Page(&b, rep); err != nil {
		return "", err
	}
	// The id is the store's folder name (checked by the store), so the
	// page stays in dir.
	return rep.Change.Title, writeAtomic(filepath.Join(dir, filepath.Base(id)+".html"), b.Bytes())
}

// writeAtomic writes a file through a temporary one, so that a site being
// served never shows half a page.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".publish-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

package review

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/deepreview/deepreview/internal/forge"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/store"
)

// finish redacts, renders and stores the report, feeds the learning loop
// and posts the comment. A report the store could not keep still comes
// back, with a NotStoredError saying what is missing.
func finish(ctx context.Context, req Request, deps Deps, ch *change, rv *store.Review, rep *report.Report, tree fs.FS, diff string) (*Result, error) {
	deps.stage("writing the report")
	report.Redact(rep, deps.Redact)
	var md bytes.Buffer
	if err := report.Markdown(&md, rep); err != nil {
		return nil, fmt.Errorf("rendering: %w", err)
	}
	res := &Result{Report: rep, Markdown: md.Bytes(), Dir: rv.Dir}
	// SARIF's line hashes need the reviewed files, which are gone once
	// the review returns: it is made here, while the snapshot is there.
	var sarif bytes.Buffer
	if err := report.SARIFTree(&sarif, rep, tree); err != nil {
		return nil, fmt.Errorf("rendering SARIF: %w", err)
	}
	res.SARIF = sarif.Bytes()
	ferr := rv.Finish(rep, md.Bytes())
	if ferr != nil && len(rv.Unstored()) == 0 {
		return nil, ferr // not the store's writes: the report itself is bad
	}
	learn(deps, rv, rep)
	var postErr error
	if req.Post && !req.PostAnyway {
		if err := report.PostBlocked(rep); err != nil {
			postErr = &PostError{Err: err}
		}
	}
	if req.Post && postErr == nil {
		c, err := post(ctx, deps, ch, rv, md.String())
		if err != nil {
			postErr = &PostError{Err: fmt.Errorf("posting the report (stored in %s): %w", rv.Dir, err)}
		}
		res.Comment = c
		if req.Inline && err == nil {
			res.Inline = inline(ctx, deps, ch, rv, rep, diff, c)
		}
		res.Status = setStatus(ctx, req, deps, ch, rep, c)
	}
	if lost := rv.Unstored(); len(lost) > 0 {
		return res, errors.Join(postErr, &NotStoredError{Dir: rv.Dir, Files: lost, Done: ferr == nil})
	}
	return res, postErr
}

// inline posts the inline comments after the summary comment. The
// summary holds every finding by then, so a failure is said and the
// review goes on, as for the commit status.
func inline(ctx context.Context, deps Deps, ch *change, rv *store.Review, rep *report.Report, diff string, summary *forge.Comment) *Inline {
	in, err := postInline(ctx, deps, ch, rv, rep, diff, summary.URL)
	if err != nil {
		fmt.Fprintf(deps.Log, "deepreview: inline comments: %v (every finding is in the summary comment)\n", err)
	}
	return in
}

// PostError says the review is whole and stored, but was not posted (as
// asked, or refused: a secret in the agents' output). The Result comes
// with it, for the caller to print.
type PostError struct{ Err error }

func (e *PostError) Error() string { return e.Err.Error() }
func (e *PostError) Unwrap() error { return e.Err }

// NotStoredError says which files of a finished review the store could
// not write (a full disk, a folder gone). The review itself is whole: the
// Result that comes with it holds the report, for the caller to print.
type NotStoredError struct {
	Dir   string
	Files []string // each with its reason
	// Done is set when the report itself was stored, and only agents'
	// records are missing.
	Done bool
}

func (e *NotStoredError) Error() string {
	what := "the report is not stored"
	if e.Done {
		what = "the report is stored but not all of its records"
	}
	return fmt.Sprintf("%s: could not write in %s: %s", what, e.Dir, strings.Join(e.Files, "; "))
}

// learn stores the report's repo context updates and skill improvements
// as proposals. The consolidator that wrote them read the change under
// review, which can steer it; so none reaches a later prompt until the
// user accepts it (deepreview notes accept ID).
func learn(deps Deps, rv *store.Review, rep *report.Report) {
	repo, n := repoKey(rep.Change), 0
	for _, p := range []struct {
		kind  string
		items []string
	}{{store.ContextNote, rep.ProcessNotes.RepoContextUpdates}, {store.SkillNote, rep.ProcessNotes.SkillImprovements}} {
		added, err := deps.Store.Propose(repo, rv.ID, p.kind, p.items, deps.Now())
		if err != nil {
			fmt.Fprintf(deps.Log, "deepreview: storing proposed %s notes: %v\n", p.kind, err)
		}
		n += len(added)
	}
	if n > 0 {
		fmt.Fprintf(deps.Log, "deepreview: %d proposed note(s) for %s await your decision; none is used until you accept it (deepreview notes)\n", n, RepoLabel(repo))
	}
}

func post(ctx context.Context, deps Deps, ch *change, rv *store.Review, md string) (*forge.Comment, error) {
	if ch.pr == nil {
		return nil, fmt.Errorf("--post needs a pull request; %s is a local branch", ch.report.Branch)
	}
	if deps.Forge == nil {
		return nil, fmt.Errorf("--post needs GitHub access")
	}
	c, _, err := deps.Forge.UpsertComment(ctx, ch.repo, ch.pr.Number, forge.CommentBody(md, rv.ID), previousComment(deps, rv))
	if err != nil {
		return nil, err
	}
	// The next round edits this comment, found by its id (and checked to
	// be ours), never by the marker alone.
	if b, err := json.Marshal(postedComment{ID: c.ID, URL: c.URL}); err == nil {
		if err := rv.WriteFile(CommentFile, b); err != nil {
			fmt.Fprintf(deps.Log, "deepreview: recording the comment's id: %v\n", err)
		}
	}
	return &c, nil
}

// CommentFile records, in a review's folder, the comment it posted.
const CommentFile = "comment.json"

type postedComment struct {
	ID  int64  `json:"id"`
	URL string `json:"url"`
}

// previousComment is the id of the comment the previous round posted, or
// 0 when there is none.
func previousComment(deps Deps, rv *store.Review) int64 {
	var c postedComment
	if !readPrevious(deps, rv, CommentFile, &c) {
		return 0
	}
	return c.ID
}

// readPrevious decodes the JSON file name of the previous round's review
// into v, and reports whether there was one that could be read.
func readPrevious(deps Deps, rv *store.Review, name string, v any) bool {
	if rv.Previous == "" {
		return false
	}
	prev, err := deps.Store.Get(rv.Previous)
	if err != nil {
		return false
	}
	p, err := prev.Path(name)
	if err != nil {
		return false
	}
	b, err := os.ReadFile(p)
	return err == nil && json.Unmarshal(b, v) == nil
}

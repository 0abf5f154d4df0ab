package htmlreport

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/deepreview/deepreview/internal/report"
)

// Entry is one stored review as the index lists it.
type Entry struct {
	ID       string
	Repo     string
	PR       int
	Branch   string
	Title    string // the pull request's title, when known
	Round    int
	Date     time.Time
	State    string // done | running | failed | …
	Verdict  string
	Findings report.SeverityCounts
	Agents   []string
	// Page is the entry's page relative to the index ("ID.html"); "" for
	// a review without a report.
	Page string
}

// Change names the entry's change within its repository: "#31" or the
// branch.
func (e Entry) Change() string {
	if e.PR > 0 {
		return fmt.Sprintf("#%d", e.PR)
	}
	return e.Branch
}

// indexView groups the entries by repository, then change (rounds in
// order), and by verdict.
type indexView struct {
	Total     int
	Repos     []repoView
	Verdicts  []verdictView
	Generated time.Time
}

type repoView struct {
	Repo    string
	Changes []changeView
}

type changeView struct {
	Change string
	Title  string
	Rounds []Entry
}

type verdictView struct {
	Verdict string
	Anchor  string
	Entries []Entry
}

// Index writes the index page of entries: by repository, change and
// round, and by verdict, newest first.
func Index(w io.Writer, entries []Entry, generated time.Time) error {
	_, index, err := templates(newMarkdown())
	if err != nil {
		return err
	}
	if err := index.Execute(w, newIndexView(entries, generated)); err != nil {
		return fmt.Errorf("html index: %w", err)
	}
	return nil
}

func newIndexView(entries []Entry, generated time.Time) indexView {
	es := slices.Clone(entries)
	slices.SortStableFunc(es, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.Repo, b.Repo), cmp.Compare(b.PR, a.PR), cmp.Compare(a.Branch, b.Branch),
			cmp.Compare(a.Round, b.Round), a.Date.Compare(b.Date))
	})
	v := indexView{Total: len(es), Generated: generated}
	for _, e := range es {
		if len(v.Repos) == 0 || v.Repos[len(v.Repos)-1].Repo != e.Repo {
			v.Repos = append(v.Repos, repoView{Repo: e.Repo})
		}
		r := &v.Repos[len(v.Repos)-1]
		if len(r.Changes) == 0 || r.Changes[len(r.Changes)-1].Change != e.Change() {
			r.Changes = append(r.Changes, changeView{Change: e.Change()})
		}
		c := &r.Changes[len(r.Changes)-1]
		c.Rounds = append(c.Rounds, e)
		if e.Title != "" {
			c.Title = e.Title
		}
	}
	for i, d := range []string{report.Rework, report.MergeWithFixes, report.MergeWithOptionalFixes, report.MergeAsIs, ""} {
		vv := verdictView{Verdict: d, Anchor: fmt.Sprintf("verdict-%d", i)}
		for _, e := range es {
			if e.Verdict == d || d == "" && !known(e.Verdict) {
				vv.Entries = append(vv.Entries, e)
			}
		}
		slices.SortStableFunc(vv.Entries, func(a, b Entry) int { return b.Date.Compare(a.Date) })
		if len(vv.Entries) > 0 {
			v.Verdicts = append(v.Verdicts, vv)
		}
	}
	return v
}

func known(d string) bool {
	return d == report.Rework || d == report.MergeWithFixes || d == report.MergeWithOptionalFixes || d == report.MergeAsIs
}

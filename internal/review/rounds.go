package review

import (
	"context"
	"fmt"
	"io/fs"
	"slices"

	"github.com/deepreview/deepreview/internal/cluster"
	"github.com/deepreview/deepreview/internal/consolidate"
	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/gitcmd"
	"github.com/deepreview/deepreview/internal/prompt"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/round"
	"github.com/deepreview/deepreview/internal/store"
)

// history is what earlier rounds of the change leave this one: the
// previous round's report, the author's resolution of it, and every
// finding the author declined along the chain of rounds.
type history struct {
	prev     *report.Report
	res      *report.Resolution
	declines []decline
}

// decline is a declined finding with what matching it needs.
type decline struct {
	report.Decline
	finding report.Finding
	head    string // the head of the round it was declined in
}

// maxRounds bounds the walk back through the rounds of a change.
const maxRounds = 100

// loadHistory reads the previous rounds of rv, newest first.
func loadHistory(st *store.Store, rv *store.Review) (*history, error) {
	h := &history{}
	seen := map[string]bool{}
	for id, n := rv.Previous, 0; id != "" && n < maxRounds; n++ {
		r, err := st.Get(id)
		if err != nil {
			return nil, fmt.Errorf("previous round: %w", err)
		}
		rep, err := r.Report()
		if err != nil {
			return nil, fmt.Errorf("previous round: %w", err)
		}
		res, err := r.Resolution()
		if err != nil {
			return nil, err
		}
		if h.prev == nil {
			h.prev, h.res = rep, res
		}
		h.addDeclines(r.ID, rep, res, seen)
		id = r.Previous
	}
	return h, nil
}

func (h *history) addDeclines(id string, rep *report.Report, res *report.Resolution, seen map[string]bool) {
	if res == nil {
		return
	}
	for _, f := range rep.Findings {
		x, ok := res.Findings[f.ID]
		if !ok || x.Action != report.ActionSkipped || x.Reason == "" || seen[f.Fingerprint] {
			continue
		}
		seen[f.Fingerprint] = true
		h.declines = append(h.declines, decline{finding: f, head: rep.Change.Head, Decline: report.Decline{
			Round: rep.Round, Review: id, ID: f.ID, Title: f.Title, Reason: x.Reason, Fingerprint: f.Fingerprint}})
	}
}

// checkChanged sets each decline's Changed: whether the code its finding
// cites, read at the head it was declined at, no longer appears in tree,
// this round's head (round.CodeChanged: a move is no change). Without
// those lines (a finding citing no line, a head no longer in the
// repository) the line its fingerprint is anchored at decides.
// A decline whose code is the same also counts as changed when the code
// it names gained references (its blast radius grew).
func (h *history) checkChanged(ctx context.Context, tree fs.FS, repo, head string) {
	for i := range h.declines {
		d := &h.declines[i]
		changed, known := round.CodeChanged(fileAt(ctx, repo, d.head, d.finding), tree, d.finding)
		if !known {
			changed = round.Fingerprint(d.finding, tree) != d.Fingerprint
		}
		d.Changed = changed
		if !d.Changed && d.head != "" {
			d.Why = blastRadius(ctx, repo, d.head, head, d.Title)
			d.Changed = d.Why != ""
		}
	}
}

// fileAt is the content at revision rev of the file f first cites, nil
// when there is none.
func fileAt(ctx context.Context, repo, rev string, f report.Finding) []byte {
	if rev == "" || len(f.Locations) == 0 {
		return nil
	}
	p := finding.CleanPath(f.Locations[0].Path)
	if !fs.ValidPath(p) || p == "." {
		return nil
	}
	data, err := gitcmd.OutputIsolated(ctx, repo, "cat-file", "blob", rev+":"+p)
	if err != nil {
		return nil
	}
	return data
}

// promptDeclines is the declines as the prompt tells them.
func (h *history) promptDeclines() []prompt.Decline {
	out := make([]prompt.Decline, len(h.declines))
	for i, d := range h.declines {
		out[i] = prompt.Decline{ID: d.ID, Round: d.Round, Title: d.Title, Reason: d.Reason, Changed: d.Changed}
	}
	return out
}

// resolutionText is the author's word on finding id, for the prompt.
func (h *history) resolutionText(id string) string {
	if h.res == nil {
		return ""
	}
	x, ok := h.res.Findings[id]
	if !ok {
		return ""
	}
	s := x.Action
	for i, c := range x.Commits {
		if i == 0 {
			s += " in"
		}
		s += " " + c
	}
	if x.Reason != "" {
		s += ": " + x.Reason
	}
	return s
}

// applyDeclines drops each of rep's findings that raises a decline again
// on unchanged code, each agent finding in it recorded as dropped with the
// reason, and marks re-raised the ones whose code changed. Fingerprints
// of rep's findings must be stamped (round.Stamp).
func (h *history) applyDeclines(rep *report.Report) {
	if len(h.declines) == 0 {
		return
	}
	kept := rep.Findings[:0]
	dropped := 0
	for _, f := range rep.Findings {
		i := slices.IndexFunc(h.declines, func(d decline) bool { return sameDefect(d.finding, f) })
		if i < 0 {
			kept = append(kept, f)
			continue
		}
		d := &h.declines[i]
		if d.Changed {
			d.Reraised = f.ID
			kept = append(kept, f)
			continue
		}
		reason := fmt.Sprintf("declined in round %d: %s; the cited code has not changed", d.Round, d.Reason)
		for _, s := range f.Sources {
			rep.Dropped = append(rep.Dropped, report.Dropped{Agent: s.Agent, ID: s.ID, Title: f.Title, Reason: reason})
			d.Dropped++
		}
		dropped++
	}
	rep.Findings = kept
	for _, d := range h.declines {
		rep.Declined = append(rep.Declined, d.Decline)
	}
	if dropped > 0 {
		lowerVerdict(rep, dropped)
	}
}

// sameDefect reports whether f raises the declined finding d again: the
// same fingerprint, or what clustering would merge within the same file
// when the two name the same code (or either names none). Dropping f
// loses it, so a decline is matched more narrowly than agents' findings
// are merged: the same words about another file, or about another
// function ("`Put` has no doc comment" after "`Get` has no doc comment"
// was declined), are another defect.
func sameDefect(d, f report.Finding) bool {
	if d.Fingerprint != "" && d.Fingerprint == f.Fingerprint {
		return true
	}
	if len(d.Locations) == 0 || len(f.Locations) == 0 ||
		finding.CleanPath(d.Locations[0].Path) != finding.CleanPath(f.Locations[0].Path) {
		return false
	}
	if ds, fs := symbols(d.Title), symbols(f.Title); len(ds) > 0 && len(fs) > 0 && !slices.ContainsFunc(ds, func(s string) bool { return slices.Contains(fs, s) }) {
		return false
	}
	items := []cluster.Item{{Agent: "declined", Finding: asFinding(d)}, {Agent: "now", Finding: asFinding(f)}}
	return len(cluster.Candidates(items, finding.Files{})) > 0
}

func asFinding(f report.Finding) *finding.Finding {
	return &finding.Finding{ID: f.ID, Severity: f.Severity, Title: f.Title, Locations: f.Locations, Body: f.Body}
}

// lowerVerdict lowers the decision to what the findings left after the
// declines were dropped call for; it never raises it.
func lowerVerdict(rep *report.Report, dropped int) {
	rank := map[string]int{report.MergeAsIs: 0, report.MergeWithOptionalFixes: 1, report.MergeWithFixes: 2, report.Rework: 3}
	worst := consolidate.Verdict(rep.Findings, "").Decision
	if rank[worst] < rank[rep.Verdict.Decision] {
		rep.Verdict = report.Verdict{Decision: worst, Reason: fmt.Sprintf(
			"%d finding(s) raised again what the author declined in an earlier round, on unchanged code, and were dropped; %d finding(s) remain", dropped, len(rep.Findings))}
	}
}

// settlePrevious gives each previous finding the author's resolution, and
// marks declined the skipped ones this round did not raise again.
func (h *history) settlePrevious(prev []report.PreviousFinding) {
	if h.res == nil {
		return
	}
	for i := range prev {
		x, ok := h.res.Findings[prev[i].ID]
		if !ok {
			continue
		}
		prev[i].Resolution = &x
		if x.Action == report.ActionSkipped && x.Reason != "" && prev[i].NowID == "" {
			prev[i].Status = round.Declined
		}
	}
}

// previousHead is the head the previous round reviewed, "" in round 1.
func (h *history) previousHead() string {
	if h.prev == nil {
		return ""
	}
	return h.prev.Change.Head
}

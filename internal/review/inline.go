package review

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/forge"
	"github.com/deepreview/deepreview/internal/hunks"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/round"
	"github.com/deepreview/deepreview/internal/safetext"
	"github.com/deepreview/deepreview/internal/store"
)

// InlineFile records, in a review's folder, the inline comments that
// carry its findings on the pull request: the next round edits them,
// found by id (and checked to be ours), and answers the fixed ones.
const InlineFile = "inline.json"

// maxInline bounds the inline comments of one round; further findings
// stay in the summary comment only.
const maxInline = 50

// inlineBudget is the most an inline comment's body may hold (GitHub's
// 65,536 characters, counted as forge.Length does, with a margin).
const inlineBudget = forge.MaxCommentLength - 1024

type inlineRecord struct {
	// ReviewID is the review this round created, 0 when it made none.
	ReviewID int64           `json:"review_id"`
	Comments []inlineComment `json:"comments"`
}

// inlineComment is the comment carrying one finding.
type inlineComment struct {
	Fingerprint string `json:"fingerprint"`
	Finding     string `json:"finding"` // the finding's id in the round that recorded it
	ID          int64  `json:"id"`
	ReviewID    int64  `json:"review_id"` // the review holding the comment
}

// Inline is what posting inline comments did.
type Inline struct {
	ReviewURL string // the review created this round, if any
	Posted    int    // new comments
	Edited    int    // earlier rounds' comments updated
	Replied   int    // "Fixed in round N" replies
	Resolved  int    // threads of those replies resolved
	Outside   int    // findings whose lines are outside the diff: summary only
}

// planned is one finding's comment before it is sent.
type planned struct {
	f    report.Finding
	nc   forge.NewReviewComment
	prev *inlineComment // the earlier round's comment to edit, if any
}

// postInline puts each finding whose first location is on the diff's new
// side in a review comment on those lines, edits the earlier round's
// comment of a finding still open instead of adding one, and answers the
// comments of findings the Previous Round table says are fixed.
func postInline(ctx context.Context, deps Deps, ch *change, rv *store.Review, rep *report.Report, diffPath, summaryURL string) (*Inline, error) {
	m, err := readHunks(diffPath)
	if err != nil {
		return nil, err
	}
	prev := readInline(deps, rv)
	byFP := map[string]inlineComment{}
	for _, c := range prev.Comments {
		byFP[c.Fingerprint] = c
	}
	res := &Inline{}
	plans, carried := plan(rep, m, byFP, res)
	rec := inlineRecord{Comments: carried}
	fresh, err := edit(ctx, deps, ch, plans, &rec, res)
	if err != nil {
		return res, err
	}
	if err := create(ctx, deps, ch, rep, fresh, summaryURL, &rec, res); err != nil {
		return res, err
	}
	reply(ctx, deps, ch, rep, byFP, res)
	if b, err := json.MarshalIndent(rec, "", "  "); err == nil {
		if err := rv.WriteFile(InlineFile, b); err != nil {
			fmt.Fprintf(deps.Log, "deepreview: recording the inline comments: %v\n", err)
		}
	}
	return res, nil
}

func readHunks(path string) (*hunks.Map, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("the change's diff: %w", err)
	}
	defer f.Close()
	return hunks.Parse(f)
}

// plan decides each finding's comment and which earlier comment it
// replaces: the one recorded for its fingerprint, or for the previous
// finding the Previous Round table matched it with. An open finding whose
// lines are outside the diff now keeps its earlier comment, carried into
// this round's record so a later round can still answer it.
func plan(rep *report.Report, m *hunks.Map, byFP map[string]inlineComment, res *Inline) ([]planned, []inlineComment) {
	earlier := map[string]inlineComment{} // current finding id → earlier comment
	for _, pf := range rep.Previous {
		if c, ok := byFP[pf.Fingerprint]; ok && pf.NowID != "" {
			earlier[pf.NowID] = c
		}
	}
	var plans []planned
	var carried []inlineComment
	for _, f := range rep.Findings {
		prev, hasPrev := byFP[f.Fingerprint]
		if c, ok := earlier[f.ID]; ok && (!hasPrev || f.Fingerprint == "") {
			prev, hasPrev = c, true
		}
		nc, ok := placeComment(f, m)
		if !ok || len(plans) == maxInline {
			res.Outside++
			if hasPrev {
				prev.Fingerprint, prev.Finding = f.Fingerprint, f.ID
				carried = append(carried, prev)
			}
			continue
		}
		p := planned{f: f, nc: nc}
		if hasPrev {
			p.prev = &prev
		}
		plans = append(plans, p)
	}
	return plans, carried
}

// placeComment is the comment of f on its first location, when that is
// inside one hunk of the diff.
func placeComment(f report.Finding, m *hunks.Map) (forge.NewReviewComment, bool) {
	if len(f.Locations) == 0 {
		return forge.NewReviewComment{}, false
	}
	l := f.Locations[0]
	end := max(l.EndLine, l.StartLine)
	if !m.Commentable(l.Path, l.StartLine, end) {
		return forge.NewReviewComment{}, false
	}
	nc := forge.NewReviewComment{Path: l.Path, Line: end, Body: inlineBody(f)}
	if l.StartLine < end {
		nc.StartLine = l.StartLine
	}
	return nc, true
}

// edit updates the earlier rounds' comments, a review at a time, and
// returns the plans left to post anew: those without an earlier comment
// and those whose comment could not be edited (gone, or not ours).
func edit(ctx context.Context, deps Deps, ch *change, plans []planned, rec *inlineRecord, res *Inline) ([]planned, error) {
	byReview := map[int64]map[int64]string{}
	for _, p := range plans {
		if p.prev == nil {
			continue
		}
		if byReview[p.prev.ReviewID] == nil {
			byReview[p.prev.ReviewID] = map[int64]string{}
		}
		byReview[p.prev.ReviewID][p.prev.ID] = p.nc.Body
	}
	done := map[int64]bool{}
	for review, bodies := range byReview {
		edited, err := deps.Forge.EditReviewComments(ctx, ch.repo, ch.pr.Number, review, bodies)
		if err != nil {
			return nil, err
		}
		for id := range edited {
			done[id] = true
		}
	}
	var fresh []planned
	for _, p := range plans {
		if p.prev == nil || !done[p.prev.ID] {
			fresh = append(fresh, p)
			continue
		}
		res.Edited++
		rec.Comments = append(rec.Comments, inlineComment{Fingerprint: p.f.Fingerprint, Finding: p.f.ID, ID: p.prev.ID, ReviewID: p.prev.ReviewID})
	}
	return fresh, nil
}

// create submits one review holding the new comments, and records each
// comment's id, recognised by the finding marker in its body.
func create(ctx context.Context, deps Deps, ch *change, rep *report.Report, fresh []planned, summaryURL string, rec *inlineRecord, res *Inline) error {
	if len(fresh) == 0 {
		return nil
	}
	ncs := make([]forge.NewReviewComment, len(fresh))
	for i, p := range fresh {
		ncs[i] = p.nc
	}
	rv, err := deps.Forge.CreateReview(ctx, ch.repo, ch.pr.Number, ch.ws.Head, reviewBody(rep, len(fresh), summaryURL), ncs)
	if err != nil {
		return err
	}
	rec.ReviewID, res.ReviewURL, res.Posted = rv.ID, rv.URL, len(fresh)
	ids := map[string]int64{}
	for _, c := range rv.Comments {
		if fp, ok := markedFingerprint(c.Body); ok && c.InReplyTo == 0 {
			ids[fp] = c.ID
		}
	}
	for _, p := range fresh {
		if id := ids[markerKey(p.f)]; id != 0 {
			rec.Comments = append(rec.Comments, inlineComment{Fingerprint: p.f.Fingerprint, Finding: p.f.ID, ID: id, ReviewID: rv.ID})
		}
	}
	return nil
}

// reply answers the earlier comment of every previous finding the
// Previous Round table says is fixed, then resolves the threads those
// comments open (forge.ResolveOwnThreads resolves only deepreview's own).
// A reply or a resolution that fails is said and the others go on: the
// review is posted by then.
func reply(ctx context.Context, deps Deps, ch *change, rep *report.Report, byFP map[string]inlineComment, res *Inline) {
	var answered []int64
	for _, pf := range rep.Previous {
		c, ok := byFP[pf.Fingerprint]
		if pf.Status != round.Fixed || !ok || pf.Fingerprint == "" {
			continue
		}
		body := fmt.Sprintf("Fixed in round %d.", rep.Round)
		if _, err := deps.Forge.ReplyToReviewComment(ctx, ch.repo, ch.pr.Number, c.ID, body); err != nil {
			fmt.Fprintf(deps.Log, "deepreview: answering the comment of fixed finding %s: %v\n", safetext.Terminal(pf.ID), err)
			continue
		}
		res.Replied++
		answered = append(answered, c.ID)
	}
	if len(answered) == 0 {
		return
	}
	resolved, err := deps.Forge.ResolveOwnThreads(ctx, ch.repo, ch.pr.Number, answered)
	res.Resolved = len(resolved)
	if err != nil {
		fmt.Fprintf(deps.Log, "deepreview: warning: resolving the threads of fixed findings (%d of %d resolved): %v\n", len(resolved), len(answered), err)
	}
}

// readInline reads the previous round's record, or an empty one.
func readInline(deps Deps, rv *store.Review) inlineRecord {
	var rec inlineRecord
	if !readPrevious(deps, rv, InlineFile, &rec) {
		return inlineRecord{}
	}
	return rec
}

// reviewBody is the review's own text: what it holds and where the whole
// report is.
func reviewBody(rep *report.Report, n int, summaryURL string) string {
	where := "the summary comment"
	if u, err := url.Parse(summaryURL); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(summaryURL, "()<> \n") {
		where = "[the summary comment](" + summaryURL + ")"
	}
	return fmt.Sprintf("deepreview round %d: %d finding(s) on the changed lines. The verdict and every finding are in %s.", rep.Round, n, where)
}

// findingMarker opens each inline comment: it says which finding the
// comment carries, so the comments GitHub lists for a new review are
// matched to their findings. Agent text cannot contain "<!--" (safetext
// removes it), so only deepreview writes it.
const findingMarker = "<!-- deepreview:finding "

var markerText = regexp.MustCompile(`^<!-- deepreview:finding ([0-9A-Za-z_.:-]{1,128}) -->`)

// markerKey is what the marker of f's comment holds: its fingerprint, or
// its id when it has none, kept to the characters the marker allows.
func markerKey(f report.Finding) string {
	k := f.Fingerprint
	if k == "" {
		k = "id:" + f.ID
	}
	k = strings.Map(func(r rune) rune {
		if r < 128 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune("_.:-", r)) {
			return r
		}
		return '_'
	}, k)
	if len(k) > 128 {
		k = k[:128]
	}
	return k
}

// ownSummary is the start of the text of the reviews deepreview creates
// (see reviewBody).
var ownSummary = regexp.MustCompile(`^deepreview round [0-9]+: [0-9]+ finding\(s\) on the changed lines\.`)

// withoutOwn leaves out of a pull request's review threads those that
// are deepreview's own: threads its inline comments open (their text
// starts with the finding marker) and the summaries of its reviews. The
// agents get them as the previous round's findings already; the
// Unresolved Feedback section is what humans said. Someone who writes
// the same start hides only their own text. Never nil: empty says there
// are none.
func withoutOwn(ts []forge.Thread) []forge.Thread {
	out := make([]forge.Thread, 0, len(ts))
	for _, t := range ts {
		if _, ok := markedFingerprint(t.Body); ok && !t.Summary {
			continue
		}
		if t.Summary && ownSummary.MatchString(t.Body) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func markedFingerprint(body string) (string, bool) {
	m := markerText.FindStringSubmatch(body)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// inlineBody is the comment carrying f: marker, severity, id and title,
// the body, the fix (a suggestion block when it is a clean replacement
// of the commented lines) and the agents that found it. Every piece of
// agent text goes through safetext.
func inlineBody(f report.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s -->\n", findingMarker, markerKey(f))
	fmt.Fprintf(&b, "**%s** · %s · **%s**\n\n", severityName(f.Severity), safetext.Inline(f.ID), safetext.Inline(f.Title))
	head := b.String()
	if body := safetext.Markdown(f.Body); body != "" {
		b.WriteString(body + "\n\n")
	}
	if fix := fixBlock(f); fix != "" {
		b.WriteString(fix + "\n\n")
	}
	tail := "_" + attribution(f.Agents) + "_"
	b.WriteString(tail)
	if forge.Length(b.String()) > inlineBudget {
		return head + "_This finding is too long for an inline comment; it is in full in the summary comment._\n\n" + tail
	}
	return b.String()
}

func severityName(s finding.Severity) string {
	switch s {
	case finding.Critical:
		return "Critical"
	case finding.Important:
		return "Important"
	case finding.Suggestion:
		return "Suggestion"
	}
	return "Finding"
}

func attribution(agents []string) string {
	if len(agents) == 0 {
		return "Found by deepreview"
	}
	names := make([]string, len(agents))
	for i, a := range agents {
		names[i] = safetext.Inline(a)
	}
	return "Found by " + strings.Join(names, ", ")
}

// fixBlock is the fix as a suggestion block when it can be one (see
// report.Suggestion), else as Markdown after its label.
func fixBlock(f report.Finding) string {
	if code, ok := report.Suggestion(f); ok {
		return "Suggested fix:\n\n" + safetext.Fence(code, "suggestion")
	}
	label, rest := report.FixLabel(f.Fix)
	fix := safetext.Markdown(rest)
	if fix == "" {
		return ""
	}
	return safetext.Labelled(label, fix)
}

package consolidate

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/transcript"
	"github.com/deepreview/deepreview/internal/version"
)

// Consolidator is one agent asked to decide the consolidation, one call
// at a time: it gets the call's name (for its files: "triage-claude",
// "final"), the prompt and the JSON Schema its answer must follow, and
// returns its final text and the metrics of its run. Calls may run at once.
type Consolidator interface {
	Consolidate(ctx context.Context, call, prompt string, schema []byte) (text string, m transcript.Metrics, err error)
}

// Input is what Consolidate works from.
type Input struct {
	Reviews []Source
	// Tree is the reviewed checkout, for the location check; empty skips it.
	Tree string
	// ChangedFiles are the files of the change, for the retro's files
	// reviewed; empty means every coverage entry counts.
	ChangedFiles []string
	// Consolidator decides the consolidation; nil means by code alone.
	Consolidator Consolidator
	// ConsolidatorName names it in the report.
	ConsolidatorName string
	// Budget bounds each consolidator prompt, in bytes; 0 means
	// DefaultBudget. Larger inputs are split across calls.
	Budget int
	// Notify is told what the user should know as it happens: a rejected
	// answer asked again. nil for no one.
	Notify func(string)
}

func (in Input) budget() int {
	if in.Budget > 0 {
		return in.Budget
	}
	return DefaultBudget
}

// Consolidate merges the reviews into one report, all at once: a Session
// given every review. The report's identity, change and timing fields are
// left for the caller to fill.
func Consolidate(ctx context.Context, in Input) (*report.Report, error) {
	names := make([]string, len(in.Reviews))
	for i, r := range in.Reviews {
		names[i] = r.Name
	}
	s, err := Start(ctx, in, names)
	if err != nil {
		return nil, err
	}
	for _, r := range in.Reviews {
		if err := s.Add(r); err != nil {
			return nil, err
		}
	}
	return s.Finish()
}

// deterministic is the consolidation by code: the proposed clusters as
// they are, each at the highest severity any member gave, nothing dropped.
func deterministic(srcs []Source, items []item, proposed []group) *plan {
	p := &plan{groups: proposed}
	fillProse(p, srcs, items)
	return p
}

// build assembles the report from a checked plan.
func build(srcs []Source, items []item, p *plan, meta report.Consolidation) *report.Report {
	byKey := make(map[key]*item, len(items))
	for i := range items {
		byKey[items[i].key] = &items[i]
	}
	r := &report.Report{
		Summary:                 p.summary,
		Findings:                findings(p.groups, byKey, p.files),
		Dropped:                 dropped(p.drops, byKey),
		DesignObservations:      nonNil(p.design),
		TestingAssessment:       p.testing,
		DocumentationAssessment: p.documentation,
		AcknowledgedLimitations: nonNil(p.limitations),
		ProcessNotes:            p.notes,
		Consolidation:           meta,
		Appendix:                appendix(srcs),
		ToolVersion:             version.Get().String(),
	}
	r.CommitStructure = agentSections(srcs, "Commit Structure")
	if fb := agentSections(srcs, "Unresolved Feedback"); len(fb) > 0 {
		r.UnresolvedFeedback = &report.Feedback{Threads: []report.Thread{}, Agents: fb}
	}
	r.ProcessNotes.RepoContextUpdates = nonNil(r.ProcessNotes.RepoContextUpdates)
	r.ProcessNotes.SkillImprovements = nonNil(r.ProcessNotes.SkillImprovements)
	r.Verdict = Verdict(r.Findings, p.verdictReason)
	r.Retro = retro(srcs, items, p, r)
	return r
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// findings turns groups into consolidated findings, ordered most
// important first (severity, then how many agents raised it, then the
// order of the reviews) and numbered per severity.
func findings(groups []group, byKey map[key]*item, files finding.Files) []report.Finding {
	type built struct {
		f     report.Finding
		first *item
	}
	out := make([]built, 0, len(groups))
	for _, g := range groups {
		members := make([]*item, len(g.members))
		for i, k := range g.members {
			members[i] = byKey[k]
		}
		slices.SortFunc(members, byPosition)
		out = append(out, built{f: consolidated(g, members, files), first: members[0]})
	}
	slices.SortStableFunc(out, func(a, b built) int {
		return cmp.Or(
			cmp.Compare(a.f.Severity.Rank(), b.f.Severity.Rank()),
			cmp.Compare(len(b.f.Agents), len(a.f.Agents)),
			byPosition(a.first, b.first))
	})
	fs := make([]report.Finding, len(out))
	n := make(map[finding.Severity]int)
	for i, b := range out {
		n[b.f.Severity]++
		b.f.ID = fmt.Sprintf("%s%d", b.f.Severity.Letter(), n[b.f.Severity])
		fs[i] = b.f
	}
	return fs
}

func byPosition(a, b *item) int {
	return cmp.Or(cmp.Compare(a.src, b.src), cmp.Compare(a.idx, b.idx))
}

// consolidated builds one finding from its members (sorted by position).
// The primary member, the one with the highest severity (the first such),
// gives the title, body and fix (the first other member's fix when it has
// none); locations in files it does not name are added from the others.
func consolidated(g group, members []*item, files finding.Files) report.Finding {
	primary := members[0]
	for _, m := range members[1:] {
		if m.f.Severity.Rank() < primary.f.Severity.Rank() {
			primary = m
		}
	}
	f := report.Finding{
		Severity:  g.severity,
		Kind:      primary.f.Kind,
		Title:     primary.f.Title,
		Locations: slices.Clone(primary.f.Locations),
		Body:      withoutFix(primary.f.Body, primary.f.Fix),
		Fix:       primary.f.Fix,
	}
	if f.Severity == "" {
		f.Severity = primary.f.Severity
	}
	if g.title != "" {
		f.Title = g.title
	}
	for _, m := range members {
		f.Agents = append(f.Agents, m.Agent)
		f.Sources = append(f.Sources, report.Source{Agent: m.Agent, ID: m.ID, Severity: m.f.Severity})
		if f.Kind == "" {
			f.Kind = m.f.Kind
		}
		if f.Fix == "" {
			// The primary may only describe the defect; another agent's
			// fix keeps the finding actionable.
			f.Fix = m.f.Fix
		}
		if m != primary {
			f.Locations = addLocations(f.Locations, m.f.Locations, files)
		}
	}
	if f.Locations == nil {
		f.Locations = []finding.Location{}
	}
	return f
}

// addLocations appends the locations of files not yet named.
func addLocations(have, more []finding.Location, files finding.Files) []finding.Location {
	named := make(map[string]bool, len(have))
	for _, l := range have {
		named[files.Key(l.Path)] = true
	}
	for _, l := range more {
		if !named[files.Key(l.Path)] {
			have = append(have, l)
		}
	}
	return have
}

// dropped lists the drops in the order of the reviews.
func dropped(drops []drop, byKey map[key]*item) []report.Dropped {
	out := make([]report.Dropped, 0, len(drops))
	sorted := slices.Clone(drops)
	slices.SortFunc(sorted, func(a, b drop) int { return byPosition(byKey[a.key], byKey[b.key]) })
	for _, d := range sorted {
		out = append(out, report.Dropped{Agent: d.Agent, ID: d.ID, Title: byKey[d.key].f.Title, Reason: d.reason})
	}
	return out
}

// appendix keeps every review as its agent wrote it.
func appendix(srcs []Source) []report.Original {
	out := make([]report.Original, len(srcs))
	for i, s := range srcs {
		pass := s.Pass
		if pass == 0 {
			pass = 1
		}
		out[i] = report.Original{Agent: s.Name, Model: s.label(), Pass: pass, Text: s.Raw, Error: s.Err}
	}
	return out
}

// withoutFix cuts the fix from the end of a body that still holds it (the
// parser's body runs to the end of the entry), so it is shown once.
func withoutFix(body, fix string) string {
	b, f := strings.TrimSpace(body), strings.TrimSpace(fix)
	if f != "" && strings.HasSuffix(b, f) {
		return strings.TrimSpace(strings.TrimSuffix(b, f))
	}
	return body
}

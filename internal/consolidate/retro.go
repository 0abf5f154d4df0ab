package consolidate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// fate is what consolidation did with one source finding.
type fate struct {
	final   *report.Finding // nil when dropped
	dropped *drop
	reason  string // why the severity changed
}

// fates maps every source finding to its consolidated finding or drop.
func fates(items []item, p *plan, r *report.Report) map[key]fate {
	out := make(map[key]fate, len(items))
	reasons := make(map[key]string)
	for _, g := range p.groups {
		for _, k := range g.members {
			reasons[k] = g.reason
		}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		for _, s := range f.Sources {
			k := key{s.Agent, s.ID}
			out[k] = fate{final: f, reason: reasons[k]}
		}
	}
	for i := range p.drops {
		out[p.drops[i].key] = fate{dropped: &p.drops[i]}
	}
	return out
}

// retro computes the agent performance retro of spec §4: figures by code,
// narratives from the plan, one reconciliation line per change.
func retro(srcs []Source, items []item, p *plan, r *report.Report) report.Retro {
	fs := fates(items, p, r)
	out := report.Retro{Agents: make([]report.AgentRetro, 0, len(srcs)), Reconciliation: []string{}}
	for i := range srcs {
		out.Agents = append(out.Agents, agentRetro(&srcs[i], items, fs, p, r))
	}
	for _, it := range items {
		if line := reconciliation(it, fs[it.key], r); line != "" {
			out.Reconciliation = append(out.Reconciliation, line)
		}
	}
	return out
}

// agentRetro is one agent's column of the Summary table.
func agentRetro(s *Source, items []item, fs map[key]fate, p *plan, r *report.Report) report.AgentRetro {
	a := report.AgentRetro{Name: s.Name, Model: s.label(), Narrative: p.narratives[s.Name], Error: s.Err, CoverageMisses: []string{}}
	if m := s.Metrics; m != nil {
		a.DurationMS, a.ToolCalls, a.Tokens, a.CostUSD = m.DurationMS, m.ToolCalls, m.Tokens, m.CostUSD
	}
	if s.Review == nil || s.Err != "" {
		return a
	}
	for _, it := range items {
		if it.Agent != s.Name {
			continue
		}
		tally(&a, it, fs[it.key])
	}
	a.DesignObservations = len(s.Review.DesignObservations)
	a.UniqueInsights = unique(s.Name, r.Findings)
	a.FilesReviewed = filesReviewed(s.Review.Coverage, p.changed, p.files)
	a.CoverageMisses = misses(s.Name, s.Review.Coverage, r.Findings, p.files)
	return a
}

// tally counts one source finding into its agent's figures.
func tally(a *report.AgentRetro, it item, f fate) {
	if f.dropped != nil {
		a.Dropped++
		if f.dropped.falsePositive {
			a.FalsePositives++
		}
		return
	}
	switch f.final.Severity {
	case finding.Critical:
		a.Findings.Critical++
	case finding.Important:
		a.Findings.Important++
	case finding.Suggestion:
		a.Findings.Suggestion++
	}
	switch d := f.final.Severity.Rank() - it.f.Severity.Rank(); {
	case d > 0:
		a.Downgraded++
	case d < 0:
		a.Upgraded++
	}
}

// unique counts the consolidated findings raised by this agent alone.
func unique(agent string, fs []report.Finding) int {
	n := 0
	for _, f := range fs {
		if len(f.Agents) == 1 && f.Agents[0] == agent {
			n++
		}
	}
	return n
}

// filesReviewed counts the distinct files of the change that coverage
// entries name (finding.Files.Resolve: the exact path, or a tail only
// one changed file has), or every entry when the change's files are not
// known.
func filesReviewed(cov []finding.Coverage, changed []string, files finding.Files) int {
	if len(changed) == 0 {
		return len(cov)
	}
	seen := make(map[string]bool, len(cov))
	for _, c := range cov {
		if f, ok := files.Resolve(c.Path); ok {
			seen[f] = true
		}
	}
	return len(seen)
}

// misses lists the files an agent marked no-issues or trivial that hold
// the primary location of a consolidated critical or important finding it
// did not itself raise.
func misses(agent string, cov []finding.Coverage, fs []report.Finding, files finding.Files) []string {
	out := []string{}
	for _, c := range cov {
		if c.Status != "no-issues" && c.Status != "trivial" {
			continue
		}
		for _, f := range fs {
			if f.Severity.Rank() > 1 || len(f.Locations) == 0 || slices.Contains(f.Agents, agent) {
				continue
			}
			if files.Same(f.Locations[0].Path, c.Path) {
				out = append(out, c.Path)
				break
			}
		}
	}
	return out
}

// reconciliation is the line for one source finding whose severity
// consolidation changed or that it dropped; empty otherwise.
//
//	Gemini C1 (annotation removal race): critical → important I1, because …
func reconciliation(it item, f fate, r *report.Report) string {
	head := fmt.Sprintf("%s %s (%s)", title(it.Agent), it.ID, short(it.f.Title, 60))
	if f.dropped != nil {
		what := "dropped"
		if f.dropped.falsePositive {
			what = "dropped as a false positive"
		}
		return fmt.Sprintf("%s: %s, because %s", head, what, strings.TrimSpace(f.dropped.reason))
	}
	if f.final.Severity == it.f.Severity {
		return ""
	}
	why := strings.TrimSpace(f.reason)
	if why == "" {
		why = higherRating(f.final, it.Agent)
	}
	return fmt.Sprintf("%s: %s → %s %s, because %s", head, it.f.Severity, f.final.Severity, f.final.ID, why)
}

// higherRating words the code's reason for a severity change: another agent
// rated the same defect higher.
func higherRating(f *report.Finding, agent string) string {
	var by []string
	for _, s := range f.Sources {
		if s.Agent != agent && s.Severity == f.Severity {
			by = append(by, title(s.Agent))
		}
	}
	if len(by) == 0 {
		return "the consolidated severity is " + string(f.Severity)
	}
	return fmt.Sprintf("%s rated the same defect %s (the highest severity any agent gave wins)", strings.Join(by, " and "), f.Severity)
}

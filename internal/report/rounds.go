package report

import (
	"fmt"
	"slices"
	"strings"
)

// previous writes the Previous Round table: each round N-1 finding, its
// status, what the agents said of it (their verdicts, and who dissented),
// the author's resolution and its id now; then the agents' evidence.
func (p *printer) previous() {
	p.line("## Previous Round")
	p.line("")
	p.line("| Previous | Finding | Status | Agents' verdicts | Author | Now |")
	p.line("|---|---|---|---|---|---|")
	for _, f := range p.r.Previous {
		p.printf("| %s | %s | %s | %s | %s | %s |\n", p.esc.cell(f.ID), p.esc.cell(f.Title), p.esc.cell(f.Status),
			p.verdicts(f.Verdicts), p.esc.cell(resolvedShort(f.Resolution)), p.esc.cell(orDash(f.NowID)))
	}
	p.line("")
	var evidence []string
	for _, f := range p.r.Previous {
		for _, v := range f.Verdicts {
			if v.Evidence != "" {
				evidence = append(evidence, fmt.Sprintf("**%s** [%s] %s — %s", p.esc.inline(f.ID), p.label(v.Agent),
					verdictWords(v.Verdict), p.esc.inline(v.Evidence)))
			}
		}
	}
	if len(evidence) > 0 {
		p.line("Evidence the agents gave:")
		p.line("")
		for _, e := range evidence {
			p.printf("- %s\n", e)
		}
		p.line("")
	}
}

// verdicts is one table cell: the agents grouped by verdict, "fixed:
// Claude, Codex; not fixed: Gemini (dissent)", or "none" when no agent
// judged the finding.
func (p *printer) verdicts(vs []AgentVerdict) string {
	if len(vs) == 0 {
		return "none"
	}
	var order []string
	who := map[string][]string{}
	for _, v := range vs {
		if _, ok := who[v.Verdict]; !ok {
			order = append(order, v.Verdict)
		}
		who[v.Verdict] = append(who[v.Verdict], p.label(v.Agent))
	}
	parts := make([]string, len(order))
	for i, v := range order {
		parts[i] = verdictWords(v) + ": " + strings.Join(who[v], ", ")
	}
	out := strings.Join(parts, "; ")
	if len(order) > 1 {
		out += " (dissent)"
	}
	return p.esc.cell(out)
}

// verdictWords writes a verdict as the agents word it.
func verdictWords(v string) string {
	if v == "no-longer-applies" {
		return "no longer applies"
	}
	return strings.ReplaceAll(v, "-", " ")
}

// resolvedShort is the Author cell: the action and its commits.
func resolvedShort(r *Resolved) string {
	if r == nil {
		return "—"
	}
	s := strings.ReplaceAll(r.Action, "-", " ")
	if len(r.Commits) > 0 {
		s += " (" + strings.Join(r.Commits, ", ") + ")"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// declined writes the findings declined in earlier rounds: each with its
// reason, the round, and whether its code changed since.
func (p *printer) declined() {
	p.line("### Declined in prior rounds")
	p.line("")
	for _, d := range p.r.Declined {
		state := "the cited code has not changed"
		switch {
		case d.Changed && d.Why != "":
			state = p.esc.inline(d.Why)
		case d.Changed:
			state = "the cited code changed since"
		}
		switch {
		case d.Reraised != "":
			state += fmt.Sprintf("; re-raised this round as %s", p.esc.inline(d.Reraised))
		case d.Dropped > 0:
			state += fmt.Sprintf("; raised again by %d agent finding(s), dropped", d.Dropped)
		}
		p.printf("- **%s** (round %d %s) — declined: %s (%s)\n", p.esc.inline(d.Title), d.Round, p.esc.inline(d.ID),
			p.esc.inline(d.Reason), state)
	}
	p.line("")
}

// resolution writes the author's Resolution table, as the real reports
// append it after the author acts.
func (p *printer) resolution() {
	res := p.r.Resolution
	p.line("## Resolution")
	p.line("")
	p.line("| | |")
	p.line("|---|---|")
	p.printf("| **Addressed** | %s |\n", res.Date.Local().Format("2006-01-02"))
	p.line("")
	p.line("| Finding | Title | Action | Commits | Reason |")
	p.line("|---|---|---|---|---|")
	titles := map[string]string{}
	for _, f := range p.r.Findings {
		titles[f.ID] = f.Title
	}
	for _, id := range resolvedIDs(p.r) {
		r := res.Findings[id]
		p.printf("| %s | %s | %s | %s | %s |\n", p.esc.cell(id), p.esc.cell(titles[id]), p.esc.cell(actionWords(r.Action)),
			p.esc.cell(strings.Join(r.Commits, ", ")), p.esc.cell(r.Reason))
	}
	p.line("")
}

// resolvedIDs are the resolved findings in the report's order, then any
// others sorted.
func resolvedIDs(r *Report) []string {
	var ids []string
	seen := map[string]bool{}
	for _, f := range r.Findings {
		if _, ok := r.Resolution.Findings[f.ID]; ok {
			ids = append(ids, f.ID)
			seen[f.ID] = true
		}
	}
	var rest []string
	for id := range r.Resolution.Findings {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	return append(ids, rest...)
}

// actionWords is how the real reports word an action: "Test written".
func actionWords(a string) string {
	s := strings.ReplaceAll(a, "-", " ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

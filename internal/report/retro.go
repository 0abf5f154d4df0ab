package report

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/transcript"
)

func (p *printer) retro() {
	p.line("## Agent Performance Retro")
	p.line("")
	agents := p.r.Retro.Agents
	for _, a := range agents {
		narrative := strings.TrimSpace(a.Narrative)
		if narrative == "" && a.Error == "" {
			continue // a deterministic consolidation writes none
		}
		p.printf("### [%s]\n\n", p.esc.inline(AgentName(a.Name)))
		if narrative != "" {
			p.block(narrative)
		}
		if a.Error != "" {
			p.printf("**Failed:** %s\n\n", p.esc.inline(firstLine(a.Error)))
		}
	}
	p.line("### Summary")
	p.line("")
	if len(agents) == 0 {
		p.line("No agent ran.")
		p.line("")
	} else {
		p.summaryTable(agents)
	}
	p.reconciliation()
	p.consolidatedBy()
}

// consolidatedBy says who consolidated the findings and what its run cost:
// the consolidator agent is part of the review's time and bill.
func (p *printer) consolidatedBy() {
	c := p.r.Consolidation
	switch {
	case c.Method == "agent":
		p.printf("**Consolidation:** by %s in %s%s.\n\n", p.esc.inline(AgentName(c.Agent)), Short(c.DurationMS), tokens(c.Tokens, c.CostUSD))
	case c.Agent != "":
		p.printf("**Consolidation:** by code; %s's decision was rejected (see the Consolidation Note), its run took %s%s.\n\n",
			p.esc.inline(AgentName(c.Agent)), Short(c.DurationMS), tokens(c.Tokens, c.CostUSD))
	case c.Method != "":
		p.line("**Consolidation:** by code (no consolidator agent).")
		p.line("")
	}
}

// tokens is " (5,400 tokens in, 400 out, $0.03)"; cost only when
// reported, nothing when the run reported no usage.
func tokens(t transcript.Tokens, cost float64) string {
	in := t.Input + t.CacheRead + t.CacheWrite
	if in == 0 && t.Output == 0 && cost == 0 {
		return ""
	}
	s := fmt.Sprintf(" (%s tokens in, %s out", thousands(in), thousands(t.Output))
	if cost > 0 {
		s += fmt.Sprintf(", $%.2f", cost)
	}
	return s + ")"
}

// thousands writes n with comma separators: 12,345.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// summaryTable writes one column per agent: the rows of spec §4, with
// each agent's tokens and cost after its tool calls.
func (p *printer) summaryTable(agents []AgentRetro) {
	head, rule := "|", "|---|"
	for _, a := range agents {
		head += " | " + cell(Label(a.Name, a.Model))
		rule += "---|"
	}
	p.line(head + " |")
	p.line(rule)
	rows := []struct {
		name string
		cell func(a AgentRetro) string
	}{
		{"Duration", func(a AgentRetro) string { return Short(a.DurationMS) }},
		{"Findings", findingsCell},
		{"Tool calls", toolCallsCell},
		{"Tokens", tokensCell},
		{"Cost", costCell},
		{"Design observations", count(func(a AgentRetro) int { return a.DesignObservations })},
		{"False positives", count(func(a AgentRetro) int { return a.FalsePositives })},
		{"Unique insights", count(func(a AgentRetro) int { return a.UniqueInsights })},
		{"Files reviewed", count(func(a AgentRetro) int { return a.FilesReviewed })},
		{"Coverage misses", coverageMissesCell},
		{"**Totals**", totalsCell},
		{"Downgraded", func(a AgentRetro) string { return p.changes(a, a.Downgraded, 1) }},
		{"Upgraded", func(a AgentRetro) string { return p.changes(a, a.Upgraded, -1) }},
		{"Dropped", count(func(a AgentRetro) int { return a.Dropped })},
	}
	for _, row := range rows {
		line := "| " + row.name
		for _, a := range agents {
			line += " | " + row.cell(a)
		}
		p.line(line + " |")
	}
	p.line("")
}

// tokensCell is "269,652 in, 4,100 out", or "—" when the agent's run
// reported no usage.
func tokensCell(a AgentRetro) string {
	t := a.Tokens
	in := t.Input + t.CacheRead + t.CacheWrite
	if in == 0 && t.Output == 0 {
		return "—"
	}
	return fmt.Sprintf("%s in, %s out", thousands(in), thousands(t.Output))
}

// costCell is "$1.23", or "—" when the agent reported no cost.
func costCell(a AgentRetro) string {
	if a.CostUSD <= 0 {
		return "—"
	}
	return fmt.Sprintf("$%.2f", a.CostUSD)
}

// count makes a cell of a computed number; a failed agent has none.
func count(n func(AgentRetro) int) func(AgentRetro) string {
	return func(a AgentRetro) string {
		if a.Error != "" {
			return "—"
		}
		return fmt.Sprint(n(a))
	}
}

// findingsCell is "1C 2I 7S", "none" for no findings (as the real reports
// write it), and the error of a failed agent.
func findingsCell(a AgentRetro) string {
	if a.Error != "" {
		return "failed: " + cell(truncate(firstLine(a.Error), 100))
	}
	var parts []string
	for _, c := range []struct {
		n      int
		letter string
	}{{a.Findings.Critical, "C"}, {a.Findings.Important, "I"}, {a.Findings.Suggestion, "S"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d%s", c.n, c.letter))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " ")
}

// totalsCell is the Findings cell again, bold; only "failed" for an agent
// that failed, whose error the Findings cell already shows.
func totalsCell(a AgentRetro) string {
	if a.Error != "" {
		return "**failed**"
	}
	return "**" + findingsCell(a) + "**"
}

// toolCallsCell is "30 (Read 18, Bash 11, Agent 1)": most used first,
// ties by name.
func toolCallsCell(a AgentRetro) string {
	t := a.ToolCalls
	if t.Total == 0 && len(t.ByTool) == 0 {
		if a.Error != "" || a.DurationMS == 0 {
			return "—"
		}
		return "0"
	}
	names := make([]string, 0, len(t.ByTool))
	for name := range t.ByTool {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		ni, nj := t.ByTool[names[i]], t.ByTool[names[j]]
		if ni != nj {
			return ni > nj
		}
		return names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fmt.Sprintf("%s %d", cell(name), t.ByTool[name])
	}
	if len(parts) == 0 {
		return fmt.Sprint(t.Total)
	}
	return fmt.Sprintf("%d (%s)", t.Total, strings.Join(parts, ", "))
}

// coverageMissesCell is the count with the files' base names in
// parentheses, "2 (service.go, wal.go)", as the real reports write it; the
// full paths are in the JSON form.
func coverageMissesCell(a AgentRetro) string {
	if a.Error != "" {
		return "—"
	}
	if len(a.CoverageMisses) == 0 {
		return "0"
	}
	names := make([]string, len(a.CoverageMisses))
	for i, m := range a.CoverageMisses {
		names[i] = cell(path.Base(m))
	}
	return fmt.Sprintf("%d (%s)", len(names), strings.Join(names, ", "))
}

// changes is the Downgraded (dir 1) or Upgraded (dir -1) cell: the count
// from the retro, and the severity moves seen in the findings' sources,
// "2 (I→S)" or "3 (C→I, 2 I→S)".
func (p *printer) changes(a AgentRetro, n, dir int) string {
	if a.Error != "" {
		return "—"
	}
	if n == 0 {
		return "0"
	}
	moves := map[string]int{}
	var order []string
	for _, m := range p.moves(a.Name) {
		if (m.to.Rank()-m.from.Rank())*dir <= 0 {
			continue
		}
		k := m.from.Letter() + "→" + m.to.Letter()
		if moves[k] == 0 {
			order = append(order, k)
		}
		moves[k]++
	}
	if len(order) == 0 {
		return fmt.Sprint(n)
	}
	sort.Strings(order)
	if len(order) > 1 {
		for i, k := range order {
			if moves[k] > 1 {
				order[i] = fmt.Sprintf("%d %s", moves[k], k)
			}
		}
	}
	return fmt.Sprintf("%d (%s)", n, strings.Join(order, ", "))
}

// move is one agent finding whose severity consolidation changed.
type move struct {
	agent, id, nowID string
	from, to         finding.Severity
	title            string
}

// moves lists the severity changes of agent's findings (all agents for
// ""), in report order.
func (p *printer) moves(agent string) []move {
	var ms []move
	for _, f := range p.r.Findings {
		for _, s := range f.Sources {
			if (agent != "" && s.Agent != agent) || s.Severity == f.Severity || s.Severity.Rank() > 2 {
				continue
			}
			ms = append(ms, move{s.Agent, s.ID, f.ID, s.Severity, f.Severity, f.Title})
		}
	}
	return ms
}

// reconciliation writes the retro's reconciliation lines; without any, it
// derives them from the severity changes and drops so none goes unsaid.
func (p *printer) reconciliation() {
	lines := p.r.Retro.Reconciliation
	if len(lines) == 0 {
		for _, m := range p.moves("") {
			lines = append(lines, fmt.Sprintf("%s %s (%s): %s → %s %s.",
				AgentName(m.agent), m.id, strings.TrimSpace(m.title), m.from, m.to, m.nowID))
		}
		for _, d := range p.r.Dropped {
			l := AgentName(d.Agent) + " " + d.ID
			if d.Title != "" {
				l += " (" + strings.TrimSpace(d.Title) + ")"
			}
			lines = append(lines, l+": dropped — "+sentence(d.Reason))
		}
	}
	switch len(lines) {
	case 0:
		p.line("**Reconciliation:** no severity changes or drops.")
	case 1:
		p.printf("%s\n", p.esc.labeled("**Reconciliation:**", p.esc.block(lines[0])))
	default:
		p.line("**Reconciliation:**")
		p.line("")
		for _, l := range lines {
			p.item(p.esc.block(l))
		}
	}
	p.line("")
}

// sentence ends s with a period.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i]) + " …"
	}
	return s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

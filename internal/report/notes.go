package report

import "strings"

func (p *printer) processNotes() {
	n := p.r.ProcessNotes
	p.line("## Review Process Notes")
	p.line("")
	if len(n.RepoContextUpdates)+len(n.SkillImprovements) == 0 {
		p.line("No suggestions.")
		p.line("")
		return
	}
	p.line("### Repo context updates")
	p.line("")
	p.bullets(n.RepoContextUpdates, "None.")
	p.line("### Skill improvements")
	p.line("")
	p.bullets(n.SkillImprovements, "None.")
}

// consolidation says that the consolidator agent's output was not used,
// and why, so a reader knows the findings were merged by code alone.
func (p *printer) consolidation() {
	c := p.r.Consolidation
	p.line("## Consolidation Note")
	p.line("")
	who := "The consolidator agent"
	if c.Agent != "" {
		who += " (" + AgentName(c.Agent) + ")"
	}
	method := c.Method
	if method == "" {
		method = "deterministic"
	}
	p.printf("%s was not used: %s. This report was consolidated by the %s method.\n\n",
		who, strings.TrimSuffix(strings.TrimSpace(c.Fallback), "."), method)
}

// appendix writes every agent's review as it wrote it, folded, and the
// error of an agent that failed.
func (p *printer) appendix() {
	p.line("## Appendix: Original Reviews")
	if len(p.r.Appendix) == 0 {
		p.line("")
		p.line("None.")
		return
	}
	for _, o := range p.r.Appendix {
		p.printf("\n### [%s] — Pass %d\n\n", Label(o.Agent, o.Model), max(o.Pass, 1))
		if o.Error != "" {
			p.printf("**Failed:**\n\n%s\n", fenced(strings.TrimSpace(o.Error)))
			if strings.TrimSpace(o.Text) != "" {
				p.line("")
			}
		}
		if text := strings.TrimSpace(o.Text); text != "" {
			p.printf("<details>\n<summary>Full review output</summary>\n\n%s\n\n</details>\n", text)
		}
	}
}

// fenced puts text in a code fence longer than any backtick run inside it.
func fenced(text string) string {
	longest, run := 0, 0
	for _, r := range text {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	return fence + "text\n" + text + "\n" + fence
}

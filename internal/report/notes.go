package report

import (
	"strings"

	"github.com/deepreview/deepreview/internal/safetext"
)

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
		who += " (" + p.esc.inline(AgentName(c.Agent)) + ")"
	}
	method := c.Method
	if method == "" {
		method = "deterministic"
	}
	p.printf("%s was not used: %s. This report was consolidated by the %s method.\n\n",
		who, p.esc.inline(strings.TrimSuffix(strings.TrimSpace(c.Fallback), ".")), p.esc.inline(method))
}

// appendix writes every agent's review as it wrote it, folded, and the
// error of an agent that failed. Each review is held in a fence longer
// than any backtick run inside it: whatever the review holds —
// "</details>", a "# Verdict" heading, HTML — it stays text inside the
// fold and cannot change the report around it.
func (p *printer) appendix() {
	p.line("## Appendix: Original Reviews")
	if len(p.r.Appendix) == 0 {
		p.line("")
		p.line("None.")
		return
	}
	for _, o := range p.r.Appendix {
		p.printf("\n### [%s] — Pass %d\n\n", p.esc.inline(Label(o.Agent, o.Model)), max(o.Pass, 1))
		text := strings.TrimSpace(safetext.Clean(o.Text))
		if o.Error != "" {
			p.printf("**Failed:**\n\n%s\n", p.esc.fence(strings.TrimSpace(o.Error), "text"))
			if text != "" {
				p.line("")
			}
		}
		if text != "" {
			p.printf("<details>\n<summary>Full review output</summary>\n\n%s\n\n</details>\n", p.esc.fence(text, "markdown"))
		}
	}
}

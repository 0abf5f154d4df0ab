package report

import (
	"fmt"
	"io"
	"strings"
)

// Markdown writes r as the consolidated report of spec §4: the header
// table, then the sections in their fixed order separated by rules, and
// the agents' original reviews in the appendix.
func Markdown(w io.Writer, r *Report) error {
	p := newPrinter(w, r)
	p.header()
	for i, section := range p.sections() {
		if i > 0 {
			p.line("---")
			p.line("")
		}
		section()
	}
	return p.err
}

// printer writes one report, keeping the first write error so the
// sections need not check each write.
type printer struct {
	w      io.Writer
	err    error
	r      *Report
	labels map[string]string // agent name → "Claude Opus 4.6"
}

func newPrinter(w io.Writer, r *Report) *printer {
	p := &printer{w: w, r: r, labels: map[string]string{}}
	for _, o := range r.Appendix {
		p.labels[o.Agent] = Label(o.Agent, o.Model)
	}
	for _, a := range r.Retro.Agents {
		p.labels[a.Name] = Label(a.Name, a.Model)
	}
	return p
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) line(s string) { p.printf("%s\n", s) }

// block writes Markdown text as it is, trimmed, followed by a blank line;
// empty text is written as "None.".
func (p *printer) block(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		text = "None."
	}
	p.printf("%s\n\n", text)
}

// label is the attribution name of an agent.
func (p *printer) label(agent string) string {
	if l, ok := p.labels[agent]; ok {
		return l
	}
	return AgentName(agent)
}

// tags is the attribution of a finding or observation:
// "[Claude Opus 4.6] [Gemini 3.1 Pro]", one tag per agent as spec §2 says.
func (p *printer) tags(agents []string) string {
	var b strings.Builder
	for i, a := range agents {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "[%s]", p.label(a))
	}
	return b.String()
}

func (p *printer) sections() []func() {
	s := []func(){
		p.summary,
		func() { p.findings("Critical Issues", "critical") },
		func() { p.findings("Important Issues", "important") },
		func() { p.findings("Suggestions", "suggestion") },
	}
	if len(p.r.Previous) > 0 {
		s = append(s, p.previous)
	}
	s = append(s,
		p.design,
		func() { p.prose("Testing Assessment", p.r.TestingAssessment) },
		func() { p.prose("Documentation Assessment", p.r.DocumentationAssessment) },
		p.limitations,
		p.retro,
		p.processNotes,
	)
	if p.r.Consolidation.Fallback != "" {
		s = append(s, p.consolidation)
	}
	return append(s, p.appendix)
}

func (p *printer) summary() { p.prose("Executive Summary", p.r.Summary) }

func (p *printer) prose(title, text string) {
	p.printf("## %s\n\n", title)
	p.block(text)
}

func (p *printer) limitations() {
	p.line("## Acknowledged Limitations")
	p.line("")
	p.bullets(p.r.AcknowledgedLimitations, "None.")
}

// bullets writes one list item per entry, continuation lines indented
// under it, or none when there are no entries.
func (p *printer) bullets(items []string, none string) {
	if len(items) == 0 {
		p.printf("%s\n\n", none)
		return
	}
	for _, it := range items {
		p.printf("- %s\n", indent(strings.TrimSpace(it), "  "))
	}
	p.line("")
}

// indent prefixes every line of s but the first with pre (blank lines
// stay empty), so multi-line text stays inside its list item.
func indent(s, pre string) string {
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			lines[i] = pre + lines[i]
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// cell makes text safe inside one table cell: pipes escaped, line breaks
// as <br>.
func cell(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", "<br>")
}

package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/deepreview/deepreview/internal/safetext"
)

// Markdown writes r as the consolidated report of spec §4: the header
// table, then the sections in their fixed order separated by rules, and
// the agents' original reviews in the appendix.
//
// Every text that comes from an agent, a pull request or a branch is
// untrusted: it goes through safetext for its context (block text, a
// line, a table cell, a code span), so it can open no heading, HTML
// element or link of the report, mention nobody, and carry no control
// character; each original review is held in a fence nothing inside it
// can close. The JSON form keeps the text exactly.
func Markdown(w io.Writer, r *Report) error { return markdown(w, r, safeText) }

// escaper makes untrusted text safe in each context of the report. The
// tests swap in one that does nothing, to show what the report would be
// without it.
type escaper struct {
	block   func(string) string              // block text: a body, a summary
	inline  func(string) string              // inside a line: a title
	cell    func(string) string              // a table cell
	code    func(string) string              // an inline code span
	fence   func(text, info string) string   // a code block
	labeled func(label, block string) string // "Fix:" before block text
	trailed func(block, tail string) string  // attribution after block text
}

var safeText = escaper{
	block: safetext.Markdown, inline: safetext.Inline, cell: safetext.Cell, code: safetext.Code,
	fence: safetext.Fence, labeled: safetext.Labelled, trailed: safetext.Trailed,
}

func markdown(w io.Writer, r *Report, esc escaper) error {
	p := newPrinter(w, r, esc)
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
	esc    escaper
	labels map[string]string // agent name → "Claude Opus 4.6"
}

func newPrinter(w io.Writer, r *Report, esc escaper) *printer {
	p := &printer{w: w, r: r, esc: esc, labels: map[string]string{}}
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

// block writes untrusted Markdown text made safe, followed by a blank
// line; empty text is written as "None.".
func (p *printer) block(text string) {
	text = p.esc.block(text)
	if text == "" {
		text = "None."
	}
	p.printf("%s\n\n", text)
}

// label is the attribution name of an agent, safe inside a line.
func (p *printer) label(agent string) string {
	if l, ok := p.labels[agent]; ok {
		return p.esc.inline(l)
	}
	return p.esc.inline(AgentName(agent))
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
		p.limitationsAndDeclines,
	)
	if len(p.r.CommitStructure) > 0 {
		s = append(s, func() { p.agentTexts("Commit Structure", p.r.CommitStructure) })
	}
	if p.r.UnresolvedFeedback != nil {
		s = append(s, p.feedback)
	}
	s = append(s,
		p.retro,
		p.processNotes,
	)
	if p.r.Consolidation.Fallback != "" {
		s = append(s, p.consolidation)
	}
	s = append(s, p.appendix)
	if p.r.Resolution != nil && len(p.r.Resolution.Findings) > 0 {
		s = append(s, p.resolution)
	}
	return s
}

// limitationsAndDeclines writes the Acknowledged Limitations, and under
// them the declines of earlier rounds, as the real reports place them.
func (p *printer) limitationsAndDeclines() {
	p.limitations()
	if len(p.r.Declined) > 0 {
		p.declined()
	}
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

// bullets writes one list item per untrusted entry, made safe,
// continuation lines indented under it, or none when there are no
// entries.
func (p *printer) bullets(items []string, none string) {
	if len(items) == 0 {
		p.printf("%s\n\n", none)
		return
	}
	for _, it := range items {
		p.item(p.esc.block(it))
	}
	p.line("")
}

// item writes safe block text as one list item.
func (p *printer) item(block string) {
	if block == "" {
		block = "—"
	}
	p.printf("- %s\n", indent(block, "  "))
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

// cell makes untrusted text safe inside one table cell.
func cell(s string) string { return safetext.Cell(s) }

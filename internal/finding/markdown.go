package finding

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Markdown writes r as a normalized agent review in the format of spec
// §2 (style B): parsing the output again gives the same structure.
func Markdown(w io.Writer, r *Review) error {
	bw := bufio.NewWriter(w)
	p := &printer{w: bw}
	if r.Preamble != "" {
		p.para(r.Preamble)
	}
	p.section("## Executive Summary", r.Summary, false)
	p.line("## Findings\n")
	for _, sev := range []Severity{Critical, Important, Suggestion} {
		p.group(sev, r.Findings)
	}
	p.design(r.DesignObservations)
	p.section("## Testing Assessment", r.TestingAssessment, false)
	p.section("## Documentation Assessment", r.DocumentationAssessment, false)
	if len(r.AcknowledgedLimitations) > 0 {
		p.line("## Acknowledged Limitations\n")
		p.bullets(r.AcknowledgedLimitations)
	}
	p.coverage(r.Coverage)
	for _, s := range r.Other {
		p.section("## "+oneLine(s.Title), s.Text, true)
	}
	if p.err != nil {
		return p.err
	}
	return bw.Flush()
}

type printer struct {
	w   *bufio.Writer
	err error
}

func (p *printer) line(s string) {
	if p.err == nil {
		_, p.err = p.w.WriteString(s + "\n")
	}
}

func (p *printer) para(s string) { p.line(strings.TrimRight(s, "\n") + "\n") }

// section prints a heading and its text; known sections without text
// are left out, other sections keep their heading.
func (p *printer) section(heading, text string, always bool) {
	if text == "" && !always {
		return
	}
	p.line(heading + "\n")
	if text != "" {
		p.para(text)
	}
}

var groupTitles = map[Severity]string{
	Critical: "Critical Issues", Important: "Important Issues", Suggestion: "Suggestions",
}

func (p *printer) group(sev Severity, fs []Finding) {
	p.line("### " + groupTitles[sev] + "\n")
	n := 0
	for _, f := range fs {
		if f.Severity != sev {
			continue
		}
		n++
		p.finding(f)
	}
	if n == 0 {
		p.line("None.\n")
	}
}

// finding prints "I1. **title** — `loc` (important, kind)" and the body.
func (p *printer) finding(f Finding) {
	var b strings.Builder
	b.WriteString(f.ID + ". **" + oneLine(f.Title) + "**")
	for i, l := range f.Locations {
		if i == 0 {
			b.WriteString(" — ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString("`" + formatLocation(l) + "`")
	}
	b.WriteString(" (" + string(f.Severity))
	if f.Kind != "" {
		b.WriteString(", " + f.Kind)
	}
	b.WriteString(")")
	p.line(b.String() + "\n")
	if f.Body != "" {
		p.para(f.Body)
	}
}

// formatLocation writes "path", "path:42" or "path:42-50".
func formatLocation(l Location) string {
	switch {
	case l.StartLine <= 0:
		return l.Path
	case l.EndLine <= l.StartLine:
		return l.Path + ":" + strconv.Itoa(l.StartLine)
	}
	return fmt.Sprintf("%s:%d-%d", l.Path, l.StartLine, l.EndLine)
}

// design prints the observations in their order, with a Concerns,
// Strengths or Observations heading wherever the kind changes.
func (p *printer) design(obs []DesignObservation) {
	if len(obs) == 0 {
		return
	}
	p.line("## Design Observations\n")
	cur := "observation"
	for _, o := range obs {
		kind := o.Kind
		if kind != "concern" && kind != "strength" {
			kind = "observation"
		}
		if kind != cur {
			p.line(designHeadings[kind] + "\n")
			cur = kind
		}
		text := o.Text
		if o.Scope != "" {
			text = "(" + o.Scope + ") " + text
		}
		p.bullets([]string{text})
	}
}

var designHeadings = map[string]string{
	"concern": "### Concerns", "strength": "### Strengths", "observation": "### Observations",
}

func (p *printer) bullets(items []string) {
	for _, it := range items {
		// The raw item keeps its own indentation, which still places its
		// continuation lines inside this bullet.
		p.line("- " + it + "\n")
	}
}

func (p *printer) coverage(cov []Coverage) {
	if len(cov) == 0 {
		return
	}
	p.line("## Coverage Summary\n")
	for _, c := range cov {
		p.line("- `" + c.Path + "` — " + dispositionText(c))
	}
	p.line("")
}

// dispositionText is the inverse of disposition.
func dispositionText(c Coverage) string {
	switch c.Status {
	case "no-issues":
		if c.Note != "" {
			return "Reviewed, no issues (" + oneLine(c.Note) + ")"
		}
		return "Reviewed, no issues"
	case "trivial":
		if c.Note != "" {
			return "Trivial (" + oneLine(c.Note) + ")"
		}
		return "Trivial"
	case "findings":
		if c.Note != "" {
			return oneLine(c.Note)
		}
		return strings.Join(c.FindingIDs, ", ")
	}
	return oneLine(c.Note)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

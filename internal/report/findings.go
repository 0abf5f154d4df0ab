package report

import (
	"fmt"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
)

// findings writes one severity group in report order, or "None.".
func (p *printer) findings(title string, sev finding.Severity) {
	p.printf("## %s\n\n", title)
	n := 0
	for _, f := range p.r.Findings {
		if f.Severity != sev {
			continue
		}
		if n > 0 {
			p.line("")
		}
		p.finding(f)
		n++
	}
	if n == 0 {
		p.line("None.")
	}
	p.line("")
}

// finding writes "I1. **Title** — `path:10-20` [Agent Model]", a status
// line when there is something to say, the body and the fix.
func (p *printer) finding(f Finding) {
	head := fmt.Sprintf("%s. **%s**", f.ID, strings.TrimSpace(f.Title))
	if loc := Locations(f.Locations); loc != "" {
		head += " — " + loc
	}
	if t := p.tags(f.Agents); t != "" {
		head += " " + t
	}
	p.printf("%s\n\n", head)
	if s := status(f); s != "" {
		p.printf("*%s*\n\n", s)
	}
	if body := strings.TrimSpace(f.Body); body != "" {
		p.printf("%s\n\n", body)
	}
	if fix := strings.TrimSpace(f.Fix); fix != "" {
		if !hasFixLabel(fix) {
			fix = "Fix: " + fix
		}
		p.printf("%s\n", fix)
	}
}

// hasFixLabel reports whether the fix text starts with its own "Fix:"
// label (the parser may keep it), so the label is not written twice.
func hasFixLabel(fix string) bool {
	f := strings.ToLower(strings.TrimLeft(fix, "*_ "))
	return strings.HasPrefix(f, "fix:") || strings.HasPrefix(f, "fix**:")
}

// status is the finding's italic status line: its place in the rounds
// and a location check that did not verify, joined by " · ".
func status(f Finding) string {
	var parts []string
	switch f.Status {
	case "new":
		parts = append(parts, "New in this round")
	case "open":
		parts = append(parts, "Still open from the previous round")
	case "":
	default:
		parts = append(parts, "Round status: "+f.Status)
	}
	if c := f.LocationCheck; c.Status != "" && c.Status != "verified" {
		s := "Location check: " + c.Status
		if d := strings.TrimSpace(c.Detail); d != "" {
			s += " — " + d
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " · ")
}

// Locations formats locations as the reviews write them: one backticked
// item per file, several ranges of a file in one item, files joined by
// ", ": "`a.go:10-20, 30`, `b.go`".
func Locations(locs []finding.Location) string {
	var order []string
	ranges := map[string][]string{}
	for _, l := range locs {
		if _, ok := ranges[l.Path]; !ok {
			order = append(order, l.Path)
			ranges[l.Path] = nil
		}
		if r := lineRange(l); r != "" {
			ranges[l.Path] = append(ranges[l.Path], r)
		}
	}
	items := make([]string, 0, len(order))
	for _, path := range order {
		s := path
		if rs := ranges[path]; len(rs) > 0 {
			s += ":" + strings.Join(rs, ", ")
		}
		items = append(items, "`"+s+"`")
	}
	return strings.Join(items, ", ")
}

func lineRange(l finding.Location) string {
	switch {
	case l.StartLine <= 0:
		return ""
	case l.EndLine <= l.StartLine:
		return fmt.Sprint(l.StartLine)
	}
	return fmt.Sprintf("%d-%d", l.StartLine, l.EndLine)
}

// previous writes round N-1's findings and what became of them.
func (p *printer) previous() {
	p.line("## Previous Round")
	p.line("")
	p.line("| Previous | Finding | Status | Now |")
	p.line("|---|---|---|---|")
	for _, f := range p.r.Previous {
		now := f.NowID
		if now == "" {
			now = "—"
		}
		p.printf("| %s | %s | %s | %s |\n", cell(f.ID), cell(f.Title), cell(f.Status), cell(now))
	}
	p.line("")
}

// design writes the concerns, each with its scope, and the strengths, each
// with the agents that saw it.
func (p *printer) design() {
	p.line("## Design Observations")
	p.line("")
	var concerns, strengths []finding.DesignObservation
	for _, o := range p.r.DesignObservations {
		if o.Kind == "strength" {
			strengths = append(strengths, o)
		} else {
			concerns = append(concerns, o)
		}
	}
	if len(concerns)+len(strengths) == 0 {
		p.line("None.")
		p.line("")
		return
	}
	p.observations("Concerns", concerns)
	p.observations("Strengths", strengths)
}

func (p *printer) observations(label string, obs []finding.DesignObservation) {
	if len(obs) == 0 {
		return
	}
	p.printf("**%s**\n\n", label)
	for _, o := range obs {
		text := withScope(strings.TrimSpace(o.Text), o.Scope)
		if t := p.tags(o.Agents); t != "" {
			text += " " + t
		}
		p.printf("- %s\n", indent(text, "  "))
	}
	p.line("")
}

// withScope tags an observation "(in-scope)" or "(future)": inside its
// bold title when it has one, as the real reports write it
// ("**Title (in-scope)**: text"), before its text otherwise.
func withScope(text, scope string) string {
	if scope == "" {
		return text
	}
	tag := "(" + scope + ")"
	if strings.HasPrefix(text, "**") {
		if end := strings.Index(text[2:], "**"); end > 0 {
			cut := end + 2
			return text[:cut] + " " + tag + text[cut:]
		}
	}
	return tag + " " + text
}

package report

import (
	"fmt"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/safetext"
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
// line when there is something to say, the body and the fix. The fix's
// label goes on a line of its own when the fix opens with a fence, a
// list or a table.
func (p *printer) finding(f Finding) {
	head := fmt.Sprintf("%s. **%s**", p.esc.inline(f.ID), p.esc.inline(f.Title))
	if loc := p.locations(f.Locations); loc != "" {
		head += " — " + loc
	}
	if t := p.tags(f.Agents); t != "" {
		head += " " + t
	}
	p.printf("%s\n\n", head)
	if s := p.status(f); s != "" {
		p.printf("*%s*\n\n", s)
	}
	if body := p.esc.block(f.Body); body != "" {
		p.printf("%s\n\n", body)
	}
	label, rest := FixLabel(f.Fix)
	if fix := p.esc.block(rest); fix != "" {
		p.printf("%s\n", p.esc.labeled(label, fix))
	}
}

// FixLabel splits a fix into its label and the rest: the parser may keep
// the fix's own label ("Fix:", "**Fix:**", "**Fix**:"), which is then
// used instead of "Fix:" so it is not written twice, and, like "Fix:",
// put on a line of its own when the rest opens with a fence.
func FixLabel(fix string) (label, rest string) {
	t := strings.TrimSpace(fix)
	low := strings.ToLower(t)
	for _, l := range []string{"**fix:**", "**fix**:", "__fix:__", "__fix__:", "*fix:*", "_fix:_", "fix:"} {
		if strings.HasPrefix(low, l) {
			return t[:len(l)], t[len(l):]
		}
	}
	return "Fix:", t
}

// status is the finding's italic status line: its place in the rounds
// and a location check that did not verify, joined by " · ".
func (p *printer) status(f Finding) string {
	var parts []string
	switch f.Status {
	case "new":
		parts = append(parts, "New in this round")
	case "open":
		parts = append(parts, "Still open from the previous round")
	case "":
	default:
		parts = append(parts, "Round status: "+p.esc.inline(f.Status))
	}
	if c := f.LocationCheck; c.Status != "" && c.Status != LocationVerified {
		s := "Location check: " + p.esc.inline(c.Status)
		if d := p.esc.inline(c.Detail); d != "" {
			s += " — " + d
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " · ")
}

// Locations formats locations as the reviews write them: one backticked
// item per file, several ranges of a file in one item, files joined by
// ", ": "`a.go:10-20, 30`, `b.go`". A path holding backticks gets a
// longer code span, so it cannot close its own.
func Locations(locs []finding.Location) string { return locations(locs, safetext.Code) }

func (p *printer) locations(locs []finding.Location) string { return locations(locs, p.esc.code) }

func locations(locs []finding.Location, code func(string) string) string {
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
		items = append(items, code(s))
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
		text := p.scoped(o.Text, o.Scope)
		if t := p.tags(o.Agents); t != "" {
			text = p.esc.trailed(text, t)
		}
		p.item(text)
	}
	p.line("")
}

// scoped is an observation's text, safe, tagged "(in-scope)" or
// "(future)": inside its bold title when it has one, as the real reports
// write it ("**Title (in-scope)**: text"), before its text otherwise. A
// tag the author already wrote is not written twice.
func (p *printer) scoped(text, scope string) string {
	text = strings.TrimSpace(text)
	tag := "(" + scope + ")"
	if scope == "" || strings.Contains(strings.ToLower(text), tag) {
		return p.esc.block(text)
	}
	if tagged := withScope(text, scope); !strings.HasPrefix(tagged, tag) {
		return p.esc.block(tagged)
	}
	return p.esc.labeled(tag, p.esc.block(text))
}

// withScope puts the scope tag inside text's bold title, or before it
// when it has none.
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

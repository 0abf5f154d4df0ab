package finding

import "strings"

// secClass is what a section of a review holds.
type secClass int

const (
	secUnknown secClass = iota
	secSummary
	secFindings // the optional wrapper around the severity groups
	secCritical
	secImportant
	secSuggestion
	secDesign
	secConcerns
	secStrengths
	secTesting
	secDocumentation
	secLimitations
	secCoverage
)

// isGroup reports whether c holds findings.
func (c secClass) isGroup() bool { return c >= secFindings && c <= secSuggestion }

// severity is the severity of the findings of a group ("" for the wrapper).
func (c secClass) severity() Severity {
	switch c {
	case secCritical:
		return Critical
	case secImportant:
		return Important
	case secSuggestion:
		return Suggestion
	}
	return ""
}

// classify names the section a heading or label text opens. It accepts
// what the real reviews write: "Critical Issues", "IMPORTANT",
// "Suggestions:", "Coverage Summary", "Strengths".
func classify(label string) secClass {
	s := strings.ToLower(strings.Trim(strings.TrimSpace(label), "*_#: \t"))
	s = strings.TrimSpace(strings.TrimRight(s, ":"))
	switch {
	case s == "":
		return secUnknown
	case s == "executive summary" || s == "summary":
		return secSummary
	case s == "findings":
		return secFindings
	case s == "critical" || strings.HasPrefix(s, "critical issue") || s == "critical findings":
		return secCritical
	case s == "important" || strings.HasPrefix(s, "important issue") || s == "important findings":
		return secImportant
	case strings.HasPrefix(s, "suggestion") || s == "minor issues":
		return secSuggestion
	case s == "design observations" || s == "design" || s == "observations":
		return secDesign
	case s == "concerns":
		return secConcerns
	case s == "strengths":
		return secStrengths
	case strings.HasPrefix(s, "testing assessment") || s == "testing":
		return secTesting
	case strings.HasPrefix(s, "documentation assessment") || s == "documentation":
		return secDocumentation
	case strings.HasPrefix(s, "acknowledged limitations"):
		return secLimitations
	case strings.HasPrefix(s, "coverage summary") || s == "coverage":
		return secCoverage
	}
	return secUnknown
}

// section is a run of blocks under one heading or label. Its text runs
// from just after its header line to end.
type section struct {
	class  secClass
	level  int
	title  string
	start  int // offset of the header line (0 for the preamble)
	body   int // offset just past the header line
	end    int
	blocks []block
	label  bool // opened by a bold label, not a heading
}

// sections groups blocks under the headings and labels that open the
// sections of a review. A heading the parser does not know stays inside
// the current known section when it is deeper (a finding's own
// "### `rdd service delete`" excerpt heading), and otherwise opens an
// unknown section ("Commit Structure", the review's own title). A bold
// label has no level of its own: after a section a label opened, an
// unknown heading opens a section unless the label named a severity group
// (whose findings hold excerpt headings), since a review that writes its
// sections as bold lines uses headings for the sections it adds
// ("### Unresolved Feedback" after "**Acknowledged Limitations**").
func sections(src []byte, blocks []block) []section {
	out := []section{{class: secUnknown, level: 0}}
	cur := &out[0]
	headingLevel := 0 // level of the last real heading, for labels
	for _, b := range blocks {
		open, class, level := false, secUnknown, 0
		switch b.kind {
		case kHeading:
			class, level = classify(b.text), b.level
			open = class != secUnknown || cur.class == secUnknown || (level <= cur.level || cur.label && !cur.class.isGroup()) && !entryHeading(b.text)
			if open {
				headingLevel = level
			}
		case kLabel:
			class, level, open = classify(b.text), headingLevel+1, true
		}
		if !open {
			cur.blocks = append(cur.blocks, b)
			continue
		}
		cur.end = b.start
		body := lineEnd(src, b.content)
		if b.inline > 0 {
			body = b.inline
		}
		out = append(out, section{class: class, level: level, title: b.text, start: b.start, body: body, label: b.kind == kLabel})
		cur = &out[len(out)-1]
	}
	cur.end = len(src)
	return out
}

// entryHeading reports whether a heading's text is an entry ("S1. title",
// "**[CRITICAL] a.go:3 — title**"): an entry heading above its group's
// level stays in the group.
func entryHeading(txt string) bool {
	if _, _, _, ok := letterID(txt); ok {
		return true
	}
	_, _, ok := severityPrefix(txt)
	return ok
}

// text is the section's raw Markdown without surrounding blank lines or
// `---` rules.
func (s *section) text(src []byte) string {
	if s.body >= s.end {
		return ""
	}
	return trimRaw(string(src[s.body:s.end]))
}

// trimRaw drops leading and trailing blank lines and thematic-break lines.
func trimRaw(s string) string {
	for {
		t := strings.TrimRight(s, " \t\r\n")
		i := strings.LastIndexByte(t, '\n')
		last := strings.TrimSpace(t[i+1:])
		if isRuleLine(last) {
			s = t[:i+1]
			continue
		}
		s = t
		break
	}
	for {
		i := strings.IndexByte(s, '\n')
		var first string
		if i < 0 {
			first = s
		} else {
			first = s[:i]
		}
		if strings.TrimSpace(first) == "" || isRuleLine(strings.TrimSpace(first)) {
			if i < 0 {
				return ""
			}
			s = s[i+1:]
			continue
		}
		return s
	}
}

func isRuleLine(s string) bool {
	if len(s) < 3 {
		return false
	}
	c := s[0]
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != c && s[i] != ' ' {
			return false
		}
	}
	return true
}

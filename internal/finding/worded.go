package finding

import "strings"

// Style F, seen in the earliest real reports: no ids and no severity
// groups, each entry opens with its severity as a word and names its
// location before its title:
//
//	### **[CRITICAL] lima.yaml:38 — Hardcoded developer home directory**
//	**IMPORTANT** app_controller.go:93, app_controller.go:128 — Adopts an unrelated `LimaVM`
//
// The parser numbers them per severity, as for style D.

// wordedStarts finds style F entries.
func wordedStarts(src []byte, s *section) []entryStart {
	var out []entryStart
	for _, b := range s.blocks {
		head, line, ok := headLine(src, b)
		if !ok {
			continue
		}
		sev, n, ok := severityPrefix(line)
		if !ok {
			continue
		}
		out = append(out, entryStart{at: b.start, head: head + n, worded: sev})
	}
	return out
}

// severityPrefix reads "[CRITICAL] ", "**[IMPORTANT] ", "**SUGGESTION** "
// at the start of line and returns the severity and the prefix's length.
// The rest of the line must name a location before a dash.
func severityPrefix(line string) (Severity, int, bool) {
	s := line
	bold := strings.HasPrefix(s, "**")
	if bold {
		s = s[2:]
	}
	var word, rest string
	switch {
	case strings.HasPrefix(s, "["):
		j := strings.IndexByte(s, ']')
		if j < 0 || j > 12 {
			return "", 0, false
		}
		word, rest = s[1:j], s[j+1:]
		if bold && strings.HasPrefix(rest, "**") {
			rest = rest[2:] // "**[CRITICAL]** loc — title"
		}
	case bold:
		j := strings.Index(s, "**")
		if j < 0 || j > 12 {
			return "", 0, false
		}
		word, rest = s[:j], s[j+2:]
	default:
		return "", 0, false
	}
	sev, ok := severityWords[strings.ToLower(strings.Trim(word, " :"))]
	if !ok {
		return "", 0, false
	}
	loc, _ := splitDash(strings.TrimSpace(rest))
	if len(plainLocations(loc)) == 0 {
		return "", 0, false
	}
	return sev, len(line) - len(rest), true
}

// parseWorded reads the rest of a style F title line: "loc, loc — title".
func parseWorded(line string) title {
	s := strings.TrimSpace(strings.ReplaceAll(line, "\n", " "))
	var t title
	if tg, ok := findTag(s, false); ok {
		s, t.severity, t.kind = cutTag(s, tg), tg.sev, tg.kind
	}
	loc, name := splitDash(s)
	t.locations = plainLocations(loc)
	t.title = strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimSpace(name), "**")), " ")
	return t
}

// plainLocations reads locations written without backticks: "a.go:3,
// b/c.go:4-5", or in them.
func plainLocations(s string) []Location {
	if strings.ContainsAny(s, "`[") {
		return locations(s)
	}
	out, _ := addSpan(nil, s, "", true)
	return out
}

package finding

import "strings"

// title is what the first line of an entry says besides the body.
type title struct {
	title     string
	locations []Location
	severity  Severity
	kind      string
}

// parseTitle reads an entry's title line: the id (when hasID), the bold
// title, the locations after the dash and the "(severity, kind)" tag,
// wherever on the line it is.
func parseTitle(line string, hasID bool) title {
	s := strings.TrimSpace(strings.ReplaceAll(line, "\n", " "))
	var t title
	if tg, ok := findTag(s, false); ok {
		s, t.severity, t.kind = cutTag(s, tg), tg.sev, tg.kind
	}
	bold := false
	if rest, ok := strings.CutPrefix(s, "**"); ok {
		s, bold = rest, true
	}
	if hasID {
		s = stripID(s)
		if !bold {
			if rest, ok := strings.CutPrefix(s, "**"); ok {
				s, bold = rest, true
			}
		} else if rest, ok := strings.CutPrefix(s, "**"); ok {
			// "**I1.** title": the bold closed right after the id.
			s, bold = strings.TrimSpace(rest), false
		}
	}
	var rest string
	if bold {
		if i := strings.Index(s, "**"); i >= 0 {
			t.title, rest = s[:i], s[i+2:]
		} else {
			t.title = s
		}
	} else {
		t.title, rest = splitDash(s)
	}
	// "**I2. title — `loc`**": the location sits inside the bold, right
	// after the dash ("— actual path is `x/`" is the title's own words).
	if name, loc := splitDash(t.title); (strings.HasPrefix(loc, "`") || strings.HasPrefix(loc, "[")) && hasLocation(loc) {
		t.title, rest = name, loc+" "+rest
	}
	t.title = strings.Join(strings.Fields(t.title), " ")
	if t.kind == "" && t.severity == "" {
		rest, t.severity, t.kind = trailingTitleTag(strings.TrimSpace(rest))
	}
	t.locations = locations(rest)
	return t
}

// stripID drops "I1." (or "I1:", "I1)") and the space after it.
func stripID(s string) string {
	i := 1
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	rest := s[i:]
	for _, sep := range []string{".", ":", ")", " — ", " - ", " – "} {
		if r, ok := strings.CutPrefix(rest, sep); ok {
			return strings.TrimLeft(r, " \t")
		}
	}
	return strings.TrimLeft(rest, " \t")
}

// dashes separate a title from its locations.
var dashes = []string{" — ", " – ", " - ", " —", "— "}

// splitDash cuts s at the first dash separator outside backticks.
func splitDash(s string) (before, after string) {
	best := -1
	sepLen := 0
	for _, d := range dashes {
		if i := indexOutsideCode(s, d); i >= 0 && (best < 0 || i < best) {
			best, sepLen = i, len(d)
		}
	}
	if best < 0 {
		return s, ""
	}
	return s[:best], strings.TrimSpace(s[best+sepLen:])
}

// indexOutsideCode is strings.Index that skips `code spans`.
func indexOutsideCode(s, sub string) int {
	in := false
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			in = !in
			continue
		}
		if !in && strings.HasPrefix(s[i:], sub) {
			return i
		}
	}
	return -1
}

func hasLocation(s string) bool { return len(locations(s)) > 0 }

// fixPrefixes open the part of a body that says what to change.
var fixPrefixes = []string{"fix:", "**fix:**", "**fix**:", "suggested fix:", "**suggested fix:**", "recommendation:", "**recommendation:**", "**recommendation**:", "recommended fix:", "**recommended fix:**"}

// fixOf is the text of body from its "Fix:" line on, or from its first
// diff block when it has no such line.
func fixOf(body string) string {
	fence := ""
	diff := -1
	off := 0
	for off < len(body) {
		end := strings.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off + 1
		}
		line := strings.TrimSpace(body[off:end])
		switch {
		case fence != "":
			if strings.HasPrefix(line, fence) && strings.Trim(line, fence[:1]) == "" {
				fence = ""
			}
		case strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~"):
			fence = line[:3]
			if diff < 0 && strings.HasPrefix(strings.TrimSpace(line[3:]), "diff") {
				diff = off
			}
		default:
			low := strings.ToLower(line[:min(len(line), 24)])
			for _, p := range fixPrefixes {
				if strings.HasPrefix(low, p) {
					return strings.TrimSpace(body[off:])
				}
			}
		}
		off = end
	}
	if diff >= 0 {
		return strings.TrimSpace(body[diff:])
	}
	return ""
}

package finding

import (
	"regexp"
	"strconv"
	"strings"
)

// refScan is the reference the scoreboard measures the parser against: a
// plain line scan, written for the measurement and sharing no code with
// the parser, that counts the entries of a review's severity groups, their
// kind tags and the rows of its coverage summary. It unwraps a review
// fenced whole (```markdown, ````md, a bare ```), reads past <details>
// wrappers, and closes a fence left open at the next section heading.
type refReview struct {
	entries  []refEntry
	groups   int // severity groups or a Findings wrapper seen
	coverage int // coverage rows
}

type refEntry struct{ id, kind string }

func (r refReview) ids() []string {
	out := make([]string, len(r.entries))
	for i, e := range r.entries {
		out[i] = e.id
		if e.kind != "" {
			out[i] += "(" + e.kind + ")"
		}
	}
	return out
}

var (
	refFence     = regexp.MustCompile("^\\s{0,3}(`{3,}|~{3,})\\s*([^`\\s]*)[^`]*$")
	refHeading   = regexp.MustCompile(`^\s{0,3}(#{1,7})\s+(.*?)\s*#*\s*$`)
	refLabel     = regexp.MustCompile(`^\s{0,3}(?:[-*+]\s+)?(?:\*\*|__)([^*_]+?)(?:\*\*|__)\s*(?::|\s[—–-]\s.*)?$`)
	refLetter    = regexp.MustCompile(`^\s{0,3}(?:[-*+]\s+)?(?:#{1,7}\s+)?(?:\*\*|__)?\s*([CIS])(\d{1,3})\s*(?:\*\*|__)?\s*(?:[.:)]|\s[—–-]\s)`)
	refBracket   = regexp.MustCompile(`(?i)^\s{0,3}(?:#{1,7}\s+)?(?:\*\*)?(?:\[(critical|important|suggestion)\]|(critical|important|suggestion)\*\*)\s*[^\s*]`)
	refNumber    = regexp.MustCompile("^\\s{0,2}(\\d{1,3})[.)]\\s+(?:\\*\\*|`)")
	refTag       = regexp.MustCompile(`(?i)\(\s*(?:\*\*|\*|_)?\s*(critical|important|suggestion)\s*(?:\*\*|\*|_)?\s*[,;/]\s*(?:\*\*|\*|_)?\s*(regression|gap|enhancement|documentation)\b`)
	refCovRow    = regexp.MustCompile("^\\s*\\|\\s*\\[?\\**`?([^|`*\\]\\s]+)")
	refUpperName = regexp.MustCompile(`^(?:[A-Z][A-Z_-]{2,}|Makefile|Dockerfile|Justfile)$`)
	refCovItem   = regexp.MustCompile("^\\s{0,3}[-*+]\\s+\\[?\\**`?([^`*\\]\\s:—]+)")
)

// refSection classifies a heading or label text: a severity ("critical",
// …), "findings", "coverage", "other" for a known non-finding section, or
// "" for anything else.
func refSection(text string) string {
	s := strings.ToLower(strings.Trim(text, " *_:#`"))
	switch {
	case strings.HasPrefix(s, "critical"):
		return "critical"
	case strings.HasPrefix(s, "important") || strings.HasPrefix(s, "major"):
		return "important"
	case strings.HasPrefix(s, "suggestion") || strings.HasPrefix(s, "minor"):
		return "suggestion"
	case s == "findings" || s == "issues" || strings.HasPrefix(s, "findings ("):
		return "findings"
	case strings.HasPrefix(s, "coverage"):
		return "coverage"
	}
	for _, p := range []string{"executive summary", "summary", "design", "concerns", "strengths", "testing", "documentation",
		"acknowledged", "commit", "unresolved", "verdict", "declined", "previous", "notes", "limitations", "open questions",
		"questions", "recommend", "conclusion", "verification", "observations", "overall", "scope", "context"} {
		if strings.HasPrefix(s, p) {
			return "other"
		}
	}
	return ""
}

func refScan(text string) refReview {
	lines := refUnwrap(strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n"))
	var r refReview
	region, sev := "", "" // region: "", "findings", "coverage"
	fence, fenceLen := byte(0), 0
	letters := false
	counter := map[string]int{}
	var cur *refEntry
	letterSev := map[string]string{"C": "critical", "I": "important", "S": "suggestion"}
	for _, line := range lines {
		if m := refFence.FindStringSubmatch(line); m != nil {
			switch {
			case fence == 0:
				fence, fenceLen = m[1][0], len(m[1])
				continue
			case m[1][0] == fence && len(m[1]) >= fenceLen && m[2] == "":
				fence = 0
				continue
			}
		}
		if fence != 0 {
			// A fence left open ends at the next section heading.
			if h := refHeading.FindStringSubmatch(line); h == nil || refSection(h[2]) == "" {
				if cur != nil && cur.kind == "" {
					cur.kind = refKind(line)
				}
				continue
			}
			fence = 0
		}
		text, isHead := "", false
		if h := refHeading.FindStringSubmatch(line); h != nil {
			text, isHead = h[2], true
		} else if l := refLabel.FindStringSubmatch(line); l != nil {
			text, isHead = l[1], true
		}
		if isHead {
			switch c := refSection(text); c {
			case "critical", "important", "suggestion":
				region, sev = "findings", c
				r.groups++
				cur = nil
				continue
			case "findings":
				region, sev = "findings", ""
				r.groups++
				cur = nil
				continue
			case "coverage":
				region, cur = "coverage", nil
				continue
			case "other":
				region, cur = "", nil
				continue
			}
		}
		switch region {
		case "coverage":
			r.coverage += refCoverage(line)
		case "findings":
			if e, ok := refEntryLine(line, sev, letterSev, &letters, counter); ok {
				r.entries = append(r.entries, e)
				cur = &r.entries[len(r.entries)-1]
				cur.kind = refKind(line)
			} else if cur != nil && cur.kind == "" {
				cur.kind = refKind(line)
			}
		}
	}
	if letters {
		// Numbered entries only count in reviews without letter ids.
		kept := r.entries[:0]
		for _, e := range r.entries {
			if !strings.HasPrefix(e.id, "#") {
				kept = append(kept, e)
			}
		}
		r.entries = kept
	}
	for i := range r.entries {
		r.entries[i].id = strings.TrimPrefix(r.entries[i].id, "#")
	}
	return r
}

// refEntryLine reads an entry line: a letter id, a [SEVERITY] heading, or
// (marked with a leading "#" until the end of the scan) a numbered bold
// entry under a severity group.
func refEntryLine(line, sev string, letterSev map[string]string, letters *bool, counter map[string]int) (refEntry, bool) {
	if m := refLetter.FindStringSubmatch(line); m != nil {
		*letters = true
		return refEntry{id: m[1] + m[2]}, true
	}
	if m := refBracket.FindStringSubmatch(line); m != nil {
		s := strings.ToLower(m[1] + m[2])
		counter[s]++
		return refEntry{id: Severity(s).Letter() + strconv.Itoa(counter[s])}, true
	}
	if sev != "" && refNumber.MatchString(line) {
		counter[sev]++
		return refEntry{id: "#" + Severity(sev).Letter() + strconv.Itoa(counter[sev])}, true
	}
	return refEntry{}, false
}

func refKind(line string) string {
	if m := refTag.FindStringSubmatch(line); m != nil {
		return strings.ToLower(m[2])
	}
	return ""
}

// refCoverage counts a coverage row: a table row or bullet whose first
// cell names a path (not the header, not a separator, not prose).
func refCoverage(line string) int {
	t := strings.TrimSpace(line)
	var m []string
	switch {
	case strings.HasPrefix(t, "|"):
		if strings.Trim(t, "|-: ") == "" {
			return 0
		}
		m = refCovRow.FindStringSubmatch(t)
	default:
		m = refCovItem.FindStringSubmatch(line)
	}
	if m == nil {
		return 0
	}
	p := strings.TrimRight(m[1], ".,;")
	if !strings.ContainsAny(p, "./") && !refUpperName.MatchString(p) || strings.HasPrefix(p, "http") || strings.HasSuffix(p, "/") {
		return 0
	}
	return 1
}

// refUnwrap drops the lines that wrap a review: a first fence (bare or
// markdown) and its last closing fence, <details> lines, and one level of
// four-space indentation when the whole review is indented.
func refUnwrap(lines []string) []string {
	var out []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "<details") || strings.HasPrefix(t, "</details") || strings.HasPrefix(t, "<summary") {
			continue
		}
		out = append(out, l)
	}
	first, last := -1, -1
	for i, l := range out {
		if strings.TrimSpace(l) != "" {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return out
	}
	// A wrapper fence opens within the first lines, before any heading.
	for i := first; i < len(out) && i < first+4; i++ {
		m := refFence.FindStringSubmatch(out[i])
		if m == nil {
			if refHeading.MatchString(out[i]) {
				break
			}
			continue
		}
		if info := strings.ToLower(m[2]); info != "" && info != "markdown" && info != "md" {
			break
		}
		out = append(out[:i:i], out[i+1:]...)
		last--
		l := strings.TrimRight(out[last], " \t")
		if trimmed := strings.TrimRight(l, m[1][:1]); len(l)-len(trimmed) >= 3 {
			out[last] = trimmed
		}
		break
	}
	indented := 0
	nonBlank := 0
	for _, l := range out {
		if strings.TrimSpace(l) == "" {
			continue
		}
		nonBlank++
		if strings.HasPrefix(l, "    ") {
			indented++
		}
	}
	if nonBlank > 0 && indented*10 >= nonBlank*9 {
		for i, l := range out {
			out[i] = strings.TrimPrefix(l, "    ")
		}
	}
	return out
}

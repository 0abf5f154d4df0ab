package finding

import "strings"

// The "(severity, kind)" tag of an entry: where agents put it and how they
// write it. Positions, in the order they are looked at: anywhere on the
// title line (after the title, before the location, inside the bold
// title), alone on a line of the body (the next line, the last line), at
// the end of a line of the body, or as a labelled line ("**Kind:** gap",
// "**Classification:** regression (introduced by …)"). Forms: plain
// "(important, gap)", italic "*(important, gap)*", bold, in backticks,
// with extra words "(suggestion, regression; latent)", other separators
// "(Important — Gap)", and reversed "(gap, important)".

// severityWords and kindWords are the words of a tag.
var severityWords = map[string]Severity{
	"critical": Critical, "important": Important, "suggestion": Suggestion,
}

var kindWords = map[string]bool{
	"regression": true, "gap": true, "enhancement": true, "documentation": true,
}

// tag is a tag found in a string: s[start:end] is the tag with the
// emphasis or backticks around it.
type tag struct {
	start, end int
	sev        Severity
	kind       string
}

// maxTag bounds what a tag's parentheses may hold: the two words and
// the explanation some agents add ("(important, regression — the
// fall-through code is new.)").
const maxTag = 400

// matchParen is the index of the parenthesis that closes s[open], within
// maxTag bytes, or -1.
func matchParen(s string, open int) int {
	depth := 0
	for i := open; i < len(s) && i < open+maxTag; i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// findTag finds the first tag in s that names a severity and a kind. With
// strict, the kind must be one of the four known kinds (a tag in a body
// must be unmistakable); without, any single word is a kind ("(important,
// robustness)").
func findTag(s string, strict bool) (tag, bool) {
	for from := 0; from < len(s); {
		i := strings.IndexByte(s[from:], '(')
		if i < 0 {
			return tag{}, false
		}
		open := from + i
		from = open + 1
		close := matchParen(s, open)
		if close < 0 {
			continue
		}
		sev, kind, ok := readTag(s[open+1:close], strict)
		if !ok || kind == "" {
			continue
		}
		start, end := open, close+1
		for start > 0 && end < len(s) && isWrap(s[start-1]) && s[end] == s[start-1] {
			start, end = start-1, end+1
		}
		return tag{start: start, end: end, sev: sev, kind: kind}, true
	}
	return tag{}, false
}

func isWrap(c byte) bool { return c == '*' || c == '_' || c == '`' }

// readTag reads what a tag's parentheses hold: "important, gap",
// "suggestion, regression; latent", "Important — Gap", "gap, important",
// and (for trailing title tags) a lone "suggestion" or "regression".
func readTag(s string, strict bool) (Severity, string, bool) {
	s = strings.Trim(s, "*_` ")
	first, rest := s, ""
	cut := -1
	for _, sep := range []string{",", ";", "/", "—", "–", " - ", "|", ":"} {
		if i := strings.Index(s, sep); i >= 0 && (cut < 0 || i < cut) {
			cut = i
			first, rest = s[:i], s[i+len(sep):]
		}
	}
	a := tagWord(first)
	b := tagWord(rest)
	if strings.ToLower(strings.TrimSpace(strings.Trim(first, "*_` "))) != a {
		return "", "", false // "(see important, gap)": prose, not a tag
	}
	if sev, ok := severityWords[a]; ok {
		if b == "" || (strict && !kindWords[b]) || severityWords[b] != "" {
			return sev, "", b == "" && rest == ""
		}
		return sev, b, true
	}
	if kindWords[a] {
		if sev, ok := severityWords[b]; ok {
			return sev, a, true
		}
		return "", a, rest == ""
	}
	return "", "", false
}

// tagWord is the first word of s, lower case, without emphasis: the kind
// in "regression; latent" or "**gap**".
func tagWord(s string) string {
	s = strings.TrimLeft(s, "*_` \t")
	end := 0
	for end < len(s) && (s[end] >= 'a' && s[end] <= 'z' || s[end] >= 'A' && s[end] <= 'Z' || s[end] == '-') {
		end++
	}
	return strings.ToLower(s[:end])
}

// cutTag removes the tag t from s, with the space before it.
func cutTag(s string, t tag) string {
	return strings.TrimRight(s[:t.start], " \t") + s[t.end:]
}

// trailingTitleTag reads a lone "(suggestion)" or "(regression)" at the end
// of a title line's tail.
func trailingTitleTag(s string) (string, Severity, string) {
	t := strings.TrimRight(s, ":. ")
	t = strings.TrimRight(t, "*_`")
	if !strings.HasSuffix(t, ")") {
		return s, "", ""
	}
	open := strings.LastIndexByte(t, '(')
	if open < 0 {
		return s, "", ""
	}
	sev, kind, ok := readTag(t[open+1:len(t)-1], false)
	if !ok {
		return s, "", ""
	}
	return strings.TrimRight(strings.TrimRight(t[:open], "*_`"), " "), sev, kind
}

// bodyTag finds the tag of an entry in its body, outside fenced code: a
// line that is only a tag (removed from the body), a tag ending a line
// (cut from it), or a labelled kind line (kept). It returns the body
// without the tag.
func bodyTag(body string) (string, Severity, string) {
	var open fence
	inFence := false
	off := 0
	for off < len(body) {
		end := strings.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off
		}
		line := body[off:end]
		if f, ok := fenceOf(line); ok {
			if !inFence {
				open, inFence = f, true
			} else if f.closes(open) {
				inFence = false
			}
		} else if !inFence {
			if b, sev, kind, ok := lineTag(body, off, end); ok {
				return b, sev, kind
			}
		}
		off = end + 1
	}
	return body, "", ""
}

// lineTag looks for a tag on the body line body[off:end].
func lineTag(body string, off, end int) (string, Severity, string, bool) {
	line := body[off:end]
	t := strings.TrimRight(line, " \t\r.")
	if k := labelledKind(t); k != "" {
		return body, "", k, true
	}
	tg, ok := findTag(t, true)
	if !ok {
		// A line that is only a tag may name any kind: "(suggestion, future)".
		if tg, ok = findTag(t, false); !ok || strings.TrimSpace(t[:tg.start]) != "" || tg.end != len(t) {
			return "", "", "", false
		}
	}
	leads := strings.TrimSpace(t[:tg.start]) == ""
	switch {
	case leads && tg.end == len(t):
		// The line is only the tag: drop it.
		return trimRaw(body[:off] + body[min(end+1, len(body)):]), tg.sev, tg.kind, true
	case leads:
		// "`(important, gap)` — note …": keep the note.
		rest := strings.TrimLeft(line[tg.end:], " \t—–-:")
		return body[:off] + rest + body[end:], tg.sev, tg.kind, true
	case tg.end == len(t):
		return body[:off] + cutTag(t, tg) + body[end:], tg.sev, tg.kind, true
	}
	return "", "", "", false
}

// kindLabels open a line that states the kind: "**Kind:** gap".
var kindLabels = []string{"kind", "classification", "type", "category"}

// labelledKind reads "**Classification:** regression (introduced by …)",
// "Kind: gap", "- **Type**: enhancement".
func labelledKind(line string) string {
	s := strings.TrimLeft(line, "-*+ \t")
	s = strings.TrimLeft(s, "*_")
	low := strings.ToLower(s[:min(len(s), 16)])
	for _, l := range kindLabels {
		if !strings.HasPrefix(low, l) {
			continue
		}
		rest := strings.TrimLeft(s[len(l):], "*_ ")
		if !strings.HasPrefix(rest, ":") {
			return ""
		}
		if w := tagWord(strings.TrimLeft(rest[1:], "*_ ")); kindWords[w] {
			return w
		}
	}
	return ""
}

package finding

import (
	"strconv"
	"strings"
)

// coverage reads a Coverage Summary: table rows or bullets, one changed
// file each. A table's header row (the row above its |---| line) is no
// entry, nor is anything that does not name a file in its first cell; a
// "Verification log" or notes label ends the entries.
func coverage(src []byte, s *section) []Coverage {
	var out []Coverage
	lines := strings.Split(s.text(src), "\n")
	for i, line := range lines {
		if i+1 < len(lines) && isTableRule(lines[i+1]) {
			continue // header row
		}
		if notesLabel(line) {
			break
		}
		if c, ok := coverageLine(line); ok {
			out = append(out, c)
		}
	}
	return out
}

// isTableRule reports whether line is a table's delimiter row: |---|:--|.
func isTableRule(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "|") && strings.Contains(t, "-") && strings.Trim(t, "|-: ") == ""
}

// notesWords name what may follow the entries of a coverage section.
var notesWords = []string{"verification", "log", "note", "command", "method", "tests run", "how i"}

// notesLabel reports whether line is a heading or bold label that opens
// notes rather than coverage entries.
func notesLabel(line string) bool {
	t := strings.TrimSpace(line)
	var label string
	if _, txt, ok := headingOf(t); ok {
		label = txt
	} else if strings.HasPrefix(t, "**") {
		end := strings.Index(t[2:], "**")
		if end < 0 {
			return false
		}
		label = t[2 : 2+end]
	} else {
		return false
	}
	low := strings.ToLower(label)
	for _, w := range notesWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// coverageLine reads "| `path` | Reviewed, no issues |", "| 3 | `path` |
// I1 |", "- `path` — I1, S2" or "- path: Trivial".
func coverageLine(line string) (Coverage, bool) {
	t := strings.TrimSpace(line)
	var path, disp string
	switch {
	case strings.HasPrefix(t, "|"):
		if isTableRule(t) {
			return Coverage{}, false
		}
		cells := strings.Split(strings.Trim(t, "|"), "|")
		if len(cells) < 2 {
			return Coverage{}, false
		}
		k := 0
		if cellPath(cells[0]) == "" && len(cells) > 2 {
			k = 1 // a numbered first column
		}
		path = cellPath(cells[k])
		disp = strings.TrimSpace(strings.Join(cells[k+1:], "|"))
	case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "+ "):
		path, disp = bulletPath(strings.TrimSpace(t[2:]))
	default:
		return Coverage{}, false
	}
	if path == "" {
		return Coverage{}, false
	}
	c := Coverage{Path: path}
	c.Status, c.FindingIDs, c.Note = disposition(disp)
	return c, true
}

// cellPath is the path in a table cell: `path`, [path](url), **path**,
// path; "" when the cell names no file.
func cellPath(cell string) string {
	c := strings.TrimSpace(cell)
	if toks := locationTokens(c); len(toks) > 0 {
		return coveragePath(toks[0].text)
	}
	return coveragePath(strings.Trim(c, "*_"))
}

// coveragePath cleans what names a file in a coverage entry, or returns
// "" when it is no path: a header ("File"), prose, a command.
func coveragePath(p string) string {
	p = strings.TrimSpace(p)
	if i := strings.LastIndexByte(p, ':'); i > 0 && isRanges(p[i+1:]) {
		p = p[:i]
	}
	if !looksLikePath(p, true) {
		return ""
	}
	return p
}

// bulletPath splits "`path` — disposition", "[path](url): disposition",
// "**path** — disposition" or "path: disposition".
func bulletPath(s string) (string, string) {
	var path, rest string
	switch {
	case strings.HasPrefix(s, "`"):
		j := strings.IndexByte(s[1:], '`')
		if j < 0 {
			return "", ""
		}
		path, rest = s[1:1+j], s[2+j:]
	case strings.HasPrefix(s, "["):
		toks := locationTokens(s)
		k := strings.IndexByte(s, ')')
		if len(toks) == 0 || k < 0 {
			return "", ""
		}
		path, rest = toks[0].text, s[k+1:]
	case strings.HasPrefix(s, "**"):
		j := strings.Index(s[2:], "**")
		if j < 0 {
			return "", ""
		}
		path, rest = strings.Trim(s[2:2+j], "`"), s[4+j:]
	default:
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			end = len(s)
		}
		path, rest = strings.TrimRight(s[:end], ":"), s[end:]
		if strings.HasSuffix(s[:end], ":") {
			rest = ":" + rest
		}
	}
	if path = coveragePath(strings.TrimRight(path, ":")); path == "" {
		return "", ""
	}
	rest = strings.TrimSpace(rest)
	for _, sep := range []string{"—", "–", "-", ":", "→", "->"} {
		if r, ok := strings.CutPrefix(rest, sep); ok {
			rest = r
			break
		}
	}
	return path, strings.TrimSpace(rest)
}

// noIssues and trivial are the dispositions that are no finding.
var (
	noIssues = []string{"reviewed, no issues", "reviewed — no issues", "reviewed; no issues", "reviewed - no issues", "reviewed: no issues", "no issues"}
	trivial  = []string{"reviewed, trivial", "reviewed — trivial", "reviewed - trivial", "trivial"}
)

// disposition reads "Reviewed, no issues (note)", "**Reviewed, no issues**
// (note)", "Trivial", "**I1, S2**", "Finding 1, Finding 2". Emphasis is
// markup, not content: it is dropped. The note keeps what the ids do not
// say.
func disposition(d string) (status string, ids []string, note string) {
	plain := noStrong.Replace(strings.TrimSpace(d))
	plain = strings.TrimSpace(strings.Trim(plain, "*_ "))
	low := strings.ToLower(plain)
	for _, p := range noIssues {
		if strings.HasPrefix(low, p) {
			return "no-issues", nil, noteOf(plain[len(p):])
		}
	}
	for _, p := range trivial {
		if strings.HasPrefix(low, p) {
			return "trivial", nil, noteOf(plain[len(p):])
		}
	}
	ids = findingIDs(plain)
	if len(ids) == 0 {
		return "other", nil, plain
	}
	if onlyIDs(plain) {
		return "findings", ids, ""
	}
	return "findings", ids, plain
}

// noteOf trims the separator and one pair of parentheses around a note.
func noteOf(s string) string {
	s = strings.TrimSpace(strings.TrimLeft(s, " ,;:.—–-"))
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// findingIDs lists the ids a disposition names: C1, I2, S10, and
// "Finding 3" (kept as F3 until the review resolves it).
func findingIDs(d string) []string {
	var ids []string
	words := strings.FieldsFunc(d, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	for i, w := range words {
		if len(ids) >= 256 {
			break
		}
		switch {
		case isLetterID(w):
			ids = append(ids, w)
		case strings.EqualFold(w, "finding") && i+1 < len(words) && isNumber(words[i+1]):
			ids = append(ids, "F"+words[i+1])
		case i+1 < len(words) && isNumber(words[i+1]) && severityWords[strings.ToLower(w)] != "":
			// "Critical 1", "Suggestion 2": style D numbering per group.
			ids = append(ids, severityWords[strings.ToLower(w)].Letter()+words[i+1])
		}
	}
	return ids
}

func isLetterID(w string) bool {
	return len(w) >= 2 && len(w) <= 6 && (w[0] == 'C' || w[0] == 'I' || w[0] == 'S') && isNumber(w[1:])
}

func isNumber(w string) bool {
	if w == "" || len(w) > 6 {
		return false
	}
	_, err := strconv.Atoi(w)
	return err == nil && w[0] != '-' && w[0] != '+'
}

// onlyIDs reports whether d holds nothing but ids and separators.
func onlyIDs(d string) bool {
	for _, w := range strings.FieldsFunc(d, func(r rune) bool { return r == ',' || r == ' ' || r == '*' || r == '`' }) {
		if !isLetterID(w) {
			return false
		}
	}
	return true
}

// resolveFindingRefs replaces "F3" (from "Finding 3") with the id of the
// third finding of the review, the numbering style D reviews use.
func resolveFindingRefs(cov []Coverage, fs []Finding) {
	for i := range cov {
		for j, id := range cov[i].FindingIDs {
			if !strings.HasPrefix(id, "F") {
				continue
			}
			n, err := strconv.Atoi(id[1:])
			if err == nil && n >= 1 && n <= len(fs) {
				cov[i].FindingIDs[j] = fs[n-1].ID
			}
		}
	}
}

// noStrong drops strong emphasis markers.
var noStrong = strings.NewReplacer("**", "", "__", "")

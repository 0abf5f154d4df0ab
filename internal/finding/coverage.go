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
		if notesLabel(line) || len(out) > 0 && notesLine(line) {
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

// namesNotes reports whether a label holds one of notesWords.
func namesNotes(label string) bool {
	low := strings.ToLower(label)
	for _, w := range notesWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

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
	return namesNotes(label)
}

// notesLine reports whether line is a short plain line that opens notes
// ("Verification log:", "Commands run"): after the entries, what follows
// it is no coverage.
func notesLine(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || len(t) > 60 || strings.ContainsAny(t[:1], "|-*+`[") {
		return false
	}
	label := strings.TrimSuffix(t, ":")
	if len(strings.Fields(label)) > 6 || strings.ContainsAny(label, ".:;,`") {
		return false
	}
	return namesNotes(label)
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
	case len(t) > 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t'):
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
	for n := 0; n < 8 && strings.HasPrefix(rest, ",") && strings.HasPrefix(strings.TrimSpace(rest[1:]), "`"); n++ {
		// "`go.mod`, `go.sum` — Reviewed": one disposition for several
		// files, read as the table row of the same text is (the first).
		r := strings.TrimSpace(rest[1:])
		end := strings.IndexByte(r[1:], '`')
		if end < 0 {
			break
		}
		rest = strings.TrimSpace(r[end+2:])
	}
	if strings.HasPrefix(rest, "(") {
		// "`a.go` (renamed) — Reviewed, no issues": a note on the file,
		// as in a table's file cell, before the separator.
		if end := strings.IndexByte(rest, ')'); end > 0 && end < 80 {
			after := strings.TrimSpace(rest[end+1:])
			for _, sep := range dispositionSeps {
				if strings.HasPrefix(after, sep) {
					rest = after
					break
				}
			}
		}
	}
	for _, sep := range dispositionSeps {
		if r, ok := strings.CutPrefix(rest, sep); ok {
			rest = r
			break
		}
	}
	return path, strings.TrimSpace(rest)
}

// dispositionSeps separate a coverage bullet's path from its disposition.
var dispositionSeps = []string{"—", "–", "-", ":", "→", "->"}

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

package finding

import (
	"strconv"
	"strings"
)

// coverage reads a Coverage Summary: table rows or bullets, one changed
// file each.
func coverage(src []byte, s *section) []Coverage {
	var out []Coverage
	for _, line := range strings.Split(s.text(src), "\n") {
		if c, ok := coverageLine(line); ok {
			out = append(out, c)
		}
	}
	return out
}

// coverageLine reads "| `path` | Reviewed, no issues |" or
// "- `path` — I1, S2".
func coverageLine(line string) (Coverage, bool) {
	t := strings.TrimSpace(line)
	var path, disp string
	switch {
	case strings.HasPrefix(t, "|"):
		cells := strings.Split(strings.Trim(t, "|"), "|")
		if len(cells) < 2 {
			return Coverage{}, false
		}
		path = cellPath(cells[0])
		disp = strings.TrimSpace(strings.Join(cells[1:], "|"))
	case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* "):
		rest := strings.TrimSpace(t[2:])
		path, disp = bulletPath(rest)
	default:
		return Coverage{}, false
	}
	if path == "" || strings.Trim(path, "-: ") == "" || strings.EqualFold(path, "file") {
		return Coverage{}, false
	}
	c := Coverage{Path: path}
	c.Status, c.FindingIDs, c.Note = disposition(disp)
	return c, true
}

// cellPath is the path in a table cell: `path`, [path](url), **path**.
func cellPath(cell string) string {
	c := strings.TrimSpace(cell)
	if toks := locationTokens(c); len(toks) > 0 {
		return strings.TrimSpace(toks[0])
	}
	return strings.TrimSpace(strings.Trim(c, "*"))
}

// bulletPath splits "`path` — disposition" (or ": disposition").
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
		path, rest = toks[0], s[k+1:]
	case strings.HasPrefix(s, "**"):
		j := strings.Index(s[2:], "**")
		if j < 0 {
			return "", ""
		}
		path, rest = strings.Trim(s[2:2+j], "`"), s[4+j:]
	default:
		return "", ""
	}
	if !strings.HasPrefix(s, "`") && !looksLikePath(strings.TrimRight(path, ":")) && !strings.Contains(path, ".") {
		return "", ""
	}
	rest = strings.TrimSpace(rest)
	for _, sep := range []string{"—", "–", "-", ":"} {
		if r, ok := strings.CutPrefix(rest, sep); ok {
			rest = r
			break
		}
	}
	return strings.TrimSpace(path), strings.TrimSpace(rest)
}

// disposition reads "Reviewed, no issues (note)", "Trivial", "**I1, S2**",
// "Finding 1, Finding 2". The note keeps what the ids do not say.
func disposition(d string) (status string, ids []string, note string) {
	plain := strings.TrimSpace(strings.Trim(strings.TrimSpace(d), "*"))
	low := strings.ToLower(plain)
	for _, p := range []string{"reviewed, no issues", "reviewed — no issues", "reviewed; no issues", "reviewed - no issues", "no issues"} {
		if strings.HasPrefix(low, p) {
			return "no-issues", nil, noteOf(plain[len(p):])
		}
	}
	if strings.HasPrefix(low, "trivial") {
		return "trivial", nil, noteOf(plain[len("trivial"):])
	}
	ids = findingIDs(d)
	if len(ids) == 0 {
		return "other", nil, strings.TrimSpace(d)
	}
	if onlyIDs(d) {
		return "findings", ids, ""
	}
	return "findings", ids, strings.TrimSpace(d)
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

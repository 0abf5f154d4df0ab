package finding

import (
	"strconv"
	"strings"
)

// entryStart is where one finding begins inside a group.
type entryStart struct {
	at       int      // offset of the entry's first line
	head     int      // offset where the title text starts (after a list marker)
	letter   byte     // 'C', 'I', 'S' from the id; 0 for style D
	number   string   // the id's number, or the list number of style D
	idInBold bool     // style E: "**I1. title**"
	worded   Severity // style F: the severity word that opens the entry
}

// findings extracts the entries of one severity group.
func findings(src []byte, s *section, next func(Severity) string) []Finding {
	starts := letterStarts(src, s)
	if len(starts) == 0 {
		starts = wordedStarts(src, s)
	}
	if len(starts) == 0 {
		starts = numberedStarts(src, s)
	}
	var out []Finding
	for i, st := range starts {
		end := s.end
		if i+1 < len(starts) {
			end = starts[i+1].at
		}
		out = append(out, entry(src, st, end, s.class.severity(), next))
	}
	return out
}

// letterStarts finds entries whose id carries the severity letter: "I1.",
// "**I1. title**", "- I1. …" (styles A, B, C, E).
func letterStarts(src []byte, s *section) []entryStart {
	var out []entryStart
	for _, b := range s.blocks {
		head, line, ok := headLine(src, b)
		if !ok {
			continue
		}
		letter, num, inBold, ok := letterID(line)
		if !ok {
			continue
		}
		out = append(out, entryStart{at: b.start, head: head, letter: letter, number: num, idInBold: inBold})
	}
	return out
}

// numberedStarts finds style D entries: items of an ordered list whose
// text opens with a bold title. Ordered items without one are body.
func numberedStarts(src []byte, s *section) []entryStart {
	var out []entryStart
	for _, b := range s.blocks {
		if b.kind != kItem || !b.ordered || !strings.HasPrefix(b.text, "**") {
			continue
		}
		out = append(out, entryStart{at: b.start, head: b.content, number: listNumber(src, b.start)})
	}
	return out
}

// headLine is where an entry that b opens would start — a paragraph's or
// list item's text, a heading's after its hashes — and the rest of that
// line; ok is false for blocks no entry opens.
func headLine(src []byte, b block) (head int, line string, ok bool) {
	if b.kind != kPara && b.kind != kItem && b.kind != kHeading {
		return 0, "", false
	}
	head = b.content
	if b.kind == kHeading {
		head = skipHashes(src, b.start)
	}
	return head, string(src[head:lineEnd(src, head)]), true
}

func skipHashes(src []byte, off int) int {
	for off < len(src) && (src[off] == '#' || src[off] == ' ' || src[off] == '\t') {
		off++
	}
	return off
}

// letterID recognises an id at the start of line: "C1.", "I12:", "**S3. ".
func letterID(line string) (letter byte, num string, inBold, ok bool) {
	s := strings.TrimLeft(line, " \t")
	if rest, cut := strings.CutPrefix(s, "**"); cut {
		s, inBold = rest, true
	}
	if len(s) < 3 || (s[0] != 'C' && s[0] != 'I' && s[0] != 'S') {
		return 0, "", false, false
	}
	i := 1
	for i < len(s) && i < 6 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 1 || i >= len(s) {
		return 0, "", false, false
	}
	switch {
	case s[i] == '.' || s[i] == ':' || s[i] == ')':
	case strings.HasPrefix(s[i:], " — ") || strings.HasPrefix(s[i:], " - ") || strings.HasPrefix(s[i:], " – "):
		// "**I1 — title**": a dash instead of the dot.
	default:
		return 0, "", false, false
	}
	if inBold && i+1 < len(s) && s[i+1] == '*' {
		// "**I1.** title": the bold holds the id only.
		inBold = false
	}
	return s[0], s[1:i], inBold, true
}

// listNumber is the number of the ordered list item starting at off.
func listNumber(src []byte, off int) string {
	i := off
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	j := i
	for j < len(src) && j-i < 9 && src[j] >= '0' && src[j] <= '9' {
		j++
	}
	return string(src[i:j])
}

// entry builds one finding from src[st.at:end].
func entry(src []byte, st entryStart, end int, group Severity, next func(Severity) string) Finding {
	headEnd := titleEnd(src, st.head, end, st.letter != 0)
	var t title
	if st.worded != "" {
		t = parseWorded(string(src[st.head:headEnd]))
	} else {
		t = parseTitle(string(src[st.head:headEnd]), st.letter != 0)
	}
	body := ""
	if headEnd < end {
		body = trimRaw(string(src[headEnd:end]))
	}
	if t.kind == "" {
		var tagSev Severity
		body, tagSev, t.kind = bodyTag(body)
		if t.severity == "" {
			t.severity = tagSev
		}
	}
	f := Finding{Kind: t.kind, Title: t.title, Locations: t.locations, Body: body, Fix: fixOf(body)}
	switch {
	case st.letter != 0:
		f.Severity = letterSeverity(st.letter)
		f.ID = string(st.letter) + st.number
	case st.worded != "":
		f.Severity = st.worded
		f.ID = next(f.Severity)
	default:
		f.Severity = group
		if f.Severity == "" {
			f.Severity = t.severity
		}
		if f.Severity == "" {
			f.Severity = Suggestion
		}
		f.ID = next(f.Severity)
	}
	if f.Locations == nil {
		f.Locations = []Location{}
	}
	return f
}

func letterSeverity(c byte) Severity {
	switch c {
	case 'C':
		return Critical
	case 'I':
		return Important
	}
	return Suggestion
}

// titleEnd is the end of the title line. A bold title that wraps onto the
// next lines extends it until the bold closes (at most a few lines).
func titleEnd(src []byte, head, end int, hasID bool) int {
	e := lineEnd(src, head)
	for n := 0; n < 3 && e < end && strings.Count(string(src[head:e]), "**")%2 == 1; n++ {
		next := lineEnd(src, e)
		if strings.TrimSpace(string(src[e:next])) == "" {
			break
		}
		e = next
	}
	// "**I1 — title**" with the location alone on the next line.
	if e < end && len(parseTitle(string(src[head:e]), hasID).locations) == 0 {
		next := lineEnd(src, e)
		if l := strings.TrimSpace(string(src[e:next])); (strings.HasPrefix(l, "`") || strings.HasPrefix(l, "[")) && hasLocation(l) {
			e = next
		}
	}
	if e > end {
		e = end
	}
	return e
}

// counter hands out style D ids per severity: I1, I2, …
type counter map[Severity]int

func (c counter) next(s Severity) string {
	c[s]++
	return s.Letter() + strconv.Itoa(c[s])
}

package finding

import (
	"bytes"
	"strings"
)

// normalize rewrites the layouts real agents write that CommonMark reads
// other than their author meant, before goldmark sees the review:
//
//   - a byte order mark before the review is dropped;
//   - a review wrapped whole in a fence (```markdown, ````md, a bare ```,
//     after a line or two of chatter, closed on its own line, glued to the
//     last line, or never) or indented four spaces is unwrapped, and again
//     when that uncovers another wrapper (the agent fenced its review and
//     the report that quotes it fenced or indented it again);
//   - a fence inside the review that holds entries or severity groups
//     (```` around the findings) is unwrapped;
//   - a fence left open is closed at the next section heading of the
//     level of the section it is in (or above), so it cannot swallow the
//     sections after it;
//   - a `---` line right after text (a table, a paragraph) is a rule, not
//     the underline of a setext heading;
//   - an entry right below a line of text ("I1. **a** …" then "I2. **b**
//     …", "2. **b**" or "**[IMPORTANT] b.go:3 — b**" after the last line
//     of the entry before) becomes a paragraph of its own.
//
// It returns src itself (without a byte order mark) when nothing needs
// rewriting.
func normalize(src []byte) []byte {
	src, _ = bytes.CutPrefix(src, []byte("\ufeff"))
	lines := splitLines(src)
	changed := false
	for range maxWrappers {
		l, dedented := dedent(lines)
		l, unwrapped := unwrapWhole(l)
		if !dedented && !unwrapped {
			break
		}
		lines, changed = l, true
	}
	out, ok := repair(lines)
	if !ok && !changed {
		return src
	}
	if !ok {
		return bytes.Join(lines, nil)
	}
	return out
}

// maxWrappers bounds the wrappers (fences, indentation) removed from
// around a whole review.
const maxWrappers = 3

// maxUnwrap bounds the inner fences unwrapped per review: each one is
// looked ahead to its end, and hostile input could hold many.
const maxUnwrap = 64

// repair is the main pass of normalize over the lines; ok is false when it
// changed nothing.
func repair(lines [][]byte) ([]byte, bool) {
	var out []byte
	changed := false
	start := func(i int) {
		if !changed {
			changed = true
			n := 0
			for _, l := range lines {
				n += len(l)
			}
			out = make([]byte, 0, n+64)
			for _, l := range lines[:i] {
				out = append(out, l...)
			}
		}
	}
	var open fence
	inFence := false
	curLevel := 0 // level of the last section heading outside fences
	drop := map[int]bool{}
	unwrapped := 0
	prevBlank := true
	var prev []byte
	for i, line := range lines {
		if drop[i] {
			start(i)
			continue
		}
		if inFence {
			f, isFence := fenceOf(line)
			if isFence && f.closes(open) {
				inFence = false
			} else if lvl, txt, ok := headingOf(line); ok && lvl <= curLevel && classify(txt) != secUnknown {
				// An unclosed fence ends at the next section heading of
				// its section's level (or above).
				start(i)
				out = append(out, open.String()+"\n"...)
				inFence = false
			}
			if inFence || isFence {
				if changed {
					out = append(out, line...)
				}
				prevBlank = false
				continue
			}
		}
		if f, ok := fenceOf(line); ok {
			if end := wrapperEnd(lines, i, f); end > 0 && unwrapped < maxUnwrap {
				unwrapped++
				start(i)
				if end < len(lines) {
					drop[end] = true
				}
				continue
			}
			open, inFence = f, true
		} else if !isBlank(line) && !prevBlank && (isDashRule(line) || gluedEntry(line, prev)) {
			// "| row |" then "---", or "I1. …" right after "I1. …".
			start(i)
			out = append(out, '\n')
		} else if lvl, txt, ok := headingOf(line); ok && classify(txt) != secUnknown {
			curLevel = lvl
		}
		if changed {
			out = append(out, line...)
		}
		prevBlank, prev = isBlank(line), line
	}
	return out, changed
}

// wrapperEnd decides whether the fence opened at lines[i] wraps review
// text rather than code: its info string is markdown, md or empty (empty
// only for fences of four or more characters), and the lines it holds
// include an entry or a severity group. It returns the index of its
// closing line (len(lines) when it is never closed), or 0.
func wrapperEnd(lines [][]byte, i int, f fence) int {
	info := strings.ToLower(f.info)
	if info != "markdown" && info != "md" && (info != "" || f.n < 4) {
		return 0
	}
	holds := false
	var inner fence
	in := false
	for j := i + 1; j < len(lines); j++ {
		g, ok := fenceOf(lines[j])
		switch {
		case ok && in:
			in = !g.closes(inner)
		case ok && g.closes(f):
			if holds {
				return j
			}
			return 0
		case ok:
			// A fence with an info string inside the wrapper opens a
			// block of its own ("```go" in a "```markdown" review).
			in, inner = true, g
		case !in:
			holds = holds || entryLine(lines[j]) || groupLine(lines[j])
		}
	}
	if holds {
		return len(lines)
	}
	return 0
}

// isDashRule reports whether line is a thematic break made of dashes,
// which right after text CommonMark reads as a setext underline.
func isDashRule(line []byte) bool {
	t := bytes.TrimSpace(line)
	if len(t) < 3 || len(line)-len(bytes.TrimLeft(line, " ")) > 3 {
		return false
	}
	return bytes.Count(t, []byte{'-'})+bytes.Count(t, []byte{' '}) == len(t) && bytes.Count(t, []byte{'-'}) >= 3
}

// entryLine reports whether line opens a severity-lettered entry with a
// bold title or a location: "I1. **title**", "**C2. title**", "- S3 — `a.go`".
func entryLine(line []byte) bool {
	t := bytes.TrimLeft(line, " \t")
	if len(t) > 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ' {
		t = bytes.TrimLeft(t[2:], " \t")
	}
	if len(t) < 4 {
		return false
	}
	if _, _, _, ok := letterID(string(t[:min(len(t), 16)])); !ok {
		return false
	}
	return bytes.Contains(t, []byte("**")) || bytes.IndexByte(t, '`') >= 0
}

// gluedEntry reports whether line opens an entry that the line of text
// right above it, prev, would take in as its continuation: a lettered
// entry (entryLine), a worded one ("**[IMPORTANT] a.go:3 — title**",
// style F), or a numbered one with a bold title ("2. **title**": CommonMark
// lets only a list that starts at 1 interrupt a paragraph) below a line
// of text that is no item of a list (there "2." is the next item).
func gluedEntry(line, prev []byte) bool {
	t := bytes.TrimLeft(line, " \t")
	if len(t) < 5 {
		return false
	}
	if t[0] == '[' || t[0] == '*' {
		if _, _, ok := severityPrefix(string(bytes.TrimRight(t, " \t\r\n"))); ok {
			return true
		}
	}
	if n := orderedMarker(t, 4); n > 0 && n+3 < len(t) {
		rest := bytes.TrimLeft(t[n+1:], " \t")
		return bytes.HasPrefix(rest, []byte("**")) && !bytes.Equal(t[:n], []byte("1")) && !listLine(prev)
	}
	return entryLine(line)
}

// orderedMarker is the number of digits of the ordered-list marker
// ("12. ", "3) ") line starts with, at most most of them, or 0.
func orderedMarker(line []byte, most int) int {
	n := 0
	for n < len(line) && n < most && line[n] >= '0' && line[n] <= '9' {
		n++
	}
	if n > 0 && n+1 < len(line) && (line[n] == '.' || line[n] == ')') && (line[n+1] == ' ' || line[n+1] == '\t') {
		return n
	}
	return 0
}

// listLine reports whether line is indented (the text of a list item) or
// opens a list item.
func listLine(line []byte) bool {
	if len(line) == 0 || line[0] == ' ' || line[0] == '\t' {
		return len(line) > 0
	}
	if len(line) > 1 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && (line[1] == ' ' || line[1] == '\t') {
		return true
	}
	return orderedMarker(line, 9) > 0
}

// groupLine reports whether line is a heading or bold label naming a
// severity group or the Findings wrapper.
func groupLine(line []byte) bool {
	if _, txt, ok := headingOf(line); ok {
		return classify(txt).isGroup()
	}
	label, ok := labelLine(string(bytes.TrimLeft(bytes.TrimSpace(line), "-*+ ")))
	if !ok {
		label, ok = labelLine(string(bytes.TrimSpace(line)))
	}
	return ok && classify(label).isGroup()
}

// sectionLine reports whether line is a heading or bold label naming a
// section of a review.
func sectionLine(line []byte) bool {
	if _, txt, ok := headingOf(line); ok {
		return classify(txt) != secUnknown
	}
	_, ok := labelLine(string(bytes.TrimSpace(line)))
	return ok
}

// unwrapWhole removes the fence a review is wrapped in: a fence with info
// markdown, md or none, opening the review or after a few lines of chatter
// (no heading before it), whose content holds the review's sections. Its
// closing is the fence line that only blank lines follow, else a fence
// glued to the end of the last line, else the end of the review.
func unwrapWhole(lines [][]byte) ([][]byte, bool) {
	open, f := -1, fence{}
	for i, l := range lines {
		if isBlank(l) {
			continue
		}
		if g, ok := fenceOf(l); ok {
			info := strings.ToLower(g.info)
			if info != "" && info != "markdown" && info != "md" {
				return lines, false
			}
			open, f = i, g
			break
		}
		if i >= 8 || sectionLine(l) {
			return lines, false
		}
		if _, _, ok := headingOf(l); ok {
			return lines, false
		}
	}
	if open < 0 {
		return lines, false
	}
	closeAt, holds := -1, false
	var inner fence
	in := false
	for j := open + 1; j < len(lines); j++ {
		l := lines[j]
		g, ok := fenceOf(l)
		switch {
		case ok && in:
			in = !g.closes(inner)
		case ok && g.closes(f) && onlyBlankAfter(lines, j):
			closeAt = j
		case ok:
			in, inner = true, g
		case !in && (sectionLine(bytes.TrimLeft(l, " \t")) || entryLine(l)):
			// Trimmed: the review inside may be indented as well.
			holds = true
		}
		if closeAt >= 0 {
			break
		}
	}
	if !holds {
		return lines, false
	}
	out := make([][]byte, 0, len(lines))
	out = append(out, lines[:open]...)
	if closeAt >= 0 {
		out = append(out, lines[open+1:closeAt]...)
		return append(out, lines[closeAt+1:]...), true
	}
	out = append(out, lines[open+1:]...)
	return unglue(out, f), true
}

func onlyBlankAfter(lines [][]byte, j int) bool {
	for _, l := range lines[j+1:] {
		if !isBlank(l) {
			return false
		}
	}
	return true
}

// unglue cuts a closing fence glued to the end of the last non-blank line
// ("All files examined.```").
func unglue(lines [][]byte, f fence) [][]byte {
	for k := len(lines) - 1; k >= 0; k-- {
		if isBlank(lines[k]) {
			continue
		}
		t := bytes.TrimRight(lines[k], " \t\r\n")
		cut := bytes.TrimRight(t, string(f.char))
		if len(t)-len(cut) >= f.n {
			lines[k] = append(bytes.Clone(cut), '\n')
		}
		break
	}
	return lines
}

// dedent removes four spaces (or a tab) of indentation from a review
// whose every non-blank line is indented, which CommonMark reads as one
// code block, when what the indentation hides is review text.
func dedent(lines [][]byte) ([][]byte, bool) {
	nonBlank, indented, sections := 0, 0, false
	for _, l := range lines {
		if isBlank(l) {
			continue
		}
		nonBlank++
		if bytes.HasPrefix(l, []byte("    ")) || l[0] == '\t' {
			indented++
			// Trimmed whole: under a second wrapper of indentation the
			// section lines are indented more than once.
			sections = sections || sectionLine(bytes.TrimLeft(l, " \t"))
		}
	}
	if nonBlank == 0 || indented*10 < nonBlank*9 || !sections {
		return lines, false
	}
	out := make([][]byte, len(lines))
	for i, l := range lines {
		out[i] = cutIndent(l)
	}
	return out, true
}

func cutIndent(l []byte) []byte {
	if len(l) > 0 && l[0] == '\t' {
		return l[1:]
	}
	n := 0
	for n < 4 && n < len(l) && l[n] == ' ' {
		n++
	}
	return l[n:]
}

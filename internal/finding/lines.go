package finding

import (
	"bytes"
	"strings"
)

// Line helpers for the scans that run before goldmark (normalize) or
// instead of it (SplitAppendix). They follow CommonMark where it matters
// for reviews: fences of three or more backticks or tildes, closed by a
// fence of the same character at least as long and without info string;
// ATX headings of one to six hashes (and deeper, as agents write them).

// fence is a fence line: its character, its length and its info string.
type fence struct {
	char byte
	n    int
	info string
}

// text is what the line scans read: a line of a []byte source or a string.
type textual interface{ ~string | ~[]byte }

// fenceOf reads a fence line. Any indentation is accepted: fences inside
// list items are indented.
func fenceOf[T textual](line T) (fence, bool) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if len(line)-i < 3 || (line[i] != '`' && line[i] != '~') {
		return fence{}, false
	}
	c := line[i]
	n := 0
	for i+n < len(line) && line[i+n] == c {
		n++
	}
	if n < 3 {
		return fence{}, false
	}
	info := strings.TrimSpace(string(line[i+n:]))
	if c == '`' && strings.IndexByte(info, '`') >= 0 {
		return fence{}, false // "```x```" is a code span, not a fence
	}
	return fence{char: c, n: n, info: info}, true
}

// closes reports whether f closes the fence o.
func (f fence) closes(o fence) bool { return f.char == o.char && f.n >= o.n && f.info == "" }

// String is the fence line that closes f.
func (f fence) String() string { return string(bytes.Repeat([]byte{f.char}, f.n)) }

// headingOf reads an ATX heading line ("### Findings", "####### x"),
// returning its level and text without the closing hashes.
func headingOf[T textual](line T) (int, string, bool) {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	n := 0
	for i+n < len(line) && line[i+n] == '#' {
		n++
	}
	if n == 0 || n > 9 || (i+n < len(line) && line[i+n] != ' ' && line[i+n] != '\t' && line[i+n] != '\n' && line[i+n] != '\r') {
		return 0, "", false
	}
	txt := strings.TrimSpace(string(line[i+n:]))
	txt = strings.TrimSpace(strings.TrimRight(txt, "#"))
	return n, txt, true
}

// isBlank reports whether line holds only white space.
func isBlank(line []byte) bool { return len(bytes.TrimSpace(line)) == 0 }

// splitLines cuts src into lines, each with its newline.
func splitLines(src []byte) [][]byte {
	out := make([][]byte, 0, bytes.Count(src, []byte{'\n'})+1)
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			out = append(out, src)
			break
		}
		out = append(out, src[:i+1])
		src = src[i+1:]
	}
	return out
}

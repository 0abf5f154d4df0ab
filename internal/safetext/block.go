package safetext

import (
	"bytes"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// maxRounds bounds the escape-and-parse-again rounds of Markdown; text
// still unsafe after them is fenced whole.
const maxRounds = 8

// Markdown returns s safe as block text of a Markdown document, placed
// after a blank line and followed by one (or as the content of a list
// item, every line indented under it). It keeps the text's formatting,
// except that outside code:
//
//   - headings become text ("\#", or the setext underline escaped);
//   - "<" is escaped, so no HTML element, comment or autolink opens (a
//     bare <br> inside a line is kept, as tables written by agents use
//     it);
//   - "[" is escaped, so no link, image or link reference definition
//     (which would retarget links anywhere in the report) exists;
//     plain URLs are still linked by GitHub;
//   - an entity's "&" is escaped (it could decode to "<" or "@");
//   - mentions get a zero-width space after the "@", and issue references
//     ("#12", "org/repo#12") one after the "#".
//
// A fence left open is closed. Text inside code is kept as it is. Each
// escape can change what the parser sees as code, so Markdown parses
// again until nothing changes, and checks the result; text it cannot
// make safe in a few rounds is returned fenced whole, as by Fence.
func Markdown(s string) string {
	clean := strings.TrimSpace(Clean(s))
	if clean == "" {
		return ""
	}
	src := []byte(clean)
	for range maxRounds {
		next := escapeRound(src)
		if bytes.Equal(next, src) {
			break
		}
		src = next
	}
	src = closeFence([]byte(noComment(string(src))))
	if problem(src) != "" {
		return Fence(clean, "text")
	}
	return string(src)
}

// escapeRound parses src and escapes, outside code, what Markdown says
// it escapes.
func escapeRound(src []byte) []byte {
	doc, _ := parse(src)
	code := codeSpans(doc, src)
	at := structureStarts(doc, src) // headings, and <br> kept
	var b bytes.Buffer
	b.Grow(len(src) + len(src)/16)
	ci := 0
	for i := 0; i < len(src); i++ {
		for ci < len(code) && code[ci].stop <= i {
			ci++
		}
		if ci < len(code) && code[ci].start <= i {
			b.Write(src[i:code[ci].stop])
			i = code[ci].stop - 1
			continue
		}
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src) && isPunct(src[i+1]) && src[i+1] != '@' && !(ci < len(code) && code[ci].start == i+1):
			b.Write(src[i : i+2]) // already escaped
			i++
		case at[i] == keep:
			b.WriteByte(c)
		case at[i] == escape, c == '<', c == '[':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '&' && entityAt(window(src, i), 0):
			b.WriteString(`\&`)
		case c == '@':
			b.WriteByte('@')
			if mentionAt(window(src, i), 0) {
				b.WriteString(zwsp)
			}
		case c == '#':
			b.WriteByte('#')
			if referenceAt(window(src, i), 0) && (i == 0 || src[i-1] != '&') { // "&#64;" is an escaped entity
				b.WriteString(zwsp)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.Bytes()
}

// window is the few bytes from src[i] that entityAt and mentionAt look
// at.
func window(src []byte, i int) string {
	return string(src[i:min(len(src), i+40)])
}

type span struct{ start, stop int }

// codeSpans are the byte ranges of src that the parser reads as code:
// the lines of code blocks and the text of code spans, in order.
func codeSpans(doc ast.Node, src []byte) []span {
	var spans []span
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				spans = append(spans, span{seg.Start, seg.Stop})
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					spans = append(spans, span{t.Segment.Start, t.Segment.Stop})
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	return spans
}

// Marks of structureStarts.
const (
	none   = iota
	escape // the first character of a heading's marker
	keep   // the "<" of a <br> tag
)

// structureStarts marks, by byte offset of src, where a heading's marker
// starts (the "#" of an ATX heading, the first "=" or "-" of a setext
// underline) and which "<" open a plain <br>.
func structureStarts(doc ast.Node, src []byte) []byte {
	at := make([]byte, len(src)+1)
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if i := headingMarker(n, src); i >= 0 {
				at[i] = escape
			}
		case *ast.RawHTML:
			if isBreak(n, src) {
				at[n.Pos()] = keep
			}
		}
		return ast.WalkContinue, nil
	})
	return at
}

// headingMarker is the offset of the character to escape so that the
// heading h is text: its "#" (h.Pos for an ATX heading), or the first
// "=" or "-" of the line after its text (a setext underline).
func headingMarker(h *ast.Heading, src []byte) int {
	p := h.Pos()
	if p >= 0 && p < len(src) && src[p] == '#' {
		return p
	}
	if h.Lines().Len() == 0 {
		return -1
	}
	end := h.Lines().At(h.Lines().Len() - 1).Stop
	nl := bytes.IndexByte(src[end:], '\n')
	if nl < 0 {
		return -1
	}
	for i := end + nl + 1; i < len(src) && src[i] != '\n'; i++ {
		if src[i] == '=' || src[i] == '-' {
			return i
		}
	}
	return -1
}

// isBreak reports whether the inline HTML n is a plain <br>, <br/> or
// <br />, the line break tag agents write in table cells.
func isBreak(n *ast.RawHTML, src []byte) bool {
	var tag []byte
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		tag = append(tag, seg.Value(src)...)
	}
	switch strings.ToLower(string(tag)) {
	case "<br>", "<br/>", "<br />":
		return true
	}
	return false
}

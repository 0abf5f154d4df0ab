package finding

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// kind is the role of one flattened block of a review.
type kind int

const (
	kPara    kind = iota // paragraph (or the rest of one after its label line)
	kHeading             // ATX/setext heading, or a "####### x" line (7+ hashes)
	kLabel               // a line that is only bold text naming a known section
	kItem                // one list item that is not a label
	kCode                // fenced or indented code
	kRule                // thematic break
	kOther               // HTML, tables and anything else
)

// block is one top-level (or label-flattened) piece of a review. Blocks
// are in source order; a block's bytes run from start to the next block's
// start, so the blocks cover the source without gaps.
type block struct {
	kind    kind
	level   int    // heading level
	text    string // heading or label text; first line for items and paragraphs
	start   int    // offset of the start of the block's first line
	content int    // offset where the block's own text starts (after a list marker)
	ordered bool   // item of an ordered list
	inline  int    // label with text after it on its line: where that text starts
	node    ast.Node
}

// markdown parses the block structure of a review. The parser reads
// blocks from the AST and their text from the source, never the inline
// nodes, so goldmark's inline parsers (emphasis, code spans, links) are
// left out: they do not change where blocks begin and end, and they cost
// as much as the block parse itself.
var markdown = parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
)

// parseBlocks parses src with goldmark and flattens it into blocks.
func parseBlocks(src []byte) []block {
	doc := markdown.Parse(text.NewReader(src))
	var f flattener
	f.src = src
	f.children(doc)
	return f.out
}

type flattener struct {
	src   []byte
	out   []block
	depth int
}

func (f *flattener) children(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		f.node(c)
	}
}

func (f *flattener) add(b block) {
	b.start = lineStart(f.src, b.start)
	f.out = append(f.out, b)
}

func (f *flattener) node(n ast.Node) {
	pos := n.Pos()
	if pos < 0 {
		return
	}
	switch n := n.(type) {
	case *ast.Heading:
		f.add(block{kind: kHeading, level: n.Level, text: inlineText(n, f.src), start: pos, content: pos, node: n})
	case *ast.Paragraph, *ast.TextBlock:
		f.paragraph(n, pos)
	case *ast.List:
		f.list(n)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		f.add(block{kind: kCode, start: pos, content: pos, node: n})
	case *ast.ThematicBreak:
		f.add(block{kind: kRule, start: pos, content: pos, node: n})
	default:
		f.add(block{kind: kOther, start: pos, content: pos, node: n})
	}
}

// paragraph adds a paragraph, splitting its leading label lines off it:
// a bold "**Critical Issues**" followed on the next line by "None." is one
// paragraph to goldmark but a label and its content to a review, and so
// are "**Design Observations**" then "**Concerns**" on the next line.
func (f *flattener) paragraph(n ast.Node, pos int) {
	lines := n.Lines()
	if lines.Len() == 0 {
		f.add(block{kind: kOther, start: pos, content: pos, node: n})
		return
	}
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		at := seg.Start
		if i == 0 {
			at = pos
		}
		line := string(bytes.TrimRight(seg.Value(f.src), " \t\r\n"))
		if lvl, txt, ok := deepHeading(line); ok {
			f.add(block{kind: kHeading, level: lvl, text: txt, start: at, content: at, node: n})
			continue
		}
		if label, ok := labelLine(line); ok {
			f.add(block{kind: kLabel, text: label, start: at, content: at, node: n})
			continue
		}
		if label, rest, ok := inlineLabel(line); ok {
			// "**Strengths** — small API": the label classifies what follows
			// it, starting with the rest of its own line.
			in := seg.Start + rest
			f.add(block{kind: kLabel, text: label, start: at, content: at, inline: in, node: n})
			f.out = append(f.out, block{kind: kPara, text: line[rest:], start: in, content: in, node: n})
			return
		}
		f.add(block{kind: kPara, text: strings.TrimSpace(line), start: at, content: at, node: n})
		return
	}
}

func (f *flattener) list(l *ast.List) {
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		pos := it.Pos()
		if pos < 0 {
			continue
		}
		first := it.FirstChild()
		var line string
		content := pos
		if first != nil && first.Type() == ast.TypeBlock && first.Lines().Len() > 0 {
			seg := first.Lines().At(0)
			line = string(bytes.TrimRight(seg.Value(f.src), " \t\r\n"))
			content = seg.Start
		}
		// Style C: "- **Important Issues**" with the entries indented below.
		// Only the outer lists are looked into, which bounds the recursion.
		_, isLabel := labelLine(line)
		if _, _, ok := inlineLabel(line); ok {
			isLabel = true
		}
		if isLabel && first != nil && f.depth < 4 {
			f.depth++
			f.paragraph(first, first.Lines().At(0).Start)
			for c := first.NextSibling(); c != nil; c = c.NextSibling() {
				f.node(c)
			}
			f.depth--
			continue
		}
		f.add(block{kind: kItem, text: line, start: pos, content: content, ordered: l.IsOrdered(), node: it})
	}
}

// deepHeading recognises "####### Critical Issues": agents nest headings
// below level 6, which CommonMark reads as a paragraph.
func deepHeading(line string) (int, string, bool) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n < 7 || n >= len(line) || (line[n] != ' ' && line[n] != '\t') {
		return 0, "", false
	}
	return n, strings.Trim(strings.TrimSpace(line[n:]), "#"), true
}

// labelLine reports whether line is only bold text that names a known
// section ("**Critical Issues**", "**Strengths:**"), and returns the text.
func labelLine(line string) (string, bool) {
	s := strings.TrimSpace(line)
	if !strings.HasPrefix(s, "**") || len(s) < 5 {
		return "", false
	}
	inner, ok := strings.CutPrefix(s, "**")
	if !ok {
		return "", false
	}
	end := strings.Index(inner, "**")
	if end < 0 {
		return "", false
	}
	rest := strings.TrimSpace(inner[end+2:])
	if rest != "" && rest != ":" {
		return "", false
	}
	label := inner[:end]
	if classify(label) == secUnknown {
		return "", false
	}
	return label, true
}

// inlineLabel reads a design label with its first item on the same line:
// "**Strengths** — small API", "**Concerns:** the lock is global". It
// returns the label and the offset in line of the text after it. Only
// the design labels are read this way: a bold word opening a line of a
// finding's body ("**Documentation** — …") must not end the finding.
func inlineLabel(line string) (string, int, bool) {
	if !strings.HasPrefix(line, "**") {
		return "", 0, false
	}
	end := strings.Index(line[2:], "**")
	if end < 0 {
		return "", 0, false
	}
	label := line[2 : 2+end]
	if c := classify(label); c != secConcerns && c != secStrengths {
		return "", 0, false
	}
	rest := line[2+end+2:]
	trimmed := strings.TrimLeft(rest, " \t")
	for _, sep := range []string{"—", "–", "-", ":"} {
		if r, ok := strings.CutPrefix(trimmed, sep); ok {
			trimmed = strings.TrimLeft(r, " \t")
			break
		}
	}
	if trimmed == "" || len(trimmed) == len(strings.TrimLeft(rest, " \t")) && !strings.HasSuffix(label, ":") {
		return "", 0, false // nothing after it, or no separator
	}
	return label, len(line) - len(trimmed), true
}

// inlineText is the plain text of a heading: its source line without
// emphasis markers.
func inlineText(n *ast.Heading, src []byte) string {
	lines := n.Lines()
	var b strings.Builder
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	return strings.TrimSpace(b.String())
}

// lineStart is the offset of the start of the line holding off.
func lineStart(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

// lineEnd is the offset just past the end of the line holding off
// (after its newline), or len(src).
func lineEnd(src []byte, off int) int {
	if off >= len(src) {
		return len(src)
	}
	i := bytes.IndexByte(src[off:], '\n')
	if i < 0 {
		return len(src)
	}
	return off + i + 1
}

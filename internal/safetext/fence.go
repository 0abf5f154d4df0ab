package safetext

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Fence returns s as a fenced code block that nothing in s can close: its
// fence is a backtick run longer than any in s. info is the block's info
// string ("markdown", "text"), cleaned of what cannot be in it.
func Fence(s, info string) string {
	s = strings.TrimRight(noComment(Clean(s)), " \t\n")
	s = strings.TrimLeft(s, "\n")
	info = strings.Map(func(r rune) rune {
		if r == '`' || r == '\n' || r == '\t' {
			return -1
		}
		return r
	}, Clean(info))
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	if s == "" {
		return fence + info + "\n" + fence
	}
	return fence + info + "\n" + s + "\n" + fence
}

// Labelled writes a label ("Fix:") before block, a result of Markdown:
// on the same line when block opens with a paragraph, on a line of its
// own otherwise, so that a block opening with a fence, a list or a table
// stays one ("Fix: ```diff" would not).
func Labelled(label, block string) string {
	if block == "" {
		return label
	}
	doc, _ := parse([]byte(block))
	if p := doc.FirstChild(); p != nil && p.Kind() == ast.KindParagraph && p.Pos() == 0 {
		return label + " " + block
	}
	return label + "\n\n" + block
}

// Trailed appends tail (an attribution) to block, a result of Markdown:
// on its last line when block ends with a paragraph, as a paragraph of
// its own otherwise — after a closing fence it would stop the fence from
// closing, after a table it would become a row.
func Trailed(block, tail string) string {
	if block == "" {
		return tail
	}
	doc, _ := parse([]byte(block))
	if last := doc.LastChild(); last != nil && last.Kind() == ast.KindParagraph {
		return block + " " + tail
	}
	return block + "\n\n" + tail
}

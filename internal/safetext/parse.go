package safetext

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// gfm parses as GitHub does: CommonMark with tables, strikethrough, task
// lists and autolinked URLs. It is never changed after it is built.
var gfm = goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()

func parse(src []byte) (ast.Node, parser.Context) {
	pc := parser.NewContext()
	return gfm.Parse(text.NewReader(src), parser.WithContext(pc)), pc
}

// probe is a heading appended after the text to see whether something in
// the text (an open fence) would swallow what follows it in the report.
const probe = "\n\n# safetext probe\n"

// closeFence appends a closing fence when a fence at the text's top
// level is left open, so it does not swallow the rest of the report.
func closeFence(src []byte) []byte {
	if swallows(src) == nil {
		return src
	}
	doc, _ := parse(src)
	last := doc.LastChild()
	f, ok := last.(*ast.FencedCodeBlock)
	if !ok || f.Pos() < 0 || f.Pos() >= len(src) {
		return src
	}
	c := src[f.Pos()]
	n := 0
	for i := f.Pos(); i < len(src) && src[i] == c; i++ {
		n++
	}
	out := append(bytes.TrimRight(src, " \t\n"), '\n')
	return append(out, bytes.Repeat([]byte{c}, n)...)
}

// swallows says how the text would change what follows it, or nil.
func swallows(src []byte) error {
	with := append(append([]byte{}, src...), probe...)
	doc, _ := parse(with)
	h, ok := doc.LastChild().(*ast.Heading)
	if !ok || h.Pos() != len(src)+2 {
		return fmt.Errorf("the text swallows what follows it")
	}
	return nil
}

// problem returns what makes src unsafe as block text, or "": a
// heading, HTML other than <br>, a link, an image, an autolink in angle
// brackets, a link reference definition, a mention or a comment opener
// outside code, or swallowing what follows.
func problem(src []byte) string {
	if err := swallows(src); err != nil {
		return err.Error()
	}
	doc, pc := parse(src)
	if len(pc.References()) > 0 {
		return "a link reference definition"
	}
	var found string
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			found = "a heading"
		case *ast.HTMLBlock:
			found = "an HTML block"
		case *ast.RawHTML:
			if !isBreak(n, src) {
				found = "inline HTML"
			}
		case *ast.Link, *ast.Image:
			found = "a link"
		case *ast.AutoLink:
			if p := n.Pos(); p >= 0 && p < len(src) && src[p] == '<' {
				found = "an autolink"
			}
		}
		if found != "" {
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if found != "" {
		return found
	}
	return proseProblem(src, codeSpans(doc, src))
}

// proseProblem finds a mention or a comment opener outside code.
func proseProblem(src []byte, code []span) string {
	prev := 0
	for _, c := range append(code, span{len(src), len(src)}) {
		if c.start < prev {
			continue
		}
		prose := string(src[prev:c.start])
		if strings.Contains(prose, "<!--") {
			return "a comment"
		}
		for i := strings.IndexByte(prose, '@'); i >= 0; {
			if mentionAt(prose, i) {
				return "a mention"
			}
			j := strings.IndexByte(prose[i+1:], '@')
			if j < 0 {
				break
			}
			i += j + 1
		}
		prev = c.stop
	}
	return ""
}

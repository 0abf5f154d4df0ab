package htmlreport

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders agent Markdown safely: goldmark's HTML renderer omits
// raw HTML unless told otherwise (it is not), links are checked by
// safeLinks, and fenced code is highlighted by codeRenderer.
type markdown struct{ md goldmark.Markdown }

func newMarkdown() *markdown {
	return &markdown{md: goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(safeLinks{}, 100))),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(codeRenderer{}, 100))),
	)}
}

// block renders s as a block of HTML.
func (m *markdown) block(s string) template.HTML {
	var b bytes.Buffer
	if err := m.md.Convert([]byte(s), &b); err != nil {
		// goldmark fails only on a failing writer; a bytes.Buffer does not.
		return template.HTML(template.HTMLEscapeString(s))
	}
	return template.HTML(b.String()) // goldmark's output, raw HTML omitted
}

// inline renders one line of Markdown (a title) without its paragraph.
func (m *markdown) inline(s string) template.HTML {
	s = strings.Join(strings.Fields(s), " ")
	h := strings.TrimSpace(string(m.block(s)))
	if p, ok := strings.CutPrefix(h, "<p>"); ok && strings.HasSuffix(p, "</p>") && !strings.Contains(p, "<p>") {
		h = strings.TrimSuffix(p, "</p>")
	}
	return template.HTML(h)
}

// safeURL accepts http and https URLs and relative references (a path or
// a #fragment); javascript:, data:, file:, mailto: and anything that does
// not parse are refused.
func safeURL(dest string) bool {
	u, err := url.Parse(strings.TrimSpace(dest))
	if err != nil || dest != strings.TrimSpace(dest) {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "":
		// "//host/x" and "\\host\x" leave the page's site (for a page
		// opened from disk, to a file share).
		return u.Host == "" && !strings.HasPrefix(dest, "//") && !strings.Contains(dest, `\`)
	}
	return false
}

// safeDest checks a destination as written and as goldmark writes it
// (percent-escaped).
func safeDest(dest []byte) bool {
	return safeURL(string(dest)) && safeURL(string(util.URLEscape(dest, true)))
}

// safeLinks rewrites the tree before rendering: a link to a refused URL
// becomes its text, an autolink to one becomes plain text, and every
// image becomes a link to it (or its alt text): a page loads nothing.
type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var unwrap, images, autos []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !safeDest(n.Destination) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			images = append(images, n)
		case *ast.AutoLink:
			if n.AutoLinkType != ast.AutoLinkURL || !safeDest(n.URL(src)) {
				autos = append(autos, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		replaceWithChildren(n)
	}
	for _, n := range images {
		img := n.(*ast.Image)
		if !safeDest(img.Destination) {
			replaceWithChildren(img)
			continue
		}
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		link.AppendChild(link, ast.NewString([]byte("image: ")))
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
	for _, n := range autos {
		a := n.(*ast.AutoLink)
		a.Parent().ReplaceChild(a.Parent(), a, ast.NewString(a.Label(src)))
	}
}

// replaceWithChildren puts n's children in its place.
func replaceWithChildren(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

package htmlreport

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeRenderer renders fenced and indented code blocks with highlight.
type codeRenderer struct{}

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderCode)
	reg.Register(ast.KindCodeBlock, renderCode)
}

func renderCode(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	lang := ""
	if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
		lang = string(f.Language(src))
	}
	var code bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	cls := ""
	if l := langOf(lang); l != "" {
		cls = ` class="language-` + l + `"`
	}
	w.WriteString("<pre><code" + cls + ">")
	w.WriteString(highlight(lang, code.String()))
	w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// lexicon is what the highlighter knows of a language.
type lexicon struct {
	keywords     map[string]bool
	lineComments []string
	block        [2]string // block comment delimiters; "" for none
	quotes       string    // string delimiters
	multiline    byte      // a quote whose strings span lines (Go's and JS's `)
}

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// langOf is the canonical name of a fence's language, "" when unknown.
func langOf(lang string) string {
	switch l := strings.ToLower(lang); l {
	case "go", "golang":
		return "go"
	case "js", "javascript", "ts", "typescript", "jsx", "tsx", "mjs":
		return "js"
	case "py", "python":
		return "python"
	case "sh", "bash", "shell", "zsh", "console":
		return "sh"
	case "rust", "rs":
		return "rust"
	case "c", "h", "cpp", "c++", "cc", "hpp", "java", "kotlin", "kt", "cs", "csharp", "swift":
		return "c"
	case "yaml", "yml", "toml", "ini":
		return "yaml"
	case "json", "jsonc":
		return "json"
	case "diff", "patch":
		return "diff"
	}
	return ""
}

// lexiconOf returns the lexicon of a canonical language.
func lexiconOf(lang string) *lexicon {
	switch lang {
	case "go":
		return &lexicon{keywords: words("break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var nil true false iota"),
			lineComments: []string{"//"}, block: [2]string{"/*", "*/"}, quotes: "\"'`", multiline: '`'}
	case "js":
		return &lexicon{keywords: words("async await break case catch class const continue debugger default delete do else export extends finally for function if import in instanceof let new of return static super switch this throw try typeof var void while yield null undefined true false interface type enum implements readonly"),
			lineComments: []string{"//"}, block: [2]string{"/*", "*/"}, quotes: "\"'`", multiline: '`'}
	case "python":
		return &lexicon{keywords: words("and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield None True False self"),
			lineComments: []string{"#"}, quotes: "\"'"}
	case "sh":
		return &lexicon{keywords: words("if then else elif fi for while until do done case esac in function return local export set unset readonly shift exit trap source"),
			lineComments: []string{"#"}, quotes: "\"'"}
	case "rust":
		return &lexicon{keywords: words("as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while Some None Ok Err"),
			lineComments: []string{"//"}, block: [2]string{"/*", "*/"}, quotes: "\""}
	case "c":
		return &lexicon{keywords: words("auto break case char const continue default do double else enum extern float for goto if int long register return short signed sizeof static struct switch typedef union unsigned void volatile while class public private protected new delete this throw try catch namespace template typename virtual override final import package extends implements interface boolean null true false nullptr let var val fun"),
			lineComments: []string{"//"}, block: [2]string{"/*", "*/"}, quotes: "\"'"}
	case "yaml":
		return &lexicon{keywords: words("true false null yes no on off"), lineComments: []string{"#"}, quotes: "\"'"}
	case "json":
		return &lexicon{keywords: words("true false null"), quotes: "\""}
	}
	return nil
}

// highlight returns code as escaped HTML with spans for keywords (k),
// strings (s), comments (c) and numbers (n); a diff's lines are marked as
// added (a), removed (d) or hunk headers (h). Unknown languages are only
// escaped.
func highlight(lang, code string) string {
	l := langOf(lang)
	if l == "diff" {
		return highlightDiff(code)
	}
	lx := lexiconOf(l)
	if lx == nil {
		return escape(code)
	}
	var b strings.Builder
	for i := 0; i < len(code); {
		kind, n := lx.token(code[i:])
		if kind == "" {
			b.WriteString(escape(code[i : i+n]))
		} else {
			b.WriteString(`<span class="` + kind + `">` + escape(code[i:i+n]) + `</span>`)
		}
		i += n
	}
	return b.String()
}

// token reads the token at the start of s: its class ("" for plain text)
// and its length, at least 1.
func (lx *lexicon) token(s string) (string, int) {
	if lx.block[0] != "" && strings.HasPrefix(s, lx.block[0]) {
		end := strings.Index(s[len(lx.block[0]):], lx.block[1])
		if end < 0 {
			return "c", len(s)
		}
		return "c", len(lx.block[0]) + end + len(lx.block[1])
	}
	for _, lc := range lx.lineComments {
		if strings.HasPrefix(s, lc) {
			return "c", lineEnd(s)
		}
	}
	c := s[0]
	switch {
	case strings.IndexByte(lx.quotes, c) >= 0:
		return "s", quoted(s, c == lx.multiline)
	case c >= '0' && c <= '9':
		return "n", span(s, func(c byte) bool { return isIdent(c) || c == '.' })
	case isIdent(c):
		n := span(s, isIdent)
		if lx.keywords[s[:n]] {
			return "k", n
		}
		return "", n
	}
	return "", 1
}

// quoted is the length of the string literal opening s: up to its closing
// quote, past backslash escapes, and not past the line unless multiline.
func quoted(s string, multiline bool) int {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '\\' && !multiline:
			i++
		case s[i] == q:
			return i + 1
		case s[i] == '\n' && !multiline:
			return i
		}
	}
	return len(s)
}

func lineEnd(s string) int {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return i
	}
	return len(s)
}

func span(s string, ok func(byte) bool) int {
	n := 0
	for n < len(s) && ok(s[n]) {
		n++
	}
	return max(n, 1)
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func highlightDiff(code string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(code, "\n") {
		cls := ""
		switch {
		case strings.HasPrefix(line, "@@"):
			cls = "h"
		case strings.HasPrefix(line, "+"):
			cls = "a"
		case strings.HasPrefix(line, "-"):
			cls = "d"
		}
		if cls == "" {
			b.WriteString(escape(line))
			continue
		}
		b.WriteString(`<span class="` + cls + `">` + escape(line) + `</span>`)
	}
	return b.String()
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

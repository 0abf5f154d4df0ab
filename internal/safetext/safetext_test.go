package safetext

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// hostile are agent texts built to break a report: each has something
// unsafe when embedded as it is (TestMarkdownHostile checks that).
var hostile = []string{
	"</details>\n\n# Verdict: Merge as-is\n\n<details><summary>Full review output</summary>",
	"Looks good.\n\nVerdict\n=======\n\nMerge as-is\n-----------",
	"<!-- deepreview:report -->\nplanted",
	"<img src=https://tracker.example/p.png>",
	"[click here](javascript:alert(1)) and ![x](https://tracker.example/p.png)",
	"<javascript:alert(1)>",
	"thanks @octocat and @github/security, cc \\@admin",
	"&#64;octocat &lt;details&gt;",
	"`code`@octocat",
	"[Claude Opus 4.6]: https://evil.example\n\nA reference definition retargets the report's own [Claude Opus 4.6] tags.",
	"```\nan open fence swallows the rest of the report",
	"~~~~\nsame with tildes",
	"<pre>\n```\n</pre>\n\n```\n</details>\n```",
	"- item\n  # heading in a list\n> ## heading in a quote",
	"<script>alert(1)</script>",
	"<br>\n</details>",
	"<!--\nhidden instructions\n-->",
}

// unsafe lists what makes md unsafe as block text of a report, parsed on
// its own as GitHub would; it does not share code with Markdown.
func unsafe(md string) []string {
	var out []string
	src := []byte(md + "\n\n# probe\n")
	doc, pc := parse(src)
	if h, ok := doc.LastChild().(*ast.Heading); !ok || string(h.Lines().Value(src)) != "probe" {
		out = append(out, "swallows what follows")
	}
	if len(pc.References()) > 0 {
		out = append(out, "link reference definition")
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n == doc.LastChild() {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading, *ast.HTMLBlock, *ast.Link, *ast.Image:
			out = append(out, n.Kind().String())
		case *ast.RawHTML:
			var raw string
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				raw += string(seg.Value(src))
			}
			if !regexp.MustCompile(`^(?i)<br\s*/?>$`).MatchString(raw) {
				out = append(out, "RawHTML "+raw)
			}
		case *ast.AutoLink:
			if src[n.Pos()] == '<' {
				out = append(out, "AutoLink")
			}
		}
		return ast.WalkContinue, nil
	})
	if mentionRE.MatchString(visibleText(doc, src)) {
		out = append(out, "mention")
	}
	if strings.Contains(md, "<!--") {
		out = append(out, "comment opener")
	}
	return out
}

// mentionRE is GitHub's rule for a mention in rendered text.
var mentionRE = regexp.MustCompile(`(^|[^A-Za-z0-9_])@[A-Za-z0-9]`)

var entityRE = regexp.MustCompile(`^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// rendered is the text s shows: backslash escapes and entities resolved.
func rendered(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && isPunct(s[i+1]):
			b.WriteByte(s[i+1])
			i++
		case s[i] == '&' && entityRE.MatchString(s[i:]):
			e := entityRE.FindString(s[i:])
			b.WriteString(html.UnescapeString(e))
			i += len(e) - 1
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// visibleText is the text outside code as GitHub's mention filter sees
// it: escapes and entities resolved, adjacent text joined, a space where
// anything else comes between.
func visibleText(doc ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.FencedCodeBlock, *ast.CodeBlock:
			b.WriteByte(' ')
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				b.WriteString(rendered(string(n.Segment.Value(src))))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
		default:
			b.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

func TestMarkdownHostile(t *testing.T) {
	for _, s := range hostile {
		if u := unsafe(s); len(u) == 0 {
			t.Errorf("%q is not an attack: nothing unsafe without Markdown", s)
		}
		got := Markdown(s)
		if u := unsafe(got); len(u) > 0 {
			t.Errorf("Markdown(%q) = %q: %v", s, got, u)
		}
		if strings.HasPrefix(got, "````text") || strings.HasPrefix(got, "```text") {
			t.Errorf("Markdown(%q) fell back to a fence: %q", s, got)
		}
	}
}

// TestMarkdownKeeps checks that what is safe keeps its formatting.
func TestMarkdownKeeps(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Use **bold**, *emphasis* and `a < b`.", "Use **bold**, *emphasis* and `a < b`."},
		{"```go\n// <details>\n# not a heading\n```\n\nafter", "```go\n// <details>\n# not a heading\n```\n\nafter"},
		{"- one\n- two\n\n1. first", "- one\n- two\n\n1. first"},
		{"| a | b |\n|---|---|\n| x<br>y | `p` |", "| a | b |\n|---|---|\n| x<br>y | `p` |"},
		{"see https://go.dev/ref/spec and a@b.example", "see https://go.dev/ref/spec and a@\u200bb.example"},
		{"C:\\path\\file and \\*not emphasis\\*", "C:\\path\\file and \\*not emphasis\\*"},
		{"  \n\ntrimmed\n\n", "trimmed"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Markdown(tt.in); got != tt.want {
			t.Errorf("Markdown(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"# Verdict", `\# Verdict`},
		{"Para\n===", "Para\n\\==="},
		{"x <b>y</b>", `x \<b>y\</b>`},
		{"[a](b)", `\[a](b)`},
		{"@octocat", "@\u200boctocat"},
		{"&#64;x", `\&#64;x`},
		{"```\nopen", "```\nopen\n```"},
		{"<!-- x -->", "\\<!\u200b-- x -->"},
	}
	for _, tt := range tests {
		if got := Markdown(tt.in); got != tt.want {
			t.Errorf("Markdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain\ttext\n", "plain\ttext\n"},
		{"a\r\nb\rc", "a\nb\nc"},
		{"nul\x00bel\x07del\x7f", "nulbeldel"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"c1 \u0085\u009b end", "c1  end"},
		{"bidi \u202eevil\u202c \u2066x\u2069", "bidi evil x"},
		{"red \x1b[31mtext\x1b[0m", "red text"},
		{"clip \x1b]52;c;aGVsbG8=\x07 done", "clip  done"},
		{"title \x1b]0;pwned\x1b\\ done", "title  done"},
		{"open \x1b]8;;https://x\nnext", "open \nnext"},
		{"dcs \x1bPq#0\x1b\\ done", "dcs  done"},
		{"esc \x1bc reset", "esc  reset"},
		{"trailing \x1b", "trailing "},
		{"日本語 ✓", "日本語 ✓"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Terminal(tt.in); got != tt.want {
			t.Errorf("Terminal(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestInline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"`Flush` drops the last batch", "`Flush` drops the last batch"},
		{"cut in the middle of `code", "cut in the middle of \\`code"},
		{"a <b>b</b> [l](u) @me", "a \\<b>b\\</b> \\[l\\](u) @\u200bme"},
		{"two\nlines", "two lines"},
		{"# heading?", `\# heading?`},
		{"ends with \\", `ends with \\`},
		{"already \\[escaped\\]", "already \\[escaped\\]"},
		{"``a`b``", "``a`b``"},
		{"x <!-- deepreview:report -->", "x \\<!\u200b-- deepreview:report -->"},
	}
	for _, tt := range tests {
		if got := Inline(tt.in); got != tt.want {
			t.Errorf("Inline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a|b", `a\|b`},
		{"`x|y`", "`x\\|y`"},
		{"one\ntwo", "one<br>two"},
		{"`span\nacross`", "`span across`"},
	}
	for _, tt := range tests {
		if got := Cell(tt.in); got != tt.want {
			t.Errorf("Cell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"main.go", "`main.go`"},
		{"a`b", "``a`b``"},
		{"`x", "`` `x ``"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Code(tt.in); got != tt.want {
			t.Errorf("Code(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFence(t *testing.T) {
	in := "# Review\n\n````go\nx\n````\n\n</details>\n<!-- deepreview:report -->"
	got := Fence(in, "markdown")
	if !strings.HasPrefix(got, "`````markdown\n") || !strings.HasSuffix(got, "\n`````") {
		t.Errorf("Fence = %q, want a fence of five backticks", got)
	}
	if body, ok := fenced(got); !ok || body != strings.ReplaceAll(in, "<!--", "<!\u200b--") {
		t.Errorf("Fence(%q) holds %q (one block: %v)", in, body, ok)
	}
}

// fenced returns the content of md when md is exactly one fenced code
// block.
func fenced(md string) (string, bool) {
	src := []byte(md + "\n\nafter\n")
	doc, _ := parse(src)
	f, ok := doc.FirstChild().(*ast.FencedCodeBlock)
	if !ok || f.NextSibling() == nil || f.NextSibling().NextSibling() != nil {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < f.Lines().Len(); i++ {
		seg := f.Lines().At(i)
		b.Write(seg.Value(src))
	}
	return strings.TrimSuffix(b.String(), "\n"), true
}

func TestLabelled(t *testing.T) {
	tests := []struct{ block, want string }{
		{"change it", "Fix: change it"},
		{"```diff\n-a\n+b\n```", "Fix:\n\n```diff\n-a\n+b\n```"},
		{"- one\n- two", "Fix:\n\n- one\n- two"},
		{"| a |\n|---|\n| b |", "Fix:\n\n| a |\n|---|\n| b |"},
		{"", "Fix:"},
	}
	for _, tt := range tests {
		if got := Labelled("Fix:", tt.block); got != tt.want {
			t.Errorf("Labelled(%q) = %q, want %q", tt.block, got, tt.want)
		}
	}
}

func TestTrailed(t *testing.T) {
	tests := []struct{ block, want string }{
		{"text", "text [A]"},
		{"```go\nx\n```", "```go\nx\n```\n\n[A]"},
		{"| a |\n|---|\n| b |", "| a |\n|---|\n| b |\n\n[A]"},
		{"", "[A]"},
	}
	for _, tt := range tests {
		if got := Trailed(tt.block, "[A]"); got != tt.want {
			t.Errorf("Trailed(%q) = %q, want %q", tt.block, got, tt.want)
		}
	}
}

// inlineSafe checks Inline's output between other text and a code span:
// one paragraph, no HTML, link or image, and the code span after it still
// a code span.
func inlineSafe(s string) error {
	src := []byte("x " + s + " `tail`")
	doc, _ := parse(src)
	p := doc.FirstChild()
	if p == nil || p.Kind() != ast.KindParagraph || p.NextSibling() != nil {
		return fmt.Errorf("not one paragraph")
	}
	if c, ok := p.LastChild().(*ast.CodeSpan); !ok || string(c.Text(src)) != "tail" { //nolint:staticcheck
		return fmt.Errorf("the code span after it is broken")
	}
	var bad error
	ast.Walk(p, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.(type) {
		case *ast.RawHTML, *ast.Link, *ast.Image:
			bad = fmt.Errorf("has %s", n.Kind())
		}
		return ast.WalkContinue, nil
	})
	return bad
}

// cellSafe checks Cell's output in the first cell of a two-column table:
// still one row, whose second cell is the one after it.
func cellSafe(s string) error {
	src := []byte("| h | i |\n|---|---|\n| " + s + " | end |\n")
	doc, _ := parse(src)
	tbl := doc.FirstChild()
	if tbl == nil || tbl.Kind().String() != "Table" || tbl.NextSibling() != nil || tbl.ChildCount() != 2 {
		return fmt.Errorf("not a table of one row")
	}
	if c := tbl.LastChild().LastChild(); c == nil || string(c.Text(src)) != "end" { //nolint:staticcheck
		return fmt.Errorf("the second cell is not the next one")
	}
	return nil
}

func TestInlineAttacks(t *testing.T) {
	for _, s := range append(hostile, "`unclosed", "trailing \\", "a | b", "x\n| --- |") {
		if err := inlineSafe(Inline(s)); err != nil {
			t.Errorf("Inline(%q) = %q: %v", s, Inline(s), err)
		}
		if err := cellSafe(Cell(s)); err != nil {
			t.Errorf("Cell(%q) = %q: %v", s, Cell(s), err)
		}
	}
	// Without them, the same texts break the line or the table.
	for _, s := range []string{"`unclosed", "<b>x</b>", "[l](u)"} {
		if inlineSafe(s) == nil {
			t.Errorf("%q is safe inline as it is: not an attack", s)
		}
	}
	if cellSafe("a | b") == nil {
		t.Error(`"a | b" in a cell is not an attack`)
	}
	// A trailing backslash escapes what the report writes after a title.
	bold := func(s string) bool {
		doc, _ := parse([]byte("**" + s + "**"))
		e, ok := doc.FirstChild().FirstChild().(*ast.Emphasis)
		return ok && e.Level == 2
	}
	if bold("trailing \\") || !bold(Inline("trailing \\")) {
		t.Error("a trailing backslash: want it to break **bold** as it is, not after Inline")
	}
}

func checkMarkdown(t *testing.T, in string) {
	out := Markdown(in)
	if !utf8.ValidString(out) {
		t.Fatalf("Markdown(%q) is not UTF-8: %q", in, out)
	}
	if strings.Contains(out, "<!--") {
		t.Fatalf("Markdown(%q) = %q holds a comment opener", in, out)
	}
	if u := unsafe(out); len(u) > 0 {
		t.Fatalf("Markdown(%q) = %q: %v", in, out, u)
	}
	if strings.ContainsFunc(out, func(r rune) bool { return r != '\n' && r != '\t' && (r < 0x20 || (r >= 0x7f && r <= 0x9f)) }) {
		t.Fatalf("Markdown(%q) = %q holds a control character", in, out)
	}
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Add("<pre>\n~~~\n</pre>\n~~~\n<details>")
	f.Add("> ```\n> x\n\n```")
	f.Fuzz(checkMarkdown)
}

func FuzzInline(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Add("`a``b`")
	f.Fuzz(func(t *testing.T, s string) {
		in, cell := Inline(s), Cell(s)
		for _, out := range []string{in, cell} {
			if !utf8.ValidString(out) || strings.Contains(out, "<!--") {
				t.Fatalf("%q gives %q", s, out)
			}
		}
		if strings.ContainsAny(in, "\n") {
			t.Fatalf("Inline(%q) = %q has a line break", s, in)
		}
		if err := inlineSafe(in); err != nil {
			t.Fatalf("Inline(%q) = %q: %v", s, in, err)
		}
		if err := cellSafe(cell); err != nil {
			t.Fatalf("Cell(%q) = %q: %v", s, cell, err)
		}
	})
}

func FuzzFence(f *testing.F) {
	f.Add("````\n```\n``")
	f.Add("~~~\n</details>")
	f.Fuzz(func(t *testing.T, s string) {
		out := Fence(s, "text")
		body, ok := fenced(out)
		want := strings.Trim(strings.TrimRight(noComment(Clean(s)), " \t\n"), "\n")
		if !ok || body != want {
			t.Fatalf("Fence(%q) = %q holds %q, want %q", s, out, body, want)
		}
	})
}

func FuzzTerminal(f *testing.F) {
	f.Add("\x1b]52;c;aGVsbG8=\x07\x1b[2J\x9b31m\u009d0;x\x07\x00")
	f.Fuzz(func(t *testing.T, s string) {
		out := Terminal(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Terminal(%q) = %q is not UTF-8", s, out)
		}
		for _, r := range out {
			if (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f) {
				t.Fatalf("Terminal(%q) = %q holds %U", s, out, r)
			}
		}
	})
}

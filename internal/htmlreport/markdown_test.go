package htmlreport

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

func TestSafeURL(t *testing.T) {
	for _, tt := range []struct {
		url  string
		want bool
	}{
		{"https://github.com/o/r/pull/1", true},
		{"http://example.com/x?y=1#z", true},
		{"#C1", true},
		{"other.html", true},
		{"../a/b.go", true},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{" javascript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"data:text/html,<script>", false},
		{"vbscript:x", false},
		{"file:///etc/passwd", false},
		{"mailto:a@b.c", false},
		{"//evil.example/x", false},
		{`\\evil\share`, false},
		{"https:///nohost", false},
	} {
		if got := safeURL(tt.url); got != tt.want {
			t.Errorf("safeURL(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
}

func TestHighlight(t *testing.T) {
	got := highlight("go", "func f() string { return \"<x>\" } // done\n")
	want := `<span class="k">func</span> f() string { <span class="k">return</span> <span class="s">&#34;&lt;x&gt;&#34;</span> } <span class="c">// done</span>` + "\n"
	if got != want {
		t.Errorf("highlight go:\n got %s\nwant %s", got, want)
	}
	if got := highlight("diff", "@@ -1 +1 @@\n-a\n+<b>\n"); got != `<span class="h">@@ -1 +1 @@`+"\n"+`</span><span class="d">-a`+"\n"+`</span><span class="a">+&lt;b&gt;`+"\n</span>" {
		t.Errorf("highlight diff: %s", got)
	}
	if got := highlight("brainfuck", "<+>"); got != "&lt;+&gt;" {
		t.Errorf("unknown language: %s", got)
	}
}

var (
	tagRe  = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)`)
	hrefRe = regexp.MustCompile(`href="([^"]*)"`)
	attrRe = regexp.MustCompile(`(?i)<[a-z][^>]*\s(src|style|on[a-z]+)=`)
	okTags = map[string]bool{"p": true, "a": true, "code": true, "pre": true, "em": true, "strong": true, "ul": true, "ol": true, "li": true,
		"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "hr": true, "br": true, "table": true,
		"thead": true, "tbody": true, "tr": true, "th": true, "td": true, "del": true, "input": true, "span": true}
)

// checkSafe fails when rendered Markdown holds an element outside the
// plain set, or a link that safeURL refuses.
func checkSafe(t *testing.T, in, out string) {
	t.Helper()
	for _, m := range tagRe.FindAllStringSubmatch(out, -1) {
		if !okTags[strings.ToLower(m[2])] {
			t.Fatalf("element <%s> from %q:\n%s", m[2], in, out)
		}
	}
	for _, m := range hrefRe.FindAllStringSubmatch(out, -1) {
		if u := html.UnescapeString(m[1]); !safeURL(u) {
			t.Fatalf("link %q from %q:\n%s", u, in, out)
		}
	}
	if attrRe.MatchString(out) {
		t.Fatalf("a source or handler attribute from %q:\n%s", in, out)
	}
}

// FuzzMarkdown renders any agent text: only plain elements and safe
// links come out.
func FuzzMarkdown(f *testing.F) {
	f.Add(hostileMarkdown("http://t"))
	f.Add("[x](javascript:alert(1)) <a href=\"javascript:x\">y</a> www.example.com <http://a.b> <mailto:a@b.c> a@b.c")
	f.Add("![a](data:image/png;base64,AAAA) ![b](/local.png \"t\") [![c](x.png)](https://ok)")
	f.Add("```go\nfunc main() { \"<script>\" }\n```\n\n    indented <b>\n\n| a | b |\n|---|---|\n| <i>x</i> | `y` |\n- [x] task")
	f.Add("[ref]: javascript:alert(1)\n\n[ref] [x][ref]")
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, s string) {
		checkSafe(t, s, string(md.block(s)))
		checkSafe(t, s, string(md.inline(s)))
	})
}

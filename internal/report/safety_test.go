package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/redact"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

func parseMD(md string) (ast.Node, []byte) {
	src := []byte(md)
	return goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src)), src
}

func render(t *testing.T, r *Report, esc escaper) string {
	t.Helper()
	var b bytes.Buffer
	if err := markdown(&b, r, esc); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// codeBlocks lists the info strings of the fenced code blocks of md.
func codeBlocks(md string) []string {
	doc, src := parseMD(md)
	var out []string
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering {
			out = append(out, string(f.Language(src)))
		}
		return ast.WalkContinue, nil
	})
	return out
}

// A fix that opens with a fence gets its label on a line of its own; on
// one line ("Fix: ```diff") the fence is no fence and what follows it is
// garbage.
func TestFixOpeningWithFence(t *testing.T) {
	r := &Report{ID: "x", Round: 1, Findings: []Finding{
		{ID: "I1", Severity: finding.Important, Title: "t", Body: "b", Fix: "```diff\n-old\n+new\n```"},
		{ID: "I2", Severity: finding.Important, Title: "u", Fix: "Fix: already labelled"},
		{ID: "I3", Severity: finding.Important, Title: "v", Fix: "**Fix:** ```go\nx := 1\n```"},
	}}
	if got := codeBlocks(render(t, r, rawText)); len(got) == 1 && got[0] == "diff" {
		t.Fatalf("as before: code blocks %q, want the diff fence broken (the attack)", got)
	}
	md := render(t, r, safeText)
	if got := codeBlocks(md); len(got) != 2 || got[0] != "diff" || got[1] != "go" {
		t.Errorf("code blocks %q, want a diff block and a go block:\n%s", got, md)
	}
	for _, want := range []string{"Fix:\n\n```diff\n", "Fix: already labelled\n", "**Fix:**\n\n```go\n"} {
		if !strings.Contains(md, want) || strings.Contains(md, "Fix: Fix:") {
			t.Errorf("fix labels: want %q in\n%s", want, md)
		}
	}
}

// The default verdict reason quotes titles cut to 60 characters, which
// can cut a code span in two: the cell keeps no backtick unpaired.
func TestVerdictCutCodeSpan(t *testing.T) {
	r := &Report{ID: "x", Round: 1, Verdict: Verdict{Decision: MergeWithFixes,
		Reason: "2 important findings (I1 `Flush` drops the `lastBat…, I2 …) should be fixed before merging"}}
	md := render(t, r, safeText)
	line := lineWith(md, "| **Verdict** |")
	if !strings.Contains(line, "`Flush`") || !strings.Contains(line, "\\`lastBat…") {
		t.Errorf("verdict row %q: want `Flush` kept and the cut backtick escaped", line)
	}
}

func lineWith(md, prefix string) string {
	for l := range strings.SplitSeq(md, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// The header table's first row is the Date row: no empty row on top.
func TestHeaderTableFirstRow(t *testing.T) {
	r := readReport(t, reports(t)["pr-316"])
	doc, src := parseMD(render(t, r, safeText))
	var header string
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind().String() == "TableHeader" && header == "" {
			header = string(n.Text(src)) //nolint:staticcheck
		}
		return ast.WalkContinue, nil
	})
	if !strings.Contains(header, "Date") {
		t.Errorf("first table's header row is %q, want the Date row", header)
	}
}

func TestObservations(t *testing.T) {
	r := &Report{ID: "x", Round: 1, DesignObservations: []finding.DesignObservation{
		{Kind: "concern", Scope: "future", Text: "(future) already tagged", Agents: []string{"claude"}},
		{Kind: "concern", Scope: "in-scope", Text: "**Title**: text", Agents: []string{"codex"}},
		{Kind: "concern", Scope: "future", Text: "```go\nx := 1\n```", Agents: []string{"gemini"}},
	}}
	md := render(t, r, safeText)
	for _, want := range []string{
		"- (future) already tagged [Claude]\n",
		"- **Title (in-scope)**: text [Codex]\n",
		"- (future)\n\n  ```go\n  x := 1\n  ```\n\n  [Gemini]\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("lacks %q:\n%s", want, md)
		}
	}
	if got := codeBlocks(md); len(got) != 1 {
		t.Errorf("code blocks %q, want the observation's one", got)
	}
	// As before: the tag glued to the fence and the attribution after the
	// closing fence leave the fence open.
	if got := codeBlocks(render(t, r, rawText)); len(got) == 1 && got[0] == "go" {
		t.Errorf("as before: %q, want the go block broken (the attack)", got)
	}
}

// TestMentions: a mention in agent text notifies nobody; the PR author's
// link is no mention (GitHub skips text inside links).
func TestMentions(t *testing.T) {
	r := &Report{ID: "x", Round: 1, Summary: "thanks @octocat, cc @org/team",
		Findings: []Finding{{ID: "S1", Severity: finding.Suggestion, Title: "ask @someone"}}}
	raw := render(t, r, rawText)
	if !strings.Contains(raw, "@octocat") {
		t.Fatal("the raw report lacks the mention: nothing to defend")
	}
	md := render(t, r, safeText)
	for _, m := range []string{"@octocat", "@org", "@someone"} {
		if strings.Contains(md, m) {
			t.Errorf("report holds the mention %s", m)
		}
	}
}

func TestRedactReport(t *testing.T) {
	token := "ghp_" + strings.Repeat("x9Y8", 9)
	key := "-----BEGIN OPENSSH PRIVATE KEY-----\n" + strings.Repeat("b3BlbnNzaC1rZXktdjEAAAAA", 3) + "\n-----END OPENSSH PRIVATE KEY-----"
	r := readReport(t, reports(t)["pr-316"])
	r.Findings[0].Body += "\n\nThe CI log printed " + token + "."
	r.Appendix[0].Text += "\n\n" + key + "\n"
	r.Retro.Agents[0].Narrative = "saw SECRET_VALUE_123 in the environment"
	rd := redact.New([]string{"SERVICE_TOKEN=SECRET_VALUE_123"}, nil)

	var before bytes.Buffer
	if err := Markdown(&before, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(before.String(), token) {
		t.Fatal("the token is not in the unredacted report: nothing to defend")
	}
	if err := PostBlocked(r); err != nil {
		t.Fatalf("nothing redacted yet, yet blocked: %v", err)
	}
	c := Redact(r, rd)
	if c != (redact.Counts{PrivateKey: 1, KnownToken: 1, EnvValue: 1}) || r.Redactions != c {
		t.Errorf("counts %+v, report %+v", c, r.Redactions)
	}
	var md, js bytes.Buffer
	if err := Markdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if err := JSON(&js, r); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{md.String(), js.String()} {
		for _, secret := range []string{token, "b3BlbnNzaC1rZXktdjEAAAAA", "SECRET_VALUE_123"} {
			if strings.Contains(out, secret) {
				t.Errorf("output holds %q", secret)
			}
		}
	}
	if !strings.Contains(md.String(), "| **Redactions** | 3 (never shown) |\n") {
		t.Errorf("no Redactions row in the header:\n%.900s", md.String())
	}
	var back struct {
		Redactions redact.Counts `json:"redactions"`
	}
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.Redactions != c {
		t.Errorf("JSON redactions %+v (%v)", back.Redactions, err)
	}
	if err := validateSchema(t, compileSchema(t), "redacted", js.Bytes()); err != nil {
		t.Errorf("schema: %v", err)
	}
	err := PostBlocked(r)
	if err == nil || !strings.Contains(err.Error(), "1 private key and 1 token") || !strings.Contains(err.Error(), "--post-anyway") {
		t.Errorf("PostBlocked = %v", err)
	}
	if PostBlocked(&Report{Redactions: redact.Counts{EnvValue: 4}}) != nil {
		t.Error("environment values alone block posting")
	}
}

// No header row for redactions when there were none.
func TestNoRedactionsRow(t *testing.T) {
	if md := render(t, &Report{ID: "x", Round: 1}, safeText); strings.Contains(md, "Redactions") {
		t.Errorf("a Redactions row without redactions:\n%s", md)
	}
}

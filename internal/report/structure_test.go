package report

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/safetext"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// structure is what a reader sees of a report's shape, parsed as GitHub
// does: its headings (level and text) and the <details>/<summary> tags
// of its HTML, in order. An agent's text must not change it.
func structure(md string) []string {
	src := []byte(md)
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	var out []string
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			out = append(out, fmt.Sprintf("h%d %s", n.Level, n.Text(src))) //nolint:staticcheck
		case *ast.HTMLBlock:
			var raw []byte
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				raw = append(raw, seg.Value(src)...)
			}
			if n.HasClosure() {
				raw = append(raw, n.ClosureLine.Value(src)...)
			}
			out = append(out, tags(raw)...)
		case *ast.RawHTML:
			var raw []byte
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				raw = append(raw, seg.Value(src)...)
			}
			out = append(out, tags(raw)...)
		}
		return ast.WalkContinue, nil
	})
	return out
}

var tagRE = regexp.MustCompile(`(?i)</?(details|summary)\b`)

// tags lists the details and summary tags in a piece of raw HTML.
func tags(raw []byte) []string {
	var out []string
	for _, m := range tagRE.FindAll(raw, -1) {
		out = append(out, strings.ToLower(string(m)))
	}
	return out
}

// fragments build hostile agent text: each tries to change the report's
// structure, mention people, or carry controls and broken bytes.
var fragments = []string{
	"</details>", "<details><summary>Full review output</summary>", "</summary>",
	"# Verdict: Merge as-is", "## Executive Summary", "### [Claude] — Pass 2",
	"Verdict\n=======", "Merge as-is\n-----------",
	"```", "````", "`````markdown", "~~~", "~~~~~~", "``", "`",
	"<!-- deepreview:report -->", "<!--", "-->", "<!-- hidden -->",
	"| a | b |\n|---|---|\n| x | y |", "|", "<pre>", "</pre>", "<script>",
	"[x](javascript:alert(1))", "![t](https://tracker.example/p.png)", "[Claude Opus 4.6]: https://evil.example",
	"@octocat", "@org/team", "\x1b]52;c;aGVsbG8=\x07", "\x1b[2J", "\x00", "\xff\xfe", "\r",
	"- item", "> quote", "    indented", "\\", "*", "**", "Fix:", "<img src=x>", "&lt;details&gt;",
}

// hostileText joins a few fragments with line breaks, spaces or
// nothing, as a steered model might write them, and a word at the end:
// a text with nothing to show (only controls) legitimately has no fold
// in the appendix.
func hostileText(rng *rand.Rand) string {
	var b strings.Builder
	for range 1 + rng.IntN(8) {
		b.WriteString(fragments[rng.IntN(len(fragments))])
		b.WriteString([]string{"\n", "\n\n", " ", ""}[rng.IntN(4)])
	}
	return b.String() + "end"
}

// fill sets every free text of r that comes from an agent, the pull
// request or the branch to next().
func fill(r *Report, next func() string) {
	r.Summary, r.TestingAssessment, r.DocumentationAssessment = next(), next(), next()
	r.Verdict.Reason = next()
	r.Change.Title, r.Change.Branch, r.Change.Author = next(), next(), next()
	for i := range r.Change.Commits {
		r.Change.Commits[i].Subject = next()
	}
	for i := range r.AcknowledgedLimitations {
		r.AcknowledgedLimitations[i] = next()
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Title, f.Body, f.Fix, f.LocationCheck.Detail = next(), next(), next(), next()
		f.LocationCheck.Status = "unverified"
		for j := range f.Locations {
			f.Locations[j].Path = next()
		}
	}
	for i := range r.Dropped {
		r.Dropped[i].Title, r.Dropped[i].Reason = next(), next()
	}
	for i := range r.DesignObservations {
		r.DesignObservations[i].Text = next()
	}
	for i := range r.Retro.Agents {
		r.Retro.Agents[i].Narrative, r.Retro.Agents[i].Error = next(), next()
	}
	for i := range r.Retro.Reconciliation {
		r.Retro.Reconciliation[i] = next()
	}
	r.ProcessNotes.RepoContextUpdates = []string{next(), next()}
	r.ProcessNotes.SkillImprovements = []string{next()}
	for i := range r.Previous {
		r.Previous[i].Title = next()
		for j := range r.Previous[i].Verdicts {
			r.Previous[i].Verdicts[j].Evidence = next()
		}
		if res := r.Previous[i].Resolution; res != nil {
			res.Reason, res.Commits = next(), []string{next()}
		}
	}
	r.Consolidation.Fallback = next()
	for i := range r.Appendix {
		r.Appendix[i].Text, r.Appendix[i].Error = next(), next()
	}
}

// renderFilled renders the pr-316 report with its texts set by next,
// through esc.
func renderFilled(t testing.TB, next func() string, esc escaper) string {
	t.Helper()
	r := readReport(t, reports(t)["pr-316"])
	r.Previous = []PreviousFinding{{ID: "I1", Title: "t", Status: "fixed",
		Verdicts:   []AgentVerdict{{Agent: "claude", Verdict: "fixed", Evidence: "e"}, {Agent: "codex", Verdict: "not-fixed"}},
		Resolution: &Resolved{Action: ActionSkipped, Reason: "r"}}}
	fill(r, next)
	var b bytes.Buffer
	if err := markdown(&b, r, esc); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func benign() string { return "Plain text." }

// TestStructureHostile: for hostile agent texts however built, the
// rendered report has the same headings and <details> blocks as with
// plain text in the same places.
func TestStructureHostile(t *testing.T) {
	want := structure(renderFilled(t, benign, safeText))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		var texts []string
		next := func() string {
			s := hostileText(rng)
			texts = append(texts, s)
			return s
		}
		md := renderFilled(t, next, safeText)
		if got := structure(md); !equal(got, want) {
			t.Fatalf("case %d: the structure changed:\n%s\nwith texts %q", i, diffLines(want, got), texts)
		}
		if strings.Contains(md, "<!-- deepreview:report -->") {
			t.Fatalf("case %d: the comment marker is in the report", i)
		}
	}
}

// TestStructureHostileRaw shows the attack: the same kind of text,
// written into the report as it is (as before safetext), changes its
// structure.
func TestStructureHostileRaw(t *testing.T) {
	want := structure(renderFilled(t, benign, rawText))
	attack := func() string {
		return "</details>\n\n# Verdict: Merge as-is\n\n<details><summary>Full review output</summary>\n\n```"
	}
	if got := structure(renderFilled(t, attack, rawText)); equal(got, want) {
		t.Fatal("the attack does not change the raw report's structure: the test proves nothing")
	}
	if got := structure(renderFilled(t, attack, safeText)); !equal(got, structure(renderFilled(t, benign, safeText))) {
		t.Errorf("with safetext the structure changed:\n%s", diffLines(want, got))
	}
}

// rawText writes untrusted text as it is, as the report did before
// safetext: for the tests that show the attacks.
var rawText = escaper{
	block:   strings.TrimSpace,
	inline:  strings.TrimSpace,
	cell:    func(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), "|", `\|`) },
	code:    func(s string) string { return "`" + s + "`" },
	fence:   func(text, _ string) string { return text },
	labeled: func(label, block string) string { return label + " " + block },
	trailed: func(block, tail string) string { return block + " " + tail },
}

func FuzzStructure(f *testing.F) {
	for _, s := range fragments {
		f.Add(s)
	}
	f.Add("</details>\n\n# Verdict: Merge as-is\n\n<details><summary>x</summary>\n\n```")
	want := structure(renderFilled(f, benign, safeText))
	f.Fuzz(func(t *testing.T, s string) {
		if strings.TrimSpace(safetext.Clean(s)) == "" {
			t.Skip("nothing to show: the appendix has no fold for it")
		}
		md := renderFilled(t, func() string { return s }, safeText)
		if got := structure(md); !equal(got, want) {
			t.Fatalf("text %q changed the structure:\n%s", s, diffLines(want, got))
		}
		if strings.Contains(md, "<!-- deepreview:report -->") {
			t.Fatalf("text %q: the comment marker is in the report", s)
		}
	})
}

func equal(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

func diffLines(want, got []string) string {
	return fmt.Sprintf("want %d items:\n  %s\ngot %d:\n  %s", len(want), strings.Join(want, "\n  "), len(got), strings.Join(got, "\n  "))
}

package finding

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// syntheticSeeds are small reviews in each style of spec §2.
var syntheticSeeds = []string{styleA, styleB, styleC, styleD, styleE}

const styleA = "Now I have all the context. Let me write the review.\n\n" +
	"## Executive Summary\n\nAdds a WAL.\n\n## Findings\n### Critical Issues\nNone.\n### Important Issues\n" +
	"I1. **`Flush` drops the last batch on shutdown** — `store/wal.go:88-97`\n\nThe batch is lost.\n\n(important, regression)\n\n---\n\n" +
	"I2. **Second** — `store/wal.go:10`\n\nMore.\n\n(important, gap)\n### Suggestions\nNone.\n"

const styleB = "### Findings\n#### Critical Issues\nNone.\n#### Important Issues\n" +
	"I1. **`Compact` races with `Get`** — `store/compact.go:40-52` (important, regression)\n\nBody.\n\n" +
	"```go\nI2. not an entry\n```\n\nFix: take the lock.\n\n```diff\n-a\n+b\n```\n#### Suggestions\nNone.\n"

const styleC = "**Executive Summary**\n\nText.\n\n- **Critical Issues**\n  None.\n- **Suggestions**\n\n" +
	"S1. **Missing `ctx` in `Open`** — `store/open.go:12-20` (suggestion, gap)\n\nBody with a list:\n\n1. first step\n2. second step\n"

const styleD = "### Important Issues\n\n1. **`Flush` drops the last batch** — `store/wal.go:88-97` (important, regression)\n\nBody.\n\n" +
	"2. **Other** — [store/a.go:5](https://example.com/store/a.go#L5)\n\n### Suggestions\n\n1. **Nit** — `a.go` (suggestion)\n"

const styleE = "#### Critical Issues\n\n**C1. `Flush` drops the last batch** — `store/wal.go:88-97`\n\nBody.\n\n" +
	"**I1. Location inside the bold — `store/x.go:1-2`**\n\nBody.\n"

type want struct {
	ids   []string
	kinds []string
	locs  [][]Location
	fix   []string
}

func TestStyles(t *testing.T) {
	wal := []Location{{"store/wal.go", 88, 97}}
	tests := []struct {
		name string
		src  string
		want want
	}{
		{"A headings, rules, tag alone", styleA, want{[]string{"I1", "I2"}, []string{"regression", "gap"}, [][]Location{wal, {{"store/wal.go", 10, 10}}}, []string{"", ""}}},
		{"B deeper, tag on title, fix", styleB, want{[]string{"I1"}, []string{"regression"}, [][]Location{{{"store/compact.go", 40, 52}}}, []string{"Fix: take the lock.\n\n```diff\n-a\n+b\n```"}}},
		{"C bold bullets", styleC, want{[]string{"S1"}, []string{"gap"}, [][]Location{{{"store/open.go", 12, 20}}}, []string{""}}},
		{"D plain numbering", styleD, want{[]string{"I1", "I2", "S1"}, []string{"regression", "", ""}, [][]Location{wal, {{"store/a.go", 5, 5}}, {{"a.go", 0, 0}}}, []string{"", "", ""}}},
		{"E id in bold", styleE, want{[]string{"C1", "I1"}, []string{"", ""}, [][]Location{wal, {{"store/x.go", 1, 2}}}, []string{"", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(tt.name, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got want
			for _, f := range r.Findings {
				got.ids = append(got.ids, f.ID)
				got.kinds = append(got.kinds, f.Kind)
				got.locs = append(got.locs, f.Locations)
				got.fix = append(got.fix, f.Fix)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestStyleDetails(t *testing.T) {
	r, err := Parse("a", []byte(styleA))
	if err != nil {
		t.Fatal(err)
	}
	if r.Preamble != "Now I have all the context. Let me write the review." {
		t.Errorf("preamble %q", r.Preamble)
	}
	if got := r.Findings[0].Body; got != "The batch is lost." {
		t.Errorf("body %q: the tag and rule must leave the body", got)
	}
	c, err := Parse("c", []byte(styleC))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Findings) != 1 || c.Summary != "Text." {
		t.Errorf("style C: %d findings, summary %q", len(c.Findings), c.Summary)
	}
	if want := "Body with a list:\n\n1. first step\n2. second step"; c.Findings[0].Body != want {
		t.Errorf("sub-list must stay in the body: %q", c.Findings[0].Body)
	}
}

func TestLocations(t *testing.T) {
	tests := []struct {
		line string
		want []Location
	}{
		{"— `file.go:42`", []Location{{"file.go", 42, 42}}},
		{"— `file.go:42-50`", []Location{{"file.go", 42, 50}}},
		{"— `file.go:358-363, 386-391`", []Location{{"file.go", 358, 363}, {"file.go", 386, 391}}},
		{"— `a/b.go:68-80,128`", []Location{{"a/b.go", 68, 80}, {"a/b.go", 128, 128}}},
		{"— `a.go:1`, `b/c.go:2-3`", []Location{{"a.go", 1, 1}, {"b/c.go", 2, 3}}},
		{"— `file.go`", []Location{{"file.go", 0, 0}}},
		{"— `file.go` (removed lines)", []Location{{"file.go", 0, 0}}},
		{"— `x/y.bats:200`, `209`, `219`", []Location{{"x/y.bats", 200, 200}, {"x/y.bats", 209, 209}, {"x/y.bats", 219, 219}}},
		{"— [pkg/s.go:368](/u/pkg/s.go#L368)", []Location{{"pkg/s.go", 368, 368}}},
		{"— [`pkg/s.go:184`](/u/pkg/s.go#L184)", []Location{{"pkg/s.go", 184, 184}}},
		{"— [pkg/s.go#L47](/u/pkg/s.go#L47)", []Location{{"pkg/s.go", 47, 47}}},
		{"— `a.go:99999999999-3`", []Location{{"a.go", 0, 0}}},
		{"— commit `99aa4e3` body, `os.Remove`", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, locations(tt.line)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.line, diff)
		}
	}
}

func TestDesignAndCoverage(t *testing.T) {
	src := "## Findings\n\nNone.\n\n## Design Observations\n\n**Concerns**\n\n" +
		"- **(in-scope)** Locks are global.\n- **Retry** (future) — later.\n\n#### Strengths\n\n1. Small API.\n\n" +
		"## Coverage Summary\n\n- `a.go` — Reviewed, no issues (generated)\n- `b.go` — Trivial\n- `c.go` — **I1, S2**\n- `d.go` — Finding 1\n"
	r, err := Parse("d", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	wantObs := []DesignObservation{
		{Kind: "concern", Scope: "in-scope", Text: "Locks are global."},
		{Kind: "concern", Scope: "future", Text: "**Retry** — later."},
		{Kind: "strength", Text: "Small API."},
	}
	if diff := cmp.Diff(wantObs, r.DesignObservations); diff != "" {
		t.Errorf("design (-want +got):\n%s", diff)
	}
	wantCov := []Coverage{
		{Path: "a.go", Status: "no-issues", Note: "generated"},
		{Path: "b.go", Status: "trivial"},
		{Path: "c.go", Status: "findings", FindingIDs: []string{"I1", "S2"}},
		{Path: "d.go", Status: "findings", FindingIDs: []string{"F1"}, Note: "Finding 1"},
	}
	if diff := cmp.Diff(wantCov, r.Coverage); diff != "" {
		t.Errorf("coverage (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	for _, src := range []string{"", "See `/tmp/review.md`.", "Gemini failed at startup: quota exceeded.\n", "# Review\n\n## Executive Summary\n\nFine.\n"} {
		_, err := Parse("review.md", []byte(src))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Name != "review.md" || pe.Reason == "" {
			t.Errorf("%q: want a ParseError naming review.md, got %v", src, err)
		}
	}
	if _, err := Parse("none.md", []byte("## Findings\n### Critical Issues\nNone.\n### Important Issues\nNone.\n")); err != nil {
		t.Errorf("a findings section whose groups all say None. is valid: %v", err)
	}
}

func TestSplitAppendixHeadings(t *testing.T) {
	tests := []struct {
		heading string
		want    AppendixReview
	}{
		{"### [Claude] — Pass 1", AppendixReview{Agent: "claude", Pass: 1}},
		{"### [Codex] — Pass 2", AppendixReview{Agent: "codex", Pass: 2}},
		{"### Claude Opus 4.6", AppendixReview{Agent: "claude", Model: "Claude Opus 4.6", Pass: 1}},
		{"### [Claude Opus 4.7]", AppendixReview{Agent: "claude", Model: "Claude Opus 4.7", Pass: 1}},
		{"### [Claude] Opus 4.6", AppendixReview{Agent: "claude", Model: "Claude Opus 4.6", Pass: 1}},
		{"### [Gemini 3.1 Pro]", AppendixReview{Agent: "gemini", Model: "Gemini 3.1 Pro", Pass: 1}},
		{"### [Gemini]", AppendixReview{Agent: "gemini", Pass: 1}},
	}
	for _, tt := range tests {
		src := "# R\n\n## Appendix: Original Reviews\n\n" + tt.heading + "\n\n### Executive Summary\n\nText.\n\n---\n\n## Resolution\n\nDone.\n"
		got, err := SplitAppendix([]byte(src))
		if err != nil {
			t.Fatalf("%s: %v", tt.heading, err)
		}
		tt.want.Text = "### Executive Summary\n\nText."
		if diff := cmp.Diff([]AppendixReview{tt.want}, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.heading, diff)
		}
	}
	if _, err := SplitAppendix([]byte("# R\n\n## Summary\n")); err == nil {
		t.Error("a report without appendix must be an error")
	}
}

// TestSplitAppendixFiles splits the synthetic reports of testdata/appendix:
// agent headings of every level and form, several passes of one agent,
// four reviewers, an appendix heading per agent, a numbered appendix, a
// review wrapped in a fence whose inner fence leaves it open, a fence left
// open before the appendix, and the Resolution section after it.
func TestSplitAppendixFiles(t *testing.T) {
	type rev struct {
		agent, model string
		pass         int
		first, last  string
	}
	tests := map[string][]rev{
		"passes.md": {
			{"claude", "", 1, "### Findings", "I1. **One** — `a.go:1` (important, gap)"},
			{"claude", "", 2, "```", "```"},
			{"codex", "Codex GPT 5.4", 1, "### Findings", "None."},
			{"gemini", "Gemini 3.1 Pro", 1, "### Findings", "C1. **Three** — `b.go:3` (critical, regression)"},
			{"copilot", "", 1, "## Executive Summary", "None."},
		},
		"per-agent.md": {
			{"claude", "", 1, "### Findings", "None."},
			{"codex", "", 2, "### Findings", "None."},
		},
		"numbered.md": {
			{"claude", "Claude Opus 4.6", 1, "## Executive Summary", "None."},
			{"codex", "Codex GPT 5.4", 1, "**Findings**", "None."},
		},
	}
	for name, want := range tests {
		src, err := os.ReadFile(filepath.Join("testdata", "appendix", name))
		if err != nil {
			t.Fatal(err)
		}
		revs, err := SplitAppendix(src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got []rev
		for _, r := range revs {
			lines := strings.Split(r.Text, "\n")
			got = append(got, rev{r.Agent, r.Model, r.Pass, lines[0], lines[len(lines)-1]})
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(rev{})); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

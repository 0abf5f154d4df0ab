package report

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/transcript"
)

func TestWallClock(t *testing.T) {
	tests := []struct {
		ms   int64
		want string
	}{
		{0, "0 s"},
		{42_400, "42 s"},
		{820_000, "13 min 40 s"},
		{4_855_000, "1 h 20 min 55 s"},
		{7_461_000, "2 h 4 min 21 s"},
		{3_600_000, "1 h 0 min 0 s"},
		{59_500, "1 min 0 s"}, // rounds to the nearest second
	}
	for _, tt := range tests {
		if got := WallClock(tt.ms); got != tt.want {
			t.Errorf("WallClock(%d) = %q, want %q", tt.ms, got, tt.want)
		}
	}
}

func TestShort(t *testing.T) {
	tests := []struct {
		ms   int64
		want string
	}{
		{0, "—"},
		{-5, "—"},
		{41_000, "41s"},
		{844_000, "14m 04s"},
		{351_000, "5m 51s"},
		{3_723_000, "1h 02m 03s"},
	}
	for _, tt := range tests {
		if got := Short(tt.ms); got != tt.want {
			t.Errorf("Short(%d) = %q, want %q", tt.ms, got, tt.want)
		}
	}
}

func TestLabel(t *testing.T) {
	tests := []struct{ agent, model, want string }{
		{"claude", "claude-opus-4-6", "Claude Opus 4.6"},
		{"claude", "claude-sonnet-4-5-20250929", "Claude Sonnet 4.5"},
		{"codex", "gpt-5.4", "Codex GPT 5.4"},
		{"gemini", "gemini-3.1-pro-preview", "Gemini 3.1 Pro"},
		{"claude", "Opus 4.7 (effort: xhigh)", "Claude Opus 4.7 (effort: xhigh)"},
		{"claude", "Claude Opus 4.7", "Claude Opus 4.7"},
		{"lint", "", "Lint"},
		{"", "", "Agent"},
		{"qwen", "qwen3-coder-30b", "Qwen3 Coder 30b"},
	}
	for _, tt := range tests {
		if got := Label(tt.agent, tt.model); got != tt.want {
			t.Errorf("Label(%q, %q) = %q, want %q", tt.agent, tt.model, got, tt.want)
		}
	}
}

func TestLocations(t *testing.T) {
	l := func(p string, a, b int) finding.Location { return finding.Location{Path: p, StartLine: a, EndLine: b} }
	tests := []struct {
		locs []finding.Location
		want string
	}{
		{nil, ""},
		{[]finding.Location{l("a.go", 10, 20)}, "`a.go:10-20`"},
		{[]finding.Location{l("a.go", 42, 42)}, "`a.go:42`"},
		{[]finding.Location{l("a.go", 42, 0)}, "`a.go:42`"},
		{[]finding.Location{l("a.go", 0, 0)}, "`a.go`"},
		{[]finding.Location{l("a.go", 358, 363), l("b.go", 1, 2), l("a.go", 386, 391)}, "`a.go:358-363, 386-391`, `b.go:1-2`"},
	}
	for _, tt := range tests {
		if got := Locations(tt.locs); got != tt.want {
			t.Errorf("Locations(%v) = %q, want %q", tt.locs, got, tt.want)
		}
	}
}

func TestWithScope(t *testing.T) {
	tests := []struct{ text, scope, want string }{
		{"plain text", "", "plain text"},
		{"plain text", "future", "(future) plain text"},
		{"**Title**: rest", "in-scope", "**Title (in-scope)**: rest"},
		{"**unclosed text", "future", "(future) **unclosed text"},
	}
	for _, tt := range tests {
		if got := withScope(tt.text, tt.scope); got != tt.want {
			t.Errorf("withScope(%q, %q) = %q, want %q", tt.text, tt.scope, got, tt.want)
		}
	}
}

func TestToolCallsCell(t *testing.T) {
	tests := []struct {
		a    AgentRetro
		want string
	}{
		{AgentRetro{DurationMS: 1, ToolCalls: transcript.ToolCalls{Total: 30, ByTool: map[string]int{"Agent": 1, "Bash": 11, "Read": 18}}},
			"30 (Read 18, Bash 11, Agent 1)"},
		{AgentRetro{DurationMS: 1, ToolCalls: transcript.ToolCalls{Total: 4, ByTool: map[string]int{"b": 2, "a": 2}}}, "4 (a 2, b 2)"},
		{AgentRetro{DurationMS: 1}, "0"},
		{AgentRetro{Error: "boom"}, "—"},
		{AgentRetro{DurationMS: 1, ToolCalls: transcript.ToolCalls{Total: 7}}, "7"},
	}
	for _, tt := range tests {
		if got := toolCallsCell(tt.a); got != tt.want {
			t.Errorf("toolCallsCell(%+v) = %q, want %q", tt.a.ToolCalls, got, tt.want)
		}
	}
}

// summaryRows are the rows of the retro Summary table: spec §4, with
// tokens and cost.
var summaryRows = []string{"Duration", "Findings", "Tool calls", "Tokens", "Cost", "Design observations", "False positives",
	"Unique insights", "Files reviewed", "Coverage misses", "**Totals**", "Downgraded", "Upgraded", "Dropped"}

// TestMarkdownLayout checks the layout of every testdata report apart from
// the goldens: the sections in spec order with rules between them, and
// exactly the Summary rows of spec §4, one cell per agent.
func TestMarkdownLayout(t *testing.T) {
	order := []string{"Executive Summary", "Critical Issues", "Important Issues", "Suggestions", "Previous Round",
		"Design Observations", "Testing Assessment", "Documentation Assessment", "Acknowledged Limitations",
		"Agent Performance Retro", "Review Process Notes", "Consolidation Note", "Appendix: Original Reviews"}
	for name, path := range reports(t) {
		t.Run(name, func(t *testing.T) {
			r := readReport(t, path)
			var b bytes.Buffer
			if err := Markdown(&b, r); err != nil {
				t.Fatal(err)
			}
			md := b.String()
			var got []string
			for _, m := range regexp.MustCompile(`(?m)^## (.+)$`).FindAllStringSubmatch(beforeAppendix(md), -1) {
				got = append(got, m[1])
			}
			got = append(got, "Appendix: Original Reviews")
			want := order[:0:0]
			for _, s := range order {
				if (s == "Previous Round" && len(r.Previous) == 0) || (s == "Consolidation Note" && r.Consolidation.Fallback == "") {
					continue
				}
				want = append(want, s)
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("sections\n got %q\nwant %q", got, want)
			}
			if n := strings.Count(beforeAppendix(md)+"## ", "\n---\n\n## "); n != len(want)-1 {
				t.Errorf("%d rules between %d sections", n, len(want))
			}
			rows := summaryTable(md)
			if len(rows) != len(summaryRows) {
				t.Fatalf("summary table has %d rows, want %d:\n%s", len(rows), len(summaryRows), strings.Join(rows, "\n"))
			}
			for i, row := range rows {
				cells := strings.Split(strings.Trim(strings.ReplaceAll(row, `\|`, ""), "|"), " | ")
				if strings.TrimSpace(cells[0]) != summaryRows[i] || len(cells) != 1+len(r.Retro.Agents) {
					t.Errorf("row %q, want %q with %d agent cells", row, summaryRows[i], len(r.Retro.Agents))
				}
			}
		})
	}
}

func beforeAppendix(md string) string {
	if i := strings.Index(md, "## Appendix: Original Reviews"); i >= 0 {
		return md[:i]
	}
	return md
}

// summaryTable returns the body rows of the retro Summary table.
func summaryTable(md string) []string {
	_, after, _ := strings.Cut(md, "### Summary\n\n")
	lines := strings.Split(after, "\n")
	var rows []string
	for _, l := range lines[2:] { // header and rule
		if !strings.HasPrefix(l, "|") {
			break
		}
		rows = append(rows, l)
	}
	return rows
}

// TestMarkdownEmpty renders a report with nothing in it: every section
// still appears and says so, and no agent means no table.
func TestMarkdownEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := Markdown(&b, &Report{ID: "20260101-000000-x", Round: 1}); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"| **PR** | local branch |", "| **Author** | local branch |", "| **Commits** | — |",
		"## Critical Issues\n\nNone.\n", "## Design Observations\n\nNone.\n", "No agent ran.",
		"**Reconciliation:** no severity changes or drops.", "## Review Process Notes\n\nNo suggestions.\n",
		"## Appendix: Original Reviews\n\nNone.\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("output lacks %q:\n%s", want, md)
		}
	}
}

// failingWriter fails after n bytes.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errShortWrite
	}
	w.n -= len(p)
	return len(p), nil
}

var errShortWrite = errors.New("short write")

func TestMarkdownWriteError(t *testing.T) {
	r := readReport(t, reports(t)["pr-316"])
	if err := Markdown(&failingWriter{n: 1000}, r); err != errShortWrite {
		t.Errorf("error %v, want the writer's error", err)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 269652: "269,652", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestFeedbackSection: the PR's review threads are listed without
// notifying their authors, and the agents' judgements follow.
func TestFeedbackSection(t *testing.T) {
	r := &Report{ID: "x", Round: 1, Verdict: Verdict{Decision: MergeAsIs},
		UnresolvedFeedback: &Feedback{
			Threads: []Thread{{ID: 1, Author: "eamanu", Path: "a.go", Line: 3, Body: "Why not a map?\nmore", Replies: 2}},
			Agents:  []AgentText{{Agent: "claude", Text: "- @eamanu on a.go: addressed"}},
		},
		CommitStructure: []AgentText{{Agent: "codex", Text: "Clean."}}}
	var b strings.Builder
	if err := Markdown(&b, r); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{"## Commit Structure\n\n**[Codex]**\n\nClean.", "## Unresolved Feedback", "on `a.go:3`, 2 replies: Why not a map?", "**[Claude]**"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "@eamanu") {
		t.Error("a mention of the thread's author would notify them")
	}
}

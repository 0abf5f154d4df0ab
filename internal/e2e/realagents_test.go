//go:build unix

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/modelsim"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/transcript"
)

// The scripted reviews: three agents find the same defect in their own
// words and severities; gemini adds a suggestion the consolidator drops.
const (
	claudeReview = "## Executive Summary\n\nAdds Div.\n\n## Critical Issues\n\nNone.\n\n## Important Issues\n\n" +
		"I1. **`Div` panics on a zero divisor** — `calc.go:7` (important, regression)\n\n" +
		"```go\nfunc Div(a, b int) int { return a / b }\n```\n\nDiv divides without checking b.\n\nFix: return an error when b is zero.\n\n" +
		"## Suggestions\n\nNone.\n\n## Coverage Summary\n\n| File | Status |\n|------|--------|\n| `calc.go` | **I1** |\n"
	codexReview = "## Executive Summary\n\nDiv added.\n\n## Findings\n\n### Critical Issues\n\n" +
		"C1. **Division by zero in `Div` panics** — `calc.go:7` (critical, regression)\n\n`a / b` panics for b == 0.\n\n" +
		"### Important Issues\n\nNone.\n\n### Suggestions\n\nNone.\n\n## Coverage Summary\n\n- `calc.go` — C1\n"
	geminiReview = "## Executive Summary\n\nThe change adds Div.\n\n## Findings\n\n### Critical Issues\n\nNone.\n\n### Important Issues\n\n" +
		"I1. **`Div` panics when b is zero** — `calc.go:7` (important, regression)\n\nNo zero check before dividing.\n\n" +
		"### Suggestions\n\nS1. **`Add` comment does not mention overflow** — `calc.go:3-4` (suggestion, documentation)\n\nInteger overflow is not documented.\n\n" +
		"## Coverage Summary\n\n| File | Status |\n|---|---|\n| `calc.go` | I1, S1 |\n"
)

// The consolidator's answers for the three reviews: triage calls (one per
// agent, the last agent's one per finding), then the prose. A triage call
// is answered with its agent's whole document; decisions about findings
// the call did not ask about are ignored. All three findings of the zero divisor become one
// important finding, whatever order the reviews arrive in (each later one
// names codex's C1); gemini's overflow suggestion is dropped.
var (
	triages = map[string]string{
		"claude": `{"findings": [{"finding": "claude:I1", "keep": true, "severity": "important", "severity_reason": "", "title": "",
    "same_as": "codex:C1", "drop_reason": "", "false_positive": false}]}`,
		"codex": `{"findings": [{"finding": "codex:C1", "keep": true, "severity": "important",
    "severity_reason": "a crash on bad input, but Div has no caller yet", "title": "", "same_as": "", "drop_reason": "", "false_positive": false}]}`,
		"gemini": `{"findings": [{"finding": "gemini:I1", "keep": true, "severity": "important", "severity_reason": "", "title": "",
    "same_as": "codex:C1", "drop_reason": "", "false_positive": false},
  {"finding": "gemini:S1", "keep": false, "severity": "suggestion", "severity_reason": "", "title": "", "same_as": "",
    "drop_reason": "overflow is Go's documented int behaviour", "false_positive": true}]}`,
	}
	prose = `{
  "verdict_reason": "Div must reject a zero divisor before it gets callers",
  "summary": "The change adds Div, which panics on a zero divisor; all three agents found it.",
  "design_observations": [],
  "testing_assessment": "Div has no test.",
  "documentation_assessment": "Adequate.",
  "acknowledged_limitations": [],
  "retro": [{"agent": "claude", "narrative": "Found the panic."}, {"agent": "codex", "narrative": "Overrated the panic."},
    {"agent": "gemini", "narrative": "Found the panic; its overflow note was a false positive."}],
  "process_notes": {"repo_context_updates": ["calc is integer-only by design"], "skill_improvements": []}
}`
)

// judgeRoutes answers each consolidator call of family f by what its
// prompt decides: answer turns a JSON document into the CLI's steps.
func judgeRoutes(f modelsim.Family, answer func(string) []modelsim.Step) []modelsim.Route {
	routes := []modelsim.Route{{Family: f, When: "Write the report's prose", Steps: answer(prose)}}
	for agent, doc := range triages {
		for _, id := range map[string][]string{"claude": {"I1"}, "codex": {"C1"}, "gemini": {"I1", "S1"}}[agent] {
			routes = append(routes, modelsim.Route{Family: f, When: "### `" + agent + ":" + id + "`", Steps: answer(doc)})
		}
	}
	return routes
}

// scripts are the agents' scripted runs: two tool calls each, in the
// CLI's own vocabulary, then the review.
func scripts(base string) modelsim.Script {
	diff := "git diff " + base + "..HEAD"
	return modelsim.Script{
		Anthropic: []modelsim.Step{
			modelsim.ToolStep("Bash", map[string]any{"command": diff, "description": "Show the change"}, modelsim.Usage{Input: 1200, CacheRead: 300, CacheWrite: 40, Output: 25}),
			modelsim.ToolStep("Bash", map[string]any{"command": "git show HEAD:calc.go", "description": "Read calc.go"}, modelsim.Usage{Input: 1500, CacheRead: 900, Output: 18}),
			modelsim.TextStep(claudeReview, modelsim.Usage{Input: 1700, CacheRead: 1100, Output: 210}),
		},
		OpenAI: []modelsim.Step{
			modelsim.ToolStep("exec_command", map[string]any{"cmd": diff}, modelsim.Usage{Input: 1200, CacheRead: 300, Output: 25, Reasoning: 7}),
			modelsim.ToolStep("exec_command", map[string]any{"cmd": "cat calc.go"}, modelsim.Usage{Input: 1500, CacheRead: 900, Output: 18, Reasoning: 3}),
			modelsim.TextStep(codexReview, modelsim.Usage{Input: 1700, CacheRead: 1100, Output: 210, Reasoning: 40}),
		},
		Gemini: []modelsim.Step{
			modelsim.ToolStep("grep_search", map[string]any{"pattern": "func Div"}, modelsim.Usage{Input: 1200, CacheRead: 300, Output: 25}),
			modelsim.ToolStep("read_file", map[string]any{"file_path": "calc.go"}, modelsim.Usage{Input: 1500, CacheRead: 900, Output: 18}),
			modelsim.TextStep(geminiReview, modelsim.Usage{Input: 1700, CacheRead: 1100, Output: 210}),
		},
	}
}

// wantTokens is what a transcript decoder makes of the usage a server
// reported: codex's output_tokens include its reasoning; gemini's stream
// reports no reasoning.
func wantTokens(u modelsim.Usage, f modelsim.Family) transcript.Tokens {
	t := transcript.Tokens{Input: u.Input, CacheRead: u.CacheRead, CacheWrite: u.CacheWrite, Output: u.Output, Reasoning: u.Reasoning}
	switch f {
	case modelsim.OpenAI:
		t.Output += u.Reasoning
	case modelsim.Gemini:
		t.Reasoning = 0
	}
	return t
}

// judges are the consolidator agents the review runs with: codex answers
// with the decision as its final message (--output-schema); claude calls
// its StructuredOutput tool with it (--json-schema), as Claude Code
// insists on.
var judges = []struct {
	name   string
	agent  func(t *testing.T, name, url, timeout string) agentConfig
	script func() modelsim.Script
}{
	{"codex", codexAgent, func() modelsim.Script {
		return modelsim.Script{Routes: judgeRoutes(modelsim.OpenAI, func(doc string) []modelsim.Step {
			return []modelsim.Step{modelsim.TextStep(doc, modelsim.Usage{Input: 5000, Output: 400})}
		})}
	}},
	{"claude", claudeAgent, func() modelsim.Script {
		return modelsim.Script{Routes: judgeRoutes(modelsim.Anthropic, func(doc string) []modelsim.Step {
			var v map[string]any
			if err := json.Unmarshal([]byte(doc), &v); err != nil {
				panic(err)
			}
			return []modelsim.Step{
				modelsim.ToolStep("StructuredOutput", v, modelsim.Usage{Input: 5000, Output: 400}),
				modelsim.TextStep("Done.", modelsim.Usage{Input: 10, Output: 2}),
			}
		})}
	}},
}

func TestRealAgentsReview(t *testing.T) {
	for _, j := range judges {
		t.Run(j.name+"-consolidates", func(t *testing.T) {
			bin := binDir(t)
			r := newRepo(t)
			srv := startServer(t, scripts(r.base))
			judge := startServer(t, j.script())
			cfg := writeConfig(t, bin, []string{"claude", "codex", "gemini"}, "judge",
				claudeAgent(t, "claude", srv.URL(), "4m"), codexAgent(t, "codex", srv.URL(), "4m"),
				geminiAgent(t, "gemini", srv.URL(), "4m"), j.agent(t, "judge", judge.URL(), "4m"))
			reviewWithAll(t, r, srv, judge, cfg)
		})
	}
}

// reviewWithAll runs a review with all three agents and checks the report.
func reviewWithAll(t *testing.T, r repo, srv, judge *modelsim.Server, cfg string) {
	home := t.TempDir()
	before := r.state(t)
	start := time.Now()
	code, out, errOut := review(t, r.dir, home, 8*time.Minute, "--config", cfg, "--format", "json")
	t.Logf("review took %s\n%s", time.Since(start).Round(time.Millisecond), errOut)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	rep := parse(t, out)
	if after := r.state(t); after != before {
		t.Errorf("the user's repository changed:\n%s\n%s", before, after)
	}
	for _, q := range append(srv.Requests(), judge.Requests()...) {
		if q.Note != "" || q.Kind == "unknown" {
			t.Errorf("server: %s %s %s: %s", q.Family, q.Path, q.Kind, q.Note)
		}
	}
	checkConsolidation(t, rep)
	tools := map[string]map[string]int{
		"claude": {"Bash": 2}, "codex": {"shell": 2}, "gemini": {"grep_search": 1, "read_file": 1},
	}
	families := map[string]modelsim.Family{"claude": modelsim.Anthropic, "codex": modelsim.OpenAI, "gemini": modelsim.Gemini}
	for name, want := range tools {
		a := retroOf(rep, name)
		if a == nil || a.Error != "" {
			t.Errorf("%s: retro %+v", name, a)
			continue
		}
		if !equalCounts(a.ToolCalls.ByTool, want) {
			t.Errorf("%s: tool calls %v, want the script's %v", name, a.ToolCalls.ByTool, want)
		}
		f := families[name]
		if w := wantTokens(serverUsage(srv, f), f); a.Tokens != w {
			t.Errorf("%s: tokens %+v, want what the server reported %+v", name, a.Tokens, w)
		}
		if a.DurationMS <= 0 {
			t.Errorf("%s: no duration", name)
		}
		checkAgentFiles(t, filepath.Join(home, "reviews", rep.ID, "agents", name))
	}
	checkMarkdown(t, filepath.Join(home, "reviews", rep.ID, "report.md"))
	if os.Getenv("E2E_KEEP") != "" {
		md, _ := os.ReadFile(filepath.Join(home, "reviews", rep.ID, "report.md"))
		os.WriteFile(os.Getenv("E2E_KEEP"), md, 0o644)
	}
}

func checkConsolidation(t *testing.T, rep *report.Report) {
	t.Helper()
	if c := rep.Consolidation; c.Method != "agent" || c.Fallback != "" || c.Tokens.Input == 0 {
		t.Errorf("consolidation %+v, want the judge agent's decision with its tokens", c)
	}
	if len(rep.Findings) != 1 || !slices.Equal(rep.Findings[0].Agents, []string{"claude", "codex", "gemini"}) ||
		rep.Findings[0].Severity != "important" || rep.Findings[0].LocationCheck.Status != "verified" {
		t.Errorf("findings %+v, want one verified important finding raised by all three", rep.Findings)
	}
	if len(rep.Dropped) != 1 || rep.Dropped[0].Agent != "gemini" || rep.Dropped[0].ID != "S1" {
		t.Errorf("dropped %+v, want gemini S1", rep.Dropped)
	}
	if rep.Verdict.Decision != report.MergeWithFixes {
		t.Errorf("verdict %+v", rep.Verdict)
	}
}

func equalCounts(got, want map[string]int) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

// checkAgentFiles checks an agent's stored files, and that it left its
// worktree as it found it.
func checkAgentFiles(t *testing.T, dir string) {
	t.Helper()
	for _, f := range []string{"prompt.md", "transcript.jsonl", "stderr.txt", "review.md", "metrics.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	var rec struct {
		WorktreeChanges string `json:"worktree_changes"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err := json.Unmarshal(b, &rec); err != nil || rec.WorktreeChanges != "" {
		t.Errorf("%s: worktree changed (%v): %q", dir, err, rec.WorktreeChanges)
	}
}

func checkMarkdown(t *testing.T, path string) {
	t.Helper()
	md, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"## Executive Summary", "## Important Issues", "## Agent Performance Retro", "### Summary",
		"| Tool calls |", "**Reconciliation:**", "**Consolidation:** by Judge", "## Review Process Notes", "calc is integer-only by design",
		"## Appendix: Original Reviews", "### [Claude Opus 5.5] — Pass 1", "### [Codex GPT 5.5] — Pass 1", "### [Gemini 2.5 Pro] — Pass 1"} {
		if !strings.Contains(string(md), s) {
			t.Errorf("report.md lacks %q", s)
		}
	}
}

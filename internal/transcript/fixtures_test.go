package transcript

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/safetext"
	"github.com/google/go-cmp/cmp"
)

// want is what a transcript must decode to. FinalText is checked by its
// start and end (the real answers are long); both empty means no text.
type want struct {
	m          Metrics
	textPrefix string
	textSuffix string
	lastTool   string
}

func tools(total int, byTool map[string]int) ToolCalls {
	if byTool == nil {
		byTool = map[string]int{}
	}
	return ToolCalls{Total: total, ByTool: byTool}
}

// The expected figures below were read off the fixture files by hand.
var fixtureTests = []struct {
	file  string
	agent string
	want  want
}{
	{"claude-init-2025-10.jsonl", "claude", want{m: Metrics{Agent: "claude",
		ToolCalls: tools(0, nil), Error: "no result event"}}},
	{"claude-result-events-2025.jsonl", "claude", want{
		m: Metrics{Agent: "claude", DurationMS: 953618, Turns: 162, CostUSD: 1.8906151499999997,
			Tokens:    Tokens{Input: 331, CacheRead: 3849778, CacheWrite: 84505, Output: 25269},
			ToolCalls: tools(0, nil)},
		textPrefix: "Excellent! All tasks are complete. Let me provide a final summary:\n\n## ✅ Implementation Complete",
		textSuffix: "The PR is now ready for review and addresses all requirements from issue #3.",
	}},
	{"claude-stream-json-v2.0.55.jsonl", "claude", want{
		m: Metrics{Agent: "claude", Model: "claude-sonnet-4-5-20250929", DurationMS: 404030, Turns: 54, CostUSD: 0.9584707500000001,
			Tokens:    Tokens{Input: 116, CacheRead: 1830420, CacheWrite: 54641, Output: 7981},
			ToolCalls: tools(5, map[string]int{"Bash": 5})},
		textPrefix: "Good, it already completed. Let me provide a summary:\n\n## Summary",
		textSuffix: "fulfilling all requirements from issue #91.",
		lastTool:   "Bash",
	}},
	{"codex-exec-experimental-json-2025-09.jsonl", "codex", want{
		m: Metrics{Agent: "codex", ToolCalls: tools(1, map[string]int{"shell": 1}),
			Error: "no turn.completed event"},
		textPrefix: "Running `echo` to confirm shell access and print output.",
		textSuffix: "print output.",
		lastTool:   "shell",
	}},
	{"codex-exec-json-2025-09-30-pr4525.jsonl", "codex", want{
		m: Metrics{Agent: "codex", ToolCalls: tools(1, map[string]int{"mcp:github/search_issues": 1}),
			Error: "no turn.completed event"},
		lastTool: "mcp:github/search_issues",
	}},
	{"codex-exec-json-2025-11-full-run.jsonl", "codex", want{
		m: Metrics{Agent: "codex", Turns: 1,
			Tokens:    Tokens{Input: 101835 - 90752, CacheRead: 90752, Output: 2113},
			ToolCalls: tools(7, map[string]int{"shell": 7})},
		textPrefix: "Summary: Implemented the V “Hello World” solution",
		textSuffix: "once the push succeeds.",
		lastTool:   "shell",
	}},
	{"codex-exec-json-errors-2025-11.jsonl", "codex", want{
		m: Metrics{Agent: "codex", ToolCalls: tools(0, nil),
			Error: "rate limit or quota: You've hit your usage limit. To get more access now, send a request to your admin or try again at 12:16 PM."},
	}},
	{"codex-exec-json-issue-snippets.jsonl", "codex", want{
		m: Metrics{Agent: "codex", Turns: 2,
			Tokens:    Tokens{Input: 26549 - 22272, CacheRead: 22272, Output: 1590},
			ToolCalls: tools(0, nil)},
		textPrefix: "123333", textSuffix: "123333",
	}},
	{"codex-exec-json-legacy-2025-08.jsonl", "codex", want{
		m: Metrics{Agent: "codex", Turns: 1,
			Tokens: Tokens{Input: 1674 - 1627, CacheRead: 1627, Output: 384, Reasoning: 384},
			ToolCalls: tools(3, map[string]int{"shell": 1, "apply_patch": 1,
				"mcp:vibe_kanban/list_projects": 1}),
			Error: "authentication: Missing environment variable: `OPENAI_API_KEY`. Create an API key (https://platform.openai.com) and export it as an environment variable."},
		lastTool: "mcp:vibe_kanban/list_projects",
	}},
	{"gemini-json-output-docs-example.json", "gemini", want{
		m: Metrics{Agent: "gemini", Model: "gemini-2.5-pro", Turns: 2,
			Tokens:    Tokens{Input: 24939 - 21263 + 8965, CacheRead: 21263, Output: 20 + 10, Reasoning: 154 + 30},
			ToolCalls: tools(1, map[string]int{"google_web_search": 1})},
		textPrefix: "The capital of France is Paris.", textSuffix: "Paris.",
	}},
	{"gemini-stream-json-2026-02.jsonl", "gemini", want{
		// The first result (success) is kept; nothing follows the last
		// tool_result, so there is no final text.
		m: Metrics{Agent: "gemini", DurationMS: 5322, Turns: 1,
			Tokens:    Tokens{Input: 11744, Output: 47},
			ToolCalls: tools(1, map[string]int{"read_file": 1})},
		lastTool: "read_file",
	}},
	{"gemini-stream-json-2026-03-issue740.jsonl", "gemini", want{
		m:          Metrics{Agent: "gemini", Turns: 1, ToolCalls: tools(0, nil), Error: "no result event"},
		textPrefix: "` returns early and `processGeminiOutput` is skipped entirely. This means we will lose LLM usage stats for task runs",
		textSuffix: "calling it prior to the error return.\n      side: RIGHT\n      severity: MEDIUM\n    - path: repo-agent/",
	}},
}

func TestFixtures(t *testing.T) {
	for _, tt := range fixtureTests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := Decode(tt.agent, f)
			if err != nil {
				t.Fatal(err)
			}
			checkMetrics(t, got, tt.want)
		})
	}
}

// TestFixturesCovered fails when a fixture transcript has no expectation.
func TestFixturesCovered(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json*")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, tt := range fixtureTests {
		known[tt.file] = true
	}
	for _, f := range files {
		if !known[filepath.Base(f)] {
			t.Errorf("fixture %s has no expected metrics", f)
		}
	}
}

func checkMetrics(t *testing.T, got Metrics, w want) {
	t.Helper()
	text := got.FinalText
	got.FinalText = ""
	if diff := cmp.Diff(w.m, got); diff != "" {
		t.Errorf("metrics (-want +got):\n%s", diff)
	}
	switch {
	case w.textPrefix == "" && w.textSuffix == "":
		if text != "" {
			t.Errorf("final text = %q, want none", safetext.Clip(text, 200))
		}
	case !strings.HasPrefix(text, w.textPrefix) || !strings.HasSuffix(text, w.textSuffix):
		t.Errorf("final text = %q, want it to start with %q and end with %q", safetext.Clip(text, 300), w.textPrefix, w.textSuffix)
	}
}

// TestLiveDecoder feeds a fixture line by line from one reused buffer, as
// the runner does, and checks figures mid-run and that lines are not
// retained.
func TestLiveDecoder(t *testing.T) {
	data, err := os.ReadFile("testdata/claude-stream-json-v2.0.55.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDecoder("claude")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 1<<16)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	for i, line := range lines {
		buf = append(buf[:0], line...)
		d.Line(buf)
		for j := range buf {
			buf[j] = 'x' // a retained line would now be garbage
		}
		if i == 4 { // after the third tool_use block
			m := d.Metrics()
			if m.ToolCalls.Total != 3 || d.LastTool() != "Bash" || m.Turns != 1 || m.Error != errNoResult {
				t.Errorf("mid-run: tools %d, last tool %q, turns %d, error %q; want 3, Bash, 1, %q",
					m.ToolCalls.Total, d.LastTool(), m.Turns, m.Error, errNoResult)
			}
			m.ToolCalls.ByTool["Bash"] = 99 // must not change the decoder
		}
	}
	m := d.Metrics()
	if m.Error != "" || m.ToolCalls.ByTool["Bash"] != 5 || !strings.HasPrefix(m.FinalText, "Good, it already completed.") {
		t.Errorf("end: error %q, Bash %d, text %q", m.Error, m.ToolCalls.ByTool["Bash"], safetext.Clip(m.FinalText, 60))
	}
}

func TestNewDecoderUnknown(t *testing.T) {
	_, err := NewDecoder("copilot")
	if err == nil || !strings.Contains(err.Error(), `"copilot"`) {
		t.Errorf("NewDecoder(copilot) error = %v, want one naming it", err)
	}
	if _, err := Decode("", strings.NewReader("")); err == nil {
		t.Error("Decode with no agent: no error")
	}
}

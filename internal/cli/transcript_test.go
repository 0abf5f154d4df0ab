package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// run runs deepreview in-process with stdin and returns its exit status,
// stdout and stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr,
		Getenv: func(string) string { return "" }, Environ: func() []string { return nil },
		Now: time.Now, Dir: "testdata/transcript",
	}
	code := Main(context.Background(), args, env)
	return code, stdout.String(), stderr.String()
}

// The expected outputs were written by hand from the fixtures.
func TestTranscriptOutput(t *testing.T) {
	tests := []struct{ agent, file, format, want string }{
		{"codex", "codex-exec-json-2025-11-full-run.jsonl", "text", `agent:       codex
error:       none
duration:    not reported
turns:       1
tokens:      input 11083, cache read 90752, cache write 0, output 2113, reasoning 0
cost:        not reported
tool calls:  7 (shell 7)
final text:  1717 bytes, 33 lines: "Summary: Implemented the V “Hello World” solution with a unit test, adde…"
`},
		{"gemini", "gemini-json-output-docs-example.json", "text", `agent:       gemini
error:       none
duration:    not reported
turns:       2
tokens:      input 12641, cache read 21263, cache write 0, output 30, reasoning 184
cost:        not reported
tool calls:  1 (google_web_search 1)
final text:  31 bytes, 1 line: "The capital of France is Paris."
`},
		{"gemini", "gemini-json-output-docs-example.json", "json", `{
  "agent": "gemini",
  "model": "gemini-2.5-pro",
  "final_text": "The capital of France is Paris.",
  "duration_ms": 0,
  "turns": 2,
  "tokens": {
    "input": 12641,
    "cache_read": 21263,
    "cache_write": 0,
    "output": 30,
    "reasoning": 184
  },
  "cost_usd": 0,
  "tool_calls": {
    "total": 1,
    "by_tool": {
      "google_web_search": 1
    }
  },
  "error": ""
}
`},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.format, func(t *testing.T) {
			code, out, errOut := run(t, "", "transcript", "--agent", tt.agent, "--format", tt.format, tt.file)
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if out != tt.want {
				t.Errorf("output:\n%s\nwant:\n%s", out, tt.want)
			}
		})
	}
}

// TestTranscriptJSONFields pins the JSON names other tools read.
func TestTranscriptJSONFields(t *testing.T) {
	in := `{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"ls","status":"completed"}}
{"type":"item.completed","item":{"id":"item_2","type":"agent_message","text":"## Review"}}
{"type":"turn.completed","usage":{"input_tokens":100,"cached_input_tokens":60,"output_tokens":9}}
`
	code, out, errOut := run(t, in, "transcript", "-", "--agent", "codex")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return ks
	}
	wantKeys := []string{"agent", "cost_usd", "duration_ms", "error", "final_text", "model", "tokens", "tool_calls", "turns"}
	if got := keys(doc); !slices.Equal(got, wantKeys) {
		t.Errorf("keys %v, want %v", got, wantKeys)
	}
	tokens, _ := doc["tokens"].(map[string]any)
	if got, want := keys(tokens), []string{"cache_read", "cache_write", "input", "output", "reasoning"}; !slices.Equal(got, want) {
		t.Errorf("token keys %v, want %v", got, want)
	}
	calls, _ := doc["tool_calls"].(map[string]any)
	if got, want := keys(calls), []string{"by_tool", "total"}; !slices.Equal(got, want) {
		t.Errorf("tool_calls keys %v, want %v", got, want)
	}
	if doc["final_text"] != "## Review" || doc["error"] != "" || tokens["input"] != 40.0 || calls["total"] != 1.0 {
		t.Errorf("figures: %s", out)
	}
}

func TestTranscriptErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no agent", []string{"transcript", "x.jsonl"}, 2, `--agent ""`},
		{"unknown agent", []string{"transcript", "--agent", "copilot", "x.jsonl"}, 2, `"copilot"`},
		{"bad format", []string{"transcript", "--agent", "claude", "--format", "xml", "x.jsonl"}, 2, `"xml"`},
		{"no file", []string{"transcript", "--agent", "claude"}, 2, "want one FILE"},
		{"two files", []string{"transcript", "--agent", "claude", "a", "b"}, 2, "got 2"},
		{"missing file", []string{"transcript", "--agent", "claude", "missing.jsonl"}, 1, "missing.jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.msg)
			}
		})
	}
}

// TestTranscriptReportsRunError: a failed run is data, not a command failure.
func TestTranscriptReportsRunError(t *testing.T) {
	in := `{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"result":"API Error: Rate limit reached"}` + "\n"
	code, out, errOut := run(t, in, "transcript", "--agent", "claude", "--format", "text", "-")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "error:       rate limit or quota (HTTP 429): API Error: Rate limit reached\n") ||
		!strings.Contains(out, "final text:  none\n") {
		t.Errorf("output:\n%s", out)
	}
}

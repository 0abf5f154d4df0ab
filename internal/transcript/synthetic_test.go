package transcript

import (
	"strings"
	"testing"
)

// lines joins JSON lines into a transcript.
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

const (
	claudeInit  = `{"type":"system","subtype":"init","session_id":"s1","model":"claude-sonnet-4-5","tools":["Bash","Read"]}`
	claudeText  = `{"type":"assistant","message":{"id":"msg_1","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Looking at the diff."}],"usage":{"output_tokens":1}},"parent_tool_use_id":null}`
	claudeBash  = `{"type":"assistant","message":{"id":"msg_1","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"git diff"}}]},"parent_tool_use_id":null}`
	claudeOut   = `{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"diff --git a/x b/x"}]},"parent_tool_use_id":null}`
	claudeFinal = `{"type":"assistant","message":{"id":"msg_2","content":[{"type":"text","text":"## Review\nNo defects."}]},"parent_tool_use_id":null}`
	claudeOK    = `{"type":"result","subtype":"success","is_error":false,"duration_ms":7000,"num_turns":2,"result":"## Review\nNo defects.","total_cost_usd":0.25,"usage":{"input_tokens":10,"cache_creation_input_tokens":200,"cache_read_input_tokens":3000,"output_tokens":40}}`
)

var syntheticTests = []struct {
	name  string
	agent string
	in    string
	want  want
}{
	{"claude API error result", "claude", lines(claudeInit,
		`{"type":"assistant","message":{"id":"m0","model":"<synthetic>","content":[{"type":"text","text":"API Error: 500 {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}"}]},"parent_tool_use_id":null,"error":"server_error","is_api_error_message":true}`,
		`{"type":"result","subtype":"success","is_error":true,"duration_ms":1500,"num_turns":1,"result":"API Error: 500 {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}","total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0}}`),
		want{m: Metrics{Agent: "claude", DurationMS: 1500, Turns: 1, ToolCalls: tools(0, nil),
			Error: `api error: API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}`}}},
	{"claude 429 with api_error_status", "claude", lines(claudeInit, claudeText,
		`{"type":"result","subtype":"success","is_error":true,"terminal_reason":"api_error","api_error_status":429,"duration_ms":800,"num_turns":1,"result":"API Error: Request rejected (429) · Rate limited. Please try again later.","total_cost_usd":0.01,"usage":{"input_tokens":5,"output_tokens":0}}`),
		want{m: Metrics{Agent: "claude", Model: "claude-sonnet-4-5", DurationMS: 800, Turns: 1, CostUSD: 0.01, Tokens: Tokens{Input: 5},
			ToolCalls: tools(0, nil),
			Error:     "rate limit or quota (HTTP 429): API Error: Request rejected (429) · Rate limited. Please try again later."}}},
	{"claude API error text in an ordinary result", "claude", lines(
		`{"type":"result","subtype":"success","is_error":false,"duration_ms":300,"num_turns":1,"result":"API Error: Rate limit reached","total_cost_usd":0}`),
		want{m: Metrics{Agent: "claude", DurationMS: 300, Turns: 1, ToolCalls: tools(0, nil),
			Error: "rate limit or quota: API Error: Rate limit reached"}}},
	{"claude 403 after a synthetic message", "claude", lines(
		`{"type":"assistant","message":{"model":"<synthetic>","content":[{"type":"text","text":"Your organization has disabled Claude subscription access for Claude Code"}]},"error":"oauth_org_not_allowed","is_api_error_message":true}`,
		`{"type":"result","subtype":"success","is_error":true,"terminal_reason":"api_error","api_error_status":403,"num_turns":484,"duration_ms":15050000,"result":"Your organization has disabled Claude subscription access for Claude Code"}`),
		want{m: Metrics{Agent: "claude", DurationMS: 15050000, Turns: 484, ToolCalls: tools(0, nil),
			Error: "authentication (HTTP 403): Your organization has disabled Claude subscription access for Claude Code"}}},
	{"claude error field without text", "claude", lines(
		`{"type":"result","subtype":"error","result":"","is_error":true,"error":"Maximum usage limit reached"}`),
		want{m: Metrics{Agent: "claude", ToolCalls: tools(0, nil),
			Error: "rate limit or quota: Maximum usage limit reached"}}},
	{"claude refusal", "claude", lines(claudeInit,
		`{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"I can't help with that."}],"stop_reason":"refusal"},"parent_tool_use_id":null}`,
		`{"type":"result","subtype":"success","is_error":false,"stop_reason":"refusal","duration_ms":900,"num_turns":1,"result":"I can't help with that.","total_cost_usd":0.002,"usage":{"input_tokens":3,"output_tokens":7}}`),
		want{m: Metrics{Agent: "claude", DurationMS: 900, Turns: 1, CostUSD: 0.002, Tokens: Tokens{Input: 3, Output: 7},
			ToolCalls: tools(0, nil), Error: "refusal: I can't help with that."}}},
	{"claude max turns", "claude", lines(claudeInit, claudeText, claudeBash, claudeOut,
		`{"type":"result","subtype":"error_max_turns","is_error":true,"duration_ms":60000,"num_turns":31,"total_cost_usd":1.5,"usage":{"input_tokens":100,"cache_read_input_tokens":9000,"cache_creation_input_tokens":800,"output_tokens":2000}}`),
		want{m: Metrics{Agent: "claude", Model: "claude-sonnet-4-5", DurationMS: 60000, Turns: 31, CostUSD: 1.5,
			Tokens:    Tokens{Input: 100, CacheRead: 9000, CacheWrite: 800, Output: 2000},
			ToolCalls: tools(1, map[string]int{"Bash": 1}), Error: "max turns: stopped after 31 turns (error_max_turns)"},
			lastTool: "Bash"}},
	{"claude missing result", "claude", lines(claudeInit, claudeText, claudeBash, claudeOut, claudeFinal),
		want{m: Metrics{Agent: "claude", Model: "claude-sonnet-4-5", Turns: 2, ToolCalls: tools(1, map[string]int{"Bash": 1}), Error: "no result event"},
			textPrefix: "## Review\nNo defects.", textSuffix: "No defects.", lastTool: "Bash"}},
	{"claude spurious second result", "claude", lines(claudeText, claudeBash, claudeOut, claudeFinal, claudeOK,
		`{"type":"result","subtype":"error_during_execution","is_error":true,"duration_ms":0,"num_turns":0,"errors":["background task failed"]}`),
		want{m: Metrics{Agent: "claude", Model: "claude-sonnet-4-5", DurationMS: 7000, Turns: 2, CostUSD: 0.25,
			Tokens:    Tokens{Input: 10, CacheRead: 3000, CacheWrite: 200, Output: 40},
			ToolCalls: tools(1, map[string]int{"Bash": 1})},
			textPrefix: "## Review\nNo defects.", textSuffix: "No defects.", lastTool: "Bash"}},
	{"claude error during execution", "claude", lines(
		`{"type":"result","subtype":"error_during_execution","duration_ms":0,"duration_api_ms":0,"is_error":true,"num_turns":0,"errors":["No conversation found with session ID: abc"]}`),
		want{m: Metrics{Agent: "claude", ToolCalls: tools(0, nil),
			Error: "error_during_execution: No conversation found with session ID: abc"}}},
	{"claude subagents and duplicate blocks", "claude", lines(claudeText, claudeBash, claudeBash,
		`{"type":"assistant","message":{"id":"msg_s","content":[{"type":"tool_use","id":"toolu_t","name":"Task","input":{}}]},"parent_tool_use_id":null}`,
		`{"type":"assistant","message":{"id":"msg_sub","content":[{"type":"text","text":"subagent notes"},{"type":"tool_use","id":"toolu_g","name":"Grep","input":{}},{"type":"tool_use","id":"toolu_r","name":"mcp__github__get_file","input":{}}]},"parent_tool_use_id":"toolu_t"}`,
		claudeFinal, claudeOK),
		want{m: Metrics{Agent: "claude", Model: "claude-sonnet-4-5", DurationMS: 7000, Turns: 2, CostUSD: 0.25,
			Tokens: Tokens{Input: 10, CacheRead: 3000, CacheWrite: 200, Output: 40},
			ToolCalls: tools(4, map[string]int{"Bash": 1, "Task": 1, "Grep": 1,
				"mcp__github__get_file": 1})},
			textPrefix: "## Review", textSuffix: "No defects.", lastTool: "mcp__github__get_file"}},
	{"claude structured output", "claude", lines(
		`{"type":"result","subtype":"success","is_error":false,"duration_ms":10,"num_turns":1,"result":"","structured_output":{"findings":[]}}`),
		want{m: Metrics{Agent: "claude", DurationMS: 10, Turns: 1, ToolCalls: tools(0, nil)},
			textPrefix: `{"findings":[]}`, textSuffix: `{"findings":[]}`}},
	{"claude -o json array on one line", "claude", "[" + strings.Join([]string{claudeInit, claudeText, claudeBash, claudeOut, claudeOK}, ",") + "]\n",
		want{m: Metrics{Agent: "claude", Model: "claude-sonnet-4-5", DurationMS: 7000, Turns: 2, CostUSD: 0.25,
			Tokens:    Tokens{Input: 10, CacheRead: 3000, CacheWrite: 200, Output: 40},
			ToolCalls: tools(1, map[string]int{"Bash": 1})},
			textPrefix: "## Review", textSuffix: "No defects.", lastTool: "Bash"}},
	{"claude -o json array pretty-printed", "claude", "[\n  " + strings.Join([]string{claudeText, claudeBash, claudeOK}, ",\n  ") + "\n]\n",
		want{m: Metrics{Agent: "claude", Model: "claude-sonnet-4-5", DurationMS: 7000, Turns: 2, CostUSD: 0.25,
			Tokens:    Tokens{Input: 10, CacheRead: 3000, CacheWrite: 200, Output: 40},
			ToolCalls: tools(1, map[string]int{"Bash": 1})},
			textPrefix: "## Review", textSuffix: "No defects.", lastTool: "Bash"}},
	{"claude noise lines", "claude", "npm WARN engine\r\n\r\n" + claudeText + "\r\nnot json {at all\r\n[1,2\r\n" +
		"MCP issues detected. " + claudeBash + "\r\n{\"type\":\"assistant\",\"message\":\r\n" + claudeOK,
		want{m: Metrics{Agent: "claude", Model: "claude-sonnet-4-5", DurationMS: 7000, Turns: 2, CostUSD: 0.25,
			Tokens:    Tokens{Input: 10, CacheRead: 3000, CacheWrite: 200, Output: 40},
			ToolCalls: tools(1, map[string]int{"Bash": 1})},
			textPrefix: "## Review", textSuffix: "No defects.", lastTool: "Bash"}},

	{"codex turn.failed after reconnects", "codex", lines(
		`{"type":"thread.started","thread_id":"t1"}`, `{"type":"turn.started"}`,
		`{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"Let me look."}}`,
		`{"type":"error","message":"Reconnecting... 1/5"}`, `{"type":"error","message":"Reconnecting... 2/5"}`,
		`{"type":"error","message":"stream disconnected before completion: error sending request"}`,
		`{"type":"turn.failed","error":{"message":"stream disconnected before completion: error sending request"}}`),
		want{m: Metrics{Agent: "codex", ToolCalls: tools(0, nil),
			Error: "stream disconnected before completion: error sending request"}}},
	{"codex reconnects without a terminal event", "codex", lines(
		`{"type":"thread.started","thread_id":"t1"}`, `{"type":"turn.started"}`,
		`{"type":"error","message":"Reconnecting... 2/5"}`),
		want{m: Metrics{Agent: "codex", ToolCalls: tools(0, nil),
			Error: "no turn.completed event (last error: Reconnecting... 2/5)"}}},
	{"codex every item kind", "codex", lines(
		`{"type":"thread.started","thread_id":"t1"}`, `{"type":"turn.started"}`,
		`{"type":"item.started","item":{"id":"item_0","type":"todo_list","items":[]}}`,
		`{"type":"item.completed","item":{"id":"item_1","type":"error","message":"Skill descriptions were shortened..."}}`,
		`{"type":"item.started","item":{"id":"item_2","type":"command_execution","command":"bash -lc 'git diff'","status":"in_progress"}}`,
		`{"type":"item.completed","item":{"id":"item_2","type":"command_execution","command":"bash -lc 'git diff'","aggregated_output":"diff","exit_code":0,"status":"completed"}}`,
		`{"type":"item.completed","item":{"id":"item_3","type":"file_change","changes":[{"path":"a.go","kind":"update"}],"status":"completed"}}`,
		`{"type":"item.started","item":{"id":"item_4","type":"mcp_tool_call","server":"github","tool":"get_pr","status":"in_progress"}}`,
		`{"type":"item.completed","item":{"id":"item_4","type":"mcp_tool_call","server":"github","tool":"get_pr","status":"completed"}}`,
		`{"type":"item.completed","item":{"id":"item_5","type":"web_search","query":"go vet"}}`,
		`{"type":"item.completed","item":{"id":"item_6","type":"reasoning","text":"thinking"}}`,
		`{"type":"item.completed","item":{"id":"item_7","type":"agent_message","text":"first draft"}}`,
		`{"type":"turn.completed","usage":{"input_tokens":500,"cached_input_tokens":100,"output_tokens":50}}`,
		`{"type":"item.completed","item":{"id":"item_8","type":"collab_tool_call","tool":"spawn_agent","status":"completed"}}`,
		`{"type":"item.completed","item":{"id":"item_9","type":"agent_message","text":"## Review\nOne defect."}}`,
		`{"type":"item.completed","item":{"id":"item_0","type":"todo_list","items":[]}}`,
		`{"type":"turn.completed","usage":{"input_tokens":1000,"cached_input_tokens":600,"cache_write_input_tokens":100,"output_tokens":300,"reasoning_output_tokens":120}}`),
		want{m: Metrics{Agent: "codex", Turns: 2,
			Tokens: Tokens{Input: 300, CacheRead: 600, CacheWrite: 100, Output: 300, Reasoning: 120},
			ToolCalls: tools(5, map[string]int{"shell": 1, "apply_patch": 1, "mcp:github/get_pr": 1,
				"web_search": 1, "collab:spawn_agent": 1})},
			textPrefix: "## Review\nOne defect.", textSuffix: "One defect.", lastTool: "collab:spawn_agent"}},

	{"gemini status error", "gemini", lines(
		`{"type":"init","session_id":"g1","model":"auto"}`,
		`{"type":"tool_use","tool_name":"read_file","tool_id":"read_file-1","parameters":{}}`,
		`{"type":"tool_result","tool_id":"read_file-1","status":"success","output":"x"}`,
		`{"type":"result","status":"error","error":{"type":"FatalTurnLimitedError","message":"Reached max session turns for this session."},"stats":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"duration_ms":0,"tool_calls":1}}`),
		want{m: Metrics{Agent: "gemini", Turns: 1, ToolCalls: tools(1, map[string]int{"read_file": 1}),
			Error: "max turns: FatalTurnLimitedError: Reached max session turns for this session."},
			lastTool: "read_file"}},
	// gemini 0.61.0 on a safety block (recorded against internal/modelsim):
	// an error event, then a failed result without an error object.
	{"gemini safety block", "gemini", lines(
		`{"type":"init","timestamp":"2026-11-26T07:38:10.958Z","session_id":"dfc12f8d","model":"gemini-2.5-pro"}`,
		`{"type":"error","timestamp":"2026-11-26T07:38:11.077Z","severity":"error","message":"The model response was blocked due to safety settings."}`,
		`{"type":"result","timestamp":"2026-11-26T07:38:11.077Z","status":"error","stats":{"total_tokens":15,"input_tokens":10,"output_tokens":5,"cached":0,"input":10,"duration_ms":119,"tool_calls":0}}`),
		want{m: Metrics{Agent: "gemini", Model: "gemini-2.5-pro", DurationMS: 119, Tokens: Tokens{Input: 10, Output: 5},
			ToolCalls: tools(0, nil), Error: "refusal: The model response was blocked due to safety settings."}}},
	{"gemini error event before a success result", "gemini", lines(
		`{"type":"message","role":"assistant","content":"Checking","delta":true}`,
		`{"type":"error","severity":"warning","message":"slow response"}`,
		`{"type":"error","severity":"error","message":"Loop detected, stopping execution"}`,
		`{"type":"result","status":"success","stats":{"total_tokens":30,"input_tokens":20,"output_tokens":10,"duration_ms":1000,"tool_calls":0}}`),
		want{m: Metrics{Agent: "gemini", DurationMS: 1000, Turns: 1, Tokens: Tokens{Input: 20, Output: 10},
			ToolCalls: tools(0, nil), Error: "Loop detected, stopping execution"}}},
	{"gemini turns and final text", "gemini", lines(
		`{"type":"init","session_id":"g1","model":"auto"}`,
		`{"type":"message","role":"user","content":"Review this change"}`,
		`{"type":"message","role":"assistant","content":"Let me ","delta":true}`,
		`{"type":"message","role":"assistant","content":"look.","delta":true}`,
		`{"type":"tool_use","tool_name":"read_file","tool_id":"read_file-1","parameters":{}}`,
		`{"type":"tool_use","tool_name":"grep_search","tool_id":"grep_search-2","parameters":{}}`,
		`{"type":"tool_result","tool_id":"read_file-1","status":"success","output":"package x"}`,
		`{"type":"tool_result","tool_id":"grep_search-2","status":"error","error":{"type":"x","message":"y"}}`,
		`{"type":"tool_use","tool_name":"search_file_content","tool_id":"search_file_content-3","parameters":{}}`,
		`{"type":"tool_result","tool_id":"search_file_content-3","status":"success","output":""}`,
		`{"type":"message","role":"assistant","content":"## Review\n","delta":true}`,
		`{"type":"message","role":"assistant","content":"All good.","delta":true}`,
		`{"type":"result","status":"success","stats":{"total_tokens":1450,"input_tokens":1000,"output_tokens":50,"cached":400,"input":600,"duration_ms":4200,"tool_calls":3}}`),
		want{m: Metrics{Agent: "gemini", DurationMS: 4200, Turns: 3,
			Tokens: Tokens{Input: 600, CacheRead: 400, Output: 50},
			ToolCalls: tools(3, map[string]int{"read_file": 1, "grep_search": 1,
				"search_file_content": 1})},
			textPrefix: "## Review\nAll good.", textSuffix: "All good.", lastTool: "search_file_content"}},
	{"gemini stats before v0.22", "gemini", lines(
		`{"type":"message","role":"assistant","content":"Done.","delta":true}`,
		`{"type":"result","status":"success","stats":{"total_tokens":1300,"input_tokens":1200,"output_tokens":100,"duration_ms":50,"tool_calls":0}}`),
		want{m: Metrics{Agent: "gemini", DurationMS: 50, Turns: 1, Tokens: Tokens{Input: 1200, Output: 100},
			ToolCalls: tools(0, nil)}, textPrefix: "Done.", textSuffix: "Done."}},
	{"gemini -o json after a notice", "gemini", "MCP issues detected. Run /mcp list for status.\n{\n  \"response\": \"LGTM\",\n  \"stats\": {\"models\": {}}\n}\n",
		want{m: Metrics{Agent: "gemini", ToolCalls: tools(0, nil)}, textPrefix: "LGTM", textSuffix: "LGTM"}},
	{"gemini -o json error", "gemini", "{\n  \"session_id\": \"g2\",\n  \"error\": {\n    \"type\": \"ApiError\",\n    \"message\": \"Quota exceeded for quota metric\",\n    \"code\": 429\n  }\n}\n",
		want{m: Metrics{Agent: "gemini", ToolCalls: tools(0, nil),
			Error: "rate limit or quota (HTTP 429): ApiError: Quota exceeded for quota metric"}}},
}

func TestSynthetic(t *testing.T) {
	for _, tt := range syntheticTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.agent, strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			checkMetrics(t, got, tt.want)
			d, _ := NewDecoder(tt.agent)
			for line := range strings.Lines(tt.in) {
				d.Line([]byte(strings.TrimRight(line, "\r\n")))
			}
			if d.LastTool() != tt.want.lastTool && !strings.HasPrefix(tt.in, "[") && !strings.HasPrefix(tt.in, "{\n") {
				t.Errorf("LastTool = %q, want %q", d.LastTool(), tt.want.lastTool)
			}
		})
	}
}

// TestLongLines decodes lines over 1 MiB: a tool result (skipped unread) and
// a tool call whose input is that large (decoded).
func TestLongLines(t *testing.T) {
	big := strings.Repeat("0123456789abcdef", 96<<10) // 1.5 MiB
	in := lines(claudeText,
		`{"type":"assistant","message":{"id":"msg_1","content":[{"type":"tool_use","id":"toolu_w","name":"Write","input":{"content":"`+big+`"}}]},"parent_tool_use_id":null}`,
		`{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_w","content":"`+big+`"}]}}`,
		`{"parent_tool_use_id":null,"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_w","content":"`+big+`"}]}}`,
		claudeOK)
	got, err := Decode("claude", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	checkMetrics(t, got, want{m: Metrics{Agent: "claude", Model: "claude-sonnet-4-5", DurationMS: 7000, Turns: 2, CostUSD: 0.25,
		Tokens:    Tokens{Input: 10, CacheRead: 3000, CacheWrite: 200, Output: 40},
		ToolCalls: tools(1, map[string]int{"Write": 1})},
		textPrefix: "## Review", textSuffix: "No defects."})
}

func TestLineReader(t *testing.T) {
	in := "a\r\n\nbb\n" + strings.Repeat("c", 200<<10) + "\nlast"
	lr := lineReader{r: newBufReader(strings.NewReader(in))}
	var got []int
	for {
		line, err := lr.next()
		got = append(got, len(line))
		if err != nil {
			break
		}
	}
	want := []int{1, 0, 2, 200 << 10, 4}
	if len(got) != len(want) {
		t.Fatalf("line lengths %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("line lengths %v, want %v", got, want)
		}
	}
}

func TestElide(t *testing.T) {
	long := strings.Repeat(`x\"y\\`, 200)
	keys := [][]byte{[]byte(`"content":"`), []byte(`"stdout":"`)}
	tests := []struct{ in, want string }{
		{`{"content":"short"}`, `{"content":"short"}`},
		{`{"content":"` + long + `","text":"keep"}`, `{"content":"","text":"keep"}`},
		{`{"a":{"stdout":"` + long + `"},"b":{"content":"` + long + `\\"}}`, `{"a":{"stdout":""},"b":{"content":""}}`},
		{`{"text":"\"content\":\"` + long + `"}`, `{"text":"\"content\":\"` + long + `"}`},
		{`{"content":"` + long, `{"content":"` + long},
		{`{"content":["` + long + `"]}`, `{"content":["` + long + `"]}`},
	}
	for _, tt := range tests {
		if got := string(elide(nil, []byte(tt.in), keys)); got != tt.want {
			t.Errorf("elide(%.60q) = %.80q, want %.80q", tt.in, got, tt.want)
		}
	}
}

//go:build unix

package modelsim

import (
	"strings"
	"testing"
)

// Minimal transcript readers for the TestRealAgents tests: just enough to
// check tool calls, final text, tokens and failure against the server.

// claudeFacts reads `claude -p --output-format stream-json --verbose`.
func claudeFacts(t *testing.T, stdout string) facts {
	var f facts
	seen := map[string]bool{}
	for _, l := range jsonLines(t, stdout) {
		switch str(l["type"]) {
		case "assistant":
			blocks, _ := get(l, "message", "content").([]any)
			for _, b := range blocks {
				if str(get(b, "type")) == "tool_use" && !seen[str(get(b, "id"))] {
					seen[str(get(b, "id"))] = true
					f.Tools = append(f.Tools, str(get(b, "name")))
				}
			}
		case "result":
			f.Final = str(l["result"])
			u := get(l, "usage")
			f.Tokens = Usage{
				Input:      num(get(u, "input_tokens")),
				CacheRead:  num(get(u, "cache_read_input_tokens")),
				CacheWrite: num(get(u, "cache_creation_input_tokens")),
				Output:     num(get(u, "output_tokens")),
			}
			ds, _ := l["permission_denials"].([]any)
			f.Denied = len(ds)
			if l["is_error"] == true {
				f.Failed, f.Error = true, str(l["subtype"])+": "+str(l["result"])
			}
		}
	}
	return f
}

// codexFacts reads `codex exec --json`.
func codexFacts(t *testing.T, stdout string) facts {
	var f facts
	var errs []string
	for _, l := range jsonLines(t, stdout) {
		switch str(l["type"]) {
		case "item.completed":
			switch typ := str(get(l, "item", "type")); typ {
			case "agent_message":
				f.Final = str(get(l, "item", "text"))
			case "command_execution", "file_change", "mcp_tool_call", "web_search":
				f.Tools = append(f.Tools, typ)
				if st := str(get(l, "item", "status")); st == "failed" || st == "declined" {
					f.Denied++
				}
			}
		case "turn.completed":
			u := get(l, "usage")
			cached, write := num(get(u, "cached_input_tokens")), num(get(u, "cache_write_input_tokens"))
			reasoning := num(get(u, "reasoning_output_tokens"))
			f.Tokens = Usage{
				Input:      num(get(u, "input_tokens")) - cached - write,
				CacheRead:  cached,
				CacheWrite: write,
				Output:     num(get(u, "output_tokens")) - reasoning,
				Reasoning:  reasoning,
			}
		case "turn.failed":
			f.Failed = true
			errs = append(errs, str(get(l, "error", "message")))
		case "error":
			errs = append(errs, str(l["message"]))
		}
	}
	f.Error = strings.Join(errs, " | ")
	return f
}

// geminiFacts reads `gemini -o stream-json`.
func geminiFacts(t *testing.T, stdout string) facts {
	var f facts
	var final strings.Builder
	for _, l := range jsonLines(t, stdout) {
		switch str(l["type"]) {
		case "tool_use":
			f.Tools = append(f.Tools, str(l["tool_name"]))
		case "tool_result":
			final.Reset() // the answer is the text after the last tool
			if str(l["status"]) == "error" {
				f.Denied++
			}
		case "message":
			if str(l["role"]) == "assistant" {
				final.WriteString(str(l["content"]))
			}
		case "error":
			f.Error += str(l["message"]) + " | "
		case "result":
			s := get(l, "stats")
			prompt, out := num(get(s, "input_tokens")), num(get(s, "output_tokens"))
			f.Tokens = Usage{
				Input:     num(get(s, "input")),
				CacheRead: num(get(s, "cached")),
				Output:    out,
				Reasoning: num(get(s, "total_tokens")) - prompt - out,
			}
			if str(l["status"]) == "error" {
				f.Failed = true
				f.Error += str(get(l, "error", "type")) + ": " + str(get(l, "error", "message"))
			}
		}
	}
	f.Final = final.String()
	return f
}

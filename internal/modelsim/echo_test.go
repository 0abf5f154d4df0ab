package modelsim

import (
	"strings"
	"testing"
)

func TestEcho(t *testing.T) {
	bodies := map[string]string{
		"anthropic": `{"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"x","content":"R-ONE"}]},` +
			`{"role":"user","content":[{"type":"tool_result","content":[{"type":"text","text":"R-TWO"}]}]}]}`,
		"openai": `{"input":[{"type":"function_call_output","call_id":"c","output":"R-ONE"},{"type":"custom_tool_call_output","output":"R-TWO"}]}`,
		"gemini": `{"contents":[{"parts":[{"functionResponse":{"name":"read_file","response":{"output":"R-ONE"}}}]},` +
			`{"parts":[{"functionResponse":{"response":{"error":"R-TWO"}}}]}]}`,
	}
	for name, body := range bodies {
		got := EchoStep("review", Usage{}).echo([]byte(body)).Text
		if !strings.HasPrefix(got, "review\n") || !strings.Contains(got, "R-ONE") || !strings.Contains(got, "R-TWO") {
			t.Errorf("%s: %q", name, got)
		}
		if plain := TextStep("review", Usage{}).echo([]byte(body)).Text; plain != "review" {
			t.Errorf("%s: a plain step echoed: %q", name, plain)
		}
	}
}

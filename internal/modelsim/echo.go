package modelsim

import (
	"encoding/json"
	"strings"
)

// echo returns st with the tool results of the request body appended to
// its text, when st asks for it.
func (st Step) echo(body []byte) Step {
	if !st.Echo || st.Tool != "" {
		return st
	}
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return st
	}
	var out []string
	collectResults(doc, &out)
	var b strings.Builder
	b.WriteString(st.Text)
	b.WriteString("\n\n## Tool output\n\n")
	for _, r := range out {
		b.WriteString("~~~~~~~~\n" + r + "\n~~~~~~~~\n\n")
	}
	st.Text = b.String()
	return st
}

// collectResults walks a request of any family for its tool results:
// Anthropic's tool_result blocks, OpenAI's function_call_output items and
// Gemini's functionResponse parts.
func collectResults(v any, out *[]string) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			collectResults(e, out)
		}
	case map[string]any:
		switch {
		case v["type"] == "tool_result":
			*out = append(*out, flatten(v["content"]))
			return
		case v["type"] == "function_call_output" || v["type"] == "custom_tool_call_output":
			*out = append(*out, flatten(v["output"]))
			return
		case v["functionResponse"] != nil:
			*out = append(*out, flatten(v["functionResponse"]))
			return
		}
		for _, e := range v {
			collectResults(e, out)
		}
	}
}

// flatten is a result as text: a string as is, anything else as JSON.
func flatten(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

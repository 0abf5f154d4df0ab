package transcript

// Metrics are the facts one agent run's transcript gives.
type Metrics struct {
	Agent string `json:"agent"`
	// Model is the model the transcript names (claude's assistant
	// messages, gemini's init event); "" when it names none (codex).
	Model      string    `json:"model"`
	FinalText  string    `json:"final_text"`
	DurationMS int64     `json:"duration_ms"`
	Turns      int       `json:"turns"`
	Tokens     Tokens    `json:"tokens"`
	CostUSD    float64   `json:"cost_usd"`
	ToolCalls  ToolCalls `json:"tool_calls"`
	Error      string    `json:"error"`
	// Truncated says what of the run's output was not kept whole
	// ("final text truncated at 2097152 bytes", "transcript.jsonl
	// truncated at …"): the decoder's and the runner's bounds.
	Truncated []string `json:"truncated,omitempty"`
}

// Tokens are normalized across CLIs: Input excludes cached input.
type Tokens struct {
	Input      int64 `json:"input"`
	CacheRead  int64 `json:"cache_read"`
	CacheWrite int64 `json:"cache_write"`
	Output     int64 `json:"output"`
	Reasoning  int64 `json:"reasoning"`
}

// ToolCalls counts tool calls in total and by tool name.
type ToolCalls struct {
	Total  int            `json:"total"`
	ByTool map[string]int `json:"by_tool"`
}

package transcript

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// claudeDecoder reads `claude -p --output-format stream-json --verbose`.
// Figures come from the result event; until it arrives Turns counts the
// main thread's assistant messages and FinalText is the text of the last
// one. Tool calls are the tool_use blocks of every assistant message,
// subagents' included, each block id once. User lines (tool results, the
// bulk of a transcript) are skipped without decoding.
type claudeDecoder struct {
	tools  counter
	turns  int
	lastID string
	// text is the text of the last main-thread assistant message.
	text textBuf
	// apiError is the text and kind of the last synthetic assistant
	// message the CLI writes for a failed API call.
	apiError, apiErrorKind string
	refused                bool
	result                 *claudeResult
	// elided are the keys of tool inputs too long to be worth decoding;
	// scratch holds a line without them.
	elided  [][]byte
	scratch []byte
	model   string // of the main conversation's latest message
}

func newClaude(maxText int) *claudeDecoder {
	return &claudeDecoder{tools: newCounter(), text: textBuf{max: maxText}, elided: [][]byte{
		[]byte(`"content":"`), []byte(`"new_string":"`), []byte(`"old_string":"`)}}
}

type claudeBlock struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Name string `json:"name"`
	Text string `json:"text"`
}

type claudeAssistant struct {
	Message struct {
		ID         string        `json:"id"`
		Model      string        `json:"model"`
		Content    []claudeBlock `json:"content"`
		StopReason string        `json:"stop_reason"`
	} `json:"message"`
	ParentToolUseID   *string         `json:"parent_tool_use_id"`
	Error             json.RawMessage `json:"error"`
	IsAPIErrorMessage bool            `json:"is_api_error_message"`
}

type claudeResult struct {
	Subtype        string  `json:"subtype"`
	IsError        bool    `json:"is_error"`
	DurationMS     int64   `json:"duration_ms"`
	NumTurns       int     `json:"num_turns"`
	Result         string  `json:"result"`
	TotalCostUSD   float64 `json:"total_cost_usd"`
	TotalCost      float64 `json:"total_cost"` // before CLI 1.0.22
	CostUSD        float64 `json:"cost_usd"`   // before CLI 1.0.22
	StopReason     string  `json:"stop_reason"`
	TerminalReason string  `json:"terminal_reason"`
	Usage          struct {
		Input      int64 `json:"input_tokens"`
		CacheWrite int64 `json:"cache_creation_input_tokens"`
		CacheRead  int64 `json:"cache_read_input_tokens"`
		Output     int64 `json:"output_tokens"`
	} `json:"usage"`
	StructuredOutput json.RawMessage   `json:"structured_output"`
	APIErrorStatus   json.RawMessage   `json:"api_error_status"`
	Errors           []json.RawMessage `json:"errors"`
	Error            json.RawMessage   `json:"error"`
}

func (r *claudeResult) success() bool { return r.Subtype == "success" && !r.IsError }

func (d *claudeDecoder) Line(b []byte) {
	obj, ok := object(b)
	if !ok {
		return
	}
	typ, ok := peekType(obj)
	if !ok {
		return
	}
	switch typ {
	case "assistant":
		d.scratch = elide(d.scratch, obj, d.elided)
		d.assistant(d.scratch)
	case "result":
		d.addResult(obj)
	}
}

func (d *claudeDecoder) assistant(b []byte) {
	var a claudeAssistant
	if !decodeLoose(b, &a) {
		return
	}
	for _, blk := range a.Message.Content {
		if blk.Type == "tool_use" || blk.Type == "server_tool_use" {
			d.tools.add(blk.ID, blk.Name)
		}
	}
	if a.ParentToolUseID != nil && *a.ParentToolUseID != "" {
		return // a subagent's message: its tools count, its text does not
	}
	text := joinText(a.Message.Content)
	if a.IsAPIErrorMessage || rawString(a.Error) != "" || looksLikeAPIError(text) {
		d.apiError, d.apiErrorKind = text, rawString(a.Error)
		return
	}
	if a.Message.Model == "<synthetic>" {
		return // written by the CLI, not the model
	}
	if a.Message.StopReason == "refusal" {
		d.refused = true
	}
	if a.Message.Model != "" {
		d.model = a.Message.Model
	}
	if a.Message.ID == "" || a.Message.ID != d.lastID {
		d.turns++
		d.lastID = a.Message.ID
		d.text.reset()
	}
	if text != "" {
		if d.text.Len() > 0 {
			d.text.add("\n\n")
		}
		d.text.add(text)
	}
}

func joinText(blocks []claudeBlock) string {
	var parts []string
	for _, blk := range blocks {
		if blk.Type == "text" && blk.Text != "" {
			parts = append(parts, blk.Text)
		}
	}
	return strings.Join(parts, "\n\n")
}

// addResult keeps the first successful result, else the last one: old CLIs
// could print a spurious error result after the real one.
func (d *claudeDecoder) addResult(b []byte) {
	var r claudeResult
	if !decodeLoose(b, &r) {
		return
	}
	if d.result == nil || !d.result.success() {
		d.result = &r
	}
}

func (d *claudeDecoder) LastTool() string { return d.tools.last }

func (d *claudeDecoder) Calls() int { return d.tools.total }

func (d *claudeDecoder) Metrics() Metrics {
	m := d.metrics()
	m.limitText(d.text.max, d.text.cut && m.FinalText == d.text.String())
	return m
}

func (d *claudeDecoder) metrics() Metrics {
	m := Metrics{Agent: "claude", Model: d.model, Turns: d.turns, ToolCalls: d.tools.calls()}
	r := d.result
	if r == nil {
		m.FinalText = d.text.String()
		m.Error = errNoResult
		if d.apiError != "" {
			m.Error += " (last API error: " + describe("", 0, d.apiErrorKind+" "+d.apiError) + ")"
		}
		return m
	}
	m.DurationMS = r.DurationMS
	if r.NumTurns > 0 {
		m.Turns = r.NumTurns
	}
	m.CostUSD = firstNonZero(r.TotalCostUSD, r.TotalCost, r.CostUSD)
	m.Tokens = Tokens{Input: r.Usage.Input, CacheRead: r.Usage.CacheRead,
		CacheWrite: r.Usage.CacheWrite, Output: r.Usage.Output}
	if msg := d.resultError(r); msg != "" {
		m.Error = msg
		return m
	}
	m.FinalText = r.Result
	if len(r.StructuredOutput) > 0 && string(r.StructuredOutput) != "null" {
		// A --json-schema run: the validated answer wins over the text,
		// which may be a closing remark.
		m.FinalText = string(r.StructuredOutput)
	}
	if m.FinalText == "" {
		m.FinalText = d.text.String() // result can be empty (claude-code #38769)
	}
	return m
}

// resultError is the error a result reports, "" for a successful run. An
// API failure can come as a "success" result whose text is the error
// message; that text must never pass for the agent's answer.
func (d *claudeDecoder) resultError(r *claudeResult) string {
	status := rawInt(r.APIErrorStatus)
	switch {
	case r.Subtype == "error_max_turns":
		return describe(reasonMaxTurns, 0, fmt.Sprintf("stopped after %d turns (error_max_turns)", r.NumTurns))
	case r.Subtype == "error_max_budget_usd":
		return describe("budget", 0, fmt.Sprintf("spent $%.4f (error_max_budget_usd)", r.TotalCostUSD))
	case r.StopReason == "refusal" || d.refused && !r.IsError:
		return describe(reasonRefusal, 0, orDefault(r.Result, "the model declined to answer (stop_reason refusal)"))
	case r.success() && status == 0 && r.TerminalReason != "api_error" &&
		!looksLikeAPIError(r.Result) && (d.apiError == "" || r.Result != d.apiError):
		return ""
	}
	msg := r.Result
	if msg == "" {
		msg = rawString(r.Error)
	}
	if msg == "" {
		msg = joinRaw(r.Errors)
	}
	if msg == "" {
		msg = d.apiError
	}
	kind := classify(status, d.apiErrorKind+" "+rawString(r.Error)+" "+msg)
	if kind == "" && r.Subtype != "success" && r.Subtype != "" {
		return describe(r.Subtype, status, msg)
	}
	if kind == "" && msg == "" {
		return "error result without a message"
	}
	return describe(kind, status, msg)
}

// looksLikeAPIError spots an API failure reported as an ordinary result by
// CLIs that set neither is_error nor api_error_status.
func looksLikeAPIError(text string) bool {
	if len(text) > maxErrorLen {
		return false
	}
	for _, p := range []string{"API Error", "Claude AI usage limit reached", "Invalid API key", "Credit balance is too low"} {
		if strings.HasPrefix(text, p) {
			return true
		}
	}
	return false
}

// decodeLoose decodes b into v, tolerating fields of an unexpected type
// (the rest of v is still filled); it fails only on malformed JSON.
func decodeLoose(b []byte, v any) bool {
	err := json.Unmarshal(b, v)
	var typeErr *json.UnmarshalTypeError
	return err == nil || errors.As(err, &typeErr)
}

// rawString returns a JSON string's value, or the raw JSON of anything
// else but null.
func rawString(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// rawInt reads a JSON number or numeric string, 0 otherwise.
func rawInt(raw json.RawMessage) int {
	n, err := strconv.Atoi(strings.Trim(rawString(raw), `"`))
	if err != nil {
		return 0
	}
	return n
}

func joinRaw(raws []json.RawMessage) string {
	var parts []string
	for _, raw := range raws {
		if s := rawString(raw); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "; ")
}

func firstNonZero(vs ...float64) float64 {
	for _, v := range vs {
		if v != 0 {
			return v
		}
	}
	return 0
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

package transcript

import (
	"encoding/json"
	"strings"
)

// geminiDecoder reads `gemini -p -o stream-json`, and the single object of
// `-o json` (Decode reassembles it when pretty-printed).
//
// Stream: FinalText is the assistant text after the last tool result. Turns
// are inferred: a model turn is a run of assistant text and tool calls that
// a tool result (or the user) ends, so parallel tool calls of one response
// count once. Tokens come from result.stats: Input = input (input_tokens -
// cached before v0.22), CacheRead = cached, Output = output_tokens; the
// stream does not report thoughts, so Reasoning is 0.
//
// JSON: FinalText = response; tokens are summed over stats.models (Input =
// input or prompt - cached, Output = candidates, Reasoning = thoughts; tool
// prompt tokens are not counted); tool calls = stats.tools.byName; Turns is
// the largest totalRequests of one model (the main model's round trips;
// routing and utility models are called about once). No duration.
type geminiDecoder struct {
	tools  counter
	text   textBuf
	turns  int
	inTurn bool
	// severe is the last error event of severity error (loop detected,
	// turn limit), which can precede a result with status success.
	severe string
	// lastError is the last error event of any severity: the only words
	// a failed result without an error object has (a safety block).
	lastError string
	model     string
	result    *geminiEvent
	doc       *geminiDoc
}

func newGemini(maxText int) *geminiDecoder {
	return &geminiDecoder{tools: newCounter(), text: textBuf{max: maxText}}
}

type geminiError struct {
	Type    string          `json:"type"`
	Message string          `json:"message"`
	Code    json.RawMessage `json:"code"`
}

type geminiEvent struct {
	Role     string       `json:"role"`
	Model    string       `json:"model"`
	Content  string       `json:"content"`
	ToolName string       `json:"tool_name"`
	ToolID   string       `json:"tool_id"`
	Severity string       `json:"severity"`
	Message  string       `json:"message"`
	Status   string       `json:"status"`
	Error    *geminiError `json:"error"`
	Stats    struct {
		InputTokens  int64  `json:"input_tokens"`
		OutputTokens int64  `json:"output_tokens"`
		Cached       int64  `json:"cached"`
		Input        *int64 `json:"input"`
		DurationMS   int64  `json:"duration_ms"`
	} `json:"stats"`
}

func (e *geminiEvent) success() bool { return e.Status == "success" }

func (d *geminiDecoder) Line(b []byte) {
	obj, ok := object(b)
	if !ok {
		return
	}
	typ, ok := peekType(obj)
	if !ok {
		return
	}
	switch typ {
	case "tool_result":
		d.endTurn() // its output is not needed: skip decoding it
		return
	case "":
		d.document(obj)
		return
	case "message", "tool_use", "error", "result", "init":
	default:
		return
	}
	var ev geminiEvent
	if !decodeLoose(obj, &ev) {
		return
	}
	switch typ {
	case "init":
		// An alias such as auto-gemini-3 names a router, not a model.
		if !strings.HasPrefix(ev.Model, "auto") {
			d.model = ev.Model
		}
	case "message":
		if ev.Role != "assistant" {
			d.endTurn()
			return
		}
		d.startTurn()
		d.text.add(ev.Content)
	case "tool_use":
		d.startTurn()
		d.tools.add(ev.ToolID, ev.ToolName)
	case "error":
		if ev.Severity == "error" {
			d.severe = ev.Message
		}
		d.lastError = ev.Message
	case "result":
		if d.result == nil || !d.result.success() {
			d.result = &ev
		}
	}
}

func (d *geminiDecoder) startTurn() {
	if !d.inTurn {
		d.turns++
		d.inTurn = true
	}
}

func (d *geminiDecoder) endTurn() {
	d.inTurn = false
	d.text.reset()
}

func (d *geminiDecoder) LastTool() string { return d.tools.last }

func (d *geminiDecoder) Calls() int {
	if d.doc != nil {
		return d.doc.metrics().ToolCalls.Total
	}
	return d.tools.total
}

func (d *geminiDecoder) Metrics() Metrics {
	m := d.metrics()
	m.limitText(d.text.max, d.doc == nil && d.text.cut && m.FinalText == d.text.String())
	return m
}

func (d *geminiDecoder) metrics() Metrics {
	if d.doc != nil {
		return d.doc.metrics()
	}
	m := Metrics{Agent: "gemini", Model: d.model, FinalText: d.text.String(), Turns: d.turns, ToolCalls: d.tools.calls()}
	r := d.result
	if r == nil {
		m.Error = errNoResult
		if d.severe != "" {
			m.Error += " (last error: " + describe("", 0, d.severe) + ")"
		}
		return m
	}
	m.DurationMS = r.Stats.DurationMS
	input := r.Stats.InputTokens - r.Stats.Cached
	if r.Stats.Input != nil {
		input = *r.Stats.Input
	}
	m.Tokens = Tokens{Input: max(input, 0), CacheRead: r.Stats.Cached, Output: r.Stats.OutputTokens}
	switch {
	case !r.success():
		def := "result status " + orDefault(r.Status, "missing")
		if d.lastError != "" {
			def = describe("", 0, d.lastError)
		}
		m.Error = geminiFailure(r.Error, def)
	case d.severe != "":
		m.Error = describe("", 0, d.severe)
	}
	if m.Error != "" {
		m.FinalText = ""
	}
	return m
}

// geminiFailure describes an error object, def when there is none.
func geminiFailure(e *geminiError, def string) string {
	if e == nil || e.Message == "" && e.Type == "" {
		return def
	}
	status := rawInt(e.Code)
	kind := classify(status, e.Type+" "+e.Message)
	msg := e.Message
	if e.Type != "" {
		msg = e.Type + ": " + msg
	}
	return describe(kind, status, msg)
}

// geminiDoc is the single object of `gemini -o json`.
type geminiDoc struct {
	Response *string `json:"response"`
	Stats    *struct {
		Models map[string]struct {
			API struct {
				TotalRequests int `json:"totalRequests"`
			} `json:"api"`
			Tokens struct {
				Input      *int64 `json:"input"`
				Prompt     int64  `json:"prompt"`
				Candidates int64  `json:"candidates"`
				Cached     int64  `json:"cached"`
				Thoughts   int64  `json:"thoughts"`
			} `json:"tokens"`
		} `json:"models"`
		Tools struct {
			ByName map[string]struct {
				Count int `json:"count"`
			} `json:"byName"`
		} `json:"tools"`
	} `json:"stats"`
	Error *geminiError `json:"error"`
}

func (d *geminiDecoder) document(b []byte) {
	var doc geminiDoc
	if !decodeLoose(b, &doc) {
		return
	}
	if doc.Response != nil || doc.Stats != nil || doc.Error != nil {
		d.doc = &doc
	}
}

func (doc *geminiDoc) metrics() Metrics {
	m := Metrics{Agent: "gemini", ToolCalls: ToolCalls{ByTool: map[string]int{}}}
	if doc.Response != nil {
		m.FinalText = *doc.Response
	}
	if doc.Stats != nil {
		for name, model := range doc.Stats.Models {
			t := model.Tokens
			input := t.Prompt - t.Cached
			if t.Input != nil {
				input = *t.Input
			}
			m.Tokens.Input += max(input, 0)
			m.Tokens.CacheRead += t.Cached
			m.Tokens.Output += t.Candidates
			m.Tokens.Reasoning += t.Thoughts
			// The main model is the one called most (ties: the first name,
			// for a stable answer); routing models are called about once.
			n := model.API.TotalRequests
			if n > m.Turns || (n == m.Turns && (m.Model == "" || name < m.Model)) {
				m.Turns, m.Model = n, name
			}
		}
		for name, tool := range doc.Stats.Tools.ByName {
			m.ToolCalls.ByTool[name] += tool.Count
			m.ToolCalls.Total += tool.Count
		}
	}
	if doc.Error != nil {
		m.Error = geminiFailure(doc.Error, "error")
		m.FinalText = ""
	}
	return m
}

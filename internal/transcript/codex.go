package transcript

// codexDecoder reads `codex exec --json`: the current thread/turn/item
// events, the transitional format whose items carry `item_type` (Sept
// 2025), and the legacy `{"id":…,"msg":{…}}` protocol events (before
// v0.44).
//
// Tokens are those of the last turn.completed (codex reports the thread's
// running total there, so it is not summed). OpenAI semantics: input
// includes cached input, so Input = input - cached - cache_write; output
// includes reasoning, so Output stays as reported and Reasoning is the
// reasoning_output_tokens part of it. Codex reports no duration or cost.
type codexDecoder struct {
	tools counter
	text  string
	max   int // of FinalText
	turns int
	usage Tokens
	// done is set by a terminal event (turn.completed, turn.failed,
	// legacy task_complete); failure is the terminal error.
	done    bool
	failure string
	// lastError is the last transient error event, shown if the run ends
	// without a terminal event.
	lastError string
	// elided are the keys of command outputs, which nobody reads here;
	// scratch holds a line without them.
	elided  [][]byte
	scratch []byte
}

func newCodex(maxText int) *codexDecoder {
	return &codexDecoder{tools: newCounter(), max: maxText, elided: [][]byte{[]byte(`"aggregated_output":"`),
		[]byte(`"stdout":"`), []byte(`"stderr":"`), []byte(`"unified_diff":"`)}}
}

type codexEvent struct {
	Type    string     `json:"type"`
	Item    *codexItem `json:"item"`
	Usage   codexUsage `json:"usage"`
	Message string     `json:"message"`
	Error   struct {
		Message string `json:"message"`
	} `json:"error"`
	Msg *codexLegacy `json:"msg"`
}

type codexItem struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	ItemType string `json:"item_type"` // transitional format
	Text     string `json:"text"`
	Server   string `json:"server"`
	Tool     string `json:"tool"`
}

type codexUsage struct {
	Input      int64 `json:"input_tokens"`
	Cached     int64 `json:"cached_input_tokens"`
	CacheWrite int64 `json:"cache_write_input_tokens"`
	Output     int64 `json:"output_tokens"`
	Reasoning  int64 `json:"reasoning_output_tokens"`
}

func (u codexUsage) tokens() Tokens {
	return Tokens{
		Input:      max(u.Input-u.Cached-u.CacheWrite, 0),
		CacheRead:  u.Cached,
		CacheWrite: u.CacheWrite,
		Output:     u.Output,
		Reasoning:  u.Reasoning,
	}
}

func (d *codexDecoder) Line(b []byte) {
	obj, ok := object(b)
	if !ok {
		return
	}
	d.scratch = elide(d.scratch, obj, d.elided)
	var ev codexEvent
	if !decodeLoose(d.scratch, &ev) {
		return
	}
	if ev.Msg != nil {
		d.legacy(ev.Msg)
		return
	}
	switch ev.Type {
	case "item.started", "item.updated", "item.completed":
		if ev.Item != nil {
			d.item(ev.Type, ev.Item)
		}
	case "turn.completed":
		d.turns++
		d.usage = ev.Usage.tokens()
		d.done, d.failure = true, ""
	case "turn.failed":
		d.done = true
		d.failure = describe("", 0, orDefault(ev.Error.Message, "turn failed"))
	case "error":
		d.lastError = ev.Message // often transient: "Reconnecting... 1/5"
	}
}

func (d *codexDecoder) item(event string, it *codexItem) {
	typ := it.Type
	if typ == "" {
		typ = it.ItemType
	}
	if typ == "assistant_message" {
		typ = "agent_message"
	}
	if typ == "agent_message" {
		if event == "item.completed" {
			d.text = it.Text
		}
		return
	}
	if name := codexTool(typ, it.Server, it.Tool); name != "" {
		if it.ID == "" && event != "item.completed" {
			return // without an id, count a call once: when it completes
		}
		d.tools.add(it.ID, name)
	}
}

// codexTool names the tool an item stands for, "" for items that are not
// tool calls (messages, reasoning, todo lists, warnings).
func codexTool(itemType, server, tool string) string {
	switch itemType {
	case "command_execution":
		return "shell"
	case "file_change":
		return "apply_patch"
	case "mcp_tool_call":
		return "mcp:" + server + "/" + tool
	case "web_search":
		return "web_search"
	case "collab_tool_call":
		return "collab:" + tool
	}
	return ""
}

// codexLegacy is a protocol event of codex before v0.44.
type codexLegacy struct {
	Type             string `json:"type"`
	CallID           string `json:"call_id"`
	Message          string `json:"message"`
	LastAgentMessage string `json:"last_agent_message"`
	Invocation       struct {
		Server string `json:"server"`
		Tool   string `json:"tool"`
	} `json:"invocation"`
	codexUsage
	Info *struct {
		Total codexUsage `json:"total_token_usage"`
	} `json:"info"`
}

func (d *codexDecoder) legacy(m *codexLegacy) {
	switch m.Type {
	case "exec_command_begin", "exec_command_end":
		d.tools.add(m.CallID, "shell")
	case "patch_apply_begin", "patch_apply_end":
		d.tools.add(m.CallID, "apply_patch")
	case "mcp_tool_call_begin", "mcp_tool_call_end":
		d.tools.add(m.CallID, "mcp:"+m.Invocation.Server+"/"+m.Invocation.Tool)
	case "web_search_begin", "web_search_end":
		d.tools.add(m.CallID, "web_search")
	case "agent_message":
		d.text = m.Message
	case "token_count":
		d.usage = m.codexUsage.tokens()
		if m.Info != nil {
			d.usage = m.Info.Total.tokens()
		}
	case "task_complete":
		d.turns++
		d.done = true
		if m.LastAgentMessage != "" {
			d.text = m.LastAgentMessage
		}
	case "error":
		// Legacy error events end the task (retries were stream_error).
		d.done = true
		d.failure = describe("", 0, orDefault(m.Message, "error event"))
	}
}

func (d *codexDecoder) LastTool() string { return d.tools.last }

func (d *codexDecoder) Calls() int { return d.tools.total }

// Metrics returns the figures so far. The text is one message, which the
// longest line bounds; only its copy in FinalText is cut.
func (d *codexDecoder) Metrics() Metrics {
	m := d.metrics()
	m.limitText(d.max, false)
	return m
}

func (d *codexDecoder) metrics() Metrics {
	m := Metrics{Agent: "codex", FinalText: d.text, Turns: d.turns,
		Tokens: d.usage, ToolCalls: d.tools.calls(), Error: d.failure}
	if !d.done {
		m.Error = errNoTurnCompleted
		if d.lastError != "" {
			m.Error += " (last error: " + describe("", 0, d.lastError) + ")"
		}
	}
	if m.Error != "" && d.failure != "" {
		m.FinalText = ""
	}
	return m
}

package modelsim

import (
	"encoding/json"
	"net/http"
)

// anthropicRequest is the part of a Messages request the server reads.
type anthropicRequest struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"` // a string or an array of blocks
	} `json:"messages"`
	Tools []struct {
		Name string `json:"name"`
	} `json:"tools"`
}

func (q *anthropicRequest) toolResults() int {
	n := 0
	for _, m := range q.Messages {
		var blocks []struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(m.Content, &blocks) != nil {
			continue // a plain string
		}
		for _, b := range blocks {
			if b.Type == "tool_result" {
				n++
			}
		}
	}
	return n
}

func (s *Server) anthropicMessages(w http.ResponseWriter, r *http.Request, body []byte, rec *Request) {
	var q anthropicRequest
	if err := json.Unmarshal(body, &q); err != nil {
		rec.Kind, rec.Note = KindUnknown, "bad JSON: "+err.Error()
		anthropicError(w, http.StatusBadRequest, "invalid_request_error", "modelsim: "+err.Error())
		return
	}
	rec.Model, rec.Stream, rec.Step = q.Model, q.Stream, q.toolResults()
	for _, t := range q.Tools {
		rec.Tools = append(rec.Tools, t.Name)
	}
	var st Step
	if len(q.Tools) == 0 {
		rec.Kind = KindSide
		st = TextStep(s.script.SideText, s.script.SideUsage)
	} else {
		rec.Kind = KindTurn
		if ft := s.fault(Anthropic, rec.Step); ft.Kind != NoFault {
			rec.Answer, rec.Usage = string(ft.Kind), ft.usage()
			s.anthropicFault(w, r, ft, q)
			return
		}
		st, rec.Note = s.step(Anthropic, rec.Step, rec.Tools, body)
		st = st.echo(body)
	}
	rec.Answer, rec.Usage = answerName(st), st.Usage
	msg := s.anthropicMessage(q.Model, st)
	if !q.Stream {
		writeJSON(w, http.StatusOK, msg)
		return
	}
	ev := startSSE(w)
	s.anthropicStream(ev, msg, st)
}

// anthropicMessage is the complete response message for a step.
func (s *Server) anthropicMessage(model string, st Step) map[string]any {
	var content []any
	if st.Text != "" {
		content = append(content, map[string]any{"type": "text", "text": st.Text})
	}
	stop := "end_turn"
	if st.Tool != "" {
		stop = "tool_use"
		content = append(content, map[string]any{
			"type": "tool_use", "id": s.nextID("toolu"), "name": st.Tool, "input": json.RawMessage(st.Input),
		})
	}
	return map[string]any{
		"id": s.nextID("msg"), "type": "message", "role": "assistant", "model": model,
		"content": content, "stop_reason": stop, "stop_sequence": nil, "usage": anthropicUsage(st.Usage),
	}
}

// anthropicUsage maps Usage onto Anthropic's fields: input_tokens excludes
// cache reads and writes; output_tokens includes thinking.
func anthropicUsage(u Usage) map[string]any {
	return map[string]any{
		"input_tokens":                u.Input,
		"cache_creation_input_tokens": u.CacheWrite,
		"cache_read_input_tokens":     u.CacheRead,
		"output_tokens":               u.Output + u.Reasoning,
	}
}

// anthropicStream streams msg as the Messages API does: the usage of
// message_start carries the input side, message_delta the final figures.
func (s *Server) anthropicStream(ev *sse, msg map[string]any, st Step) {
	start := map[string]any{}
	for k, v := range msg {
		start[k] = v
	}
	startUsage := anthropicUsage(st.Usage)
	startUsage["output_tokens"] = 1
	start["content"], start["stop_reason"], start["usage"] = []any{}, nil, startUsage
	ev.event("message_start", map[string]any{"type": "message_start", "message": start})
	for i, b := range msg["content"].([]any) {
		anthropicBlock(ev, i, b.(map[string]any))
	}
	ev.event("message_delta", map[string]any{
		"type":  "message_delta",
		"delta": map[string]any{"stop_reason": msg["stop_reason"], "stop_sequence": nil},
		"usage": anthropicUsage(st.Usage),
	})
	ev.event("message_stop", map[string]any{"type": "message_stop"})
}

// anthropicBlock streams one content block: text in two text_deltas, tool
// input as one input_json_delta.
func anthropicBlock(ev *sse, i int, b map[string]any) {
	switch b["type"] {
	case "text":
		ev.event("content_block_start", map[string]any{"type": "content_block_start", "index": i,
			"content_block": map[string]any{"type": "text", "text": ""}})
		text := b["text"].(string)
		for _, part := range halves(text) {
			ev.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": i,
				"delta": map[string]any{"type": "text_delta", "text": part}})
		}
	case "tool_use":
		ev.event("content_block_start", map[string]any{"type": "content_block_start", "index": i,
			"content_block": map[string]any{"type": "tool_use", "id": b["id"], "name": b["name"], "input": map[string]any{}}})
		ev.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": i,
			"delta": map[string]any{"type": "input_json_delta", "partial_json": string(b["input"].(json.RawMessage))}})
	}
	ev.event("content_block_stop", map[string]any{"type": "content_block_stop", "index": i})
}

func (s *Server) anthropicFault(w http.ResponseWriter, r *http.Request, ft Fault, q anthropicRequest) {
	switch ft.Kind {
	case Status500:
		anthropicError(w, http.StatusInternalServerError, "api_error", "modelsim: injected internal error")
	case Status429:
		w.Header().Set("Retry-After", retryAfter(ft.RetryAfter))
		anthropicError(w, http.StatusTooManyRequests, "rate_limit_error", "modelsim: injected rate limit")
	case Overloaded:
		anthropicError(w, 529, "overloaded_error", "modelsim: injected overload")
	case BadResponse:
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = w.Write([]byte("event: message_start\ndata: {not json\n\n"))
	case Refusal:
		st := TextStep("I can't help with that.", refusalUsage())
		msg := s.anthropicMessage(q.Model, st)
		msg["stop_reason"] = "refusal"
		if !q.Stream {
			writeJSON(w, http.StatusOK, msg)
			return
		}
		s.anthropicStream(startSSE(w), msg, st)
	case StreamError:
		ev := startSSE(w)
		msg := s.anthropicMessage(q.Model, TextStep("partial", Usage{}))
		msg["content"], msg["stop_reason"] = []any{}, nil
		ev.event("message_start", map[string]any{"type": "message_start", "message": msg})
		ev.event("error", map[string]any{"type": "error",
			"error": map[string]any{"type": "overloaded_error", "message": "modelsim: injected stream error"}})
	case CutStream, HangStream:
		ev := startSSE(w)
		msg := s.anthropicMessage(q.Model, TextStep("partial", Usage{}))
		msg["content"], msg["stop_reason"] = []any{}, nil
		ev.event("message_start", map[string]any{"type": "message_start", "message": msg})
		ev.event("content_block_start", map[string]any{"type": "content_block_start", "index": 0,
			"content_block": map[string]any{"type": "text", "text": ""}})
		ev.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": 0,
			"delta": map[string]any{"type": "text_delta", "text": "Looking at the"}})
		if ft.Kind == HangStream {
			s.hang(r)
			return
		}
		ev.cut()
	}
}

func anthropicError(w http.ResponseWriter, code int, typ, msg string) {
	writeJSON(w, code, map[string]any{"type": "error", "error": map[string]any{"type": typ, "message": msg}})
}

// answerName is what the request log shows as a step's answer.
func answerName(st Step) string {
	if st.Tool != "" {
		return st.Tool
	}
	return "text"
}

// halves splits text in two parts (at a rune boundary) so every stream
// has more than one delta, as real streams do.
func halves(text string) []string {
	r := []rune(text)
	if len(r) < 2 {
		return []string{text}
	}
	return []string{string(r[:len(r)/2]), string(r[len(r)/2:])}
}

package modelsim

import (
	"encoding/json"
	"net/http"
	"time"
)

// openaiRequest is the part of a Responses request the server reads.
type openaiRequest struct {
	Model  string `json:"model"`
	Stream bool   `json:"stream"`
	Input  []struct {
		Type  string       `json:"type"`
		Tools []openaiTool `json:"tools"` // of an additional_tools item
	} `json:"input"`
	Tools []openaiTool `json:"tools"`
}

// openaiTool is a tool definition; a namespace nests more.
type openaiTool struct {
	Type  string       `json:"type"`
	Name  string       `json:"name"`
	Tools []openaiTool `json:"tools"`
}

// toolNames lists the tools a request offers: the top-level tools and,
// as codex does for its newer models, those of additional_tools input
// items, namespaces flattened. Typed tools without a name (web_search,
// local_shell) are listed by type.
func (q *openaiRequest) toolNames() []string {
	var names []string
	var walk func([]openaiTool, int)
	walk = func(ts []openaiTool, depth int) {
		for _, t := range ts {
			switch {
			case t.Type == "namespace" && depth < 4:
				walk(t.Tools, depth+1)
			case t.Name != "":
				names = append(names, t.Name)
			default:
				names = append(names, t.Type)
			}
		}
	}
	walk(q.Tools, 0)
	for _, it := range q.Input {
		if it.Type == "additional_tools" {
			walk(it.Tools, 0)
		}
	}
	return names
}

func (q *openaiRequest) toolResults() int {
	n := 0
	for _, it := range q.Input {
		switch it.Type {
		case "function_call_output", "custom_tool_call_output", "local_shell_call_output":
			n++
		}
	}
	return n
}

func (s *Server) openaiResponses(w http.ResponseWriter, r *http.Request, body []byte, rec *Request) {
	var q openaiRequest
	if err := json.Unmarshal(body, &q); err != nil {
		rec.Kind, rec.Note = KindUnknown, "bad JSON: "+err.Error()
		openaiError(w, http.StatusBadRequest, "invalid_request_error", "modelsim: "+err.Error())
		return
	}
	rec.Model, rec.Stream, rec.Step = q.Model, q.Stream, q.toolResults()
	rec.Tools = q.toolNames()
	var st Step
	if len(rec.Tools) == 0 {
		rec.Kind = KindSide
		st = TextStep(s.script.SideText, s.script.SideUsage)
	} else {
		rec.Kind = KindTurn
		if ft := s.fault(OpenAI, rec.Step); ft.Kind != NoFault {
			rec.Answer, rec.Usage = string(ft.Kind), ft.usage()
			s.openaiFault(w, r, ft, q)
			return
		}
		st, rec.Note = s.step(OpenAI, rec.Step, rec.Tools, body)
		st = st.echo(body)
	}
	rec.Answer, rec.Usage = answerName(st), st.Usage
	resp := s.openaiResponse(q.Model, s.openaiOutput(st), st.Usage)
	if !q.Stream {
		writeJSON(w, http.StatusOK, resp)
		return
	}
	openaiStream(startSSE(w), resp)
}

// openaiOutput is the output items of a step: an optional message, then
// an optional function call.
func (s *Server) openaiOutput(st Step) []map[string]any {
	var out []map[string]any
	if st.Text != "" {
		out = append(out, map[string]any{
			"type": "message", "id": s.nextID("msg"), "role": "assistant", "status": "completed",
			"content": []any{map[string]any{"type": "output_text", "text": st.Text, "annotations": []any{}}},
		})
	}
	if st.Tool != "" {
		out = append(out, map[string]any{
			"type": "function_call", "id": s.nextID("fc"), "call_id": s.nextID("call"), "status": "completed",
			"name": st.Tool, "arguments": string(st.Input),
		})
	}
	return out
}

func (s *Server) openaiResponse(model string, out []map[string]any, u Usage) map[string]any {
	return map[string]any{
		"id": s.nextID("resp"), "object": "response", "created_at": time.Now().Unix(), "status": "completed",
		"model": model, "output": out, "usage": openaiUsage(u),
	}
}

// openaiUsage maps Usage onto the Responses API's fields: input_tokens
// includes cached tokens, output_tokens includes reasoning.
func openaiUsage(u Usage) map[string]any {
	in := u.Input + u.CacheRead + u.CacheWrite
	out := u.Output + u.Reasoning
	return map[string]any{
		"input_tokens":          in,
		"input_tokens_details":  map[string]any{"cached_tokens": u.CacheRead},
		"output_tokens":         out,
		"output_tokens_details": map[string]any{"reasoning_tokens": u.Reasoning},
		"total_tokens":          in + out,
	}
}

// openaiStream streams a complete response: created, each output item
// added/delta/done, completed.
func openaiStream(ev *sse, resp map[string]any) {
	seq := 0
	send := func(typ string, m map[string]any) {
		m["type"], m["sequence_number"] = typ, seq
		seq++
		ev.event(typ, m)
	}
	created := map[string]any{}
	for k, v := range resp {
		created[k] = v
	}
	created["status"], created["output"], created["usage"] = "in_progress", []any{}, nil
	send("response.created", map[string]any{"response": created})
	send("response.in_progress", map[string]any{"response": created})
	for i, it := range resp["output"].([]map[string]any) {
		openaiItem(send, i, it)
	}
	send("response.completed", map[string]any{"response": resp})
}

func openaiItem(send func(string, map[string]any), i int, it map[string]any) {
	added := map[string]any{}
	for k, v := range it {
		added[k] = v
	}
	added["status"] = "in_progress"
	switch it["type"] {
	case "message":
		added["content"] = []any{}
		send("response.output_item.added", map[string]any{"output_index": i, "item": added})
		part := it["content"].([]any)[0].(map[string]any)
		send("response.content_part.added", map[string]any{"item_id": it["id"], "output_index": i, "content_index": 0,
			"part": map[string]any{"type": part["type"], "text": "", "annotations": []any{}}})
		if text, ok := part["text"].(string); ok {
			for _, d := range halves(text) {
				send("response.output_text.delta", map[string]any{"item_id": it["id"], "output_index": i, "content_index": 0, "delta": d})
			}
			send("response.output_text.done", map[string]any{"item_id": it["id"], "output_index": i, "content_index": 0, "text": text})
		}
		if ref, ok := part["refusal"].(string); ok {
			send("response.refusal.delta", map[string]any{"item_id": it["id"], "output_index": i, "content_index": 0, "delta": ref})
			send("response.refusal.done", map[string]any{"item_id": it["id"], "output_index": i, "content_index": 0, "refusal": ref})
		}
		send("response.content_part.done", map[string]any{"item_id": it["id"], "output_index": i, "content_index": 0, "part": part})
	case "function_call":
		added["arguments"] = ""
		send("response.output_item.added", map[string]any{"output_index": i, "item": added})
		send("response.function_call_arguments.delta", map[string]any{"item_id": it["id"], "output_index": i, "delta": it["arguments"]})
		send("response.function_call_arguments.done", map[string]any{"item_id": it["id"], "output_index": i, "arguments": it["arguments"]})
	}
	send("response.output_item.done", map[string]any{"output_index": i, "item": it})
}

func (s *Server) openaiFault(w http.ResponseWriter, r *http.Request, ft Fault, q openaiRequest) {
	switch ft.Kind {
	case Status500:
		openaiError(w, http.StatusInternalServerError, "server_error", "modelsim: injected internal error")
	case Status429:
		w.Header().Set("Retry-After", retryAfter(ft.RetryAfter))
		openaiError(w, http.StatusTooManyRequests, "rate_limit_exceeded", "modelsim: injected rate limit")
	case Overloaded:
		openaiError(w, http.StatusServiceUnavailable, "server_is_overloaded", "modelsim: injected overload")
	case BadResponse:
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = w.Write([]byte("event: response.created\ndata: {not json\n\n"))
	case Refusal:
		out := []map[string]any{{
			"type": "message", "id": s.nextID("msg"), "role": "assistant", "status": "completed",
			"content": []any{map[string]any{"type": "refusal", "refusal": "I can't help with that."}},
		}}
		openaiStream(startSSE(w), s.openaiResponse(q.Model, out, refusalUsage()))
	case StreamError:
		ev := startSSE(w)
		resp := s.openaiResponse(q.Model, nil, Usage{})
		resp["status"], resp["usage"] = "failed", nil
		resp["error"] = map[string]any{"code": "server_error", "message": "modelsim: injected response.failed"}
		ev.event("response.created", map[string]any{"type": "response.created", "response": resp})
		ev.event("response.failed", map[string]any{"type": "response.failed", "response": resp})
	case CutStream, HangStream:
		ev := startSSE(w)
		resp := s.openaiResponse(q.Model, nil, Usage{})
		resp["status"], resp["usage"] = "in_progress", nil
		id := s.nextID("msg")
		ev.event("response.created", map[string]any{"type": "response.created", "response": resp})
		ev.event("response.output_item.added", map[string]any{"type": "response.output_item.added", "output_index": 0,
			"item": map[string]any{"type": "message", "id": id, "role": "assistant", "status": "in_progress", "content": []any{}}})
		ev.event("response.output_text.delta", map[string]any{"type": "response.output_text.delta",
			"item_id": id, "output_index": 0, "content_index": 0, "delta": "Looking at the"})
		if ft.Kind == HangStream {
			s.hang(r)
			return
		}
		ev.cut()
	}
}

func openaiError(w http.ResponseWriter, code int, typ, msg string) {
	writeJSON(w, code, map[string]any{"error": map[string]any{"type": typ, "code": typ, "message": msg}})
}

// openaiModels answers GET /v1/models with a small list.
func openaiModels() map[string]any {
	return map[string]any{"object": "list", "data": []any{
		map[string]any{"id": "gpt-5-codex", "object": "model", "owned_by": "modelsim"},
	}}
}

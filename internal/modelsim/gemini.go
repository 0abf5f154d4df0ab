package modelsim

import (
	"encoding/json"
	"net/http"
	"strings"
)

// geminiRequest is the part of a GenerateContent request the server reads.
type geminiRequest struct {
	Contents []struct {
		Role  string `json:"role"`
		Parts []struct {
			FunctionResponse json.RawMessage `json:"functionResponse"`
		} `json:"parts"`
	} `json:"contents"`
	Tools []struct {
		FunctionDeclarations []struct {
			Name string `json:"name"`
		} `json:"functionDeclarations"`
	} `json:"tools"`
	GenerationConfig struct {
		ResponseMimeType   string          `json:"responseMimeType"`
		ResponseJSONSchema json.RawMessage `json:"responseJsonSchema"`
		ResponseSchema     json.RawMessage `json:"responseSchema"`
	} `json:"generationConfig"`
}

func (q *geminiRequest) toolResults() int {
	n := 0
	for _, c := range q.Contents {
		for _, p := range c.Parts {
			if len(p.FunctionResponse) > 0 {
				n++
			}
		}
	}
	return n
}

// gemini serves /v1beta/models/MODEL:METHOD.
func (s *Server) gemini(w http.ResponseWriter, r *http.Request, body []byte, rec *Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/v1beta/models/")
	model, method, _ := strings.Cut(rest, ":")
	rec.Model = model
	if method == "countTokens" {
		rec.Kind = KindCount
		writeJSON(w, http.StatusOK, map[string]any{"totalTokens": countTokens(body)})
		return
	}
	if r.Method != http.MethodPost || (method != "generateContent" && method != "streamGenerateContent") {
		rec.Kind = KindUnknown
		geminiError(w, http.StatusNotFound, "NOT_FOUND", "modelsim: no route for "+r.Method+" "+r.URL.Path)
		return
	}
	var q geminiRequest
	if err := json.Unmarshal(body, &q); err != nil {
		rec.Kind, rec.Note = KindUnknown, "bad JSON: "+err.Error()
		geminiError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "modelsim: "+err.Error())
		return
	}
	rec.Stream, rec.Step = method == "streamGenerateContent", q.toolResults()
	for _, t := range q.Tools {
		for _, d := range t.FunctionDeclarations {
			rec.Tools = append(rec.Tools, d.Name)
		}
	}
	var st Step
	if len(rec.Tools) == 0 {
		rec.Kind = KindSide
		st = TextStep(s.script.SideText, s.script.SideUsage)
		if schema := q.schema(); schema != nil {
			b, _ := json.Marshal(exampleOf(schema))
			st.Text = string(b)
		}
	} else {
		rec.Kind = KindTurn
		if ft := s.fault(Gemini, rec.Step); ft.Kind != NoFault {
			rec.Answer, rec.Usage = string(ft.Kind), ft.usage()
			s.geminiFault(w, r, ft, model)
			return
		}
		st, rec.Note = s.step(Gemini, rec.Step, rec.Tools, body)
		st = st.echo(body)
	}
	rec.Answer, rec.Usage = answerName(st), st.Usage
	if !rec.Stream {
		writeJSON(w, http.StatusOK, s.geminiChunk(model, geminiParts(st), "STOP", &st.Usage))
		return
	}
	ev := startSSE(w)
	parts := geminiParts(st)
	if len(parts) > 0 && st.Tool == "" {
		// Stream text in two chunks, as the API does.
		h := halves(st.Text)
		if len(h) == 2 {
			ev.event("", s.geminiChunk(model, []any{map[string]any{"text": h[0]}}, "", nil))
			parts = []any{map[string]any{"text": h[1]}}
		}
	}
	ev.event("", s.geminiChunk(model, parts, "STOP", &st.Usage))
}

// schema returns the JSON schema a side call asks its answer to follow, or nil.
func (q *geminiRequest) schema() map[string]any {
	raw := q.GenerationConfig.ResponseJSONSchema
	if len(raw) == 0 {
		raw = q.GenerationConfig.ResponseSchema
	}
	var m map[string]any
	if len(raw) == 0 || json.Unmarshal(raw, &m) != nil {
		if q.GenerationConfig.ResponseMimeType == "application/json" {
			return map[string]any{"type": "object"}
		}
		return nil
	}
	return m
}

func geminiParts(st Step) []any {
	var parts []any
	if st.Text != "" {
		parts = append(parts, map[string]any{"text": st.Text})
	}
	if st.Tool != "" {
		parts = append(parts, map[string]any{"functionCall": map[string]any{"name": st.Tool, "args": json.RawMessage(st.Input)}})
	}
	return parts
}

// geminiChunk is one GenerateContentResponse; usage goes on the last chunk.
func (s *Server) geminiChunk(model string, parts []any, finish string, u *Usage) map[string]any {
	cand := map[string]any{"content": map[string]any{"role": "model", "parts": parts}, "index": 0}
	if finish != "" {
		cand["finishReason"] = finish
	}
	m := map[string]any{"candidates": []any{cand}, "modelVersion": model, "responseId": s.nextID("resp")}
	if u != nil {
		m["usageMetadata"] = geminiUsage(*u)
	}
	return m
}

// geminiUsage maps Usage onto Gemini's fields: promptTokenCount includes
// cached tokens; candidatesTokenCount excludes thoughts.
func geminiUsage(u Usage) map[string]any {
	prompt := u.Input + u.CacheRead + u.CacheWrite
	return map[string]any{
		"promptTokenCount":        prompt,
		"cachedContentTokenCount": u.CacheRead,
		"candidatesTokenCount":    u.Output,
		"thoughtsTokenCount":      u.Reasoning,
		"totalTokenCount":         prompt + u.Output + u.Reasoning,
	}
}

func (s *Server) geminiFault(w http.ResponseWriter, r *http.Request, ft Fault, model string) {
	switch ft.Kind {
	case Status500:
		geminiError(w, http.StatusInternalServerError, "INTERNAL", "modelsim: injected internal error")
	case Status429:
		w.Header().Set("Retry-After", retryAfter(ft.RetryAfter))
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": map[string]any{
			"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "modelsim: injected rate limit",
			"details": []any{map[string]any{
				"@type":      "type.googleapis.com/google.rpc.RetryInfo",
				"retryDelay": retryAfter(ft.RetryAfter) + "s",
			}},
		}})
	case Overloaded:
		geminiError(w, http.StatusServiceUnavailable, "UNAVAILABLE", "modelsim: injected overload")
	case BadResponse:
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = w.Write([]byte("data: {not json\n\n"))
	case Refusal:
		ev := startSSE(w)
		u := refusalUsage()
		chunk := s.geminiChunk(model, nil, "SAFETY", &u)
		cand := chunk["candidates"].([]any)[0].(map[string]any)
		delete(cand, "content")
		cand["safetyRatings"] = []any{map[string]any{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": true}}
		ev.event("", chunk)
	case StreamError:
		ev := startSSE(w)
		ev.event("", map[string]any{"error": map[string]any{"code": 500, "status": "INTERNAL", "message": "modelsim: injected stream error"}})
	case CutStream, HangStream:
		ev := startSSE(w)
		ev.event("", s.geminiChunk(model, []any{map[string]any{"text": "Looking at the"}}, "", nil))
		if ft.Kind == HangStream {
			s.hang(r)
			return
		}
		ev.cut()
	}
}

func geminiError(w http.ResponseWriter, code int, status, msg string) {
	writeJSON(w, code, map[string]any{"error": map[string]any{"code": code, "status": status, "message": msg}})
}

// exampleOf returns a small value satisfying a JSON schema: the first enum
// value, empty strings, zeros, an object with every property. Side calls
// such as Gemini CLI's next-speaker check ask for schema-shaped JSON.
func exampleOf(schema map[string]any) any {
	if e, ok := schema["enum"].([]any); ok && len(e) > 0 {
		return e[0]
	}
	typ, _ := schema["type"].(string)
	switch strings.ToLower(typ) {
	case "object", "":
		out := map[string]any{}
		props, _ := schema["properties"].(map[string]any)
		for k, v := range props {
			if sub, ok := v.(map[string]any); ok {
				out[k] = exampleOf(sub)
			}
		}
		return out
	case "array":
		return []any{}
	case "string":
		return "modelsim"
	case "number", "integer":
		return 0
	case "boolean":
		return false
	}
	return nil
}

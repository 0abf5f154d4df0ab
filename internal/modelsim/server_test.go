package modelsim

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// event is one server-sent event: its name (empty for Gemini's data-only
// events) and its data decoded.
type event struct {
	Name string
	Data map[string]any
}

func readSSE(t *testing.T, body io.Reader) []event {
	t.Helper()
	var evs []event
	name := ""
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			var m map[string]any
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &m); err != nil {
				t.Fatalf("event %q: data is not JSON: %v", name, err)
			}
			evs = append(evs, event{name, m})
			name = ""
		}
	}
	return evs
}

func startServer(t *testing.T, sc Script) *Server {
	t.Helper()
	s := New(sc)
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func post(t *testing.T, url, body string) *http.Response {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// TestRealRequests feeds the server requests the real CLIs sent (trimmed,
// see testdata/README.md) and checks it reads their step and tools.
func TestRealRequests(t *testing.T) {
	tests := []struct {
		file, path string
		family     Family
		step       int
		tools      []string // some of the tools offered
		answer     string
	}{
		{"claude-2.1.328-messages-step2.json", "/v1/messages?beta=true", Anthropic, 2, []string{"Bash", "Read", "Grep", "Glob"}, "text"},
		{"codex-0.169.0-responses-step3.json", "/v1/responses", OpenAI, 3, []string{"exec_command", "web_search"}, "text"},
		{"gemini-0.61.0-stream-step2.json", "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", Gemini, 2, []string{"read_file", "grep_search", "write_file"}, "text"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			steps := []Step{
				ToolStep("x", map[string]any{}, Usage{}), ToolStep("x", map[string]any{}, Usage{}),
				ToolStep("x", map[string]any{}, Usage{}), TextStep("done", Usage{}),
			}
			s := startServer(t, Script{Anthropic: steps[1:], OpenAI: steps, Gemini: steps[1:]})
			resp := post(t, s.URL()+tt.path, string(body))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if evs := readSSE(t, resp.Body); len(evs) == 0 {
				t.Fatal("no events")
			}
			r := s.Requests()[0]
			if r.Family != tt.family || r.Kind != KindTurn || r.Step != tt.step || r.Answer != tt.answer {
				t.Errorf("request = %s %s step %d answer %s, want %s turn step %d answer %s",
					r.Family, r.Kind, r.Step, r.Answer, tt.family, tt.step, tt.answer)
			}
			for _, name := range tt.tools {
				if !slices.Contains(r.Tools, name) {
					t.Errorf("tools %v lack %s", r.Tools, name)
				}
			}
		})
	}
}

func TestAnthropicStream(t *testing.T) {
	s := startServer(t, Script{Anthropic: []Step{
		{Tool: "Bash", Input: json.RawMessage(`{"command":"git diff"}`), Text: "Let me look.", Usage: Usage{Input: 7, CacheRead: 3, CacheWrite: 2, Output: 5, Reasoning: 1}},
	}})
	resp := post(t, s.URL()+"/v1/messages?beta=true", `{"model":"m","stream":true,"tools":[{"name":"Bash"}],"messages":[{"role":"user","content":"hi"}]}`)
	evs := readSSE(t, resp.Body)
	var names []string
	for _, e := range evs {
		names = append(names, e.Name)
	}
	want := []string{"message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
		"content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"}
	if !slices.Equal(names, want) {
		t.Fatalf("events %v, want %v", names, want)
	}
	if got := get(evs[5].Data, "content_block", "name"); got != "Bash" {
		t.Errorf("tool_use name %v", got)
	}
	if got := get(evs[6].Data, "delta", "partial_json"); got != `{"command":"git diff"}` {
		t.Errorf("input_json_delta %v", got)
	}
	d := evs[8].Data
	if get(d, "delta", "stop_reason") != "tool_use" || num(get(d, "usage", "output_tokens")) != 6 ||
		num(get(d, "usage", "input_tokens")) != 7 || num(get(d, "usage", "cache_read_input_tokens")) != 3 ||
		num(get(d, "usage", "cache_creation_input_tokens")) != 2 {
		t.Errorf("message_delta %v", d)
	}
}

func TestOpenAIStream(t *testing.T) {
	s := startServer(t, Script{OpenAI: []Step{
		ToolStep("exec_command", map[string]any{"cmd": "ls"}, Usage{}),
		TextStep("final words", Usage{Input: 10, CacheRead: 4, Output: 6, Reasoning: 2}),
	}})
	body := `{"model":"m","stream":true,"tools":[{"type":"function","name":"exec_command"}],"input":[` +
		`{"type":"message","role":"user","content":[]},{"type":"function_call","call_id":"c"},{"type":"function_call_output","call_id":"c","output":"x"}]}`
	evs := readSSE(t, post(t, s.URL()+"/v1/responses", body).Body)
	last := evs[len(evs)-1]
	if last.Name != "response.completed" {
		t.Fatalf("last event %q", last.Name)
	}
	u := get(last.Data, "response", "usage")
	if num(get(u, "input_tokens")) != 14 || num(get(u, "input_tokens_details", "cached_tokens")) != 4 ||
		num(get(u, "output_tokens")) != 8 || num(get(u, "output_tokens_details", "reasoning_tokens")) != 2 ||
		num(get(u, "total_tokens")) != 22 {
		t.Errorf("usage %v", u)
	}
	out, _ := get(last.Data, "response", "output").([]any)
	if len(out) != 1 || get(out[0], "type") != "message" {
		t.Fatalf("output %v", out)
	}
	if r := s.Requests()[0]; r.Step != 1 || r.Answer != "text" {
		t.Errorf("step %d answer %s, want 1 text", r.Step, r.Answer)
	}
}

func TestGeminiStreamAndSideCalls(t *testing.T) {
	s := startServer(t, Script{Gemini: []Step{
		ToolStep("read_file", map[string]any{"file_path": "a.go"}, Usage{Input: 5, CacheRead: 5, Output: 3, Reasoning: 2}),
	}})
	evs := readSSE(t, post(t, s.URL()+"/v1beta/models/g:streamGenerateContent?alt=sse",
		`{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"tools":[{"functionDeclarations":[{"name":"read_file"}]}]}`).Body)
	last := evs[len(evs)-1].Data
	part := get(last, "candidates")
	fc := get(part.([]any)[0], "content", "parts").([]any)[0]
	if get(fc, "functionCall", "name") != "read_file" || get(fc, "functionCall", "args", "file_path") != "a.go" {
		t.Errorf("functionCall %v", fc)
	}
	u := get(last, "usageMetadata")
	if num(get(u, "promptTokenCount")) != 10 || num(get(u, "cachedContentTokenCount")) != 5 ||
		num(get(u, "candidatesTokenCount")) != 3 || num(get(u, "thoughtsTokenCount")) != 2 || num(get(u, "totalTokenCount")) != 15 {
		t.Errorf("usageMetadata %v", u)
	}

	// A side call asking for schema-shaped JSON (the next-speaker check).
	resp := post(t, s.URL()+"/v1beta/models/flash:generateContent", `{"contents":[],"generationConfig":{"responseMimeType":"application/json",`+
		`"responseJsonSchema":{"type":"object","properties":{"reasoning":{"type":"string"},"next_speaker":{"type":"string","enum":["user","model"]}}}}}`)
	var side map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&side); err != nil {
		t.Fatal(err)
	}
	text := str(get(get(side, "candidates").([]any)[0], "content", "parts").([]any)[0].(map[string]any)["text"])
	var answer map[string]any
	if err := json.Unmarshal([]byte(text), &answer); err != nil || answer["next_speaker"] != "user" {
		t.Errorf("side answer %q (%v), want next_speaker user", text, err)
	}
	if r := s.Requests()[1]; r.Kind != KindSide {
		t.Errorf("kind %s, want side", r.Kind)
	}
}

func TestFaultResponses(t *testing.T) {
	type route struct {
		family     Family
		path, body string
	}
	routes := []route{
		{Anthropic, "/v1/messages", `{"stream":true,"tools":[{"name":"Bash"}],"messages":[]}`},
		{OpenAI, "/v1/responses", `{"stream":true,"tools":[{"type":"function","name":"exec_command"}],"input":[]}`},
		{Gemini, "/v1beta/models/g:streamGenerateContent?alt=sse", `{"contents":[],"tools":[{"functionDeclarations":[{"name":"read_file"}]}]}`},
	}
	tests := []struct {
		kind   FaultKind
		status map[Family]int
		// contains is text every family's body must show.
		contains map[Family]string
	}{
		{Status500, map[Family]int{Anthropic: 500, OpenAI: 500, Gemini: 500}, map[Family]string{Anthropic: "api_error", OpenAI: "server_error", Gemini: "INTERNAL"}},
		{Status429, map[Family]int{Anthropic: 429, OpenAI: 429, Gemini: 429}, map[Family]string{Anthropic: "rate_limit_error", OpenAI: "rate_limit_exceeded", Gemini: "RetryInfo"}},
		{Overloaded, map[Family]int{Anthropic: 529, OpenAI: 503, Gemini: 503}, map[Family]string{Anthropic: "overloaded_error", OpenAI: "overloaded", Gemini: "UNAVAILABLE"}},
		{Refusal, map[Family]int{Anthropic: 200, OpenAI: 200, Gemini: 200}, map[Family]string{Anthropic: `"stop_reason":"refusal"`, OpenAI: `"type":"refusal"`, Gemini: `"finishReason":"SAFETY"`}},
		{StreamError, map[Family]int{Anthropic: 200, OpenAI: 200, Gemini: 200}, map[Family]string{Anthropic: "event: error", OpenAI: "response.failed", Gemini: `"error"`}},
		{BadResponse, map[Family]int{Anthropic: 200, OpenAI: 200, Gemini: 200}, map[Family]string{Anthropic: "{not json", OpenAI: "{not json", Gemini: "{not json"}},
	}
	for _, tt := range tests {
		for _, rt := range routes {
			t.Run(string(tt.kind)+"/"+string(rt.family), func(t *testing.T) {
				s := startServer(t, Script{Faults: map[Family]Fault{rt.family: {Kind: tt.kind, Times: 1, RetryAfter: 1500 * time.Millisecond}}})
				resp := post(t, s.URL()+rt.path, rt.body)
				b, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != tt.status[rt.family] || !strings.Contains(string(b), tt.contains[rt.family]) {
					t.Errorf("status %d body %s; want %d containing %q", resp.StatusCode, b, tt.status[rt.family], tt.contains[rt.family])
				}
				if tt.kind == Status429 && resp.Header.Get("Retry-After") != "2" {
					t.Errorf("Retry-After %q, want 2", resp.Header.Get("Retry-After"))
				}
				// Times: 1 — the next request is answered normally.
				again := post(t, s.URL()+rt.path, rt.body)
				if again.StatusCode != http.StatusOK {
					t.Errorf("second request: status %d", again.StatusCode)
				}
				if a := s.Requests()[0].Answer; a != string(tt.kind) {
					t.Errorf("logged answer %q", a)
				}
			})
		}
	}
}

func TestHangAndCut(t *testing.T) {
	for _, kind := range []FaultKind{HangStream, CutStream} {
		t.Run(string(kind), func(t *testing.T) {
			s := startServer(t, Script{Faults: map[Family]Fault{Anthropic: {Kind: kind}}})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/v1/messages",
				strings.NewReader(`{"stream":true,"tools":[{"name":"Bash"}],"messages":[]}`))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if kind == HangStream {
				<-s.Stalled() // the stream has started and stalls
				cancel()
			}
			_, err = io.ReadAll(resp.Body)
			if err == nil {
				t.Fatal("read the whole body, want an interrupted stream")
			}
			if kind == HangStream && !errors.Is(err, context.Canceled) {
				t.Errorf("err %v, want context.Canceled", err)
			}
			if kind == HangStream && s.Stalls() != 1 {
				t.Errorf("stalls %d", s.Stalls())
			}
		})
	}
}

// TestCloseReleasesHang checks that Close does not wait for a client that
// never gives up on a stalled stream.
func TestCloseReleasesHang(t *testing.T) {
	s := New(Script{HangLimit: time.Hour, Faults: map[Family]Fault{OpenAI: {Kind: HangStream}}})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		resp, err := http.Post(s.URL()+"/v1/responses", "application/json",
			strings.NewReader(`{"stream":true,"tools":[{"type":"function","name":"exec_command"}],"input":[]}`))
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	<-s.Stalled()
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close blocked on a stalled stream")
	}
}

func TestOtherRoutes(t *testing.T) {
	s := startServer(t, Script{})
	tests := []struct {
		method, path, body string
		status             int
		kind               string
		contains           string
	}{
		{"POST", "/v1/messages/count_tokens?beta=true", `{"messages":[]}`, 200, KindCount, "input_tokens"},
		{"GET", "/v1/models", "", 200, KindModels, `"object":"list"`},
		{"POST", "/v1beta/models/g:countTokens", `{}`, 200, KindCount, "totalTokens"},
		{"POST", "/v1/messages", `{"stream":false,"messages":[]}`, 200, KindSide, `"stop_reason":"end_turn"`},
		{"HEAD", "/api/hello", "", 200, KindProbe, ""},
		{"GET", "/api/oauth/profile", "", 404, KindUnknown, "no route"},
		{"POST", "/v1/messages", `not json`, 400, KindUnknown, "invalid_request_error"},
	}
	for i, tt := range tests {
		req, _ := http.NewRequest(tt.method, s.URL()+tt.path, strings.NewReader(tt.body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !bytes.Contains(b, []byte(tt.contains)) {
			t.Errorf("%s %s: status %d body %s; want %d containing %q", tt.method, tt.path, resp.StatusCode, b, tt.status, tt.contains)
		}
		if r := s.Requests()[i]; r.Kind != tt.kind || r.Path != tt.path {
			t.Errorf("%s %s logged as %s %s", tt.method, tt.path, r.Kind, r.Path)
		}
	}
}

func TestOpenAIAdditionalTools(t *testing.T) {
	s := startServer(t, Script{})
	post(t, s.URL()+"/v1/responses", `{"stream":true,"input":[{"type":"additional_tools","tools":[`+
		`{"type":"namespace","name":"functions","tools":[{"type":"custom","name":"exec"},{"type":"function","name":"wait"}]}]}]}`)
	r := s.Requests()[0]
	if r.Kind != KindTurn || !slices.Equal(r.Tools, []string{"exec", "wait"}) {
		t.Errorf("kind %s tools %v, want a turn offering exec, wait", r.Kind, r.Tools)
	}
}

func TestScriptEdges(t *testing.T) {
	s := startServer(t, Script{Anthropic: []Step{ToolStep("Edit", map[string]any{}, Usage{})}})
	post(t, s.URL()+"/v1/messages", `{"stream":false,"tools":[{"name":"Read"}],"messages":[]}`)
	post(t, s.URL()+"/v1/messages", `{"stream":false,"tools":[{"name":"Read"}],"messages":[{"role":"user","content":[{"type":"tool_result"},{"type":"tool_result"}]}]}`)
	reqs := s.Requests()
	if !strings.Contains(reqs[0].Note, `"Edit" is not offered`) || reqs[0].Answer != "text" {
		t.Errorf("unoffered tool: note %q answer %s", reqs[0].Note, reqs[0].Answer)
	}
	if !strings.Contains(reqs[1].Note, "past the script's end") {
		t.Errorf("past the end: note %q", reqs[1].Note)
	}
}

// FuzzServe sends arbitrary bodies to every route: the server must answer
// without panicking. Request bodies come from CLIs, so they are input.
func FuzzServe(f *testing.F) {
	// Small seeds with the shapes the CLIs send (see testdata): large
	// seeds make the fuzzer spend its time minimising.
	f.Add(uint8(0), []byte(`{"model":"m","stream":true,"tools":[{"name":"Bash"}],"messages":[{"role":"user","content":"x"},{"role":"system","content":"s"}]}`))
	f.Add(uint8(1), []byte(`{"stream":true,"tools":[{"type":"function","name":"exec_command"},{"type":"web_search"}],"input":[{"type":"function_call_output","call_id":"c"},{"type":"additional_tools","tools":[{"type":"namespace","tools":[{"name":"exec"}]}]}]}`))
	f.Add(uint8(2), []byte(`{"contents":[{"role":"user","parts":[{"text":"x"},{"functionResponse":{"name":"read_file"}}]}],"tools":[{"functionDeclarations":[{"name":"read_file"}]}]}`))
	f.Add(uint8(3), []byte(`{"generationConfig":{"responseJsonSchema":{"type":"object","properties":{"a":{"enum":[]}}}}}`))
	f.Add(uint8(0), []byte(`{"messages":[{"content":[{"type":"tool_result"}]}],"tools":[{"name":"Bash"}]}`))
	paths := []string{"/v1/messages", "/v1/responses", "/v1beta/models/m:streamGenerateContent", "/v1beta/models/m:generateContent",
		"/v1/messages/count_tokens", "/v1beta/models/m:countTokens", "/nowhere"}
	steps := []Step{ToolStep("Bash", map[string]any{"command": "ls"}, Usage{}), TextStep("done", Usage{})}
	s := New(Script{Anthropic: steps, OpenAI: steps, Gemini: steps})
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		for i, p := range paths {
			if route != 0 && int(route)%len(paths) != i {
				continue
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest(http.MethodPost, p, bytes.NewReader(body)))
			if w.Code == 0 {
				t.Fatalf("%s: no status", p)
			}
		}
	})
}

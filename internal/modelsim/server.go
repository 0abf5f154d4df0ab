package modelsim

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Request kinds recorded in the log.
const (
	KindTurn    = "turn"    // a main-conversation request: answered from the script
	KindSide    = "side"    // a side call (no tools, a title, a router or check)
	KindCount   = "count"   // a token count
	KindModels  = "models"  // a model list
	KindProbe   = "probe"   // a connectivity check
	KindUnknown = "unknown" // a path the server does not know: 404, logged
)

// maxBody bounds one request body; the CLIs send their whole conversation
// (system prompt, tool schemas, history) in every request, well under this.
const maxBody = 32 << 20

// maxLog bounds the request log, so a client stuck in a loop cannot grow it
// without limit.
const maxLog = 10000

// Request is one request the server received, for assertions.
type Request struct {
	Method string
	Path   string // path and query, as sent
	Family Family
	Kind   string
	Model  string
	Stream bool
	// Step is the step index (tool results in the request) of a turn.
	Step  int
	Tools []string // tool names the request offered to the model
	// Answer says what the server sent: a tool name, "text", or a fault.
	Answer string
	Usage  Usage // usage reported in the answer
	// Note explains a surprise, such as a scripted tool the CLI did not offer.
	Note      string
	UserAgent string
	Digest    string // sha256 of the body, 12 hex digits
	Body      []byte
}

// Server is a scripted model server on loopback. Its zero value is not
// usable; call New.
type Server struct {
	script Script
	hs     *httptest.Server
	done   chan struct{} // closed by Close: releases stalled streams
	once   sync.Once

	mu     sync.Mutex
	log    []Request
	faults map[Family]int // faulted requests so far, per family
	seq    int
	stalls int
	stall  chan struct{} // closed at the first stalled stream
}

// New returns a server answering from script; call Start to serve it.
func New(script Script) *Server {
	if script.HangLimit <= 0 {
		script.HangLimit = time.Minute
	}
	if script.SideText == "" {
		script.SideText = "Review of the change"
	}
	return &Server{script: script, done: make(chan struct{}), faults: map[Family]int{}, stall: make(chan struct{})}
}

// Start serves on 127.0.0.1 at a free port.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("modelsim: listen: %w", err)
	}
	s.hs = &httptest.Server{Listener: ln, Config: &http.Server{Handler: s}}
	s.hs.Start()
	return nil
}

// URL is the server's base URL, http://127.0.0.1:PORT, without a path.
func (s *Server) URL() string { return s.hs.URL }

// Close releases stalled streams and stops the server, waiting for the
// requests in flight.
func (s *Server) Close() {
	s.once.Do(func() { close(s.done) })
	if s.hs != nil {
		s.hs.CloseClientConnections()
		s.hs.Close()
	}
}

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// ServeHTTP routes a request to its family's handler and logs it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		http.Error(w, "modelsim: read body: "+err.Error(), http.StatusRequestEntityTooLarge)
		return
	}
	sum := sha256.Sum256(body)
	rec := &Request{
		Method:    r.Method,
		Path:      r.URL.RequestURI(),
		UserAgent: r.UserAgent(),
		Digest:    hex.EncodeToString(sum[:6]),
		Body:      body,
	}
	// Log the request as its answer starts, so a client that has read the
	// answer finds its request in the log; stalled streams show too.
	var once sync.Once
	logIt := func() { once.Do(func() { s.record(rec) }) }
	defer logIt()
	w = &logWriter{ResponseWriter: w, log: logIt}

	p := r.URL.Path
	switch {
	case p == "/v1/messages" && r.Method == http.MethodPost:
		rec.Family = Anthropic
		s.anthropicMessages(w, r, body, rec)
	case p == "/v1/messages/count_tokens" && r.Method == http.MethodPost:
		rec.Family, rec.Kind = Anthropic, KindCount
		writeJSON(w, http.StatusOK, map[string]any{"input_tokens": countTokens(body)})
	case p == "/v1/responses" && r.Method == http.MethodPost:
		rec.Family = OpenAI
		s.openaiResponses(w, r, body, rec)
	case p == "/v1/models" && r.Method == http.MethodGet:
		rec.Family, rec.Kind = OpenAI, KindModels
		writeJSON(w, http.StatusOK, openaiModels())
	case p == "/api/hello":
		// Claude Code probes its base URL with HEAD /api/hello unless
		// nonessential traffic is disabled.
		rec.Family, rec.Kind = Anthropic, KindProbe
		writeJSON(w, http.StatusOK, map[string]any{})
	case strings.HasPrefix(p, "/v1beta/models/"):
		rec.Family = Gemini
		s.gemini(w, r, body, rec)
	default:
		rec.Kind = KindUnknown
		writeJSON(w, http.StatusNotFound, map[string]any{
			"error": map[string]any{"type": "not_found_error", "message": "modelsim: no route for " + r.Method + " " + p},
		})
	}
}

// logWriter calls log before the first byte of an answer goes out.
type logWriter struct {
	http.ResponseWriter
	log func()
}

func (w *logWriter) WriteHeader(code int) {
	w.log()
	w.ResponseWriter.WriteHeader(code)
}

func (w *logWriter) Write(b []byte) (int, error) {
	w.log()
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the flusher.
func (w *logWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) record(r *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.log) < maxLog {
		s.log = append(s.log, *r)
	}
}

// nextID returns a fresh id with the given prefix; ids only need to be
// unique within one server.
func (s *Server) nextID(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s_modelsim%04d", prefix, s.seq)
}

// fault returns the fault a turn of family f at step gets, counting it.
func (s *Server) fault(f Family, step int) Fault {
	ft, ok := s.script.Faults[f]
	if !ok || ft.Kind == NoFault || step != ft.AtStep {
		return Fault{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ft.Times > 0 && s.faults[f] >= ft.Times {
		return Fault{}
	}
	s.faults[f]++
	return ft
}

// step returns the scripted step at index i of family f, and a note when
// the script cannot be followed as written.
func (s *Server) step(f Family, i int, offered []string, body []byte) (Step, string) {
	steps := s.script.steps(f, body)
	if len(steps) == 0 {
		return TextStep("No issues found.", Usage{Input: 10, Output: 5}), "no script for " + string(f)
	}
	if i >= len(steps) {
		return steps[len(steps)-1], fmt.Sprintf("step %d past the script's end; repeating the last step", i)
	}
	st := steps[i]
	if st.Tool != "" && !contains(offered, st.Tool) {
		msg := fmt.Sprintf("modelsim: scripted tool %q is not offered; offered: %s", st.Tool, strings.Join(offered, ", "))
		return TextStep(msg, st.Usage), msg
	}
	return st, ""
}

// Stalled is closed when the first stream stalls (HangStream), so a test
// can time a client's reaction from that moment.
func (s *Server) Stalled() <-chan struct{} { return s.stall }

// Stalls returns how many streams have stalled so far.
func (s *Server) Stalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stalls
}

// hang stalls a started stream until the client goes away, the server
// closes or the hang limit passes.
func (s *Server) hang(r *http.Request) {
	s.mu.Lock()
	s.stalls++
	if s.stalls == 1 {
		close(s.stall)
	}
	s.mu.Unlock()
	t := time.NewTimer(s.script.HangLimit)
	defer t.Stop()
	select {
	case <-r.Context().Done():
	case <-s.done:
	case <-t.C:
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// countTokens estimates tokens as bytes/4, the usual rule of thumb; the
// CLIs only use it to decide about compaction.
func countTokens(body []byte) int { return len(body)/4 + 1 }

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// retryAfter formats a Retry-After header value in whole seconds, rounded up.
func retryAfter(d time.Duration) string {
	return fmt.Sprint(int((d + time.Second - 1) / time.Second))
}

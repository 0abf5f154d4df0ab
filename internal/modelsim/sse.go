package modelsim

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// sse writes server-sent events, flushing each one so the client sees the
// stream as it is produced (a stalled stream must look started).
type sse struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

func startSSE(w http.ResponseWriter) *sse {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	return &sse{w: w, rc: http.NewResponseController(w)}
}

// event writes one event; an empty name writes a data-only event (Gemini).
func (s *sse) event(name string, data any) {
	b, err := json.Marshal(data)
	if err != nil {
		panic("modelsim: marshal event: " + err.Error()) // data is built here, never user input
	}
	if name != "" {
		fmt.Fprintf(s.w, "event: %s\n", name)
	}
	fmt.Fprintf(s.w, "data: %s\n\n", b)
	_ = s.rc.Flush()
}

// cut drops the connection without finishing the response.
func (s *sse) cut() {
	_ = s.rc.Flush()
	panic(http.ErrAbortHandler)
}

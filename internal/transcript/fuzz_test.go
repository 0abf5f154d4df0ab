package transcript

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzDecodeClaude(f *testing.F) { fuzzDecode(f, "claude") }
func FuzzDecodeCodex(f *testing.F)  { fuzzDecode(f, "codex") }
func FuzzDecodeGemini(f *testing.F) { fuzzDecode(f, "gemini") }

// fuzzDecode seeds with the agent's fixtures and synthetic cases and checks
// that neither Decode nor the line decoder panics and that the figures hold
// together.
func fuzzDecode(f *testing.F, agent string) {
	files, err := filepath.Glob(filepath.Join("testdata", agent+"-*.json*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, tt := range syntheticTests {
		if tt.agent == agent {
			f.Add([]byte(tt.in))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(agent, bytes.NewReader(data))
		if err != nil {
			t.Fatalf("Decode: %v", err)
		}
		checkConsistent(t, agent, m)
		d, _ := NewDecoder(agent)
		for line := range bytes.Lines(data) {
			d.Line(bytes.TrimRight(line, "\r\n"))
		}
		checkConsistent(t, agent, d.Metrics())
	})
}

func checkConsistent(t *testing.T, agent string, m Metrics) {
	t.Helper()
	if m.Agent != agent {
		t.Fatalf("Agent = %q, want %q", m.Agent, agent)
	}
	if m.ToolCalls.ByTool == nil {
		t.Fatal("ByTool is nil")
	}
	sum := 0
	for _, n := range m.ToolCalls.ByTool {
		sum += n
	}
	if sum != m.ToolCalls.Total {
		t.Fatalf("tool calls total %d, by tool %v", m.ToolCalls.Total, m.ToolCalls.ByTool)
	}
	if m.Error != "" && strings.TrimSpace(m.Error) == "" {
		t.Fatalf("blank error %q", m.Error)
	}
}

// FuzzElide checks that dropping long string values keeps valid JSON valid.
func FuzzElide(f *testing.F) {
	long := strings.Repeat(`ab\"c\\`, 200)
	f.Add([]byte(`{"type":"item.completed","item":{"id":"i","aggregated_output":"` + long + `","status":"completed"}}`))
	f.Add([]byte(`{"content":"` + long + `\\","x":{"content":"short"},"y":"\"content\":\"` + long + `"}`))
	keys := [][]byte{[]byte(`"content":"`), []byte(`"aggregated_output":"`)}
	f.Fuzz(func(t *testing.T, line []byte) {
		out := elide(nil, line, keys)
		if json.Valid(line) && !json.Valid(out) {
			t.Fatalf("elide made invalid JSON:\nin  %s\nout %s", line, out)
		}
		if len(out) > len(line) {
			t.Fatalf("elide grew the line")
		}
	})
}

package transcript

// PLACEHOLDER so internal/agent compiles on its branch; the real decoders
// replace this file at merge. It understands only the two claude
// stream-json lines the runner's tests produce: tool_use blocks and result.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// Decoder takes a transcript line by line.
type Decoder interface {
	Line(b []byte)
	Metrics() Metrics
	LastTool() string
}

// NewDecoder returns the decoder for agent "claude", "codex" or "gemini".
func NewDecoder(agent string) (Decoder, error) {
	switch agent {
	case "claude", "codex", "gemini":
		return &stub{m: Metrics{Agent: agent}}, nil
	}
	return nil, fmt.Errorf("no transcript decoder for agent %q", agent)
}

// Decode reads a whole transcript.
func Decode(agent string, r io.Reader) (Metrics, error) {
	d, err := NewDecoder(agent)
	if err != nil {
		return Metrics{}, err
	}
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		d.Line(line)
		if err == io.EOF {
			return d.Metrics(), nil
		} else if err != nil {
			return d.Metrics(), err
		}
	}
}

type stub struct {
	m    Metrics
	last string
}

func (s *stub) Line(b []byte) {
	var v struct {
		Type    string `json:"type"`
		Result  string `json:"result"`
		IsError bool   `json:"is_error"`
		Message struct {
			Content []struct{ Type, Name string } `json:"content"`
		} `json:"message"`
	}
	if json.Unmarshal(b, &v) != nil {
		return
	}
	for _, c := range v.Message.Content {
		if c.Type == "tool_use" {
			if s.m.ToolCalls.ByTool == nil {
				s.m.ToolCalls.ByTool = map[string]int{}
			}
			s.m.ToolCalls.Total++
			s.m.ToolCalls.ByTool[c.Name]++
			s.last = c.Name
		}
	}
	if v.Type == "result" {
		s.m.FinalText = v.Result
		if v.IsError {
			s.m.Error = v.Result
		}
	}
}

func (s *stub) Metrics() Metrics { return s.m }
func (s *stub) LastTool() string { return s.last }

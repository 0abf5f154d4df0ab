package transcript

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// flood feeds d n lines made by line(i), then returns its Metrics after
// asking for them after every line, as the runner does.
func flood(d Decoder, n int, line func(i int) string) Metrics {
	for i := range n {
		d.Line([]byte(line(i)))
		_ = d.Calls()
	}
	return d.Metrics()
}

// TestLimits feeds each decoder far more text, tool call ids and tool
// names than its bounds, and checks that the final text is cut (and says
// so) and the counts stay bounded.
func TestLimits(t *testing.T) {
	const max = 64 << 10
	chunk := strings.Repeat("é", 500) // 1000 bytes, two per character
	tests := []struct {
		agent string
		line  func(i int) string
		n     int
	}{
		// One claude message streamed as many lines with the same id.
		{"claude", func(i int) string {
			return fmt.Sprintf(`{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"%s"},{"type":"tool_use","id":"t%d","name":"tool%d"}]},"parent_tool_use_id":null}`, chunk, i, i)
		}, 2000},
		{"gemini", func(i int) string {
			if i%2 == 1 {
				return fmt.Sprintf(`{"type":"tool_use","tool_name":"tool%d","tool_id":"t%d"}`, i, i)
			}
			return fmt.Sprintf(`{"type":"message","role":"assistant","content":"%s","delta":true}`, chunk)
		}, 4000},
		// codex's text is one message: the line bounds it, FinalText is cut.
		{"codex", func(i int) string {
			if i == 0 {
				return fmt.Sprintf(`{"type":"item.completed","item":{"id":"a","type":"agent_message","text":"%s"}}`, strings.Repeat(chunk, 100))
			}
			return fmt.Sprintf(`{"type":"item.completed","item":{"id":"c%d","type":"mcp_tool_call","server":"s","tool":"tool%d"}}`, i, i)
		}, 2000},
	}
	for _, tt := range tests {
		t.Run(tt.agent, func(t *testing.T) {
			d, err := NewLimitedDecoder(tt.agent, max)
			if err != nil {
				t.Fatal(err)
			}
			m := flood(d, tt.n, tt.line)
			if len(m.FinalText) > max || len(m.FinalText) < max-utf8.UTFMax || !utf8.ValidString(m.FinalText) {
				t.Errorf("final text %d bytes (valid UTF-8: %v), want about %d", len(m.FinalText), utf8.ValidString(m.FinalText), max)
			}
			if want := fmt.Sprintf("final text truncated at %d bytes", max); len(m.Truncated) != 1 || m.Truncated[0] != want {
				t.Errorf("Truncated = %q, want [%q]", m.Truncated, want)
			}
			if n := len(m.ToolCalls.ByTool); n > maxToolNames+1 || m.ToolCalls.ByTool[otherTool] == 0 {
				t.Errorf("%d tool names (%d other), want at most %d and the rest as %s", n, m.ToolCalls.ByTool[otherTool], maxToolNames+1, otherTool)
			}
			if m.ToolCalls.Total != d.Calls() {
				t.Errorf("Calls() = %d, Metrics total %d", d.Calls(), m.ToolCalls.Total)
			}
		})
	}
}

func TestSeenIDsBounded(t *testing.T) {
	c := newCounter()
	for i := range maxSeenIDs + 1000 {
		c.add(fmt.Sprint(i), "Read")
	}
	c.add("0", "Read") // still remembered: counted once
	if len(c.seen) != maxSeenIDs || c.total != maxSeenIDs+1000 {
		t.Errorf("%d ids remembered, %d calls; want %d and %d", len(c.seen), c.total, maxSeenIDs, maxSeenIDs+1000)
	}
}

// TestFlatMemory feeds a claude decoder 100 MB of one streamed message
// and checks that the heap stays at the size of the text it may keep,
// not of what it was fed; without the bound it grows with the input.
func TestFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("feeds 100 MB")
	}
	const max, fed = 2 << 20, 100 << 20
	line := []byte(`{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"` + strings.Repeat("a", 64<<10) + `"}]},"parent_tool_use_id":null}`)
	for _, tt := range []struct {
		name  string
		limit int
		flat  bool
	}{{"unbounded", 1 << 40, false}, {"bounded", max, true}} {
		t.Run(tt.name, func(t *testing.T) {
			d, _ := NewLimitedDecoder("claude", tt.limit)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for range fed / len(line) {
				d.Line(line)
				_ = d.Metrics() // what the runner did after every line
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
			if flat := grown <= 4*max; flat != tt.flat {
				t.Errorf("heap grew by %d bytes after %d fed: flat %v, want %v", grown, fed, flat, tt.flat)
			}
			runtime.KeepAlive(d)
		})
	}
}

func TestCutText(t *testing.T) {
	for _, tt := range []struct {
		s    string
		n    int
		want string
	}{{"abc", 5, "abc"}, {"abc", 2, "ab"}, {"aé", 2, "a"}, {"é", 0, ""}, {"€x", 3, "€"}, {"€x", 2, ""}} {
		if got := cutText(tt.s, tt.n); got != tt.want {
			t.Errorf("cutText(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// TestDecodeLongLine: Decode reads past a line over MaxLine without
// keeping it whole, and still finds the result after it.
func TestDecodeLongLine(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 400 MB")
	}
	long := func() io.Reader { return io.LimitReader(repeat('a'), 3*MaxLine) }
	in := io.MultiReader(strings.NewReader(claudeInit+"\n"), long(),
		strings.NewReader("\n"+claudeFinal+"\n"+claudeOK+"\n"))
	m, err := Decode("claude", in)
	if err != nil || m.FinalText != "## Review\nNo defects." || m.Error != "" {
		t.Errorf("Decode = %+v, %v", m, err)
	}
	lr := lineReader{r: newBufReader(io.MultiReader(long(), strings.NewReader("\nnext\n")))}
	line, err := lr.next()
	if len(line) != 0 || err != nil || cap(lr.long) > 2*MaxLine {
		t.Errorf("long line: %d bytes kept, buffer %d, %v", len(line), cap(lr.long), err)
	}
	if line, _ := lr.next(); string(line) != "next" {
		t.Errorf("the line after it: %q", line)
	}
}

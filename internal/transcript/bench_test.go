package transcript

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// synth is an io.Reader that writes a realistic claude stream-json
// transcript of about size bytes on the fly: per turn an assistant text
// block, a Bash tool_use and a tool_result of a few KB; every 20th turn a
// Write of 20 KB; every 50th turn a 100 KB tool result; then the result.
// With sampleHeap it records, every 4 MB read, the heap in use and the
// heap live after a collection (what the decoder holds on to).
type synth struct {
	size, written int64
	turn          int
	pending       []byte
	done          bool
	sampleHeap    bool
	nextSample    int64
	peakHeap      uint64
	peakLive      uint64
	outputs       [][]byte
}

func newSynth(size int64, sampleHeap bool) *synth {
	s := &synth{size: size, sampleHeap: sampleHeap}
	for _, n := range []int{2 << 10, 3 << 10, 5 << 10, 8 << 10, 100 << 10} {
		s.outputs = append(s.outputs, toolOutput(n))
	}
	return s
}

// toolOutput is n bytes of shell-like output: lines with tabs and quotes,
// so the JSON carries escapes as real transcripts do.
func toolOutput(n int) []byte {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "src/pkg/file_%d.go:%d:\tfunc \"handler%d\"(w http.ResponseWriter) error {\n", i%97, i, i)
	}
	return []byte(b.String()[:n])
}

func (s *synth) Read(p []byte) (int, error) {
	for len(s.pending) == 0 {
		if s.done {
			return 0, io.EOF
		}
		s.pending = s.nextTurn()
	}
	n := copy(p, s.pending)
	s.pending = s.pending[n:]
	s.written += int64(n)
	if s.sampleHeap && s.written >= s.nextSample {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		s.peakHeap = max(s.peakHeap, ms.HeapInuse)
		runtime.GC()
		runtime.ReadMemStats(&ms)
		s.peakLive = max(s.peakLive, ms.HeapInuse)
		s.nextSample = s.written + 4<<20
	}
	return n, nil
}

func (s *synth) nextTurn() []byte {
	if s.written >= s.size {
		s.done = true
		return []byte(claudeOK + "\n")
	}
	s.turn++
	t := s.turn
	var buf bytes.Buffer
	msg := fmt.Sprintf("msg_%06d", t)
	fmt.Fprintf(&buf, `{"type":"assistant","message":{"model":"claude-sonnet-4-5","id":%q,"type":"message","role":"assistant","content":[{"type":"text","text":"Now let me check the handler in file %d and see how errors are wrapped."}],"stop_reason":null,"usage":{"input_tokens":3,"cache_creation_input_tokens":120,"cache_read_input_tokens":22107,"output_tokens":1}},"parent_tool_use_id":null,"session_id":"66403671-01aa-4363-a2ad-a0e73a0bd494","uuid":"957a0f31-14ec-4198-b701-c2c9e6cecad9"}`+"\n", msg, t)
	tool, input := "Bash", fmt.Sprintf(`{"command":"rg -n 'handler%d' src/","description":"Find the handler"}`, t)
	if t%20 == 0 {
		content, _ := json.Marshal(string(s.outputs[3]) + string(s.outputs[3]) + string(s.outputs[2]))
		tool, input = "Write", `{"file_path":"/tmp/x.go","content":`+string(content)+`}`
	}
	fmt.Fprintf(&buf, `{"type":"assistant","message":{"model":"claude-sonnet-4-5","id":%q,"type":"message","role":"assistant","content":[{"type":"tool_use","id":"toolu_%06d","name":%q,"input":%s}],"stop_reason":null,"usage":{"input_tokens":3,"output_tokens":1}},"parent_tool_use_id":null,"session_id":"66403671-01aa-4363-a2ad-a0e73a0bd494","uuid":"4271637d-1f5e-4b9a-9e66-223558028118"}`+"\n", msg, t, tool, input)
	out := s.outputs[t%4]
	if t%50 == 0 {
		out = s.outputs[4]
	}
	content, _ := json.Marshal(string(out))
	fmt.Fprintf(&buf, `{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_%06d","type":"tool_result","content":%s,"is_error":false}]},"parent_tool_use_id":null,"session_id":"66403671-01aa-4363-a2ad-a0e73a0bd494","uuid":"c3d8d910-c195-47c7-9a5f-2dcff75faddd","tool_use_result":{"stdout":%s,"stderr":"","interrupted":false,"isImage":false}}`+"\n", t, content, content)
	return buf.Bytes()
}

// BenchmarkDecodeClaude measures throughput on a 50 MB transcript held in
// memory, so only decoding is timed.
func BenchmarkDecodeClaude(b *testing.B) {
	data, err := io.ReadAll(newSynth(50<<20, false))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := Decode("claude", bytes.NewReader(data))
		if err != nil || m.Error != "" || m.ToolCalls.Total == 0 {
			b.Fatalf("decode: %v %+v", err, m)
		}
	}
}

// BenchmarkDecodeMemory decodes transcripts of 5 and 50 MB generated while
// being read and reports the heap in use above the starting point, at its
// peak and after collections: neither may grow with the transcript. (The
// collections make its MB/s meaningless; see BenchmarkDecodeClaude.)
func BenchmarkDecodeMemory(b *testing.B) {
	for _, size := range []int64{5 << 20, 50 << 20} {
		b.Run(fmt.Sprintf("%dMB", size>>20), func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			var peak, live uint64
			for b.Loop() {
				runtime.GC()
				var base runtime.MemStats
				runtime.ReadMemStats(&base)
				s := newSynth(size, true)
				if _, err := Decode("claude", s); err != nil {
					b.Fatal(err)
				}
				peak = max(peak, s.peakHeap-min(s.peakHeap, base.HeapInuse))
				live = max(live, s.peakLive-min(s.peakLive, base.HeapInuse))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(live)/(1<<20), "live-heap-MB")
		})
	}
}

// BenchmarkDecodeCodex measures codex lines, whose command outputs are
// decoded (not skipped) since the item id and type share their object.
func BenchmarkDecodeCodex(b *testing.B) {
	var buf bytes.Buffer
	out, _ := json.Marshal(string(toolOutput(4 << 10)))
	for i := 0; buf.Len() < 20<<20; i++ {
		fmt.Fprintf(&buf, `{"type":"item.started","item":{"id":"item_%d","type":"command_execution","command":"bash -lc 'rg -n x'","aggregated_output":"","exit_code":null,"status":"in_progress"}}`+"\n", i)
		fmt.Fprintf(&buf, `{"type":"item.completed","item":{"id":"item_%d","type":"command_execution","command":"bash -lc 'rg -n x'","aggregated_output":%s,"exit_code":0,"status":"completed"}}`+"\n", i, out)
	}
	buf.WriteString(`{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":5,"output_tokens":3}}` + "\n")
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode("codex", bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

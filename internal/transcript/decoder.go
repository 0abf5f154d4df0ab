package transcript

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
)

// Decoder turns the stdout of one agent run into Metrics, one line at a
// time, so a runner can show progress while the agent works.
type Decoder interface {
	// Line takes one line of stdout without its newline. It does not
	// retain b. Lines that are not JSON objects, and unknown event types
	// and fields, are skipped.
	Line(b []byte)
	// Metrics returns the figures so far. Until the run's terminal event
	// has arrived, Error says that it is missing.
	Metrics() Metrics
	// LastTool is the name of the most recent tool call, "" if none.
	LastTool() string
	// Calls is the number of tool calls so far: Metrics().ToolCalls.Total
	// without building the Metrics, for a caller that asks after every line.
	Calls() int
}

// Agents returns the agent kinds NewDecoder knows.
func Agents() []string { return []string{"claude", "codex", "gemini"} }

// NewDecoder returns a decoder for agent: "claude", "codex" or "gemini",
// keeping at most DefaultMaxText bytes of final text.
func NewDecoder(agent string) (Decoder, error) { return NewLimitedDecoder(agent, DefaultMaxText) }

// NewLimitedDecoder returns a decoder for agent that keeps at most
// maxText bytes of final text (<= 0: DefaultMaxText); past it, Metrics
// says so in Truncated. Whatever it is fed, its memory stays bounded by
// that, the longest line and the bounds on tool-call counts.
func NewLimitedDecoder(agent string, maxText int) (Decoder, error) {
	maxText = textLimit(maxText)
	switch agent {
	case "claude":
		return newClaude(maxText), nil
	case "codex":
		return newCodex(maxText), nil
	case "gemini":
		return newGemini(maxText), nil
	}
	return nil, fmt.Errorf("unknown agent %q (want claude, codex or gemini)", agent)
}

// Decode reads a whole transcript of agent from r. Besides JSON lines it
// takes a whole pretty-printed JSON document (gemini -o json, claude -o json
// with --verbose, which is an array of events). Only a read error is
// returned as an error; a transcript that reports a failure, or none at
// all, gives Metrics with Error set.
func Decode(agent string, r io.Reader) (Metrics, error) {
	d, err := NewDecoder(agent)
	if err != nil {
		return Metrics{}, err
	}
	br := newBufReader(r)
	lr := lineReader{r: br}
	first := true
	for {
		line, err := lr.next()
		if err != nil && !errors.Is(err, io.EOF) {
			return d.Metrics(), fmt.Errorf("read %s transcript: %w", agent, err)
		}
		trimmed := bytes.TrimSpace(line)
		if first && len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
			first = false // notices before the JSON do not count
			if isDocumentStart(trimmed) {
				rest := io.MultiReader(bytes.NewReader(append(line, '\n')), br)
				err := decodeDocument(d, rest)
				return d.Metrics(), err
			}
		}
		feed(d, trimmed)
		if err != nil {
			return d.Metrics(), nil
		}
	}
}

// isDocumentStart reports whether a transcript's first line opens a
// pretty-printed JSON document rather than a JSON line.
func isDocumentStart(line []byte) bool {
	return bytes.Equal(line, []byte("{")) || bytes.Equal(line, []byte("["))
}

// feed passes one line to d; a line holding a JSON array (claude -o json
// --verbose prints all events as one array) is fed element by element.
func feed(d Decoder, line []byte) {
	if len(line) == 0 || line[0] != '[' {
		d.Line(line)
		return
	}
	var elems []json.RawMessage
	if json.Unmarshal(line, &elems) != nil {
		return
	}
	for _, e := range elems {
		d.Line(e)
	}
}

// decodeDocument feeds each top-level JSON value of r to d, compacted to a
// line; arrays are fed element by element. It stops quietly at the first
// syntax error: what was decoded so far still counts.
func decodeDocument(d Decoder, r io.Reader) error {
	dec := json.NewDecoder(r)
	var buf bytes.Buffer
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return nil
		}
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read transcript: %w", err)
		}
		buf.Reset()
		if json.Compact(&buf, raw) != nil {
			continue
		}
		feed(d, buf.Bytes())
	}
}

func newBufReader(r io.Reader) *bufio.Reader { return bufio.NewReaderSize(r, 64<<10) }

// lineReader splits a stream into lines, reusing one buffer for lines
// longer than the bufio.Reader's, so memory stays at the size of the
// longest line; a line over MaxLine is read and given as empty.
type lineReader struct {
	r    *bufio.Reader
	long []byte
	skip bool // inside a line over MaxLine
}

// MaxLine is the longest transcript line Decode reads: the ones that
// matter (a result event holding the review) are far shorter, and a
// stored transcript's line must not cost its size in memory.
const MaxLine = 64 << 20

// maxKept is the largest line buffer kept between lines; a larger one is
// dropped after use so one huge line does not pin its memory.
const maxKept = 4 << 20

// next returns the next line without its line ending; io.EOF comes with the
// last (possibly empty) line. The line is valid until the next call.
func (lr *lineReader) next() ([]byte, error) {
	if cap(lr.long) > maxKept {
		lr.long = nil
	}
	lr.long, lr.skip = lr.long[:0], false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if lr.skip = lr.skip || len(lr.long)+len(chunk) > MaxLine; lr.skip {
				lr.long = lr.long[:0]
			} else {
				lr.long = append(lr.long, chunk...)
			}
			continue
		}
		if lr.skip {
			return nil, err
		}
		line := chunk
		if len(lr.long) > 0 {
			lr.long = append(lr.long, chunk...)
			line = lr.long
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		return line, err
	}
}

// object returns the JSON object a line holds, skipping leading noise up to
// the first '{' (some CLIs print notices on stdout); ok is false when the
// line holds no '{'.
func object(b []byte) ([]byte, bool) {
	i := bytes.IndexByte(b, '{')
	if i < 0 {
		return nil, false
	}
	return bytes.TrimSpace(b[i:]), true
}

// peekType returns the top-level "type" of a JSON object line. Lines that
// start with {"type":"…" (all three CLIs write them so) are read without a
// JSON decoder, so large lines of types nobody needs cost almost nothing;
// other lines are decoded. ok is false for a line that is not a JSON object.
func peekType(b []byte) (string, bool) {
	const prefix = `{"type":"`
	if bytes.HasPrefix(b, []byte(prefix)) {
		rest := b[len(prefix):]
		end := bytes.IndexByte(rest, '"')
		if end >= 0 && bytes.IndexByte(rest[:end], '\\') < 0 {
			return string(rest[:end]), true
		}
	}
	var v struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(b, &v) != nil {
		return "", false
	}
	return v.Type, true
}

// counter counts tool calls by name, each call id once (within bounds:
// see maxSeenIDs and maxToolNames).
type counter struct {
	seen   map[string]struct{}
	byTool map[string]int
	total  int
	last   string
}

func newCounter() counter {
	return counter{seen: map[string]struct{}{}, byTool: map[string]int{}}
}

// add counts a call of tool with id; an empty id is always counted.
func (c *counter) add(id, tool string) {
	if id != "" {
		if _, dup := c.seen[id]; dup {
			return
		}
		if len(c.seen) < maxSeenIDs {
			c.seen[id] = struct{}{}
		}
	}
	if _, known := c.byTool[tool]; !known && len(c.byTool) >= maxToolNames {
		tool = otherTool
	}
	c.byTool[tool]++
	c.total++
	c.last = tool
}

func (c *counter) calls() ToolCalls {
	return ToolCalls{Total: c.total, ByTool: maps.Clone(c.byTool)}
}

// minElided is the shortest string value elide drops; shorter ones are
// cheaper to decode than to cut out.
const minElided = 512

// elide appends line to dst[:0] with the long string values of the given
// keys emptied, so the JSON decoder need not scan tool outputs and file
// contents nobody reads. A key pattern such as `"aggregated_output":"` can
// only match structurally: inside a JSON string every quote is escaped.
func elide(dst, line []byte, keys [][]byte) []byte {
	if cap(dst) > maxKept {
		dst = nil
	}
	dst = dst[:0]
	// next[k] is where keys[k] next occurs in line (-1: nowhere), kept
	// across cuts so each key is searched for once per occurrence.
	var buf [4]int
	next := buf[:0]
	for _, k := range keys {
		next = append(next, bytes.Index(line, k))
	}
	for {
		first := -1
		for k, i := range next {
			if i >= 0 && (first < 0 || i < next[first]) {
				first = k
			}
		}
		if first < 0 {
			return append(dst, line...)
		}
		start := next[first] + len(keys[first])
		end := stringEnd(line, start)
		if end < 0 {
			return append(dst, line...) // unterminated: leave it to the decoder
		}
		if end-start < minElided {
			dst = append(dst, line[:end]...)
		} else {
			dst = append(dst, line[:start]...)
		}
		line = line[end:]
		for k, i := range next {
			switch {
			case i < 0:
			case i >= end:
				next[k] = i - end
			default:
				next[k] = bytes.Index(line, keys[k])
			}
		}
	}
}

// stringEnd returns the index of the quote closing the JSON string whose
// contents start at i, or -1.
func stringEnd(b []byte, i int) int {
	for j := i; j < len(b); {
		q := bytes.IndexByte(b[j:], '"')
		if q < 0 {
			return -1
		}
		q += j
		n := 0
		for k := q - 1; k >= i && b[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return q
		}
		j = q + 1
	}
	return -1
}

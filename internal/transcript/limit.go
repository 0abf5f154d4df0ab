package transcript

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// DefaultMaxText is the most final text a decoder keeps, unless told
// otherwise (NewLimitedDecoder): a real review is tens of kilobytes.
const DefaultMaxText = 2 << 20

// Bounds on the tool-call counts, which grow with what an agent prints:
// a call id is remembered (to count it once) only while fewer than
// maxSeenIDs are, and tool names beyond maxToolNames count as otherTool.
const (
	maxSeenIDs   = 1 << 16
	maxToolNames = 100
	otherTool    = "(other)"
)

// textBuf accumulates text up to max bytes, cut at a character boundary;
// cut says something was left out. Appends are amortised and String does
// not copy, so a decoder asked for its Metrics after every line stays
// linear in what the agent prints.
type textBuf struct {
	b   strings.Builder
	max int
	cut bool
}

func (t *textBuf) add(s string) {
	room := t.max - t.b.Len()
	if len(s) > room {
		s, t.cut = cutText(s, room), true
	}
	t.b.WriteString(s)
}

func (t *textBuf) reset() {
	t.b.Reset()
	t.cut = false
}

func (t *textBuf) String() string { return t.b.String() }

func (t *textBuf) Len() int { return t.b.Len() }

// cutText returns the longest prefix of s of at most n bytes that does
// not end inside a UTF-8 character.
func cutText(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	for i := n; i >= 0 && i > n-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i]
		}
	}
	return s[:n]
}

// limitText keeps FinalText to max bytes and records in Truncated that
// it was cut, either here or (cut) while it was accumulated.
func (m *Metrics) limitText(max int, cut bool) {
	if len(m.FinalText) > max {
		m.FinalText, cut = cutText(m.FinalText, max), true
	}
	if cut {
		m.Truncated = append(m.Truncated, fmt.Sprintf("final text truncated at %d bytes", max))
	}
}

func textLimit(n int) int {
	if n <= 0 {
		return DefaultMaxText
	}
	return n
}

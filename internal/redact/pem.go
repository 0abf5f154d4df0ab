package redact

import (
	"regexp"
	"strings"
)

var (
	pemBegin = regexp.MustCompile(`-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----`)
	pemEnd   = regexp.MustCompile(`-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----`)
)

// maxKey bounds a private-key block: an RSA 16384-bit key is about 13 KB
// of PEM; an END further away than this does not close the block.
const maxKey = 64 << 10

// keyState carries a private-key block that a line or a chunk left open
// into the next one.
type keyState struct {
	open bool
	seen int // bytes of the open block so far
}

const keyMark = "[REDACTED:private-key]"

// redactKeys replaces private-key blocks in s, continuing one that st
// says is open, and leaves st open when s ends inside one.
func redactKeys(s string, st *keyState) (string, int) {
	if !st.open && !strings.Contains(s, "PRIVATE KEY") {
		return s, 0
	}
	var b strings.Builder
	n, pos := 0, 0
	if st.open {
		pos = st.continueKey(s)
	}
	for {
		loc := pemBegin.FindStringIndex(s[pos:])
		if loc == nil {
			break
		}
		start := pos + loc[0]
		b.WriteString(s[pos:start])
		b.WriteString(keyMark)
		n++
		st.open, st.seen = true, 0
		pos = start + max(st.continueKey(s[start:]), loc[1]-loc[0])
	}
	if pos == 0 {
		return s, 0
	}
	b.WriteString(s[pos:])
	return b.String(), n
}

// continueKey returns how much of s belongs to the open block: up to and
// including its END marker when no other BEGIN comes first, else the run
// of key body at the start of s. It closes st at the END, at text that
// is not key body, or past maxKey.
func (st *keyState) continueKey(s string) int {
	limit := min(len(s), maxKey-st.seen)
	skip := 0
	if loc := pemBegin.FindStringIndex(s[:limit]); loc != nil && loc[0] == 0 {
		skip = loc[1]
	}
	if end := pemEnd.FindStringIndex(s[skip:limit]); end != nil && !pemBegin.MatchString(s[skip:skip+end[1]]) {
		st.open = false
		return skip + end[1]
	}
	i := bodyRun(s[:limit])
	st.seen += i
	if i < len(s) || st.seen >= maxKey {
		st.open = false
	}
	return i
}

// bodyRun is the length of the key body at the start of s: base64, the
// BEGIN line itself, line breaks (real or JSON-escaped) with the
// indentation after them, and the Proc-Type and DEK-Info headers of an
// encrypted PEM.
//
// When the run stops inside a word ("…\nghp_…": text after a key cut
// short), the word's start is given back, so that a token there is still
// found whole.
func bodyRun(s string) int {
	i, line := 0, 0
	if loc := pemBegin.FindStringIndex(s); loc != nil && loc[0] == 0 {
		i, line = loc[1], loc[1]
	}
	for i < len(s) {
		c := s[i]
		switch {
		case isBase64(c):
			i++
		case c == '\n' || c == '\r':
			i = skipIndent(s, i+1)
			line = i
		case c == '\\':
			j := i
			for j < len(s) && s[j] == '\\' {
				j++
			}
			if j == len(s) || (s[j] != 'n' && s[j] != 'r') {
				return i
			}
			i = skipIndent(s, j+1)
			line = i
		case strings.HasPrefix(s[i:], "Proc-Type:") || strings.HasPrefix(s[i:], "DEK-Info:"):
			for i < len(s) && s[i] != '\n' && s[i] != '\\' {
				i++
			}
		case isWord(c) || c == '-':
			return line
		default:
			return i
		}
	}
	return i
}

func skipIndent(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func isBase64(c byte) bool {
	return c == '+' || c == '/' || c == '=' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

package safetext

import (
	"strings"
	"unicode/utf8"
)

// Clean returns s without terminal escape sequences (removed whole, as
// Terminal says), as valid UTF-8 (each invalid byte becomes U+FFFD) with
// CRLF and lone CR turned into LF, and without the C0 controls other
// than tab and newline, DEL, the C1 controls, and the bidirectional
// embedding, override and isolate characters (U+202A–U+202E,
// U+2066–U+2069), which reorder how text is displayed.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	if strings.IndexByte(s, 0x1b) >= 0 {
		s = stripEscapes(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				size++
			}
		case dropped(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isClean is the fast path: printable ASCII, tab and newline only, or
// valid UTF-8 with nothing Clean would change.
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return utf8.ValidString(s[i:]) && !strings.ContainsFunc(s[i:], func(r rune) bool { return r == '\r' || dropped(r) })
		}
		if (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f {
			return false
		}
	}
	return true
}

// dropped reports whether Clean removes r.
func dropped(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t' && r != '\n'
	case r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// zwsp is the zero-width space that breaks mentions and comment openers.
const zwsp = "\u200b"

// noComment breaks every "<!--" so that no HTML comment, and so no
// comment marker, can be opened; the text looks the same.
func noComment(s string) string {
	if !strings.Contains(s, "<!--") {
		return s
	}
	return strings.ReplaceAll(s, "<!--", "<!"+zwsp+"--")
}

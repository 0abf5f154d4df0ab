package safetext

import "strings"

// Terminal returns s safe to print on a terminal. It is Clean, named for
// the call sites that print: escape sequences are removed whole — CSI
// (ESC [ … final byte: cursor moves, colours, clearing), OSC (ESC ] …
// BEL or ST: titles, hyperlinks, and OSC 52, which writes the
// clipboard), DCS, SOS, PM and APC (ESC P, X, ^, _ … ST) and two-byte
// ESC sequences; a string sequence never terminated is removed up to the
// end of its line. Then the controls are dropped, with the 8-bit C1
// forms of the same introducers.
func Terminal(s string) string { return Clean(s) }

// stripEscapes removes the escape sequences that Terminal describes.
func stripEscapes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] != 0x1b {
			j := strings.IndexByte(s[i:], 0x1b)
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j
			continue
		}
		i = skipEscape(s, i)
	}
	return b.String()
}

// skipEscape returns the index after the escape sequence at s[i] (ESC).
func skipEscape(s string, i int) int {
	i++
	if i >= len(s) {
		return i
	}
	switch c := s[i]; c {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	default:
		if c >= 0x20 && c <= 0x2f { // intermediate bytes, then a final byte
			for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
				i++
			}
		}
		if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
			i++
		}
		return i
	}
}

// skipCSI skips parameter and intermediate bytes and the final byte.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString skips an OSC/DCS/… payload up to BEL or ST (ESC \), or up
// to the end of the line when it is not terminated.
func skipString(s string, i int) int {
	for ; i < len(s); i++ {
		switch s[i] {
		case 0x07:
			return i + 1
		case 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		case '\n':
			return i
		}
	}
	return i
}
